"""Who sees which dossier and task: the one place the service decides it (anything else is not found)."""

from __future__ import annotations

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement

from ...domain.access import Actor, Offer, may_take
from ...domain.errors import NotFound
from ...domain.roles import ROLE_LEVEL
from ...domain.units import Level
from ...persistence.models import Dossier, TaskRow
from ..units.tree import subtree_codes

CHAIR_ROLES = ("commune_chair", "district_chair", "province_chair", "minister")


def visible_dossiers(session: Session, actor: Actor) -> ColumnElement[bool]:
    """SQL condition: the dossiers this actor may see (anything else is reported as not found)."""
    conditions: list[ColumnElement[bool]] = [Dossier.filed_by == actor.username]
    for grant in actor.grants:
        level = ROLE_LEVEL.get(grant.role)
        if level is Level.COMMUNE:
            conditions.append(Dossier.commune_code == grant.unit_code)
        elif level is Level.PROVINCE:
            conditions.append(Dossier.province_code == grant.unit_code)
        elif level is not None:
            conditions.append(exists().where(TaskRow.dossier_id == Dossier.id, TaskRow.role == grant.role,
                                             TaskRow.unit_code == grant.unit_code))
    supervised = subtree_codes(session, actor.supervised_units)
    if supervised:
        conditions.append(Dossier.commune_code.in_(supervised))
    return or_(*conditions)


def inbox_branches(actor: Actor, scope: str) -> list[ColumnElement[bool]]:
    """One condition per way a task reaches the actor: held by them, or offered to one of their grants."""
    # `status = 'open'` is repeated inside every branch so each branch can use ix_tasks_inbox;
    # with it only outside the OR, SQLite scans every open task.
    mine = and_(TaskRow.status == "open", TaskRow.claimed_by == actor.username)
    offers = [and_(TaskRow.status == "open", TaskRow.role == g.role, TaskRow.unit_code == g.unit_code,
                   TaskRow.claimed_by.is_(None),
                   or_(TaskRow.candidate.is_(None), TaskRow.candidate == actor.username))
              for g in actor.grants if g.role in ROLE_LEVEL]
    if scope == "mine":
        return [mine]
    if scope == "claimable":
        return offers
    return [mine, *offers]


def visible_task(session: Session, actor: Actor, task_id: str, lock: bool = False) -> TaskRow:
    query = select(TaskRow).where(TaskRow.id == task_id)
    row = session.scalars(query.with_for_update(of=TaskRow) if lock else query).first()
    if row is None or not can_see(session, actor, row):
        raise NotFound(f"task {task_id} not found")
    return row


def can_see(session: Session, actor: Actor, row: TaskRow) -> bool:
    if row.claimed_by == actor.username or may_take(actor, offer_of(row)):
        return True
    return session.scalar(select(Dossier.id).where(Dossier.id == row.dossier_id,
                                                   visible_dossiers(session, actor))) is not None


def offer_of(row: TaskRow) -> Offer:
    return Offer(row.role, row.unit_code, row.candidate)
