"""E-mail the deadline notifications that have not been e-mailed yet (after their transaction commits).

Each notification is claimed (emailed_at set with a conditional UPDATE) before it is sent, so two
sweeps never send it twice; a failed send clears the claim again and the next sweep retries it.
A process crash between claim and send loses that one e-mail (the in-app notification stays).
"""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any, cast

from sqlalchemy import CursorResult, select, update

from ...config import MailSettings
from ...persistence.deadline_models import Notification
from ...persistence.models import User
from ..context import ServiceContext

log = logging.getLogger(__name__)
RETRY_FOR = timedelta(days=7)  # older unsent notifications are left to the in-app inbox
BATCH = 200


def send_pending_emails(ctx: ServiceContext, mail: MailSettings, now: datetime) -> int:
    with ctx.uow() as uow:
        pending = uow.session.execute(
            select(Notification.id, Notification.message, User.email)
            .join(User, User.username == Notification.recipient)
            .where(Notification.emailed_at.is_(None), User.email.is_not(None),
                   Notification.created_at >= now - RETRY_FOR)
            .order_by(Notification.id).limit(BATCH)).all()
    if not pending:
        return 0
    try:
        smtp = _connect(mail)
    except (OSError, smtplib.SMTPException) as err:
        log.warning("SMTP %s:%s unavailable, %d e-mails wait for the next sweep: %s",
                    mail.host, mail.port, len(pending), err)
        return 0
    sent = 0
    with smtp:
        for notification_id, text, address in pending:
            if not _claim(ctx, notification_id, now):
                continue
            try:
                smtp.send_message(_email(mail, str(address), text))
                sent += 1
            except (OSError, smtplib.SMTPException) as err:
                log.warning("e-mail of notification %s to %s failed, retried next sweep: %s",
                            notification_id, address, err)
                _release(ctx, notification_id)
    return sent


def _connect(mail: MailSettings) -> smtplib.SMTP:
    smtp = smtplib.SMTP(mail.host, mail.port, timeout=10)
    if mail.starttls:
        smtp.starttls()
    if mail.user:
        smtp.login(mail.user, mail.password or "")
    return smtp


def _email(mail: MailSettings, address: str, text: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"] = mail.sender, address
    message["Subject"] = f"[OCOP Flow] {text.split(':', 1)[0]}"
    message.set_content(text)
    return message


def _claim(ctx: ServiceContext, notification_id: int, now: datetime) -> bool:
    with ctx.uow() as uow:
        won = cast(CursorResult[Any], uow.session.execute(update(Notification).where(
            Notification.id == notification_id, Notification.emailed_at.is_(None)).values(emailed_at=now))).rowcount
        uow.commit()
        return bool(won == 1)


def _release(ctx: ServiceContext, notification_id: int) -> None:
    with ctx.uow() as uow:
        uow.session.execute(update(Notification).where(Notification.id == notification_id)
                            .values(emailed_at=None))
        uow.commit()
