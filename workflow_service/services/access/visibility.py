"""Who sees which dossier and task: the one place the service decides it (anything else is not found).

The rules are domain.visibility's table; this module turns them into SQL conditions and lookups."""

from __future__ import annotations

from sqlalchemy import and_, bindparam, exists, or_, select, true
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.sql import ColumnElement

from ...domain.access import Actor, Offer, may_take
from ...domain.errors import NotFound
from ...domain.roles import APPLICANT, ROLE_LEVEL
from ...domain.units import Level
from ...domain.visibility import SHEET_READERS, Reach, reach, sheet_grants
from ...persistence.models import Attachment, Dossier, TaskRow
from ..units.tree import subtree_codes
from .redaction import sheet_hidden

CHAIR_ROLES = ("commune_chair", "district_chair", "province_chair", "minister")


def visible_dossiers(session: Session, actor: Actor) -> ColumnElement[bool]:
    """SQL condition: the dossiers this actor may see (anything else is reported as not found)."""
    conditions: list[ColumnElement[bool]] = [Dossier.filed_by == actor.username]
    for grant in actor.grants:
        how = reach(grant.role)
        if how is Reach.OWN and grant.role == APPLICANT:  # the applicant of a dossier filed for them
            conditions.append(exists().where(TaskRow.dossier_id == Dossier.id, TaskRow.role == APPLICANT,
                                             TaskRow.candidate == actor.username))
        elif how is Reach.UNIT and ROLE_LEVEL.get(grant.role) is Level.COMMUNE:
            conditions.append(Dossier.commune_code == grant.unit_code)
        elif how is Reach.UNIT and ROLE_LEVEL.get(grant.role) is Level.PROVINCE:
            conditions.append(Dossier.province_code == grant.unit_code)
        elif how in (Reach.REACHED, Reach.UNIT):
            conditions.append(exists().where(TaskRow.dossier_id == Dossier.id, TaskRow.role == grant.role,
                                             TaskRow.unit_code == grant.unit_code))
    supervised = subtree_codes(session, {g.unit_code for g in actor.grants if reach(g.role) is Reach.SUBTREE})
    if supervised:
        conditions.append(Dossier.commune_code.in_(supervised))
    return or_(*conditions)


def readable_sheets(actor: Actor) -> ColumnElement[bool]:
    """SQL condition on TaskRow: the actor may read what was entered on this task (its sheet)."""
    if actor.is_admin:
        return true()
    readable = [and_(TaskRow.role == step, TaskRow.unit_code == unit) for step, unit in sheet_grants(actor)]
    return or_(TaskRow.role.not_in(list(SHEET_READERS)), TaskRow.claimed_by == actor.username,
               TaskRow.candidate == actor.username, TaskRow.completed_by == actor.username, *readable)


def readable_attachments(actor: Actor) -> ColumnElement[bool]:
    """SQL condition on Attachment: not attached on a council member's sheet the actor may not read."""
    if actor.is_admin:
        return true()
    hidden = exists().where(TaskRow.id == Attachment.task_id, ~readable_sheets(actor))
    return or_(Attachment.task_id.is_(None), ~hidden)


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


_TASK = select(TaskRow).where(TaskRow.id == bindparam("task_id"))  # built once: every task action runs it
_TASK_LOCKED = _TASK.with_for_update(of=TaskRow)
_TASK_WITH_STATE = _TASK.options(joinedload(TaskRow.dossier).undefer(Dossier.state))


def visible_task(session: Session, actor: Actor, task_id: str, lock: bool = False,
                 with_state: bool = False) -> TaskRow:
    """`with_state`: the dossier's engine state comes in the same query (to step it)."""
    query = _TASK_LOCKED if lock else _TASK_WITH_STATE if with_state else _TASK
    row = session.scalars(query, {"task_id": task_id}).first()
    if row is None or not can_see(session, actor, row):
        raise NotFound(f"task {task_id} not found")
    return row


def can_see(session: Session, actor: Actor, row: TaskRow) -> bool:
    """A task is seen by whoever it is offered to or held by; otherwise by those who see its dossier,
    except a council member's sheet: only its readers and the supervisors above it (to reassign it)."""
    if row.claimed_by == actor.username or may_take(actor, offer_of(row)):
        return True
    if sheet_hidden(actor, row):
        supervised = subtree_codes(session, actor.supervised_units)
        if row.unit_code not in supervised and row.dossier.commune_code not in supervised:
            return False
    return session.scalar(select(Dossier.id).where(Dossier.id == row.dossier_id,
                                                   visible_dossiers(session, actor))) is not None


def offer_of(row: TaskRow) -> Offer:
    return Offer(row.role, row.unit_code, row.candidate)
