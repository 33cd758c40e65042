"""Scheduler heartbeats: every timer sweep stamps its process's row; readiness asks whether one is fresh."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from ...persistence.deadline_models import SchedulerHeartbeat
from ..context import ServiceContext

FORGET_AFTER = timedelta(days=1)  # rows of processes gone for a day are removed by the next beat


def beat(ctx: ServiceContext, worker: str) -> datetime:
    """Record that `worker` swept just now (service clock); one transaction."""
    now = ctx.clock.now()
    with ctx.uow() as uow:
        row = uow.session.get(SchedulerHeartbeat, worker)
        if row is None:
            uow.session.add(SchedulerHeartbeat(worker=worker, beat_at=now))
        else:
            row.beat_at = now
        uow.session.execute(delete(SchedulerHeartbeat).where(SchedulerHeartbeat.beat_at < now - FORGET_AFTER))
        uow.commit()
    return now


def last_beat(ctx: ServiceContext) -> datetime | None:
    with ctx.uow() as uow:
        return uow.session.scalar(select(func.max(SchedulerHeartbeat.beat_at)))
