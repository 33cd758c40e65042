"""The officer inbox page: open tasks of the actor, filtered, sorted by due date, one keyset page at a time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time

from sqlalchemy import and_, func, or_, select
from sqlalchemy.sql import ColumnElement

from ..domain.access import Actor
from ..domain.clock import VN_TZ
from ..persistence.models import Dossier, ProcessDefinition, TaskRow
from .context import ServiceContext
from .definitions import runtime_for
from .due_dates import CALENDAR, status
from .tasks import _inbox_condition

SCOPES = ("all", "mine", "claimable")
DEADLINES = ("overdue", "due_soon")
DUE_SOON_WORKING_DAYS = 3
MAX_PAGE = 100


@dataclass(frozen=True)
class InboxQuery:
    scope: str = "all"
    process_key: str | None = None
    element_id: str | None = None
    deadline: str | None = None  # overdue | due_soon
    search: str | None = None  # registration number, producer or product
    after: str | None = None  # cursor of the last task of the previous page
    limit: int = 25


@dataclass
class InboxPage:
    tasks: list[TaskRow]
    deadline_status: dict[str, str | None]
    next_cursor: str | None


@dataclass(frozen=True)
class StepChoice:
    process_key: str
    process_name: str
    steps: list[tuple[str, str]] = field(default_factory=list)  # (element id, name)


def due_soon_cutoff(now: datetime) -> datetime:
    """Tasks due before this instant have at most DUE_SOON_WORKING_DAYS working days left (see deadlines)."""
    today = now.astimezone(VN_TZ).date()
    first_not_soon = CALENDAR.add_working_days(today, DUE_SOON_WORKING_DAYS + 1)
    return datetime.combine(first_not_soon, time(0, 0), tzinfo=VN_TZ)


def cursor_of(row: TaskRow) -> str:
    due = row.due_at.isoformat() if row.due_at else "-"
    return f"{due}|{row.created_at.isoformat()}|{row.id}"


def _after(cursor: str) -> ColumnElement[bool] | None:
    try:
        due_text, created_text, task_id = cursor.split("|")
        created = datetime.fromisoformat(created_text)
        due = None if due_text == "-" else datetime.fromisoformat(due_text)
    except ValueError:
        return None  # a mangled cursor shows the first page rather than an error
    if created.tzinfo is None or (due is not None and due.tzinfo is None):
        return None
    later_same_due = or_(TaskRow.created_at > created, and_(TaskRow.created_at == created, TaskRow.id > task_id))
    if due is None:
        return and_(TaskRow.due_at.is_(None), later_same_due)
    return or_(TaskRow.due_at > due, and_(TaskRow.due_at == due, later_same_due), TaskRow.due_at.is_(None))


def inbox_page(ctx: ServiceContext, actor: Actor, q: InboxQuery) -> InboxPage:
    now = ctx.clock.now()
    query = select(TaskRow).where(_inbox_condition(actor, q.scope if q.scope in SCOPES else "all"))
    if q.element_id:
        query = query.where(TaskRow.element_id == q.element_id)
    if q.deadline == "overdue":
        query = query.where(TaskRow.due_at < now)
    elif q.deadline == "due_soon":
        query = query.where(TaskRow.due_at >= now, TaskRow.due_at < due_soon_cutoff(now))
    if q.process_key or q.search:
        query = query.join(Dossier, Dossier.id == TaskRow.dossier_id)
    if q.process_key:
        query = query.where(Dossier.definition_id.in_(
            select(ProcessDefinition.id).where(ProcessDefinition.key == q.process_key)))
    if q.search and q.search.strip():
        pattern = "%" + q.search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(Dossier.registration_number.ilike(pattern, escape="\\"),
                                Dossier.producer_name.ilike(pattern, escape="\\"),
                                Dossier.product_name.ilike(pattern, escape="\\")))
    if q.after and (keyset := _after(q.after)) is not None:
        query = query.where(keyset)
    limit = max(1, min(q.limit, MAX_PAGE))
    query = query.order_by(TaskRow.due_at.is_(None), TaskRow.due_at, TaskRow.created_at, TaskRow.id)
    with ctx.uow() as uow:
        rows = list(uow.session.scalars(query.limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return InboxPage(tasks=rows, deadline_status={r.id: status(r.due_at, now, r.completed_at) for r in rows},
                     next_cursor=cursor_of(rows[-1]) if more else None)


def step_choices(ctx: ServiceContext) -> list[StepChoice]:
    """Processes and their user tasks (latest versions) for the inbox filters."""
    latest = select(ProcessDefinition.key, func.max(ProcessDefinition.version).label("v")) \
        .group_by(ProcessDefinition.key).subquery()
    choices = []
    with ctx.uow() as uow:  # the runtime cache reads the deferred files only on a miss, inside this session
        for definition in uow.session.scalars(select(ProcessDefinition).join(latest, and_(
                ProcessDefinition.key == latest.c.key, ProcessDefinition.version == latest.c.v))
                .order_by(ProcessDefinition.key)):
            bundle = runtime_for(ctx, definition).bundle
            steps = sorted(((t.id, t.name or t.id) for t in bundle.user_tasks.values()), key=lambda s: s[1])
            choices.append(StepChoice(definition.key, definition.name, steps))
    return choices


