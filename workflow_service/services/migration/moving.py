"""Moving one dossier: read it (short transaction), step the engine (none open), write it (one transaction).

The write is the same for a dry run and a run: a dry run rolls it back, a run commits it with its item,
so what the dry run shows is what the run does. The write checks the dossier did not change since it
was read (row_version), like completing a task does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from ...domain.clock import VN_TZ
from ...domain.errors import ValidationFailed
from ...domain.migration_plan import KEEP, TARGET
from ...domain.migration_reasons import reason
from ...domain.units import Level
from ...engine.migration import NotMigratable, WaitingStep, migrate_instance, waiting_steps
from ...engine.runtime import SERIALIZER_VERSION, Instance
from ...persistence.deadline_models import TimerRow
from ...persistence.models import Dossier, TaskRow
from ..audit.trail import audit
from ..context import ServiceContext
from ..deadlines.calendar import working_calendar
from ..deadlines.due_dates import resolve_due
from ..definitions.deploy import runtime_for
from ..instances.rebind import rebind_tasks
from ..units.tree import units_by_level
from . import snapshot
from .plans import ResolvedPlan


class DossierMoved(Exception):
    """The dossier changed between reading and writing it; the move is redone on its fresh state."""


@dataclass(frozen=True)
class Read:
    dossier_id: int
    registration_number: str
    kind: str
    definition_id: int
    row_version: int
    state: str
    routing: dict[str, Any]
    open_due: dict[str, tuple[datetime | None, str | None]]  # task id → (due_at, rule) before the move


@dataclass(frozen=True)
class Moved:
    read: Read
    instance: Instance
    came_from: list[WaitingStep]


@dataclass(frozen=True)
class Landing:
    element_id: str
    name: str
    offered_to: str  # role@unit
    candidate: str | None
    holder: str | None
    due_at: datetime | None
    deadline_rule: str | None


def read(session: Session, resolved: ResolvedPlan, dossier_id: int, now: datetime) -> Read:
    dossier = session.scalars(select(Dossier).where(Dossier.id == dossier_id)
                                  .options(undefer(Dossier.state))).one()
    if dossier.status != "running":
        raise NotMigratable(reason("migration.not_running", status=dossier.status))
    if dossier.definition_id not in resolved.sources:
        definition = dossier.definition
        if definition.key != resolved.plan.source_key:
            raise NotMigratable(reason("migration.other_process", key=definition.key, source=resolved.plan.source_key))
        raise NotMigratable(reason("migration.version_not_in_plan", version=definition.version, key=definition.key))
    due = session.scalars(select(TimerRow).where(TimerRow.dossier_id == dossier_id,
                                                     TimerRow.status == "pending", TimerRow.due_at <= now)).first()
    if due is not None:
        raise NotMigratable(reason("migration.timer_due", element=due.element_id,
                                   at=f"{due.due_at.astimezone(VN_TZ):%d/%m/%Y %H:%M}"), due.element_id)
    lanes = {t.lane for t in resolved.target_runtime.bundle.user_tasks.values() if t.lane}
    try:
        units = units_by_level(session, dossier.commune_code, now.astimezone(VN_TZ).date(), lanes)
    except ValidationFailed as err:
        raise NotMigratable(reason("migration.no_unit", day=f"{now.astimezone(VN_TZ):%d/%m/%Y}",
                                   detail=err.detail)) from err
    rows = session.scalars(select(TaskRow).where(TaskRow.dossier_id == dossier_id, TaskRow.status == "open"))
    return Read(dossier.id, dossier.registration_number, dossier.kind, dossier.definition_id, dossier.row_version,
                dossier.state, {**dossier.routing, "units": units},
                {r.id: (r.due_at, r.deadline_rule) for r in rows})


def move(ctx: ServiceContext, resolved: ResolvedPlan, dossier_read: Read, now: datetime) -> Moved:
    """The engine step, with no transaction open."""
    source = runtime_for(ctx, resolved.sources[dossier_read.definition_id])
    instance = source.load(dossier_read.state, now=now)
    came_from = waiting_steps(instance)
    plan = resolved.plan
    moved = migrate_instance(instance, resolved.target_runtime, plan.mapping, plan.transform)
    return Moved(dossier_read, moved, came_from)


def write(session: Session, resolved: ResolvedPlan, moved: Moved, now: datetime, actor: str, acting_as: str,
          run_id: int | None) -> tuple[Dossier, dict[str, Any], list[Landing]]:
    """Apply the move in the caller's transaction; returns the dossier, its snapshot and where it landed."""
    dossier = session.scalars(select(Dossier).where(Dossier.id == moved.read.dossier_id)
                              .options(undefer(Dossier.state)).with_for_update(of=Dossier)
                              .execution_options(populate_existing=True)).one()
    if dossier.row_version != moved.read.row_version:
        raise DossierMoved
    before = snapshot.take(session, dossier)
    source = resolved.sources[dossier.definition_id]
    came_from = {"process": f"{source.key}:{source.version}", "regulation": dossier.regulation,
                 "elements": [s.element_id for s in moved.came_from]}
    units = moved.read.routing["units"]
    dossier.definition_id = resolved.target.id
    dossier.regulation = resolved.regulation or dossier.regulation
    dossier.routing = dict(moved.read.routing)
    dossier.province_code = units.get(Level.PROVINCE.value, dossier.province_code)
    dossier.serializer_version = SERIALIZER_VERSION
    rows = rebind_tasks(session, dossier, moved.instance, now)
    _apply_deadline(session, dossier, rows, resolved.plan.deadline_for(dossier.kind), moved.read.open_due,
                    moved.instance.data)
    dossier.state = resolved.target_runtime.dump(moved.instance)
    landing = [Landing(r.element_id, r.name, f"{r.role}@{r.unit_code}", r.candidate, r.claimed_by, r.due_at,
                       r.deadline_rule) for r in rows]
    went_to = {"process": f"{resolved.target.key}:{resolved.target.version}", "regulation": dossier.regulation,
               "elements": sorted({x.element_id for x in landing})}
    audit(session, actor=actor, acting_as=acting_as, action="migrate", at=now, dossier_id=dossier.id,
          data={"plan": resolved.plan.name, "plan_sha256": resolved.plan.digest, "run": run_id,
                "from": came_from, "to": went_to,
                "tasks": [{"element": x.element_id, "offered_to": x.offered_to, "holder": x.holder,
                           "due_at": x.due_at.isoformat() if x.due_at else None} for x in landing]})
    session.flush()
    return dossier, before, landing


def _apply_deadline(session: Session, dossier: Dossier, rows: list[TaskRow], choice: str,
                    before: dict[str, tuple[datetime | None, str | None]], data: dict[str, Any]) -> None:
    if choice == TARGET:
        return
    if choice == KEEP:
        earliest = min((due for due, _rule in before.values() if due is not None), default=None)
        for row in rows:
            due, rule = before.get(row.id, (earliest, row.deadline_rule))
            row.due_at, row.deadline_rule = due, rule
        return
    calendar = working_calendar(session)
    for row in rows:  # a fixed rule, e.g. the transition's "60 days from 2026-05-22"
        row.deadline_rule = choice
        row.due_at = resolve_due(session, calendar, dossier, choice, row.created_at, data)
