"""Supervisor monitoring: the open tasks of a unit's subtree by deadline status, age and holder.

Statuses are computed against the injected clock but filtered in SQL: the boundaries (now, the
due-soon cutoff, the age cutoffs) are instants computed once from the working calendar, so the
query stays a range on tasks.due_at and can use ix_tasks_unit_due (status, unit_code, due_at, id).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select, true
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql import ColumnElement

from ...domain.access import Actor
from ...domain.calendar import WorkingCalendar
from ...domain.clock import VN_TZ
from ...domain.deadlines import DUE_SOON_WORKING_DAYS, due_soon_before
from ...domain.errors import Forbidden, NotFound, ValidationFailed
from ...persistence.models import Dossier, ProcessDefinition, RoleAssignment, TaskRow, UnitRow, User
from ..access.visibility import CHAIR_ROLES
from ..context import ServiceContext
from ..deadlines.calendar import working_calendar
from ..units.tree import subtree_codes

STATUSES = ("overdue", "due_soon", "on_time")
EXPORT_LIMIT = 50_000


@dataclass(frozen=True)
class MonitoringFilter:
    unit: str | None = None
    status: str | None = None  # overdue | due_soon | on_time | None: every open task
    level: str | None = None  # level of the task's unit
    process_key: str | None = None
    element_id: str | None = None
    assignee: str | None = None
    min_age: int | None = None  # working days overdue, at least
    max_age: int | None = None  # working days overdue, at most (the dashboard's aging buckets)
    due_soon_days: int = DUE_SOON_WORKING_DAYS
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class Cutoffs:
    """The instants that separate the statuses at `now` (all tz-aware)."""

    now: datetime
    due_soon_before: datetime
    today: date
    calendar: WorkingCalendar = field(compare=False)

    def overdue_by_at_least(self, working_days: int) -> datetime:
        """Tasks due before this instant are overdue by >= `working_days` (a late task counts >= 1)."""
        if working_days <= 1:
            return self.now
        day, count = self.today, 0
        while count < working_days:
            if self.calendar.is_working_day(day):
                count += 1
            day -= timedelta(days=1)
        return start_of_day(day + timedelta(days=1))

    def days_overdue(self, due_at: datetime | None) -> int:
        if due_at is None or due_at >= self.now:
            return 0
        return max(1, _working_days_between(self.calendar, due_at.astimezone(VN_TZ).date(), self.today))

    def status(self, due_at: datetime | None) -> str | None:
        if due_at is None:
            return None
        if due_at < self.now:
            return "overdue"
        return "due_soon" if due_at < self.due_soon_before else "on_time"


@lru_cache(maxsize=8192)
def _working_days_between(calendar: WorkingCalendar, a: date, b: date) -> int:
    return calendar.working_days_between(a, b)


def start_of_day(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=VN_TZ)


def cutoffs_at(now: datetime, due_soon_days: int, calendar: WorkingCalendar) -> Cutoffs:
    """Due soon = at most `due_soon_days` working days left counting the due day, not today
    (domain.deadlines.deadline_status): due before the start of the (n+1)-th working day after today."""
    return Cutoffs(now, due_soon_before(now, calendar, due_soon_days), now.astimezone(VN_TZ).date(), calendar)


@dataclass(frozen=True)
class MonitoredTask:
    task: TaskRow
    unit_name: str
    deadline_status: str | None
    days_overdue: int


@dataclass(frozen=True)
class TaskPage:
    unit: str
    as_of: datetime
    items: list[MonitoredTask]
    total: int
    limit: int
    offset: int


def resolve_scope(session: Session, actor: Actor, unit: str | None) -> tuple[str, set[str]]:
    """The monitored unit and its subtree; refuses units outside what the actor supervises.

    Units are public (the administrative tree), so a unit outside the actor's scope is a 403,
    while an unknown unit code is a 404.
    """
    roots = actor.supervised_units
    # A chair may reassign (and so monitor) the tasks of its own unit, not of the units below it.
    chaired = {g.unit_code for g in actor.grants if g.role in CHAIR_ROLES}
    if not roots and not chaired:
        raise Forbidden.coded("monitoring.forbidden")
    if unit is None:
        if len(roots | chaired) != 1:
            raise ValidationFailed.coded("monitoring.choose_unit", {"unit": ["required"]})
        unit = next(iter(roots | chaired))
    if session.get(UnitRow, unit) is None:
        raise NotFound(f"unit {unit} not found")
    supervised = subtree_codes(session, roots)
    if unit in supervised:
        return unit, subtree_codes(session, {unit})
    if unit in chaired:
        return unit, {unit}
    raise Forbidden.coded("monitoring.unit_not_supervised", unit=unit)


def task_conditions(session: Session, codes: set[str], flt: MonitoringFilter,
                    cut: Cutoffs) -> list[ColumnElement[bool]]:
    return [TaskRow.status == "open", TaskRow.unit_code.in_(sorted(_units(session, codes, flt.level))),
            *_deadline_conditions(flt, cut)]


def _units(session: Session, codes: set[str], level: str | None) -> set[str]:
    if not level:
        return codes
    return set(session.scalars(select(UnitRow.code).where(UnitRow.code.in_(codes), UnitRow.level == level)))


def _deadline_conditions(flt: MonitoringFilter, cut: Cutoffs) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if flt.status == "overdue":
        conditions.append(TaskRow.due_at < cut.now)
    elif flt.status == "due_soon":
        conditions += [TaskRow.due_at >= cut.now, TaskRow.due_at < cut.due_soon_before]
    elif flt.status == "on_time":
        conditions.append(TaskRow.due_at >= cut.due_soon_before)
    if flt.min_age:
        conditions.append(TaskRow.due_at < cut.overdue_by_at_least(flt.min_age))
    if flt.max_age:  # overdue by at most n = not overdue by n + 1 (the same instants the buckets count with)
        conditions.append(TaskRow.due_at >= cut.overdue_by_at_least(flt.max_age + 1))
    if flt.element_id:
        conditions.append(TaskRow.element_id == flt.element_id)
    if flt.assignee:
        conditions.append(TaskRow.claimed_by == flt.assignee)
    if flt.process_key:
        conditions.append(TaskRow.dossier_id.in_(
            select(Dossier.id).join(ProcessDefinition).where(ProcessDefinition.key == flt.process_key)))
    return conditions


def _page_ids(session: Session, units: set[str], conditions: list[ColumnElement[bool]],
              limit: int, offset: int, total: int) -> list[str]:
    """Ids of one page in (due_at, id) order, tasks without a deadline last.

    A page nearer the end than the start is read backwards from the end, so the last page costs
    what the first does and the dearest page is the middle one.
    """
    if not units or offset >= total:
        return []
    backwards = offset > total - offset - limit
    if backwards:
        offset, limit = max(0, total - offset - limit), min(limit, total - offset)
    order = _order(TaskRow.due_at, TaskRow.id, backwards)
    if session.get_bind().dialect.name == "postgresql":
        ids = _page_ids_per_unit(session, units, conditions, limit, offset, backwards)
    else:
        ids = list(session.scalars(select(TaskRow.id).where(
            TaskRow.status == "open", TaskRow.unit_code.in_(sorted(units)), *conditions)
            .order_by(*order).limit(limit).offset(offset)))
    return ids[::-1] if backwards else ids


def _order(due: Any, task_id: Any, backwards: bool) -> list[Any]:
    return [due.desc().nulls_first(), task_id.desc()] if backwards else [due.asc().nulls_last(), task_id.asc()]


def _page_ids_per_unit(session: Session, units: set[str], conditions: list[ColumnElement[bool]],
                       limit: int, offset: int, backwards: bool) -> list[str]:
    """The first offset+limit tasks of each unit, read in order from ix_tasks_unit_due, then merged.

    With `unit_code IN (...)` PostgreSQL must read and sort every match (a province's 50k overdue
    tasks: ~0.1 s); one LATERAL branch per unit reads only the rows that can reach the page.
    """
    code = func.unnest(postgresql.array(sorted(units))).table_valued("code").render_derived(name="u")
    branch = (select(TaskRow.id, TaskRow.due_at)
              .where(TaskRow.status == "open", TaskRow.unit_code == code.c.code, *conditions)
              .order_by(*_order(TaskRow.due_at, TaskRow.id, backwards)).limit(offset + limit).lateral("t"))
    return list(session.scalars(select(branch.c.id).select_from(code).join(branch, true())
                                .order_by(*_order(branch.c.due_at, branch.c.id, backwards))
                                .limit(limit).offset(offset)))


def _load(session: Session, ids: list[str]) -> list[TaskRow]:
    rows = {r.id: r for r in session.scalars(select(TaskRow).where(TaskRow.id.in_(ids))
                                             .options(selectinload(TaskRow.dossier)))}
    return [rows[i] for i in ids]


def monitored_tasks(ctx: ServiceContext, actor: Actor, flt: MonitoringFilter) -> TaskPage:
    limit = min(flt.limit, 200)
    with ctx.uow() as uow:
        session = uow.session
        cut = cutoffs_at(ctx.clock.now(), flt.due_soon_days, working_calendar(session))
        unit, codes = resolve_scope(session, actor, flt.unit)
        units = _units(session, codes, flt.level)
        conditions = _deadline_conditions(flt, cut)
        total = session.scalar(select(func.count()).select_from(TaskRow).where(
            TaskRow.status == "open", TaskRow.unit_code.in_(sorted(units)), *conditions)) or 0
        rows = _load(session, _page_ids(session, units, conditions, limit, flt.offset, total))
        return TaskPage(unit, cut.now, _monitored(session, rows, cut), total, limit, flt.offset)


def tasks_for_export(ctx: ServiceContext, actor: Actor, flt: MonitoringFilter) -> tuple[str, list[MonitoredTask]]:
    """Every matching task (no paging), refusing more than EXPORT_LIMIT rather than cutting silently."""
    with ctx.uow() as uow:
        session = uow.session
        cut = cutoffs_at(ctx.clock.now(), flt.due_soon_days, working_calendar(session))
        unit, codes = resolve_scope(session, actor, flt.unit)
        where = task_conditions(session, codes, flt, cut)
        total = session.scalar(select(func.count()).select_from(TaskRow).where(*where)) or 0
        if total > EXPORT_LIMIT:
            raise ValidationFailed.coded("monitoring.export_too_many", {"status": ["too many rows to export"]},
                                         total=total, limit=EXPORT_LIMIT)
        rows = list(session.scalars(select(TaskRow).where(*where).options(selectinload(TaskRow.dossier))
                                    .order_by(TaskRow.due_at.asc().nulls_last(), TaskRow.id)))
        return unit, _monitored(session, rows, cut)


def _monitored(session: Session, rows: list[TaskRow], cut: Cutoffs) -> list[MonitoredTask]:
    names = dict(session.execute(select(UnitRow.code, UnitRow.name)
                                 .where(UnitRow.code.in_({r.unit_code for r in rows}))).all())
    return [MonitoredTask(r, names.get(r.unit_code, r.unit_code), cut.status(r.due_at),
                          cut.days_overdue(r.due_at)) for r in rows]


def holders(ctx: ServiceContext, items: list[MonitoredTask]) -> dict[tuple[str, str], list[str]]:
    """Who holds each role@unit of the listed tasks: the people a supervisor may reassign them to."""
    offers = {(i.task.role, i.task.unit_code) for i in items}
    if not offers:
        return {}
    found: dict[tuple[str, str], list[str]] = {offer: [] for offer in offers}
    with ctx.uow() as uow:
        rows = uow.session.execute(
            select(RoleAssignment.role, RoleAssignment.unit_code, User.username).join(User)
            .where(RoleAssignment.unit_code.in_({unit for _, unit in offers}),
                   RoleAssignment.role.in_({role for role, _ in offers}))
            .order_by(User.username))
        for role, unit, username in rows:
            if (role, unit) in found:
                found[(role, unit)].append(username)
    return found
