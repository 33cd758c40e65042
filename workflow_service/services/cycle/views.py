"""Reading ideas and business plans: the rows an actor may see, with where each stands."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.access import Actor
from ...domain.cycle import IDEA_SERIES, approval_decision, idea_status, plan_status, selection_decision
from ...domain.errors import NotFound, ValidationFailed
from ...persistence.models import Dossier, TaskRow
from ..access.redaction import HistoryEntry
from ..access.visibility import visible_dossiers
from ..context import ServiceContext
from ..dossiers.filing import get_dossier

MAX_ROWS = 500


@dataclass(frozen=True)
class CycleItem:
    row: Dossier
    status: str
    decision: dict[str, Any] | None  # the selection decision (idea) or the approval decision (plan)
    open_steps: frozenset[str]


@dataclass(frozen=True)
class CycleDetail:
    item: CycleItem
    tasks: list[TaskRow]
    history: list[HistoryEntry]


def describe(row: Dossier, open_steps: frozenset[str]) -> CycleItem:
    data, completed = row.data or {}, row.status == "completed"
    if row.series == IDEA_SERIES:
        return CycleItem(row, idea_status(data, completed), selection_decision(data), open_steps)
    return CycleItem(row, plan_status(data, completed, open_steps), approval_decision(data), open_steps)


def open_steps_of(session: Session, ids: list[int]) -> dict[int, frozenset[str]]:
    steps: dict[int, set[str]] = defaultdict(set)
    for dossier_id, element_id in session.execute(select(TaskRow.dossier_id, TaskRow.element_id).where(
            TaskRow.dossier_id.in_(ids), TaskRow.status == "open")):
        steps[dossier_id].add(element_id)
    return {i: frozenset(steps.get(i, ())) for i in ids}


def list_items(ctx: ServiceContext, actor: Actor, series: str, *, status: str | None = None,
               statuses: tuple[str, ...] = (), own_only: bool = False, idea_id: int | None = None
               ) -> list[CycleItem]:
    if status is not None and status not in statuses:
        raise ValidationFailed(f"status must be one of {', '.join(statuses)}", {"status": ["unknown status"]})
    with ctx.uow() as uow:
        session = uow.session
        query = select(Dossier).where(Dossier.series == series, visible_dossiers(session, actor))
        if own_only:
            query = query.where(Dossier.filed_by == actor.username)
        if idea_id is not None:
            query = query.where(Dossier.idea_id == idea_id)
        rows = list(session.scalars(query.order_by(Dossier.id.desc()).limit(MAX_ROWS)))
        steps = open_steps_of(session, [r.id for r in rows])
    items = [describe(r, steps[r.id]) for r in rows]
    return [i for i in items if status is None or i.status == status]


def get_item(ctx: ServiceContext, actor: Actor, series: str, item_id: int) -> CycleDetail:
    try:
        row, tasks, history = get_dossier(ctx, actor, item_id)
    except NotFound:
        row = None
    if row is None or row.series != series:
        raise NotFound(f"{series.replace('_', ' ')} {item_id} not found")
    steps = frozenset(t.element_id for t in tasks if t.status == "open")
    return CycleDetail(describe(row, steps), tasks, history)


def linked_items(ctx: ServiceContext, actor: Actor, row: Dossier) -> dict[str, tuple[int, str]]:
    """The idea and business plan a row is linked to, by series → (id, number), those the actor may see."""
    ids = [i for i in (row.idea_id, row.business_plan_id) if i is not None]
    if not ids:
        return {}
    with ctx.uow() as uow:
        session = uow.session
        found = session.execute(select(Dossier.series, Dossier.id, Dossier.registration_number).where(
            Dossier.id.in_(ids), visible_dossiers(session, actor)))
        return {series: (item_id, number) for series, item_id, number in found}
