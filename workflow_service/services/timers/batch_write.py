"""The writing half of a timer batch (batch.py): lock, claim, sync every dossier, store, audit, commit.

Either all of the batch in one flush (the fast path), or each dossier in its own savepoint (after
the fast path failed), so one bad dossier becomes an incident and the others still fire.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from ...engine.runtime import Instance
from ...persistence.deadline_models import TimerRow
from ...persistence.models import Dossier, TaskRow
from ..audit.trail import Record, audit_many
from ..context import ServiceContext
from ..instances.sync import record_certificate_outcome, save_steps, sync_tasks, withdrawn_rows

log = logging.getLogger(__name__)


@dataclass
class StepRead:
    dossier: Dossier  # with its state, detached: written back at the version read
    tasks: list[TaskRow]
    timers: list[TimerRow]


@dataclass
class Step:
    read: StepRead
    instance: Instance
    state: str  # the instance after the step, serialized


_CLAIM = (update(TimerRow).where(TimerRow.dossier_id.in_(bindparam("ids", expanding=True)),
                                 TimerRow.status == "pending", TimerRow.due_at <= bindparam("now"))
          .values(status="fired", fired_at=bindparam("now"), fired_by=bindparam("worker"))
          .returning(TimerRow.id, TimerRow.dossier_id, TimerRow.element_id)
          .execution_options(synchronize_session=False))


@dataclass
class Outcome:
    fired: int = 0
    busy: set[int] = field(default_factory=set)
    failures: dict[int, str] = field(default_factory=dict)  # dossier id → error of its rolled back write


def write(ctx: ServiceContext, worker: str, now: datetime, steps: dict[int, Step], isolate: bool) -> Outcome:
    outcome = Outcome()
    with ctx.uow() as uow:
        session = uow.session
        ready = _lock(session, steps)
        outcome.busy = set(steps) - ready
        claimed: dict[int, list[tuple[str, str]]] = defaultdict(list)
        if ready:
            for timer_id, dossier_id, element_id in session.execute(
                    _CLAIM, {"ids": sorted(ready), "now": now, "worker": worker}):
                claimed[dossier_id].append((timer_id, element_id))
        if isolate:
            for dossier_id in sorted(claimed):
                error = _write_isolated(session, worker, now, steps[dossier_id], claimed[dossier_id])
                if error is not None:
                    outcome.failures[dossier_id] = error
            returned = [timer_id for i in outcome.failures for timer_id, _ in claimed.pop(i)]
            if returned:  # their dossiers' savepoints were rolled back: the timers wait again
                session.execute(update(TimerRow).where(TimerRow.id.in_(returned))
                                .values(status="pending", fired_at=None, fired_by=None)
                                .execution_options(synchronize_session=False))
        else:
            with session.no_autoflush:
                for dossier_id in sorted(claimed):
                    _sync(session, worker, now, steps[dossier_id], claimed[dossier_id])
            session.flush()
            # One executemany (pipelined on PostgreSQL), not an ORM UPDATE per dossier; locked at these versions.
            if save_steps(session, [steps[i].read.dossier for i in sorted(claimed)]) != len(claimed):
                raise RuntimeError("a dossier locked at its version was changed")  # → one savepoint each
            for dossier_id in sorted(claimed):
                record_certificate_outcome(session, steps[dossier_id].read.dossier, now)
            audit_many(session, [_record(worker, now, i, timer_id, element_id)
                                 for i in sorted(claimed) for timer_id, element_id in claimed[i]])
        session.flush()
        ctx.fault_point("timer")
        uow.commit()
    outcome.fired = sum(len(fired) for fired in claimed.values())
    return outcome


def _record(worker: str, now: datetime, dossier_id: int, timer_id: str, element_id: str) -> Record:
    return Record(actor=worker, acting_as="scheduler", action="timer", at=now, dossier_id=dossier_id,
                  data={"timer": timer_id, "element": element_id})


def _lock(session: Session, steps: dict[int, Step]) -> set[int]:
    """Dossiers locked at the version read whose open tasks the step cancels are lockable too (no user
    acting on them). Open tasks the step leaves alone are not locked: a claim of one changes nothing
    the step wrote, and anything that changes the dossier's state moves its version, checked here."""
    ids = sorted(steps)
    versions = dict(session.execute(select(Dossier.id, Dossier.row_version).where(Dossier.id.in_(ids))
                                    .with_for_update(of=Dossier, skip_locked=True)).all())
    ready = {i for i in ids if versions.get(i) == steps[i].read.dossier.row_version}
    if session.get_bind().dialect.name != "postgresql":
        return ready  # SQLite: BEGIN IMMEDIATE already holds the whole database
    leaving = {i: _cancelled(steps[i]) for i in ready}
    wanted = sorted(task_id for ids_ in leaving.values() for task_id in ids_)
    if not wanted:
        return ready
    locked = set(session.scalars(select(TaskRow.id).where(TaskRow.id.in_(wanted), TaskRow.status == "open")
                                 .with_for_update(of=TaskRow, skip_locked=True)))
    return {i for i in ready if leaving[i] <= locked}


def _cancelled(step: Step) -> set[str]:
    ready = (task.id for task in step.instance.ready_tasks())
    return {row.id for row in withdrawn_rows(step.read.tasks, ready)}


def _sync(session: Session, worker: str, now: datetime, step: Step, fired: list[tuple[str, str]]) -> None:
    """Put the task and timer rows read before the step back in the session and write the step's changes
    into them and into the (detached) dossier, which save_steps then writes: it is locked at the version read."""
    read, claimed = step.read, {timer_id for timer_id, _ in fired}
    for row in (*read.tasks, *read.timers):
        session.add(row)
    for timer in read.timers:
        if timer.id in claimed:  # the claim wrote these columns already
            set_committed_value(timer, "status", "fired")
            set_committed_value(timer, "fired_at", now)
            set_committed_value(timer, "fired_by", worker)
    sync_tasks(session, read.dossier, step.instance, now, read.tasks, read.timers)
    read.dossier.state = step.state


def _write_isolated(session: Session, worker: str, now: datetime, step: Step,
                    fired: list[tuple[str, str]]) -> str | None:
    """One dossier inside its savepoint; the error if it failed (and was rolled back)."""
    try:
        with session.begin_nested():
            with session.no_autoflush:
                _sync(session, worker, now, step, fired)
            session.flush()
            if save_steps(session, [step.read.dossier]) != 1:
                raise RuntimeError(f"dossier {step.read.dossier.id} locked at its version was changed")
            record_certificate_outcome(session, step.read.dossier, now)
            audit_many(session, [_record(worker, now, step.read.dossier.id, t, e) for t, e in fired])
    except Exception as err:  # one dossier's failure must not lose the batch: it becomes an incident
        log.exception("timers of dossier %s could not be written; they stay pending", step.read.dossier.id)
        return f"{type(err).__name__}: {err}"
    return None
