"""The certificates' clock: expire what passed its last listed day, and send the re-evaluation window
notices (when it opens, and CLOSING_NOTICE_DAYS before it closes) to the producer and the commune.

Run hourly by jobs/scheduler.py (`certificates:sweep`) and directly by tests; what is due is decided
by the injected clock. Each certificate's change is claimed with a conditional UPDATE on its state or
its last notice, so concurrent sweeps expire it once and send each notice to each person once.
E-mails go out after the commit, with the deadline notifications (services/deadlines/mail.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from ...config import MailSettings
from ...domain.certificates import (
    EXPIRED,
    LISTED_STATES,
    NOTICE_CLOSING,
    VALID,
    WINDOW_CLOSES_DAYS_BEFORE,
    WINDOW_OPENS_DAYS_BEFORE,
    notice_due,
    reevaluation_window,
)
from ...domain.clock import VN_TZ
from ...domain.roles import COMMUNE_OFFICER
from ...persistence.certificate_models import Certificate, CertificateEvent
from ...persistence.deadline_models import Notification
from ...persistence.models import RoleAssignment, User
from ..audit.trail import audit
from ..context import ServiceContext
from ..deadlines.mail import send_pending_emails

SWEEPER = "scheduler"
NOTICE_KIND = {"window_opened": "reevaluation_window_opened", "window_closing": "reevaluation_window_closing"}


@dataclass(frozen=True)
class CertificateSweep:
    expired: int
    notices: int  # certificates whose notice was sent
    notified: int  # notifications created
    emailed: int


def sweep_certificates(ctx: ServiceContext, mail: MailSettings | None = None) -> CertificateSweep:
    now = ctx.clock.now()
    today = now.astimezone(VN_TZ).date()
    with ctx.uow() as uow:
        session = uow.session
        expired = sum(_expire(session, cert, now) for cert in session.scalars(
            select(Certificate).where(Certificate.state.in_(LISTED_STATES), Certificate.listed_until < today)
            .order_by(Certificate.id)).all())
        notices = notified = 0
        candidates = session.scalars(select(Certificate).where(
            Certificate.state == VALID, Certificate.notice != NOTICE_CLOSING,
            Certificate.expiry_date <= today + timedelta(days=WINDOW_OPENS_DAYS_BEFORE),
            Certificate.expiry_date >= today + timedelta(days=WINDOW_CLOSES_DAYS_BEFORE))
            .order_by(Certificate.id)).all()
        for cert in candidates:
            due = notice_due(today, cert.expiry_date, cert.notice)
            if due is None or not _claim_notice(session, cert, due):
                continue
            notices += 1
            notified += _notify(session, cert, due, now)
        uow.commit()
    emailed = send_pending_emails(ctx, mail, now) if mail and notified else 0
    return CertificateSweep(expired, notices, notified, emailed)


def _expire(session: Session, cert: Certificate, now: datetime) -> int:
    before = cert.state
    won = cast(CursorResult[Any], session.execute(
        update(Certificate).where(Certificate.id == cert.id, Certificate.state == before)
        .values(state=EXPIRED, listed_until=None, changed_at=now))).rowcount
    if won != 1:
        return 0  # another sweep (or a decision) changed it first
    note = "re-evaluation not decided within 180 days of expiry" if before != VALID else "36 months passed"
    session.add(CertificateEvent(certificate_id=cert.id, at=now, action="expired", state_from=before,
                                 state_to=EXPIRED, actor=SWEEPER, dossier_id=cert.dossier_id, note=note, data={}))
    audit(session, actor=SWEEPER, acting_as="certificate register", action="certificate_expired", at=now,
          dossier_id=cert.dossier_id, data={"certificate": cert.number, "state_from": before, "state_to": EXPIRED,
                                            "expiry_date": cert.expiry_date.isoformat()})
    return 1


def _claim_notice(session: Session, cert: Certificate, due: str) -> bool:
    won = cast(CursorResult[Any], session.execute(
        update(Certificate).where(Certificate.id == cert.id, Certificate.notice == cert.notice)
        .values(notice=due))).rowcount
    return bool(won == 1)


def _notify(session: Session, cert: Certificate, due: str, now: datetime) -> int:
    recipients = sorted(set(_commune_officers(session, cert.commune_code)) | set(_producer(session, cert)))
    message = _message(cert, due)
    for username in recipients:
        session.add(Notification(recipient=username, task_id=None, dossier_id=cert.dossier_id,
                                 kind=NOTICE_KIND[due], message=message, created_at=now))
    session.add(CertificateEvent(certificate_id=cert.id, at=now, action=f"notice_{due}", state_from=cert.state,
                                 state_to=cert.state, actor=SWEEPER, dossier_id=cert.dossier_id,
                                 note=", ".join(recipients), data={"recipients": recipients}))
    audit(session, actor=SWEEPER, acting_as="certificate register", action="certificate_notice", at=now,
          dossier_id=cert.dossier_id, data={"certificate": cert.number, "notice": due, "recipients": recipients})
    return len(recipients)


def _commune_officers(session: Session, commune: str) -> list[str]:
    return list(session.scalars(select(User.username).join(RoleAssignment).where(
        RoleAssignment.role == COMMUNE_OFFICER, RoleAssignment.unit_code == commune)))


def _producer(session: Session, cert: Certificate) -> list[str]:
    if cert.producer_user_id is None:
        return []
    name = session.scalar(select(User.username).where(User.id == cert.producer_user_id))
    return [name] if name else []


def _message(cert: Certificate, due: str) -> str:
    window = reevaluation_window(cert.expiry_date)
    opens, closes = window.opens.strftime("%d/%m/%Y"), window.closes.strftime("%d/%m/%Y")
    expiry = cert.expiry_date.strftime("%d/%m/%Y")
    if due == "window_opened":
        label = "Mở thời hạn nộp hồ sơ đánh giá lại (re-evaluation window open)"
    else:
        label = "Sắp hết thời hạn nộp hồ sơ đánh giá lại (re-evaluation window closing)"
    return (f"{label}: giấy chứng nhận {cert.number} – {cert.product_name} ({cert.stars} sao) hết hạn {expiry}; "
            f"nộp hồ sơ tại UBND xã từ {opens} đến {closes}")
