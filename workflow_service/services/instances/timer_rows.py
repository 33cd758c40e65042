"""Keep the timers table in step with the timers an instance waits on (called from sync_tasks)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...engine.runtime import Instance
from ...persistence.deadline_models import TimerRow
from ...persistence.models import Dossier


def sync_timers(session: Session, dossier: Dossier, instance: Instance, now: datetime,
                rows: list[TimerRow] | None = None) -> list[TimerRow]:
    """Insert rows for new waiting timers; close pending rows the engine no longer waits on.

    A vanished row that was due has fired inside this step (any engine step fires every due
    timer of the instance); one that was not due yet was cancelled, e.g. its task was completed.
    `rows`: the dossier's timer rows if the caller read them in this transaction.
    """
    if not instance.runtime.has_timers:
        return []  # a version without timer events never has timer rows: nothing to read
    waiting = {t.id: t for t in instance.pending_timers()}
    if rows is None:
        rows = list(session.scalars(select(TimerRow).where(TimerRow.dossier_id == dossier.id)))
    known = {r.id: r for r in rows}
    created = []
    for timer_id, timer in waiting.items():
        if timer_id not in known:
            row = TimerRow(id=timer_id, dossier_id=dossier.id, element_id=timer.element_id,
                           due_at=timer.due_at, status="pending")
            session.add(row)
            created.append(row)
    for timer_id, row in known.items():
        if row.status == "pending" and timer_id not in waiting:
            row.status = "fired" if row.due_at <= now else "cancelled"
            row.fired_at = now if row.status == "fired" else None
    return created
