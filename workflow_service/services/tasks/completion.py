"""Completing a task: read, run the engine step with no transaction open, then write in one transaction.

A script may run up to its time limit (engine/sandbox.py). While it runs the database is not held:
the step reads the dossier's state and version, closes its transaction, steps the engine, and only
then opens the writing transaction, which locks the task and the dossier and checks the version
(another step of the same dossier in between → the step is redone on the fresh state). A failed
step writes nothing but its incident (services/incident_log), and the request answers 422.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import undefer

from ...domain.access import Actor
from ...domain.errors import Conflict, ValidationFailed
from ...engine.runtime import EngineStepFailed, Instance, ProcessRuntime, TaskNotReady
from ...persistence.models import Dossier, TaskRow
from ..access.visibility import visible_task
from ..audit.trail import audit
from ..context import ServiceContext
from ..definitions.deploy import runtime_for
from ..documents.issuing import issue_after_step
from ..incident_log.record import FailedStep, record_failure
from ..instances.sync import STEP_ACTOR, sync_tasks
from .forms import validate_form


class _StateMoved(Exception):
    """Another step of the dossier committed while this one ran the engine."""


@dataclass(frozen=True)
class _Read:
    dossier_id: int
    definition_id: int
    element_id: str
    row_version: int
    state: str
    runtime: ProcessRuntime


def complete_task(ctx: ServiceContext, actor: Actor, task_id: str, data: Any,
                  retried_by: str | None = None) -> TaskRow:
    """`retried_by`: the admin re-running this completion from its incident (audited with it)."""
    for _attempt in range(3):
        try:
            row = _complete_once(ctx, actor, task_id, data, retried_by)
        except _StateMoved:  # another task of the same dossier completed first; redo on fresh state
            continue
        issue_after_step(ctx, row.dossier_id, row.element_id)  # Mẫu 03, decision, certificate: after the step committed
        return row
    raise Conflict.coded("task.dossier_changed")


def _complete_once(ctx: ServiceContext, actor: Actor, task_id: str, data: Any,
                   retried_by: str | None) -> TaskRow:
    now = ctx.clock.now()
    read = _read(ctx, actor, task_id, data)
    instance = read.runtime.load(read.state, now=now)
    try:
        instance.complete(task_id, data)
    except TaskNotReady as err:
        raise Conflict.coded("task.not_ready", reason=str(err)) from err
    except EngineStepFailed as err:
        element = err.element_id or read.element_id
        incident = record_failure(ctx, FailedStep(
            subject=f"task:{task_id}", action="complete", definition_id=read.definition_id,
            actor=actor.username, error=str(err), element_id=element, dossier_id=read.dossier_id,
            task_id=task_id, payload={"data": data}))
        raise ValidationFailed.coded("task.step_failed", {"data": [f"step '{element}' failed: {err}"]},
                                     element=element, error=str(err), incident=incident) from err
    return _write(ctx, actor, task_id, data, read, instance, retried_by)


def _read(ctx: ServiceContext, actor: Actor, task_id: str, data: Any) -> _Read:
    with ctx.uow() as uow:
        session = uow.session
        row = _claimed_open_task(visible_task(session, actor, task_id), actor)
        dossier = session.scalars(select(Dossier).where(Dossier.id == row.dossier_id)
                                  .options(undefer(Dossier.state))).one()
        runtime = runtime_for(ctx, dossier.definition)
        validate_form(runtime.bundle.forms[row.form_file], data, row.form_file)
        return _Read(dossier.id, dossier.definition_id, row.element_id, dossier.row_version, dossier.state,
                     runtime)


def _write(ctx: ServiceContext, actor: Actor, task_id: str, data: Any, read: _Read, instance: Instance,
           retried_by: str | None) -> TaskRow:
    now = ctx.clock.now()
    state = read.runtime.dump(instance)
    with ctx.uow() as uow:
        session = uow.session
        row = session.scalars(select(TaskRow).where(TaskRow.id == task_id).with_for_update(of=TaskRow)).one()
        _claimed_open_task(row, actor)
        dossier = session.scalars(select(Dossier).where(Dossier.id == read.dossier_id)
                                  .with_for_update(of=Dossier).execution_options(populate_existing=True)).one()
        if dossier.row_version != read.row_version:
            raise _StateMoved
        row.status, row.completed_at, row.completed_by, row.draft = "completed", now, actor.username, None
        session.info[STEP_ACTOR] = actor.username  # whom a certificate written by this step names
        sync_tasks(session, dossier, instance, now)
        dossier.state = state
        entry: dict[str, Any] = {"element": row.element_id, "data": data}
        if retried_by:
            entry["retried_by"] = retried_by
        audit(session, actor=actor.username, acting_as=f"{row.role}@{row.unit_code}", action="complete",
              at=now, dossier_id=dossier.id, task_id=task_id, data=entry)
        session.flush()
        ctx.fault_point("complete")
        uow.commit()
        return row


def _claimed_open_task(row: TaskRow, actor: Actor) -> TaskRow:
    require_open(row)
    if row.claimed_by != actor.username:
        if row.claimed_by:
            raise Conflict.coded("task.held_by_other", task=row.id, user=row.claimed_by)
        raise Conflict.coded("task.claim_before_complete", task=row.id)
    return row


def require_open(row: TaskRow) -> None:
    if row.status != "open":
        raise Conflict.coded("task.not_open", task=row.id, status=row.status)
