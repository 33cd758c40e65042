"""The supervisor's summary: open tasks by unit and step, aging of overdue tasks, on-time rate per period."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from ...domain.access import Actor
from ...domain.clock import VN_TZ
from ...domain.deadlines import DUE_SOON_WORKING_DAYS
from ...domain.errors import ValidationFailed
from ...persistence.models import Dossier, Incident, TaskRow, UnitRow
from ..context import ServiceContext
from ..deadlines.calendar import working_calendar
from .task_list import Cutoffs, MonitoringFilter, cutoffs_at, resolve_scope, start_of_day, task_conditions

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
    now = ctx.clock.now()
    if start is None or end is None:
        default_start, default_end = default_range(kind, now.astimezone(VN_TZ).date())
        start, end = start or default_start, end or default_end
    spans = periods(kind, start, end)
    with ctx.uow() as uow:
        session = uow.session
        cut = cutoffs_at(now, DUE_SOON_WORKING_DAYS, working_calendar(session))
        unit, codes = resolve_scope(session, actor, unit)
        open_where = task_conditions(session, codes, MonitoringFilter(), cut)
        names = dict(session.execute(select(UnitRow.code, UnitRow.name).where(UnitRow.code.in_(codes))).all())
        # By unit from ix_tasks_unit_due alone (status, unit_code, due_at): no table rows are read.
        units = session.execute(select(TaskRow.unit_code, *_counts(cut), *_aging(cut))
                                .where(*open_where).group_by(TaskRow.unit_code)).all()
        # By step needs the table, so only for the tasks that are overdue or due soon.
        steps = session.execute(select(TaskRow.element_id, func.min(TaskRow.name), *_counts(cut)[:2])
                                .where(*open_where, TaskRow.due_at < cut.due_soon_before)
                                .group_by(TaskRow.element_id)).all()
        rates = _on_time(session, codes, spans)
        incidents = session.scalar(select(func.count(Incident.id)).join(Dossier, Dossier.id == Incident.dossier_id)
                                   .where(Incident.status == "open", Dossier.commune_code.in_(codes))) or 0
    by_unit = _ranked(OpenCounts(code, names.get(code, code), int(o), int(s), int(n))
                      for code, o, s, n, *_ in units)
    by_step = _ranked(OpenCounts(r[0], r[1], int(r[2]), int(r[3]), None) for r in steps)
    aging = {label: sum(int(u[4 + i]) for u in units) for i, (label, _, _) in enumerate(AGING_BUCKETS)}
    trend = [OnTimeRate(p.label, None, sum(r.completed for r in rates if r.period == p.label),
                        sum(r.on_time for r in rates if r.period == p.label)) for p in spans]
    return Summary(unit, names.get(unit, unit), cut.now, kind, by_unit, by_step, aging, rates, trend,
                   int(incidents))


def _ranked(rows: Iterable[OpenCounts]) -> list[OpenCounts]:
    return sorted(rows, key=lambda c: (-c.overdue, -c.due_soon, c.key))


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.count().filter(condition)  # FILTER (WHERE …): PostgreSQL and SQLite >= 3.30


def _counts(cut: Cutoffs) -> list[ColumnElement[int]]:
    return [_count_if(TaskRow.due_at < cut.now),
            _count_if(and_(TaskRow.due_at >= cut.now, TaskRow.due_at < cut.due_soon_before)),
            func.count()]


def _aging(cut: Cutoffs) -> list[ColumnElement[int]]:
    columns = []
    for _, low, high in AGING_BUCKETS:
        condition = TaskRow.due_at < cut.overdue_by_at_least(low)
        if high is not None:
            condition = and_(condition, TaskRow.due_at >= cut.overdue_by_at_least(high))
        columns.append(_count_if(condition))
    return columns


def _on_time(session: Session, codes: set[str], spans: list[Period]) -> list[OnTimeRate]:
    period = case(*[(and_(TaskRow.completed_at >= start_of_day(p.start),
                          TaskRow.completed_at < start_of_day(p.end)), p.label) for p in spans], else_=None)
    # Grouped in an outer query: PostgreSQL does not match a GROUP BY expression holding bind parameters.
    done = (select(TaskRow.unit_code.label("unit"), period.label("period"),
                   case((TaskRow.completed_at <= TaskRow.due_at, 1), else_=0).label("ok"))
            .where(TaskRow.status == "completed", TaskRow.unit_code.in_(sorted(codes)),
                   TaskRow.due_at.is_not(None), TaskRow.completed_at >= start_of_day(spans[0].start),
                   TaskRow.completed_at < start_of_day(spans[-1].end))).subquery()
    rows = session.execute(select(done.c.unit, done.c.period, func.count(), func.sum(done.c.ok))
                           .group_by(done.c.unit, done.c.period))
    order = {p.label: i for i, p in enumerate(spans)}
    found = [OnTimeRate(label, code, int(n), int(ok or 0)) for code, label, n, ok in rows if label is not None]
    return sorted(found, key=lambda r: (order[r.period], r.unit or ""))
