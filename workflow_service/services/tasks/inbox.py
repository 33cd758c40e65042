"""The officer inbox page: open tasks of the actor, filtered, sorted by due date, one keyset page at a time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, func, or_, select, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from ...domain.access import Actor
from ...domain.calendar import WorkingCalendar
from ...domain.deadlines import due_soon_before
from ...domain.search import like_pattern
from ...persistence.models import Dossier, ProcessDefinition, TaskRow
from ..access.visibility import inbox_branches
from ..context import ServiceContext
from ..deadlines.calendar import working_calendar
from ..deadlines.due_dates import status
from ..definitions.deploy import runtime_for

SCOPES = ("all", "mine", "claimable")
DEADLINES = ("overdue", "due_soon")
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


def cursor_of(row: TaskRow) -> str:
    due = row.due_at.isoformat() if row.due_at else "-"
    return f"{due}|{row.created_at.isoformat()}|{row.id}"


@dataclass(frozen=True)
class _Cursor:
    due: datetime | None
    created: datetime
    task_id: str


def _parse_cursor(text: str | None) -> _Cursor | None:
    if not text:
        return None
    try:
        due_text, created_text, task_id = text.split("|")
        created = datetime.fromisoformat(created_text)
        due = None if due_text == "-" else datetime.fromisoformat(due_text)
    except ValueError:
        return None  # a mangled cursor shows the first page rather than an error
    if created.tzinfo is None or (due is not None and due.tzinfo is None):
        return None
    return _Cursor(due, created, task_id)


def _after_in_segment(c: _Cursor) -> list[ColumnElement[bool]]:
    later = or_(TaskRow.created_at > c.created, and_(TaskRow.created_at == c.created, TaskRow.id > c.task_id))
    if c.due is None:
        return [later]
    # `due_at >= d` alone gives the index a range to start from; the OR then skips the ties already shown.
    return [TaskRow.due_at >= c.due, or_(TaskRow.due_at > c.due, later)]


def _filters(q: InboxQuery, now: datetime, exact_dossier: int | None,
             calendar: WorkingCalendar) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if q.element_id:
        found.append(TaskRow.element_id == q.element_id)
    if q.deadline == "overdue":
        found.append(TaskRow.due_at < now)
    elif q.deadline == "due_soon":
        found += [TaskRow.due_at >= now, TaskRow.due_at < due_soon_before(now, calendar)]
    if q.process_key:
        found.append(Dossier.definition_id.in_(
            select(ProcessDefinition.id).where(ProcessDefinition.key == q.process_key)))
    if exact_dossier is not None:
        found.append(TaskRow.dossier_id == exact_dossier)
    elif q.search and q.search.strip():
        # The stored folded text: "mat ong" finds "Mật ong" on SQLite and PostgreSQL alike.
        found.append(Dossier.search_text.like(like_pattern(q.search), escape="\\"))
    return found


def _segment(session: Session, branches: list[ColumnElement[bool]], where: list[ColumnElement[bool]],
             with_dossier: bool, dated: bool, limit: int) -> list[str]:
    """Task ids of one segment (dated or undated tasks) in inbox order: each branch reads its first
    `limit` from ix_tasks_inbox, then the branches are merged."""
    order = [TaskRow.due_at, TaskRow.created_at, TaskRow.id] if dated else [TaskRow.created_at, TaskRow.id]
    where = [*where, TaskRow.due_at.is_not(None) if dated else TaskRow.due_at.is_(None)]
    parts = []
    for branch in branches:
        part = select(TaskRow.id, TaskRow.due_at, TaskRow.created_at).where(branch, *where)
        if with_dossier:
            part = part.join(Dossier, Dossier.id == TaskRow.dossier_id)
        parts.append(part.order_by(*order).limit(limit))
    if not parts:
        return []
    if len(parts) == 1:
        return list(session.scalars(parts[0].with_only_columns(TaskRow.id)))
    merged = union_all(*(select(p.subquery()) for p in parts)).subquery()
    columns = [merged.c.due_at, merged.c.created_at, merged.c.id] if dated else [merged.c.created_at,
                                                                                  merged.c.id]
    return list(session.scalars(select(merged.c.id).order_by(*columns).limit(limit)))


def inbox_page(ctx: ServiceContext, actor: Actor, q: InboxQuery) -> InboxPage:
    now = ctx.clock.now()
    branches = inbox_branches(actor, q.scope if q.scope in SCOPES else "all")
    term = (q.search or "").strip()
    cursor = _parse_cursor(q.after)
    want = max(1, min(q.limit, MAX_PAGE)) + 1  # one more than shown tells whether a next page exists
    with ctx.uow() as uow:
        # A whole registration number (what officers copy from a letter) is one index lookup, not a scan.
        exact = uow.session.scalar(select(Dossier.id).where(Dossier.registration_number == term)) if term else None
        calendar = working_calendar(uow.session)
        where = _filters(q, now, exact, calendar)
        with_dossier = bool(q.process_key or (term and exact is None))
        ids: list[str] = []
        if cursor is None or cursor.due is not None:  # dated tasks first, by due date
            after = _after_in_segment(cursor) if cursor else []
            ids = _segment(uow.session, branches, [*where, *after], with_dossier, True, want)
        if len(ids) < want:  # then tasks without a deadline, oldest first
            after = _after_in_segment(cursor) if cursor is not None and cursor.due is None else []
            ids += _segment(uow.session, branches, [*where, *after], with_dossier, False, want - len(ids))
        more = len(ids) == want
        ids = ids[:want - 1]
        by_id = {r.id: r for r in uow.session.scalars(select(TaskRow).where(TaskRow.id.in_(ids)))}
    rows = [by_id[i] for i in ids if i in by_id]
    return InboxPage(tasks=rows, deadline_status={r.id: status(r.due_at, now, r.completed_at, calendar) for r in rows},
                     next_cursor=cursor_of(rows[-1]) if more and rows else None)


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


