"""Periodic reports a unit owes, generated from the recurring steps of its yearly plan.

`generate_report_tasks(session, plan_row)` is idempotent (the unique key unit/step/period): it
runs on every plan import and may be scheduled. A step's `responsible` role says who reports:
the plan's own unit when the role is of its level, otherwise every unit of the role's level
under it that exists on the due day (a province plan's "district_officer" → each district).
Producers (`applicant`) are not units, so their reports are not generated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.access import Actor
from ...domain.clock import VN_TZ
from ...domain.deadlines import OFFICE_CLOSE
from ...domain.errors import Conflict, Forbidden, NotFound, ValidationFailed
from ...domain.plan_schedules import Recurrence
from ...domain.plans import PlanStep
from ...domain.roles import APPLICANT, OFFICE_ROLE, ROLE_LEVEL
from ...persistence.deadline_models import ReportTask
from ...persistence.deadline_models import YearlyPlan as PlanRow
from ...persistence.models import UnitRow
from ..audit.trail import audit
from ..context import ServiceContext
from ..deadlines.calendar import working_calendar
from ..deadlines.due_dates import status as deadline_status
from ..deadlines.plan_dates import last_year, parsed
from ..units.tree import subtree_codes

STATUSES = ("open", "completed", "on_time", "due_soon", "overdue", "late")


def period_of(schedule: Recurrence, day: date) -> str:
    if schedule.period == "monthly":
        return f"{day:%Y-%m}"
    if schedule.period == "quarterly":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return str(day.year)


def _owners(session: Session, plan_row: PlanRow, step: PlanStep, day: date) -> list[tuple[str, str]]:
    unit = session.get(UnitRow, plan_row.unit_code)
    if unit is None or step.responsible == APPLICANT:
        return []
    role = step.responsible or OFFICE_ROLE.get(unit.level)
    level = ROLE_LEVEL.get(role or "")
    if role is None or level is None:
        return []
    if level.value == unit.level:
        return [(unit.code, role)]
    below = subtree_codes(session, {unit.code}) - {unit.code}
    rows = session.scalars(select(UnitRow).where(UnitRow.code.in_(below), UnitRow.level == level.value))
    return [(r.code, role) for r in rows
            if (r.valid_from is None or r.valid_from <= day) and (r.valid_to is None or day <= r.valid_to)]


def generate_report_tasks(session: Session, plan_row: PlanRow) -> int:
    """Create the missing report tasks of every recurring step in every year of the plan."""
    plan = parsed(plan_row.document)
    existing: set[tuple[str, str, str]] = {
        (u, k, p) for u, k, p in session.execute(select(ReportTask.unit_code, ReportTask.step_key, ReportTask.period))}
    created = 0
    for step in plan.steps:
        if not isinstance(step.schedule, Recurrence):
            continue
        for year in range(plan_row.year, last_year(plan_row) + 1):
            for day in step.schedule.occurrences(year):
                period = period_of(step.schedule, day)
                for unit_code, role in _owners(session, plan_row, step, day):
                    if (unit_code, step.key, period) in existing:
                        continue
                    existing.add((unit_code, step.key, period))
                    session.add(ReportTask(plan_id=plan_row.id, unit_code=unit_code, role=role, step_key=step.key,
                                           title=step.title, period=period, status="open",
                                           due_at=datetime.combine(day, OFFICE_CLOSE, tzinfo=VN_TZ)))
                    created += 1
    session.flush()
    return created


@dataclass(frozen=True)
class ReportView:
    row: ReportTask
    deadline_status: str | None


def _visible_units(session: Session, actor: Actor) -> set[str] | None:
    """None: every unit (admin)."""
    if actor.is_admin:
        return None
    return {g.unit_code for g in actor.grants} | subtree_codes(session, actor.supervised_units)


def list_reports(ctx: ServiceContext, actor: Actor, unit: str | None = None,
                 status: str | None = None) -> list[ReportView]:
    if status is not None and status not in STATUSES:
        raise ValidationFailed(f"status must be one of {', '.join(STATUSES)}", {"status": ["unknown status"]})
    now = ctx.clock.now()
    with ctx.uow() as uow:
        session = uow.session
        visible = _visible_units(session, actor)
        query = select(ReportTask).order_by(ReportTask.due_at, ReportTask.unit_code, ReportTask.id)
        if unit is not None:
            if visible is not None and unit not in visible:
                raise NotFound(f"unit {unit} not found among your units")
            query = query.where(ReportTask.unit_code == unit)
        elif visible is not None:
            query = query.where(ReportTask.unit_code.in_(visible))
        if status in ("open", "completed"):
            query = query.where(ReportTask.status == status)
        calendar = working_calendar(session)
        views = [ReportView(r, deadline_status(r.due_at, now, r.completed_at, calendar))
                 for r in session.scalars(query.limit(1000))]
    if status in ("on_time", "due_soon", "overdue", "late"):
        views = [v for v in views if v.deadline_status == status]
    return views


def complete_report(ctx: ServiceContext, actor: Actor, report_id: int) -> ReportView:
    now = ctx.clock.now()
    with ctx.uow() as uow:
        session = uow.session
        row = session.get(ReportTask, report_id, with_for_update=True)
        visible = _visible_units(session, actor)
        if row is None or (visible is not None and row.unit_code not in visible):
            raise NotFound(f"report {report_id} not found")
        if not actor.holds(row.role, row.unit_code):
            raise Forbidden(f"report {report_id} is owed by {row.role}@{row.unit_code}")
        if row.status != "open":
            raise Conflict(f"report {report_id} is already {row.status}")
        row.status, row.completed_at, row.completed_by = "completed", now, actor.username
        audit(session, actor=actor.username, acting_as=f"{row.role}@{row.unit_code}", action="report_complete",
              at=now, data={"report_id": row.id, "step": row.step_key, "period": row.period})
        uow.commit()
        return ReportView(row, deadline_status(row.due_at, now, row.completed_at, working_calendar(session)))
