"""Write a certificate's row and state from what an engine step left in the dossier's data.

- `certificate` (set by the chain's recognition script): a new row, state valid, expiry issue + 36 months.
- `subject_certificate` (re-evaluation, inspection and revocation dossiers, started from a certificate):
  filing marks it re_evaluating / records the inspection or revocation; the end of the process
  decides it (re-evaluated: replaced or back to valid; `revocation.revoked`: revoked, off the register).
Every change adds a CertificateEvent and an audit record to the dossier's chain, in the step's transaction.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.certificates import (
    EXPIRED,
    LISTED_STATES,
    RE_EVALUATING,
    REVOKED,
    VALID,
    expiry_of,
    fold,
    listed_until,
    revocation_authority,
)
from ...domain.clock import VN_TZ
from ...domain.errors import ValidationFailed
from ...domain.roles import COMMUNE_OFFICER
from ...persistence.certificate_models import Certificate, CertificateEvent
from ...persistence.deadline_models import Notification
from ...persistence.models import Dossier, RoleAssignment, UnitRow, User
from ..audit.trail import audit
from .starts import check_start

RE_EVALUATION, INSPECTION, REVOCATION = "re_evaluation", "inspection", "revocation"
SUBJECT = "subject_certificate"
STEP_ACTOR = "ocopflow.step_actor"  # session.info key: who completed the task this step follows
ISSUER_LEVEL_UNIT = {"ministry": "central", "province": "province", "district": "district"}


def record_certificate_outcome(session: Session, dossier: Dossier, now: datetime) -> None:
    data = dossier.data
    subject = data.get(SUBJECT)
    if subject is not None and dossier.kind not in (RE_EVALUATION, INSPECTION, REVOCATION):
        raise ValidationFailed(f"a {dossier.kind} dossier cannot name a certificate to act on",
                               {SUBJECT: ["only re-evaluation, inspection and revocation dossiers name one"]})
    if dossier.kind in (INSPECTION, REVOCATION) and subject is None:
        raise ValidationFailed(f"a {dossier.kind} names the certificate it is about", {SUBJECT: ["required"]})
    actor = _step_actor(session, dossier)
    issued = dossier.certificate
    new_number = None
    if isinstance(issued, dict) and issued.get("number"):
        new_number = _issue(session, dossier, issued, now, actor)
    if subject is not None:
        _follow_subject(session, dossier, str(subject), new_number, now, actor)


def _issue(session: Session, dossier: Dossier, issued: dict[str, Any], now: datetime, actor: str) -> str:
    number = str(issued["number"]).strip()
    existing = session.scalars(select(Certificate).where(Certificate.dossier_id == dossier.id)).first()
    if existing is not None:
        return existing.number
    if session.scalar(select(Certificate.id).where(Certificate.number == number)) is not None:
        message = f"certificate number {number} is already issued to another product"
        raise ValidationFailed(message, {"certificate_number": [message]})
    issue_day = date.fromisoformat(str(issued["issue_date"]))
    expiry = expiry_of(issue_day)
    level = str(issued.get("issued_by") or "province")
    units: dict[str, str] = dossier.routing.get("units", {})
    issuer = units.get(ISSUER_LEVEL_UNIT.get(level, level), "")
    names = {code: name for code, name in session.execute(
        select(UnitRow.code, UnitRow.name).where(UnitRow.code.in_([issuer, dossier.province_code])))}
    province_name = names.get(dossier.province_code, dossier.province_code)
    cert = Certificate(
        number=number, dossier_id=dossier.id, product_name=dossier.product_name,
        product_folded=fold(dossier.product_name), producer_name=dossier.producer_name,
        producer_folded=fold(dossier.producer_name), producer_user_id=_producer_user_id(session, dossier),
        stars=int(issued.get("stars") or dossier.stars or 0), issuer_level=level, issuer_unit_code=issuer,
        issuer_unit_name=names.get(issuer, issuer), province_code=dossier.province_code,
        province_name=province_name, province_folded=fold(province_name), commune_code=dossier.commune_code,
        regulation=regulation_of(dossier.definition.name), decision_number=str(issued.get("decision_number", "")),
        issue_date=issue_day, expiry_date=expiry, state=VALID, listed_until=listed_until(VALID, expiry),
        notice="none", created_at=now, changed_at=now)
    session.add(cert)
    session.flush()
    _event(session, cert, "issued", None, now, actor, dossier.id,
           data={"stars": cert.stars, "issue_date": issue_day.isoformat(), "expiry_date": expiry.isoformat()})
    return number


def _follow_subject(session: Session, dossier: Dossier, number: str, new_number: str | None, now: datetime,
                    actor: str) -> None:
    cert = session.scalars(select(Certificate).where(Certificate.number == number)
                           .with_for_update(of=Certificate)).first()
    if cert is None:
        raise ValidationFailed(f"no certificate numbered {number}", {SUBJECT: ["no such certificate"]})
    started = _happened(session, cert, dossier, f"{dossier.kind}_started")
    if not started:
        check_start(session, dossier, cert, now.astimezone(VN_TZ).date())
        before = cert.state
        if dossier.kind == RE_EVALUATION:
            _move(cert, RE_EVALUATING, now)
            cert.reevaluation_dossier_id = dossier.id
        _event(session, cert, f"{dossier.kind}_started", before, now, dossier.filed_by, dossier.id)
    if dossier.kind == RE_EVALUATION and (dossier.status == "completed" or new_number):
        _decide_reevaluation(session, cert, dossier, new_number, now, actor)
    elif dossier.kind == INSPECTION and isinstance(dossier.data.get("inspection"), dict):
        _record_inspection(session, cert, dossier, now, actor)
    elif dossier.kind == REVOCATION and isinstance(dossier.data.get("revocation"), dict):
        _decide_revocation(session, cert, dossier, now, actor)


def _decide_reevaluation(session: Session, cert: Certificate, dossier: Dossier, new_number: str | None,
                         now: datetime, actor: str) -> None:
    if cert.reevaluation_dossier_id != dossier.id or _happened(session, cert, dossier, "re_evaluation_decided"):
        return
    today = now.astimezone(VN_TZ).date()
    before = cert.state
    if cert.state == RE_EVALUATING:
        _move(cert, EXPIRED if new_number or today > cert.expiry_date else VALID, now)
    cert.replaced_by = new_number
    cert.reevaluation_dossier_id = None
    note = f"replaced by {new_number}" if new_number else "not re-certified"
    _event(session, cert, "re_evaluation_decided", before, now, actor, dossier.id, note=note,
           data={"new_certificate": new_number})


def _record_inspection(session: Session, cert: Certificate, dossier: Dossier, now: datetime, actor: str) -> None:
    if _happened(session, cert, dossier, "inspection_recorded"):
        return
    result: dict[str, Any] = dossier.data["inspection"]
    _event(session, cert, "inspection_recorded", cert.state, now, actor, dossier.id,
           note=str(result.get("findings", ""))[:2000],
           data={k: result.get(k) for k in ("outcome", "ground", "inspected_on", "kind")})


def _decide_revocation(session: Session, cert: Certificate, dossier: Dossier, now: datetime, actor: str) -> None:
    if _happened(session, cert, dossier, "revocation_decided"):
        return
    decision: dict[str, Any] = dossier.data["revocation"]
    authority = revocation_authority(cert.stars)
    if decision.get("authority") != authority:
        message = (f"a {cert.stars}-star certificate is revoked by the {authority}, "
                   f"not the {decision.get('authority')}")
        raise ValidationFailed(message, {"authority": [message]})
    before = cert.state
    if decision.get("revoked") and cert.state in LISTED_STATES:
        _move(cert, REVOKED, now)
        cert.revoked_on = date.fromisoformat(str(decision.get("decided_on") or now.astimezone(VN_TZ).date()))
        cert.revocation_ground = str(dossier.data.get("ground", ""))
        cert.revocation_decision = str(decision.get("decision_number", ""))
    _event(session, cert, "revocation_decided", before, now, actor, dossier.id,
           note="revoked" if cert.state == REVOKED else "not revoked",
           data={"ground": dossier.data.get("ground"), "decision_number": decision.get("decision_number"),
                 "authority": authority})
    if cert.state == REVOKED:  # Điều 8 khoản 3 điểm c: the decision is sent to the producer
        _tell_producer_and_commune(session, cert, dossier, now)


def _tell_producer_and_commune(session: Session, cert: Certificate, dossier: Dossier, now: datetime) -> None:
    officers = session.scalars(select(User.username).join(RoleAssignment).where(
        RoleAssignment.role == COMMUNE_OFFICER, RoleAssignment.unit_code == cert.commune_code))
    producer = session.scalar(select(User.username).where(User.id == cert.producer_user_id)) \
        if cert.producer_user_id else None
    message = (f"Thu hồi giấy chứng nhận (certificate revoked): {cert.number} – {cert.product_name}, "
               f"quyết định {cert.revocation_decision or '?'} ngày {cert.revoked_on}")
    for username in sorted({*officers, *([producer] if producer else [])}):
        session.add(Notification(recipient=username, task_id=None, dossier_id=dossier.id,
                                 kind="certificate_revoked", message=message, created_at=now))


def _move(cert: Certificate, state: str, now: datetime) -> None:
    cert.state = state
    cert.listed_until = listed_until(state, cert.expiry_date)
    cert.changed_at = now


def _event(session: Session, cert: Certificate, action: str, before: str | None, now: datetime, actor: str,
           dossier_id: int | None, note: str = "", data: dict[str, Any] | None = None) -> None:
    session.add(CertificateEvent(certificate_id=cert.id, at=now, action=action, state_from=before,
                                 state_to=cert.state, actor=actor, dossier_id=dossier_id, note=note,
                                 data=data or {}))
    audit(session, actor=actor, acting_as="certificate register", action=f"certificate_{action}"[:40], at=now,
          dossier_id=dossier_id, data={"certificate": cert.number, "state_from": before, "state_to": cert.state,
                                       **({"note": note} if note else {}), **(data or {})})


def _happened(session: Session, cert: Certificate, dossier: Dossier, action: str) -> bool:
    return session.scalar(select(CertificateEvent.id).where(
        CertificateEvent.certificate_id == cert.id, CertificateEvent.dossier_id == dossier.id,
        CertificateEvent.action == action).limit(1)) is not None


def _step_actor(session: Session, dossier: Dossier) -> str:
    """Who took the step: the task's completer (set by services.tasks.completion), else the filer."""
    actor = session.info.get(STEP_ACTOR)
    return str(actor) if actor else dossier.filed_by


def _producer_user_id(session: Session, dossier: Dossier) -> int | None:
    if not dossier.routing.get("filer_is_applicant"):
        return None  # a paper dossier filed by the commune officer: the producer has no account
    return session.scalar(select(User.id).where(User.username == dossier.filed_by))


def regulation_of(process_name: str) -> str:
    """"Đánh giá … (QĐ 26/2026/QĐ-TTg)" → "QĐ 26/2026/QĐ-TTg"; the name itself when it has no brackets."""
    found = re.search(r"\(([^()]+)\)\s*$", process_name)
    return (found.group(1) if found else process_name)[:200]


