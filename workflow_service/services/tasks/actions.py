"""The inbox and the task actions: claim, unclaim, complete, assign."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, false, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql import ColumnElement

from ...domain.access import Actor, may_take
from ...domain.errors import Conflict, Forbidden, ValidationFailed
from ...persistence.models import Dossier, ProcessDefinition, RoleAssignment, TaskRow, User
from ..access.redaction import mask_task, sheet_hidden
from ..access.task_actions import reassigner_grant
from ..access.visibility import inbox_branches, offer_of, visible_task
from ..audit.trail import audit
from ..context import ServiceContext
from ..definitions.deploy import runtime_for
from .completion import complete_task, require_open

__all__ = ["TaskFilter", "assign_task", "claim_task", "complete_task", "get_task", "list_tasks",
           "require_open", "unclaim_task"]


@dataclass(frozen=True)
class TaskFilter:
    process_key: str | None = None
    element_id: str | None = None
    dossier_id: int | None = None
    scope: str = "all"  # all | mine | claimable
    limit: int = 50
    offset: int = 0


def _inbox_condition(actor: Actor, scope: str) -> ColumnElement[bool]:
    branches = inbox_branches(actor, scope)
    return or_(*branches) if branches else false()


def list_tasks(ctx: ServiceContext, actor: Actor, flt: TaskFilter) -> list[TaskRow]:
    query = select(TaskRow).where(_inbox_condition(actor, flt.scope))
    if flt.element_id:
        query = query.where(TaskRow.element_id == flt.element_id)
    if flt.dossier_id:
        query = query.where(TaskRow.dossier_id == flt.dossier_id)
    if flt.process_key:
        query = query.join(Dossier).join(ProcessDefinition).where(ProcessDefinition.key == flt.process_key)
    query = query.order_by(TaskRow.due_at.is_(None), TaskRow.due_at, TaskRow.created_at, TaskRow.id)
    with ctx.uow() as uow:
        return list(uow.session.scalars(query.limit(min(flt.limit, 200)).offset(flt.offset)))


def get_task(ctx: ServiceContext, actor: Actor, task_id: str) -> tuple[TaskRow, dict[str, Any]]:
    with ctx.uow() as uow:
        row = visible_task(uow.session, actor, task_id)
        runtime = runtime_for(ctx, row.dossier.definition)
        if sheet_hidden(actor, row):  # a supervisor sees a member's sheet task to reassign it, not its marks
            mask_task(uow.session, row)
        return row, runtime.bundle.forms[row.form_file]


def claim_task(ctx: ServiceContext, actor: Actor, task_id: str) -> TaskRow:
    now = ctx.clock.now()
    with ctx.uow() as uow:
        session = uow.session
        row = visible_task(session, actor, task_id)
        require_open(row)
        if row.claimed_by == actor.username:
            return row  # claiming your own task again changes nothing
        if not may_take(actor, offer_of(row)):
            raise Forbidden.coded("task.not_offered", task=task_id, role=row.role, unit=row.unit_code)
        # The conditional UPDATE is the arbiter: of two simultaneous claims exactly one matches a row.
        won = cast(CursorResult[Any], session.execute(update(TaskRow).where(
            TaskRow.id == task_id, TaskRow.status == "open", TaskRow.claimed_by.is_(None))
            .values(claimed_by=actor.username, claimed_at=now))).rowcount
        if won != 1:
            raise Conflict.coded("task.already_claimed", task=task_id)
        audit(session, actor=actor.username, acting_as=f"{row.role}@{row.unit_code}", action="claim",
              at=now, dossier_id=row.dossier_id, task_id=task_id)
        uow.commit()
        # What the UPDATE wrote, without reading the row back.
        set_committed_value(row, "claimed_by", actor.username)
        set_committed_value(row, "claimed_at", now)
        return row


def unclaim_task(ctx: ServiceContext, actor: Actor, task_id: str) -> TaskRow:
    now = ctx.clock.now()
    with ctx.uow() as uow:
        session = uow.session
        row = visible_task(session, actor, task_id, lock=True)
        require_open(row)
        if row.claimed_by != actor.username:
            raise Conflict.coded("task.not_claimed_by_you", task=task_id)
        row.claimed_by, row.claimed_at = None, None
        audit(session, actor=actor.username, acting_as=f"{row.role}@{row.unit_code}", action="unclaim",
              at=now, dossier_id=row.dossier_id, task_id=task_id)
        uow.commit()
        return row


def assign_task(ctx: ServiceContext, actor: Actor, task_id: str, username: str) -> TaskRow:
    now = ctx.clock.now()
    with ctx.uow() as uow:
        session = uow.session
        row = visible_task(session, actor, task_id, lock=True)
        require_open(row)
        acting_as = _reassigner_grant(session, actor, row)
        target = session.scalars(select(User).where(User.username == username)).first()
        holds = target is not None and session.scalar(select(RoleAssignment.id).where(
            RoleAssignment.user_id == target.id, RoleAssignment.role == row.role,
            RoleAssignment.unit_code == row.unit_code)) is not None
        if not holds:
            raise ValidationFailed.coded("task.assignee_lacks_role",
                                         {"username": [f"must hold {row.role}@{row.unit_code}"]},
                                         user=username, role=row.role, unit=row.unit_code)
        previous = row.claimed_by
        row.claimed_by, row.claimed_at = username, now
        if row.candidate is not None:
            row.candidate = username
        audit(session, actor=actor.username, acting_as=acting_as, action="assign", at=now,
              dossier_id=row.dossier_id, task_id=task_id, data={"from": previous, "to": username})
        uow.commit()
        return row


def _reassigner_grant(session: Session, actor: Actor, row: TaskRow) -> str:
    grant = reassigner_grant(session, actor, row, row.dossier.commune_code)
    if grant is None:
        raise Forbidden.coded("task.reassign_forbidden")
    return grant
