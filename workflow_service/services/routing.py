"""Resolve a dossier's units per level and keep the task table in step with the engine."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.access import route_lane
from ..domain.errors import ValidationFailed
from ..domain.roles import ROLE_LEVEL
from ..domain.units import Level, Unit, UnitTree
from ..engine.runtime import Instance
from ..persistence.models import AuditEntry, Dossier, TaskRow, UnitRow
from .deadline_clock import on_tasks_created
from .timer_rows import sync_timers

MAX_DEPTH = 8


def unit_chain(session: Session, code: str) -> UnitTree:
    units: list[Unit] = []
    current: str | None = code
    while current is not None and len(units) < MAX_DEPTH:
        row = session.get(UnitRow, current)
        if row is None:
            break
        units.append(to_unit(row))
        current = row.parent_code
    return UnitTree(units)


def to_unit(row: UnitRow) -> Unit:
    return Unit(row.code, row.name, Level(row.level), row.parent_code, row.valid_from, row.valid_to)


def units_by_level(session: Session, commune_code: str, as_of: date, lanes: set[str]) -> dict[str, str]:
    """The dossier's unit at each level its process lanes need, resolved on the filing date."""
    tree = unit_chain(session, commune_code)
    resolved = {u.level.value: u.code for u in tree.ancestors(commune_code, as_of)}
    missing = sorted({ROLE_LEVEL[lane].value for lane in lanes if lane in ROLE_LEVEL} - set(resolved))
    if missing:
        chain = " → ".join(f"{code} ({level})" for level, code in resolved.items())
        raise ValidationFailed(
            f"commune {commune_code} has no {', '.join(missing)} unit above it on {as_of} (chain: {chain}),"
            " but the process has lanes at that level", {"commune": [f"no {m} unit" for m in missing]})
    return resolved


def sync_tasks(session: Session, dossier: Dossier, instance: Instance, now: datetime) -> list[TaskRow]:
    """Insert rows for newly ready user tasks; cancel open rows the engine no longer offers.

    Also records the timers the instance now waits on (see timer_rows.sync_timers).
    """
    ready = {t.id: t for t in instance.ready_tasks()}
    open_rows = {r.id: r for r in session.scalars(
        select(TaskRow).where(TaskRow.dossier_id == dossier.id, TaskRow.status == "open"))}
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
    on_tasks_created(session, dossier, created, instance.runtime.bundle.user_tasks, now, data)
    sync_timers(session, dossier, instance, now)
    _record_outcome(dossier, instance, now)
    return created


def _record_outcome(dossier: Dossier, instance: Instance, now: datetime) -> None:
    data: dict[str, Any] = instance.data
    dossier.data = {k: v for k, v in data.items() if k != "council_members"}
    dossier.score = data.get("score")
    dossier.stars = data.get("stars")
    dossier.certificate = data.get("certificate")
    if instance.is_completed and dossier.status == "running":
        dossier.status = "completed"
        dossier.completed_at = now


def audit(session: Session, *, actor: str, acting_as: str, action: str, at: datetime,
          dossier_id: int | None = None, task_id: str | None = None, data: dict[str, Any] | None = None) -> None:
    session.add(AuditEntry(dossier_id=dossier_id, task_id=task_id, actor=actor, acting_as=acting_as,
                           action=action, at=at, data=data or {}))
