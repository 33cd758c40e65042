"""The supervisor's summary: open tasks by unit and step, aging of overdue tasks, on-time rate per period."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from ...domain.access import Actor
from ...domain.clock import VN_TZ
from ...domain.deadlines import DUE_SOON_WORKING_DAYS
from ...domain.errors import ValidationFailed
from ...persistence.models import Dossier, Incident, TaskRow, UnitRow
from ..context import ServiceContext
from ..deadlines.calendar import working_calendar
from .counts import buckets
from .task_list import Cutoffs, cutoffs_at, resolve_scope, start_of_day

AGING_BUCKETS = (("1-5", 1, 6), ("6-10", 6, 11), ("11-20", 11, 21), (">20", 21, None))
MAX_PERIODS = 36


@dataclass(frozen=True)
class OpenCounts:
    key: str  # unit code or step (element id)
    name: str
    overdue: int
    due_soon: int
    open: int | None  # all open tasks; None by step (counting them would read every open task)


@dataclass(frozen=True)
class Period:
    label: str
    start: date  # inclusive
    end: date  # exclusive


@dataclass(frozen=True)
class OnTimeRate:
    period: str
    unit: str | None  # None: the whole subtree
    completed: int
    on_time: int

    @property
    def rate(self) -> float | None:
        return round(self.on_time / self.completed, 4) if self.completed else None


@dataclass(frozen=True)
class Summary:
    unit: str
    unit_name: str
    as_of: datetime
    period: str
    by_unit: list[OpenCounts]
    by_step: list[OpenCounts]
    aging: dict[str, int]
    on_time_by_unit: list[OnTimeRate]
    trend: list[OnTimeRate]
    open_incidents: int = 0  # failed engine steps of the subtree's dossiers waiting for an admin


def periods(kind: str, start: date, end: date) -> list[Period]:
    """Calendar months or quarters covering [start, end] (both inclusive)."""
    if kind not in ("month", "quarter"):
        raise ValidationFailed.coded("monitoring.bad_period", {"period": ["month or quarter"]})
    if start > end:
        raise ValidationFailed.coded("monitoring.from_after_to", {"from": ["after to"]})
    step = 1 if kind == "month" else 3
    month = start.month if kind == "month" else 3 * ((start.month - 1) // 3) + 1
    current, found = date(start.year, month, 1), []
    while current <= end:
        index = current.year * 12 + current.month - 1 + step
        following = date(index // 12, index % 12 + 1, 1)
        label = (f"{current:%Y-%m}" if kind == "month" else f"{current.year}-Q{(current.month - 1) // 3 + 1}")
        found.append(Period(label, current, following))
        current = following
        if len(found) > MAX_PERIODS:
            raise ValidationFailed.coded("monitoring.too_many_periods", {"from": ["range too long"]}, limit=MAX_PERIODS)
    return found


def default_range(kind: str, today: date) -> tuple[date, date]:
    back = 5 if kind == "month" else 9  # six months, or four quarters (this one and three before)
    index = today.year * 12 + today.month - 1 - back
    return date(index // 12, index % 12 + 1, 1), today


def summarize(ctx: ServiceContext, actor: Actor, unit: str | None, kind: str = "month",
              start: date | None = None, end: date | None = None) -> Summary:
    """Counts come from task_counts (see counts.py), not from the tasks: the cost follows the number
    of (unit, step, due day) buckets, not of tasks. Only today's tasks are read, to split them at now."""
    now = ctx.clock.now()
    if start is None or end is None:
        default_start, default_end = default_range(kind, now.astimezone(VN_TZ).date())
        start, end = start or default_start, end or default_end
    spans = periods(kind, start, end)
    with ctx.uow() as uow:
        session = uow.session
        cut = cutoffs_at(now, DUE_SOON_WORKING_DAYS, working_calendar(session))
        unit, codes = resolve_scope(session, actor, unit)
        units = sorted(codes)
        names = dict(session.execute(select(UnitRow.code, UnitRow.name).where(UnitRow.code.in_(units))).all())
        steps = _open_steps(session, units, cut)
        rates = _on_time(session, units, spans)
        incidents = session.scalar(select(func.count(Incident.id)).join(Dossier, Dossier.id == Incident.dossier_id)
                                   .where(Incident.status == "open", Dossier.commune_code.in_(units))) or 0
    by_unit = _ranked(OpenCounts(code, names.get(code, code), sum(s.overdue for s in rows),
                                 sum(s.due_soon for s in rows), sum(s.open for s in rows))
                      for code, rows in _grouped(steps, lambda s: s.unit).items())
    by_step = _ranked(OpenCounts(element, min(s.name for s in rows), sum(s.overdue for s in rows),
                                 sum(s.due_soon for s in rows), None)
                      for element, rows in _grouped([s for s in steps if s.near], lambda s: s.element).items())
    aging = {label: sum(s.aging[i] for s in steps) for i, (label, _, _) in enumerate(AGING_BUCKETS)}
    trend = [OnTimeRate(p.label, None, sum(r.completed for r in rates if r.period == p.label),
                        sum(r.on_time for r in rates if r.period == p.label)) for p in spans]
    return Summary(unit, names.get(unit, unit), cut.now, kind, by_unit, by_step, aging, rates, trend,
                   int(incidents))


@dataclass
class _StepCounts:
    """Open tasks of one unit at one step (element id and name)."""

    unit: str
    element: str
    name: str
    overdue: int = 0
    due_soon: int = 0
    open: int = 0
    aging: list[int] = field(default_factory=lambda: [0] * len(AGING_BUCKETS))

    @property
    def near(self) -> bool:
        """Some are overdue or due soon: the step is listed by step."""
        return self.overdue + self.due_soon > 0


def _grouped(steps: Iterable[_StepCounts], key: Callable[[_StepCounts], str]) -> dict[str, list[_StepCounts]]:
    found: dict[str, list[_StepCounts]] = {}
    for step in steps:
        found.setdefault(key(step), []).append(step)
    return found


def _open_steps(session: Session, units: list[str], cut: Cutoffs) -> list[_StepCounts]:
    """Every day but today from the day buckets; today's tasks from the tasks, split at now."""
    today, soon = cut.today, _day(cut.due_soon_before)
    edges = [today] + [_day(cut.overdue_by_at_least(low)) for _, low, _ in AGING_BUCKETS[1:]]  # aging days
    b = buckets("open", units)
    ages = [func.sum(b.c.n).filter(and_(b.c.day < newer, b.c.day >= older))
            for newer, older in pairwise(edges)]
    rows = session.execute(select(
        b.c.unit_code, b.c.element_id, b.c.name, func.sum(b.c.n).filter(b.c.day < today),
        func.sum(b.c.n).filter(and_(b.c.day > today, b.c.day < soon)), func.sum(b.c.n),
        *ages, func.sum(b.c.n).filter(b.c.day < edges[-1]))
        .group_by(b.c.unit_code, b.c.element_id, b.c.name))
    steps = {}
    for unit, element, name, overdue, due_soon, total, *aging in rows:
        steps[(unit, element, name)] = _StepCounts(unit, element, name, int(overdue or 0), int(due_soon or 0),
                                                   int(total or 0), [int(a or 0) for a in aging])
    starts = start_of_day(today)
    for unit, element, name, late, later in session.execute(
            select(TaskRow.unit_code, TaskRow.element_id, TaskRow.name, _count_if(TaskRow.due_at < cut.now),
                   _count_if(TaskRow.due_at >= cut.now))
            .where(TaskRow.status == "open", TaskRow.unit_code.in_(units), TaskRow.due_at >= starts,
                   TaskRow.due_at < start_of_day(today + timedelta(days=1)))
            .group_by(TaskRow.unit_code, TaskRow.element_id, TaskRow.name)):
        step = steps.setdefault((unit, element, name), _StepCounts(unit, element, name))
        step.overdue, step.due_soon = step.overdue + late, step.due_soon + later
        step.aging[0] += late  # late since earlier today: the first bucket
    return [step for step in steps.values() if step.open]  # a step whose tasks all moved on is gone


def _day(instant: datetime) -> date:
    return instant.astimezone(VN_TZ).date()


def _ranked(rows: Iterable[OpenCounts]) -> list[OpenCounts]:
    return sorted(rows, key=lambda c: (-c.overdue, -c.due_soon, c.key))


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.count().filter(condition)  # FILTER (WHERE …): PostgreSQL and SQLite >= 3.30


def _on_time(session: Session, units: list[str], spans: list[Period]) -> list[OnTimeRate]:
    """Completed tasks with a deadline, by unit and month of completion (Vietnam time), from the buckets."""
    b = buckets("done", units)
    found: dict[tuple[str, str], list[int]] = {}
    for code, month, on_time, n in session.execute(select(b.c.unit_code, b.c.day, b.c.on_time, b.c.n).where(
            b.c.day >= spans[0].start, b.c.day < spans[-1].end)):
        month = month if isinstance(month, date) else date.fromisoformat(str(month))
        label = next(p.label for p in spans if p.start <= month < p.end)
        totals = found.setdefault((label, code), [0, 0])
        totals[0] += int(n)
        totals[1] += int(n) if on_time else 0
    order = {p.label: i for i, p in enumerate(spans)}
    rates = [OnTimeRate(label, code, completed, ok) for (label, code), (completed, ok) in found.items() if completed]
    return sorted(rates, key=lambda r: (order[r.period], r.unit or ""))
