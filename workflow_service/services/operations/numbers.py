"""The database-derived numbers /metrics exposes, read at scrape time with a few cheap grouped queries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select

from ...domain.deadlines import DUE_SOON_WORKING_DAYS, due_soon_before
from ...persistence.deadline_models import TimerRow
from ...persistence.models import Incident, TaskRow
from ..context import ServiceContext
from ..deadlines.calendar import working_calendar

DEADLINE_STATUSES = ("on_time", "due_soon", "overdue", "no_deadline")


@dataclass(frozen=True)
class OperationalNumbers:
    open_tasks: dict[str, int]  # by deadline status, every status present (0 when none)
    timer_lag_seconds: float  # now - due_at of the oldest due timer not yet fired; 0 when none
    open_incidents: int


def operational_numbers(ctx: ServiceContext, due_soon_days: int = DUE_SOON_WORKING_DAYS) -> OperationalNumbers:
    now = ctx.clock.now()
    with ctx.uow() as uow:
        session = uow.session
        horizon = due_soon_before(now, working_calendar(session), due_soon_days)
        status = case((TaskRow.due_at.is_(None), "no_deadline"), (TaskRow.due_at < now, "overdue"),
                      (TaskRow.due_at < horizon, "due_soon"), else_="on_time")
        counts = dict.fromkeys(DEADLINE_STATUSES, 0)
        rows = session.execute(select(status, func.count()).where(TaskRow.status == "open").group_by(status))
        for name, count in rows:
            counts[name] = count
        oldest = session.scalar(select(func.min(TimerRow.due_at))
                                .where(TimerRow.status == "pending", TimerRow.due_at <= now))
        incidents = session.scalar(select(func.count(Incident.id)).where(Incident.status == "open")) or 0
    lag = max(0.0, (now - oldest).total_seconds()) if oldest is not None else 0.0
    return OperationalNumbers(counts, lag, incidents)
