"""Completing a task: read, run the engine step with no transaction open, then write in one transaction.

A script may run up to its time limit (engine/sandbox.py). While it runs the database is not held:
the step reads the task with its dossier's state and version (one statement, no transaction),
steps the engine, and only then opens the writing transaction: a conditional UPDATE completes the
task only if it is still open and claimed by the actor, and the dossier's UPDATE only matches the
version read (another step of the same dossier in between → the step is redone on the fresh
state). A failed step writes nothing but its incident (services/incident_log), and the request
answers 422. See docs/decisions/hot-path.md for the statements this costs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Table, bindparam, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

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
from ..instances.sync import (
    STEP_ACTOR,
    dossier_tasks,
    insert_tasks,
    record_certificate_outcome,
    save_steps,
    sync_tasks,
)
from .forms import validate_form


class _StateMoved(Exception):
    """Another step of the dossier committed while this one ran the engine."""


@dataclass(frozen=True)
class _Read:
    dossier: Dossier  # detached, with its state; written back by save_steps at the version read
    element_id: str
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
    instance = read.runtime.load(read.dossier.state, now=now)
    try:
        instance.complete(task_id, data)
    except TaskNotReady as err:
        raise Conflict.coded("task.not_ready", reason=str(err)) from err
    except EngineStepFailed as err:
        element = err.element_id or read.element_id
        incident = record_failure(ctx, FailedStep(
            subject=f"task:{task_id}", action="complete", definition_id=read.dossier.definition_id,
            actor=actor.username, error=str(err), element_id=element, dossier_id=read.dossier.id,
            task_id=task_id, payload={"data": data}))
        raise ValidationFailed.coded("task.step_failed", {"data": [f"step '{element}' failed: {err}"]},
                                     element=element, error=str(err), incident=incident) from err
    return _write(ctx, actor, task_id, data, read, instance, retried_by)


def _read(ctx: ServiceContext, actor: Actor, task_id: str, data: Any) -> _Read:
    with ctx.read() as uow:  # one statement; the writing transaction re-checks all it relies on
        row = _claimed_open_task(visible_task(uow.session, actor, task_id, with_state=True), actor)
        runtime = runtime_for(ctx, row.dossier.definition)
        validate_form(runtime.bundle.forms[row.form_file], data, row.form_file)
        return _Read(row.dossier, row.element_id, runtime)


def _write(ctx: ServiceContext, actor: Actor, task_id: str, data: Any, read: _Read, instance: Instance,
           retried_by: str | None) -> TaskRow:
    now = ctx.clock.now()
    state = read.runtime.dump(instance)
    with ctx.uow() as uow:
        session = uow.session
        _mark_completed(session, actor, task_id, now)  # first, as before: the task's lock, then the dossier's
        dossier = read.dossier  # as read before the step; detached, written by save_steps
        rows = dossier_tasks(session, dossier.id)
        with session.no_autoflush:  # nothing of a stale step may reach the database before the check
            created = sync_tasks(session, dossier, instance, now, rows)
            dossier.state = state
            if save_steps(session, [dossier]) != 1:  # UPDATE dossiers … WHERE row_version = <the version read>
                raise _StateMoved
            insert_tasks(session, created)
        session.flush()  # the tasks the step cancelled or paused, the timers it set
        session.info[STEP_ACTOR] = actor.username  # whom a certificate written by this step names
        record_certificate_outcome(session, dossier, now)
        row = next(r for r in rows if r.id == task_id)
        entry: dict[str, Any] = {"element": row.element_id, "data": data}
        if retried_by:
            entry["retried_by"] = retried_by
        audit(session, actor=actor.username, acting_as=f"{row.role}@{row.unit_code}", action="complete",
              at=now, dossier_id=dossier.id, task_id=task_id, data=entry, chain_locked=True)
        session.flush()
        ctx.fault_point("complete")
        uow.commit()
        set_committed_value(row, "dossier", dossier)  # the API view reads it; no query
        return row


_TASKS = cast(Table, TaskRow.__table__)
_MARK_COMPLETED = (update(_TASKS).where(_TASKS.c.id == bindparam("task_id"), _TASKS.c.status == "open",
                                        _TASKS.c.claimed_by == bindparam("actor"))
                   .values(status="completed", completed_at=bindparam("now"), completed_by=bindparam("actor"),
                           draft=None))


def _mark_completed(session: Session, actor: Actor, task_id: str, now: datetime) -> None:
    """Complete the task only if it is still open and claimed by the actor (the conditional UPDATE
    decides, as claim's does); otherwise the Conflict names why."""
    done = cast(CursorResult[Any], session.connection().execute(
        _MARK_COMPLETED, {"task_id": task_id, "actor": actor.username, "now": now})).rowcount
    if done != 1:
        row = session.get(TaskRow, task_id)
        if row is not None:
            _claimed_open_task(row, actor)
        raise Conflict(f"task {task_id} is no longer open and claimed by you")


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
