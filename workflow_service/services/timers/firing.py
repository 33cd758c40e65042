"""Fire due BPMN timers exactly once, whichever scheduler process gets there first.

Run by jobs/scheduler.py (a date job per timer and a sweep every few seconds) and by tests that
move the clock and call `fire_due_timers` directly. Each firing is one transaction: claim the due
timers of one dossier with a conditional UPDATE, step the engine at the service clock's now, sync
tasks and timers, audit. A failure rolls all of it back and leaves the timers pending.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, undefer

from ...engine.runtime import EngineStepFailed
from ...persistence.models import Dossier, TaskRow, TimerRow
from ..audit.trail import audit
from ..context import ServiceContext
from ..definitions.deploy import runtime_for
from ..instances.sync import sync_tasks

log = logging.getLogger(__name__)


@dataclass
class SweepResult:
    fired: int = 0
    failed: list[str] = field(default_factory=list)  # timer ids whose engine step failed
    busy: int = 0  # dossiers a user action held; their timers fire on a later sweep


class _DossierBusy(Exception):
    pass


def fire_timer(ctx: ServiceContext, timer_id: str, worker: str) -> bool:
    """Fire a timer (and any other due timer of its dossier) if it is pending and due by the service clock.

    False if there was nothing to do: not due yet, already fired or cancelled, or the dossier is busy.
    """
    now = ctx.clock.now()
    with ctx.uow() as uow:
        session = uow.session
        row = session.get(TimerRow, timer_id)
        if row is None or row.status != "pending" or row.due_at > now:
            return False
        dossier = session.scalars(_locked_dossier(row.dossier_id)).first()
        try:
            fired = _fire_dossier(ctx, session, dossier, worker, now) if dossier else []
        except _DossierBusy:
            return False
        uow.commit()
        return timer_id in fired


def fire_due_timers(ctx: ServiceContext, worker: str, limit: int = 1000) -> SweepResult:
    """Fire every timer due by now (catch-up after downtime included), one dossier per transaction."""
    result = SweepResult()
    passed: set[int] = set()  # dossiers that failed or were busy: left for the next sweep
    while result.fired + len(result.failed) < limit:
        now = ctx.clock.now()
        with ctx.uow() as uow:
            session = uow.session
            picked = session.execute(_pick_due(now, passed)).first()
            if picked is None:
                break
            timer_id, dossier_id = picked
            try:
                dossier = session.scalars(_locked_dossier(dossier_id, skip_locked=True)).first()
                if dossier is None:
                    raise _DossierBusy(f"dossier {dossier_id} is being stepped by another worker")
                fired = _fire_dossier(ctx, session, dossier, worker, now)
                uow.commit()
                result.fired += len(fired)
            except _DossierBusy:
                result.busy += 1
                passed.add(dossier_id)
            except EngineStepFailed as err:
                log.error("timer %s of dossier %s failed at %s: %s", timer_id, dossier_id, err.element_id, err)
                result.failed.append(timer_id)
                passed.add(dossier_id)
    return result


def _pick_due(now: datetime, passed: set[int]) -> Select[str, int]:
    # Two short locking reads rather than one join: the join made PostgreSQL scan every dossier.
    # A due timer another worker holds is skipped; so is its dossier in _locked_dossier.
    query = (select(TimerRow.id, TimerRow.dossier_id)
             .where(TimerRow.status == "pending", TimerRow.due_at <= now)
             .order_by(TimerRow.due_at, TimerRow.id).limit(1)
             .with_for_update(skip_locked=True))
    return query.where(TimerRow.dossier_id.not_in(passed)) if passed else query


def _locked_dossier(dossier_id: int, skip_locked: bool = False) -> Select[Dossier]:
    return (select(Dossier).where(Dossier.id == dossier_id).options(undefer(Dossier.state))
            .with_for_update(of=Dossier, skip_locked=skip_locked).execution_options(populate_existing=True))


def _fire_dossier(ctx: ServiceContext, session: Session, dossier: Dossier, worker: str,
                  now: datetime) -> list[str]:
    """Claim every due timer of the dossier (one engine step fires them all) and step it."""
    _lock_open_tasks(session, dossier.id)
    claim = (update(TimerRow).where(TimerRow.dossier_id == dossier.id, TimerRow.status == "pending",
                                    TimerRow.due_at <= now)
             .values(status="fired", fired_at=now, fired_by=worker))
    claimed = session.execute(claim.returning(TimerRow.id, TimerRow.element_id)).all()
    if not claimed:
        return []  # another worker fired them between our read and our claim
    runtime = runtime_for(ctx, dossier.definition)
    instance = runtime.load(dossier.state, now=now)
    instance.advance()
    sync_tasks(session, dossier, instance, now)
    dossier.state = runtime.dump(instance)
    for timer_id, element_id in claimed:
        audit(session, actor=worker, acting_as="scheduler", action="timer", at=now, dossier_id=dossier.id,
              data={"timer": timer_id, "element": element_id})
    return [timer_id for timer_id, _ in claimed]


def _lock_open_tasks(session: Session, dossier_id: int) -> None:
    # complete_task locks its task before the dossier; we hold the dossier, so waiting for a task
    # lock could deadlock with it. NOWAIT: if a user is acting on this dossier, let them finish.
    try:
        session.execute(select(TaskRow.id).where(TaskRow.dossier_id == dossier_id, TaskRow.status == "open")
                        .with_for_update(nowait=True))
    except OperationalError as err:
        raise _DossierBusy(str(err)) from err
