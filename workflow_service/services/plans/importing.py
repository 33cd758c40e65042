"""Import and read yearly plans (kế hoạch năm) of a unit.

Who may import: an admin, or the office role of the plan's unit at its level (province_office
for a province, district_officer for a district, commune_officer for a commune): the office
that drafts the plan for its People's Committee. Anyone signed in may read plans.

An import is all or nothing: a bad file (any problem, each named with its line), an unknown
unit, or a plan whose years overlap the unit's existing plan (409 unless `replace`) changes
nothing. A successful import fills in due dates of open tasks waiting for a `plan:` date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import yaml
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ...domain.access import Actor
from ...domain.errors import Conflict, Forbidden, NotFound, ValidationFailed
from ...domain.plan_rewards import RewardTable
from ...domain.plan_schedules import FixedDate, Recurrence, Schedule, Window
from ...domain.plan_yaml import PlanInvalid, compose, line_of
from ...domain.plans import YearlyPlan, parse_plan
from ...domain.roles import ADMIN, OFFICE_ROLE
from ...persistence.deadline_models import ReportTask
from ...persistence.deadline_models import YearlyPlan as PlanRow
from ...persistence.models import UnitRow
from ..audit.trail import audit
from ..context import ServiceContext
from ..deadlines.calendar import working_calendar
from ..deadlines.clock import refresh_open_due_dates
from ..deadlines.plan_dates import last_year, parsed, plans_covering
from .producer_reports import generate_producer_reports
from .reports import generate_report_tasks


@dataclass
class PlanImport:
    plan: YearlyPlan
    plan_id: int | None
    replaced: list[int] = field(default_factory=list)
    tasks_filled: int = 0
    reports_created: int = 0
    dry_run: bool = False

    def summary(self) -> str:
        span = _span(self.plan.year, self.plan.last_year)
        head = "would import" if self.dry_run else f"imported plan {self.plan_id}:"
        text = f"{head} unit {self.plan.unit} {span}, {len(self.plan.steps)} steps ({self.plan.source})"
        if self.replaced:
            text += f"; replaces plan(s) {', '.join(map(str, self.replaced))}"
        return text + (f"; {self.tasks_filled} open task(s) got a due date"
                       f"; {self.reports_created} report task(s) created")


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"


def schedule_view(schedule: Schedule) -> dict[str, Any]:
    if isinstance(schedule, FixedDate):
        return {"due": schedule.day.isoformat()}
    if isinstance(schedule, Window):
        return {"window": {"from": schedule.start.isoformat(), "to": schedule.end.isoformat()}}
    assert isinstance(schedule, Recurrence)
    return {"recurrence": {"period": schedule.period, "day": schedule.day, "month": schedule.month or None}}


def rewards_view(rewards: RewardTable) -> dict[str, int]:
    """VND by star as JSON (keys "3", "4", "5"); empty when the plan sets none."""
    return {str(stars): amount for stars, amount in rewards.amounts}


def _stored_steps(plan: YearlyPlan) -> dict[str, Any]:
    return {"last_year": plan.last_year, "steps": [
        {"key": s.key, "title": s.title, "responsible": s.responsible, "line": s.line,
         **schedule_view(s.schedule)} for s in plan.steps]}


def _parse(text: str) -> YearlyPlan:
    try:
        return parse_plan(text)
    except PlanInvalid as err:
        errors: dict[str, list[str]] = {}
        for problem in err.errors:
            errors.setdefault(problem.field or "plan", []).append(str(problem))
        count = len(err.errors)
        raise ValidationFailed(f"the plan has {count} problem{'s' if count > 1 else ''}; nothing was imported: "
                               + "; ".join(str(p) for p in err.errors), errors) from None


def _unit_line(text: str) -> int:
    root = compose(text)
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "unit":
                return line_of(value)
    return 1


def _require_importer(actor: Actor, unit: UnitRow) -> str:
    role = OFFICE_ROLE.get(unit.level)
    if role is not None and actor.holds(role, unit.code):
        return f"{role}@{unit.code}"
    if actor.is_admin:
        return next(str(g) for g in actor.grants if g.role == ADMIN)
    raise Forbidden(f"only an admin or the {role or 'office'} of unit {unit.code} may import its plan")


def import_plan(ctx: ServiceContext, actor: Actor, text: str, *, replace: bool = False,
                dry_run: bool = False) -> PlanImport:
    plan = _parse(text)
    now = ctx.clock.now()
    with ctx.uow() as uow:
        session = uow.session
        unit = session.get(UnitRow, plan.unit)
        if unit is None:
            line = _unit_line(text)
            raise ValidationFailed(f"line {line}: unknown unit {plan.unit!r}; nothing was imported",
                                   {"unit": [f"line {line}: unknown unit {plan.unit!r}"]})
        acting_as = _require_importer(actor, unit)
        existing = plans_covering(session, plan.unit, plan.year, plan.last_year)
        if existing and not replace:
            found = ", ".join(f"plan {r.id} ({_span(r.year, last_year(r))}, {r.source})" for r in existing)
            raise Conflict(f"unit {plan.unit} already has {found}; import with replace to supersede it")
        result = PlanImport(plan, None, [r.id for r in existing], dry_run=dry_run)
        # Replacing keeps the first superseded row (its report tasks keep pointing at it) and folds
        # the others into it, so no foreign key ever points at a deleted plan.
        row = existing[0] if existing else PlanRow(unit_code=plan.unit)
        for other in existing[1:]:
            session.execute(update(ReportTask).where(ReportTask.plan_id == other.id).values(plan_id=row.id))
            session.delete(other)
        session.flush()
        row.year, row.source, row.steps, row.document = plan.year, plan.source, _stored_steps(plan), text
        row.imported_at, row.imported_by = now, actor.username
        session.add(row)
        try:
            session.flush()
        except IntegrityError:
            raise Conflict(f"unit {plan.unit} got a plan for {plan.year} at the same moment; retry") from None
        result.plan_id = row.id
        result.tasks_filled = refresh_open_due_dates(session, working_calendar(session), kinds=("plan",),
                                                     unit_code=plan.unit)

        result.reports_created = generate_report_tasks(session, row) + generate_producer_reports(session, row)
        audit(session, actor=actor.username, acting_as=acting_as, action="plan_import", at=now,
              data={"plan_id": row.id, "unit": plan.unit, "year": _span(plan.year, plan.last_year),
                    "source": plan.source, "replaced": result.replaced, "tasks_filled": result.tasks_filled})
        if not dry_run:
            uow.commit()
        return result


def list_plans(ctx: ServiceContext, unit: str | None = None, year: int | None = None) -> list[PlanRow]:
    with ctx.uow() as uow:
        if unit is not None and year is not None:
            return plans_covering(uow.session, unit, year)
        query = select(PlanRow).order_by(PlanRow.unit_code, PlanRow.year)
        if unit is not None:
            query = query.where(PlanRow.unit_code == unit)
        rows = list(uow.session.scalars(query))
        return [r for r in rows if year is None or r.year <= year <= last_year(r)]


def plan_view(row: PlanRow, with_document: bool = False) -> dict[str, Any]:
    """A stored plan as the API shows it (the document itself only when asked)."""
    view: dict[str, Any] = {
        "id": row.id, "unit": row.unit_code, "year": row.year, "last_year": last_year(row),
        "source": row.source, "imported_at": row.imported_at, "imported_by": row.imported_by,
        "steps": (row.steps or {}).get("steps", []), "rewards": rewards_view(parsed(row.document).rewards)}
    if with_document:
        view["document"] = row.document
    return view


def get_plan(ctx: ServiceContext, plan_id: int) -> PlanRow:
    with ctx.uow() as uow:
        row = uow.session.get(PlanRow, plan_id)
        if row is None:
            raise NotFound(f"plan {plan_id} not found")
        return row


def plan_date(ctx: ServiceContext, plan_id: int, step_key: str, on: date | None = None) -> date:
    """A step's date in a stored plan (for callers that show or schedule it)."""
    return parse_plan(get_plan(ctx, plan_id).document).deadline_for(step_key, on)
