"""A user's in-app notifications: list (newest first) and mark as read."""

from __future__ import annotations

from sqlalchemy import func, select

from ...domain.access import Actor
from ...domain.errors import NotFound
from ...persistence.deadline_models import Notification
from ..context import ServiceContext


def list_notifications(ctx: ServiceContext, actor: Actor, *, unread_only: bool = False, limit: int = 50,
                       offset: int = 0) -> tuple[list[Notification], int, int]:
    """The page, the total matching and the number unread."""
    with ctx.uow() as uow:
        session = uow.session
        mine = select(Notification).where(Notification.recipient == actor.username)
        if unread_only:
            mine = mine.where(Notification.read_at.is_(None))
        total = session.scalar(select(func.count()).select_from(mine.subquery())) or 0
        unread = session.scalar(select(func.count()).where(Notification.recipient == actor.username,
                                                           Notification.read_at.is_(None))) or 0
        rows = list(session.scalars(mine.order_by(Notification.created_at.desc(), Notification.id.desc())
                                    .limit(limit).offset(offset)))
        return rows, total, unread


def mark_read(ctx: ServiceContext, actor: Actor, notification_id: int) -> Notification:
    with ctx.uow() as uow:
        row = uow.session.get(Notification, notification_id)
        if row is None or row.recipient != actor.username:  # someone else's is reported as missing
            raise NotFound(f"notification {notification_id} not found")
        if row.read_at is None:
            row.read_at = ctx.clock.now()
            uow.commit()
        return row
