"""Fire due timers in bulk: a batch of dossiers per transaction, each exactly once across schedulers.

One batch:
1. pick dossiers with due timers; on PostgreSQL each is taken with a session advisory lock
   (`pg_try_advisory_lock`, held by one connection of this sweep, dropped with it if the process
   dies), so two schedulers step different dossiers instead of the same ones twice;
2. read their state, tasks, timers and open incidents (one statement each, no transaction);
3. step each dossier's engine with no transaction open (a script may run to its time limit);
   a failure opens an incident for that dossier only;
4. write all of them in one transaction: lock the dossier rows (`FOR UPDATE SKIP LOCKED`; a dossier
   a user is acting on, or whose version moved, waits for the next sweep) and the open tasks the
   step cancels (`SKIP LOCKED` too), claim the due timers with one conditional UPDATE, sync every dossier's
   tasks and timers, store the states (one flush: the UPDATEs go as one executemany, the new tasks
   as one INSERT) and audit every timer (one read of the chains' heads, one INSERT).
   If that fails, the batch is rolled back and written again with one savepoint per dossier: a
   dossier whose savepoint fails gets its timers back and an incident; the others commit.
The conditional claim under the dossier's lock (SQLite: the write lock of BEGIN IMMEDIATE) is what
makes a timer fire once; the advisory locks only keep schedulers from doing the same work twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, func, select, text
from sqlalchemy.orm import lazyload, undefer

from ...engine.runtime import EngineStepFailed, Instance
from ...persistence.database import read_only_options
from ...persistence.deadline_models import TimerRow
from ...persistence.models import Dossier, Incident, TaskRow
from ..context import ServiceContext
from ..definitions.deploy import runtime_for
from ..incident_log.record import FailedStep, record_failure
from .batch_write import Step, StepRead, write

log = logging.getLogger(__name__)
BATCH_SIZE = 100
LOCK_SPACE = 0x0C0F  # first key of the dossiers' advisory locks (the second is the dossier id)


@dataclass
class SweepResult:
    fired: int = 0
    failed: list[str] = field(default_factory=list)  # one due timer id per dossier whose step failed
    busy: int = 0  # dossiers a user action held; their timers fire on a later sweep


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
    """Dossiers with a due timer, earliest first; on PostgreSQL only those this sweep could lock.

    The due timers are read in due order along ix_timers_pending, a window of rows at a time, so a
    sweep's cost per batch stays the same however large the backlog (catch-up after downtime)."""
    window, offset = size * 4, 0
    while True:
        rows = (select(TimerRow.dossier_id, TimerRow.due_at).where(TimerRow.status == "pending", TimerRow.due_at <= now)
                .order_by(TimerRow.due_at, TimerRow.dossier_id).limit(window).offset(offset))
        if passed:
            rows = rows.where(TimerRow.dossier_id.not_in(passed))
        due = rows.subquery()
        dossiers = (select(due.c.dossier_id).group_by(due.c.dossier_id)
                    .order_by(func.min(due.c.due_at), due.c.dossier_id))
        if locks.dialect.name != "postgresql":
            return list(locks.scalars(dossiers.limit(size)))
        # The LIMIT fences the lock call off: without it PostgreSQL evaluates it in the GROUP BY's
        # HAVING, on every dossier of the window before sorting, and would leak the locks not returned.
        candidates = dossiers.limit(window).subquery()
        # Locks are tried row by row until `size` are held: every id returned is locked, no other is.
        taken = list(locks.scalars(select(candidates.c.dossier_id).where(
            func.pg_try_advisory_lock(LOCK_SPACE, candidates.c.dossier_id)).limit(size)))
        if taken or (locks.scalar(select(func.count()).select_from(due)) or 0) < window:
            return taken
        offset += window  # these timers' dossiers are held by other schedulers: look further


def _release(locks: Connection, ids: list[int]) -> None:
    if locks.dialect.name == "postgresql" and ids:
        locks.execute(text("SELECT pg_advisory_unlock(:space, id) FROM unnest(CAST(:ids AS integer[])) AS id"),
                      {"space": LOCK_SPACE, "ids": ids})


def _fire_batch(ctx: ServiceContext, worker: str, now: datetime, ids: list[int], passed: set[int],
                result: SweepResult) -> None:
    steps: dict[int, Step] = {}
    for dossier_id, read in _read(ctx, ids, now, passed).items():
        try:
            instance = _advance(ctx, read, worker, now)
        except EngineStepFailed as err:
            log.error("timers of dossier %s failed at %s: %s", dossier_id, err.element_id, err)
            result.failed.append(_due(read.timers, now)[0].id)
            passed.add(dossier_id)
            continue
        steps[dossier_id] = Step(read, instance, instance.runtime.dump(instance))
    if not steps:
        return
    try:
        outcome = write(ctx, worker, now, steps, isolate=False)
    except Exception:  # some dossier's write failed: find it, one savepoint per dossier
        log.exception("a batch of %d dossiers' timers failed to write; writing them one by one", len(steps))
        fresh = _read(ctx, sorted(steps), now, set())  # rows as committed; the engine steps stand
        steps = {i: Step(fresh[i], step.instance, step.state) for i, step in steps.items() if i in fresh}
        outcome = write(ctx, worker, now, steps, isolate=True)
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


def _read(ctx: ServiceContext, ids: list[int], now: datetime, passed: set[int]) -> dict[int, StepRead]:
    with ctx.read() as uow:
        session = uow.session
        dossiers = session.scalars(select(Dossier).where(Dossier.id.in_(ids)).options(undefer(Dossier.state)))
        reads = {d.id: StepRead(d, [], []) for d in dossiers}
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


def _advance(ctx: ServiceContext, step: StepRead, worker: str, now: datetime) -> Instance:
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


