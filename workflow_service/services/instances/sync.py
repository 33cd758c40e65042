"""Write back what an engine step changed: task rows, timers, the dossier's outcome."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Table, bindparam, insert, select, update
from sqlalchemy.orm import Session, lazyload, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

from ...domain.access import route_lane
from ...engine.runtime import Instance
from ...persistence.deadline_models import TimerRow
from ...persistence.models import Dossier, TaskRow
from ..certificate_records.writer import STEP_ACTOR, record_certificate_outcome
from ..deadlines.clock import on_tasks_created
from .timer_rows import sync_timers

__all__ = ["STEP_ACTOR", "dossier_tasks", "insert_tasks", "record_certificate_outcome", "save_steps", "sync_tasks", "withdrawn_rows"]

_DOSSIERS = cast(Table, Dossier.__table__)
_STEPPED = ("state", "data", "routing", "score", "stars", "certificate", "status", "completed_at", "row_version")
_SAVE = (update(_DOSSIERS).where(_DOSSIERS.c.id == bindparam("b_id"), _DOSSIERS.c.row_version == bindparam("b_read"))
         .values({c: bindparam(f"b_{c}") for c in _STEPPED}))


def save_steps(session: Session, dossiers: list[Dossier]) -> int:
    """Write what engine steps changed in these (detached) dossiers: one prebuilt UPDATE each, sent as
    one executemany, each matching only the version read before its step. How many rows matched; the
    dossiers' row_version is advanced."""
    if not dossiers:
        return 0
    params = [{"b_id": d.id, "b_read": d.row_version, **{f"b_{c}": getattr(d, c) for c in _STEPPED[:-1]},
               "b_row_version": d.row_version + 1} for d in dossiers]
    matched = cast(CursorResult[Any], session.connection().execute(_SAVE, params)).rowcount
    for dossier in dossiers:
        dossier.row_version += 1
    return matched


_TASKS = cast(Table, TaskRow.__table__)
_INSERT_TASKS = insert(_TASKS)


def insert_tasks(session: Session, rows: list[TaskRow]) -> None:
    """Write the new task rows `sync_tasks` added, at once, as one prebuilt INSERT, and keep them in the
    session as if loaded (a later change to one is an UPDATE). The ORM's flush of new objects cost more
    than the INSERT itself on the step every user action runs (docs/decisions/hot-path.md)."""
    if not rows:
        return
    values = []
    for row in rows:
        session.expunge(row)  # pending: no INSERT of its own at the next flush
        row_values = {}
        for column in _TASKS.columns:
            value = row.__dict__.get(column.key)
            if value is None and column.default is not None:
                value = column.default.arg  # type: ignore[attr-defined]  # scalar defaults: status, escalation
            row_values[column.key] = value
        values.append(row_values)
    # Columns no new row sets are left out, so they are SQL NULL as an ORM INSERT leaves them (JSON included).
    used = [key for key in values[0] if any(v[key] is not None for v in values)]
    session.connection().execute(_INSERT_TASKS, [{key: v[key] for key in used} for v in values])
    for row, row_values in zip(rows, values, strict=True):
        make_transient_to_detached(row)
        for key, value in row_values.items():
            set_committed_value(row, key, value)
        session.add(row)


_DOSSIER_TASKS = (select(TaskRow).where(TaskRow.dossier_id == bindparam("dossier_id"))
                  .options(lazyload(TaskRow.dossier)))  # built once: it runs on every engine step


def dossier_tasks(session: Session, dossier_id: int) -> list[TaskRow]:
    """Every task row of a dossier (a few dozen at most), without re-joining the dossier."""
    return list(session.scalars(_DOSSIER_TASKS, {"dossier_id": dossier_id}))


def withdrawn_rows(rows: list[TaskRow], ready: Iterable[str]) -> list[TaskRow]:
    """The open task rows whose engine task is no longer ready: the step cancels them."""
    offered = set(ready)
    return [row for row in rows if row.status == "open" and row.id not in offered]


def sync_tasks(session: Session, dossier: Dossier, instance: Instance, now: datetime,
               rows: list[TaskRow] | None = None, timer_rows: list[TimerRow] | None = None) -> list[TaskRow]:
    """Insert rows for newly ready user tasks; cancel open rows the engine no longer offers.

    `rows`: the dossier's task rows if the caller read them in this transaction (one read serves
    the open rows here and the previous runs of a step in deadlines.clock); `timer_rows` likewise.
    Also records the timers the instance now waits on (see timer_rows.sync_timers). The caller records
    the certificate outcome (`record_certificate_outcome`, same transaction) once the dossier is saved:
    it flushes, and nothing of a step that may prove stale reaches the database before that check.
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
    for row in withdrawn_rows(rows, ready):
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
