"""Fire due timers in bulk: a batch of dossiers per transaction, each exactly once across schedulers.

One batch:
1. pick dossiers with due timers; on PostgreSQL each is taken with a session advisory lock
   (`pg_try_advisory_lock`, held by one connection of this sweep, dropped with it if the process
   dies), so two schedulers step different dossiers instead of the same ones twice;
2. read their state, tasks, timers and open incidents (one statement each, no transaction);
3. step each dossier's engine with no transaction open (a script may run to its time limit);
   a failure opens an incident for that dossier only;
4. write all of them in one transaction: lock the dossier rows (`FOR UPDATE SKIP LOCKED`; a dossier
   a user is acting on, or whose version moved, waits for the next sweep) and their open tasks
   (`SKIP LOCKED` too), claim the due timers with one conditional UPDATE, sync every dossier's
   tasks and timers, store the states (one flush: the UPDATEs go as one executemany, the new tasks
   as one INSERT) and audit every timer (one read of the chains' heads, one INSERT).
   If that fails, the batch is rolled back and written again with one savepoint per dossier: a
   dossier whose savepoint fails gets its timers back and an incident; the others commit.
The conditional claim under the dossier's lock (SQLite: the write lock of BEGIN IMMEDIATE) is what
makes a timer fire once; the advisory locks only keep schedulers from doing the same work twice.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, bindparam, func, select, text, update
from sqlalchemy.orm import Session, lazyload, undefer
from sqlalchemy.orm.attributes import set_committed_value

from ...engine.runtime import EngineStepFailed, Instance
from ...persistence.database import read_only_options
from ...persistence.deadline_models import TimerRow
from ...persistence.models import Dossier, Incident, TaskRow
from ..audit.trail import Record, audit_many
from ..context import ServiceContext
from ..definitions.deploy import runtime_for
from ..incident_log.record import FailedStep, record_failure
from ..instances.sync import sync_tasks

log = logging.getLogger(__name__)
BATCH_SIZE = 100
LOCK_SPACE = 0x0C0F  # first key of the dossiers' advisory locks (the second is the dossier id)


@dataclass
class SweepResult:
    fired: int = 0
    failed: list[str] = field(default_factory=list)  # one due timer id per dossier whose step failed
    busy: int = 0  # dossiers a user action held; their timers fire on a later sweep


@dataclass
class _Read:
    dossier: Dossier  # with its state, detached: written back at the version read
    tasks: list[TaskRow]
    timers: list[TimerRow]


@dataclass
class _Step:
    read: _Read
    instance: Instance
    state: str  # the instance after the step, serialized


def fire_due_timers(ctx: ServiceContext, worker: str, limit: int = 1000, batch_size: int = BATCH_SIZE,
                    progress: Callable[[int], None] | None = None) -> SweepResult:
    """Fire every timer due by now (catch-up after downtime included), in batches of dossiers.

    `progress(fired)` is called after each batch's commit (the benchmark measures lag with it)."""
    result = SweepResult()
    passed: set[int] = set()  # dossiers that failed, were busy or wait on an incident: next sweep
    engine = ctx.session_factory.kw["bind"]
    with engine.connect() as locks:  # autocommit: it holds advisory locks, never a transaction
        locks.execution_options(**read_only_options(engine.dialect.name))
        while result.fired + len(result.failed) < limit:
            now = ctx.clock.now()
            ids = _take(locks, now, passed, min(batch_size, limit - result.fired - len(result.failed)))
            if not ids:
                break
            before = result.fired
            try:
                _fire_batch(ctx, worker, now, ids, passed, result)
            finally:
                _release(locks, ids)
            if progress is not None:
                progress(result.fired - before)
    return result


def _take(locks: Connection, now: datetime, passed: set[int], size: int) -> list[int]:
    """Dossiers with a due timer, earliest first; on PostgreSQL only those this sweep could lock."""
    due = (select(TimerRow.dossier_id).where(TimerRow.status == "pending", TimerRow.due_at <= now)
           .group_by(TimerRow.dossier_id).order_by(func.min(TimerRow.due_at), TimerRow.dossier_id))
    if passed:
        due = due.where(TimerRow.dossier_id.not_in(passed))
    if locks.dialect.name != "postgresql":
        return list(locks.scalars(due.limit(size)))
    window, offset = size * 4, 0
    while True:
        candidates = due.limit(window).offset(offset).subquery()
        # Locks are tried row by row until `size` are held: every id returned is locked, no other is.
        taken = list(locks.scalars(select(candidates.c.dossier_id).where(
            func.pg_try_advisory_lock(LOCK_SPACE, candidates.c.dossier_id)).limit(size)))
        if taken or (locks.scalar(select(func.count()).select_from(candidates)) or 0) < window:
            return taken
        offset += window  # this window is held by other schedulers: look further


def _release(locks: Connection, ids: list[int]) -> None:
    if locks.dialect.name == "postgresql" and ids:
        locks.execute(text("SELECT pg_advisory_unlock(:space, id) FROM unnest(CAST(:ids AS integer[])) AS id"),
                      {"space": LOCK_SPACE, "ids": ids})


def _fire_batch(ctx: ServiceContext, worker: str, now: datetime, ids: list[int], passed: set[int],
                result: SweepResult) -> None:
    steps: dict[int, _Step] = {}
    for dossier_id, read in _read(ctx, ids, now, passed).items():
        try:
            instance = _advance(ctx, read, worker, now)
        except EngineStepFailed as err:
            log.error("timers of dossier %s failed at %s: %s", dossier_id, err.element_id, err)
            result.failed.append(_due(read.timers, now)[0].id)
            passed.add(dossier_id)
            continue
        steps[dossier_id] = _Step(read, instance, instance.runtime.dump(instance))
    if not steps:
        return
    try:
        outcome = _write(ctx, worker, now, steps, isolate=False)
    except Exception:  # some dossier's write failed: find it, one savepoint per dossier
        log.exception("a batch of %d dossiers' timers failed to write; writing them one by one", len(steps))
        fresh = _read(ctx, sorted(steps), now, set())  # rows as committed; the engine steps stand
        steps = {i: _Step(fresh[i], step.instance, step.state) for i, step in steps.items() if i in fresh}
        outcome = _write(ctx, worker, now, steps, isolate=True)
    result.fired += outcome.fired
    result.busy += len(outcome.busy)
    passed.update(outcome.busy, outcome.failures)
    for dossier_id, error in outcome.failures.items():  # after the commit: the incident's audit locks the dossier
        step = steps[dossier_id]
        result.failed.append(_due(step.read.timers, now)[0].id)
        record_failure(ctx, FailedStep(subject=f"timers:{dossier_id}", action="timer",
                                       definition_id=step.read.dossier.definition_id, actor=worker,
                                       error=error, dossier_id=dossier_id))


def _due(timers: list[TimerRow], now: datetime) -> list[TimerRow]:
    return [t for t in timers if t.status == "pending" and t.due_at <= now]


def _read(ctx: ServiceContext, ids: list[int], now: datetime, passed: set[int]) -> dict[int, _Read]:
    with ctx.read() as uow:
        session = uow.session
        dossiers = session.scalars(select(Dossier).where(Dossier.id.in_(ids)).options(undefer(Dossier.state)))
        reads = {d.id: _Read(d, [], []) for d in dossiers}
        waiting = set(session.scalars(select(Incident.subject).where(
            Incident.status == "open", Incident.subject.in_([f"timers:{i}" for i in ids]))))
        for task in session.scalars(select(TaskRow).where(TaskRow.dossier_id.in_(ids))
                                    .options(lazyload(TaskRow.dossier))):
            reads[task.dossier_id].tasks.append(task)
        for timer in session.scalars(select(TimerRow).where(TimerRow.dossier_id.in_(ids))):
            reads[timer.dossier_id].timers.append(timer)
        for read in reads.values():
            runtime_for(ctx, read.dossier.definition)  # parsed (on a miss) while the session is open
    for dossier_id in ids:
        found = reads.get(dossier_id)
        if found is None or f"timers:{dossier_id}" in waiting or not _due(found.timers, now):
            passed.add(dossier_id)  # gone, waiting for an admin, or fired meanwhile
            reads.pop(dossier_id, None)
    return reads


def _advance(ctx: ServiceContext, step: _Read, worker: str, now: datetime) -> Instance:
    runtime = runtime_for(ctx, step.dossier.definition)
    instance = runtime.load(step.dossier.state, now=now)
    try:
        instance.advance()
    except EngineStepFailed as err:
        record_failure(ctx, FailedStep(subject=f"timers:{step.dossier.id}", action="timer",
                                       definition_id=step.dossier.definition_id, actor=worker, error=str(err),
                                       element_id=err.element_id, dossier_id=step.dossier.id))
        raise
    return instance


_CLAIM = (update(TimerRow).where(TimerRow.dossier_id.in_(bindparam("ids", expanding=True)),
                                 TimerRow.status == "pending", TimerRow.due_at <= bindparam("now"))
          .values(status="fired", fired_at=bindparam("now"), fired_by=bindparam("worker"))
          .returning(TimerRow.id, TimerRow.dossier_id, TimerRow.element_id)
          .execution_options(synchronize_session=False))


@dataclass
class _Outcome:
    fired: int = 0
    busy: set[int] = field(default_factory=set)
    failures: dict[int, str] = field(default_factory=dict)  # dossier id → error of its rolled back write


def _write(ctx: ServiceContext, worker: str, now: datetime, steps: dict[int, _Step], isolate: bool) -> _Outcome:
    outcome = _Outcome()
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


def _lock(session: Session, steps: dict[int, _Step]) -> set[int]:
    """Dossiers locked at the version read and with every open task lockable (no user acting on them)."""
    ids = sorted(steps)
    versions = dict(session.execute(select(Dossier.id, Dossier.row_version).where(Dossier.id.in_(ids))
                                    .with_for_update(of=Dossier, skip_locked=True)).all())
    ready = {i for i in ids if versions.get(i) == steps[i].read.dossier.row_version}
    if session.get_bind().dialect.name != "postgresql" or not ready:
        return ready  # SQLite: BEGIN IMMEDIATE already holds the whole database
    locked = set(session.scalars(select(TaskRow.id).where(TaskRow.dossier_id.in_(sorted(ready)),
                                                          TaskRow.status == "open")
                                 .with_for_update(of=TaskRow, skip_locked=True)))
    return {i for i in ready if all(t.id in locked for t in steps[i].read.tasks if t.status == "open")}


def _sync(session: Session, worker: str, now: datetime, step: _Step, fired: list[tuple[str, str]]) -> None:
    """Put the rows read before the step back in the session and write the step's changes into them."""
    read, claimed = step.read, {timer_id for timer_id, _ in fired}
    session.add(read.dossier)  # at the version just locked; its UPDATE checks it again
    for row in (*read.tasks, *read.timers):
        session.add(row)
    for timer in read.timers:
        if timer.id in claimed:  # the claim wrote these columns already
            set_committed_value(timer, "status", "fired")
            set_committed_value(timer, "fired_at", now)
            set_committed_value(timer, "fired_by", worker)
    sync_tasks(session, read.dossier, step.instance, now, read.tasks, read.timers)
    read.dossier.state = step.state


def _write_isolated(session: Session, worker: str, now: datetime, step: _Step,
                    fired: list[tuple[str, str]]) -> str | None:
    """One dossier inside its savepoint; the error if it failed (and was rolled back)."""
    try:
        with session.begin_nested():
            with session.no_autoflush:
                _sync(session, worker, now, step, fired)
            session.flush()
            audit_many(session, [_record(worker, now, step.read.dossier.id, t, e) for t, e in fired])
    except Exception as err:  # one dossier's failure must not lose the batch: it becomes an incident
        log.exception("timers of dossier %s could not be written; they stay pending", step.read.dossier.id)
        return f"{type(err).__name__}: {err}"
    return None
