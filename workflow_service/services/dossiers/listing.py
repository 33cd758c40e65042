"""The dossier list: the actor's visible dossiers found by words typed without diacritics, filtered by state,
current step, commune and regulation, each with the steps it is waiting at."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import exists, func, select
from sqlalchemy.sql import ColumnElement

from ...domain.access import Actor
from ...domain.search import COUNT_CAP, like_pattern
from ...domain.units import Level
from ...persistence.models import Dossier, TaskRow, UnitRow
from ..access.visibility import visible_dossiers
from ..context import ServiceContext
from ..regulations.registry import registry
from ..units.tree import subtree_codes

STATUSES = ("running", "completed")
COMMUNE_CHOICES = 400


@dataclass(frozen=True)
class DossierQuery:
    search: str | None = None  # registration number, producer or product, diacritics and case ignored
    status: str | None = None  # running | completed
    element_id: str | None = None  # waiting at this step (an open task)
    commune: str | None = None
    regulation: str | None = None  # registry id, e.g. "R4"
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class CurrentStep:
    name: str
    role: str
    unit_code: str


@dataclass
class DossierPage:
    rows: list[Dossier]
    total: int  # exact unless more_than_total: then there are more than this many
    more_than_total: bool = False
    has_next: bool = False
    current: dict[int, list[CurrentStep]] = field(default_factory=dict)  # dossier id → its open steps


@dataclass(frozen=True)
class ListChoices:
    communes: list[str] | None  # the communes under the actor's units; None: too many for a list
    regulations: list[tuple[str, str]]  # (id, title)


def _conditions(q: DossierQuery) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if q.search and q.search.strip():
        found.append(Dossier.search_text.like(like_pattern(q.search), escape="\\"))
    if q.status in STATUSES:
        found.append(Dossier.status == q.status)
    if q.element_id:
        found.append(exists().where(TaskRow.dossier_id == Dossier.id, TaskRow.status == "open",
                                    TaskRow.element_id == q.element_id))
    if q.commune:
        found.append(Dossier.commune_code == q.commune)
    if q.regulation:
        found.append(Dossier.regulation == q.regulation)
    return found


def find_dossiers(ctx: ServiceContext, actor: Actor, q: DossierQuery) -> DossierPage:
    with ctx.uow() as uow:
        session = uow.session
        query = select(Dossier).where(visible_dossiers(session, actor), *_conditions(q))
        counted = query.with_only_columns(Dossier.id).limit(COUNT_CAP + 1).subquery()
        total = session.scalar(select(func.count()).select_from(counted)) or 0
        limit, offset = min(q.limit, 200), max(q.offset, 0)
        rows = list(session.scalars(query.order_by(Dossier.id.desc()).limit(limit + 1).offset(offset)))
        has_next, rows = len(rows) > limit, rows[:limit]
        current: dict[int, list[CurrentStep]] = {}
        for dossier_id, name, role, unit in session.execute(
                select(TaskRow.dossier_id, TaskRow.name, TaskRow.role, TaskRow.unit_code)
                .where(TaskRow.dossier_id.in_([r.id for r in rows]), TaskRow.status == "open")
                .order_by(TaskRow.created_at, TaskRow.id)):
            steps = current.setdefault(dossier_id, [])
            if all(s.name != name for s in steps):  # a council's sheets are one step
                steps.append(CurrentStep(name, role, unit))
        return DossierPage(rows, min(total, COUNT_CAP), total > COUNT_CAP, has_next, current)


def list_choices(ctx: ServiceContext, actor: Actor) -> ListChoices:
    """The communes under the actor's units (read from the unit tree: collecting them from the visible
    dossiers reads every one of a province's dossiers), none past COMMUNE_CHOICES (a national reader
    filters by typing the code)."""
    with ctx.uow() as uow:
        session = uow.session
        below = subtree_codes(session, {g.unit_code for g in actor.grants})
        communes = list(session.scalars(select(UnitRow.code).where(
            UnitRow.code.in_(sorted(below)), UnitRow.level == Level.COMMUNE.value).order_by(UnitRow.code)
            .limit(COMMUNE_CHOICES + 1)))
    return ListChoices(communes if len(communes) <= COMMUNE_CHOICES else None,
                       [(r.id, r.title) for r in registry(ctx).entries])
