"""Write back what an engine step changed: task rows, timers, the dossier's outcome."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, lazyload

from ...domain.access import route_lane
from ...engine.runtime import Instance
from ...persistence.deadline_models import TimerRow
from ...persistence.models import Dossier, TaskRow
from ..deadlines.clock import on_tasks_created
from .timer_rows import sync_timers

_DOSSIER_TASKS = (select(TaskRow).where(TaskRow.dossier_id == bindparam("dossier_id"))
                  .options(lazyload(TaskRow.dossier)))  # built once: it runs on every engine step


def dossier_tasks(session: Session, dossier_id: int) -> list[TaskRow]:
    """Every task row of a dossier (a few dozen at most), without re-joining the dossier."""
    return list(session.scalars(_DOSSIER_TASKS, {"dossier_id": dossier_id}))


def sync_tasks(session: Session, dossier: Dossier, instance: Instance, now: datetime,
               rows: list[TaskRow] | None = None, timer_rows: list[TimerRow] | None = None) -> list[TaskRow]:
    """Insert rows for newly ready user tasks; cancel open rows the engine no longer offers.

    `rows`: the dossier's task rows if the caller read them in this transaction (one read serves
    the open rows here and the previous runs of a step in deadlines.clock); `timer_rows` likewise.
    Also records the timers the instance now waits on (see timer_rows.sync_timers).
    """
    ready = {t.id: t for t in instance.ready_tasks()}
    if rows is None:
        rows = dossier_tasks(session, dossier.id)
    open_rows = {r.id: r for r in rows if r.status == "open"}
    created = []
    data = instance.data
    for task_id, task in ready.items():
        if task_id in open_rows:
            continue
        offer = route_lane(task.lane or "", dossier.routing["units"], dossier.filed_by,
                           bool(dossier.routing.get("filer_is_applicant")), task.instance_input)
        row = TaskRow(id=task_id, dossier_id=dossier.id, element_id=task.element_id, name=task.name,
                      role=offer.role, unit_code=offer.unit_code, candidate=offer.candidate,
                      form_file=task.form_file, status="open", created_at=now,
                      deadline_rule=task.properties.get("deadline"))
        session.add(row)
        created.append(row)
    for task_id, row in open_rows.items():
        if task_id not in ready:
            row.status = "cancelled"
            row.completed_at = now
    on_tasks_created(session, dossier, created, instance.runtime.bundle.user_tasks, now, data, known=rows)
    sync_timers(session, dossier, instance, now, timer_rows)
    _record_outcome(dossier, instance, now, data)
    return created


def _record_outcome(dossier: Dossier, instance: Instance, now: datetime, data: dict[str, Any]) -> None:
    dossier.data = {k: v for k, v in data.items() if k not in ("council_members", "district_council_members")}
    dossier.score = data.get("score")
    dossier.stars = data.get("stars")
    dossier.certificate = data.get("certificate")
    if instance.is_completed and dossier.status == "running":
        dossier.status = "completed"
        dossier.completed_at = now
