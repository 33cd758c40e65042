"""Fire due BPMN timers exactly once, whichever scheduler process gets there first.

Run by jobs/scheduler.py (a date job per timer, and a sweep every few seconds that fires in bulk:
batch.py) and by tests that move the clock and call `fire_due_timers` directly. This module steps
one dossier (`fire_timer`, and an admin's retry of a failed step). The engine steps the dossier at the service
clock's now with no transaction open (a script may run up to its time limit); then one transaction
claims the due timers with a conditional UPDATE, checks the dossier did not change, syncs tasks and
timers and audits. A failure writes only an incident and leaves the timers pending until an admin
retries or resolves it (services/incidents).
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import Select, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, undefer

from ...engine.runtime import EngineStepFailed
from ...persistence.deadline_models import TimerRow
from ...persistence.models import Dossier, TaskRow
from ..audit.trail import audit
from ..context import ServiceContext
from ..definitions.deploy import runtime_for
from ..incident_log.record import FailedStep, has_open_incident, record_failure
from ..instances.sync import record_certificate_outcome, sync_tasks
from .batch import SweepResult, fire_due_timers

log = logging.getLogger(__name__)
__all__ = ["DossierBusy", "SweepResult", "fire_due_timers", "fire_timer", "step_dossier"]


class DossierBusy(Exception):
    pass


def fire_timer(ctx: ServiceContext, timer_id: str, worker: str) -> bool:
    """Fire a timer (and any other due timer of its dossier) if it is pending and due by the service clock.

    False if there was nothing to do: not due yet, already fired or cancelled, the dossier is busy,
    or its timers wait for an admin on an open incident.
    """
    now = ctx.clock.now()
    with ctx.uow() as uow:
        row = uow.session.get(TimerRow, timer_id)
        if row is None or row.status != "pending" or row.due_at > now:
            return False
        dossier_id = row.dossier_id
    try:
        return timer_id in step_dossier(ctx, dossier_id, worker, now)
    except (DossierBusy, EngineStepFailed):
        return False


def step_dossier(ctx: ServiceContext, dossier_id: int, worker: str, now: datetime, skip_locked: bool = False,
                 retry_of: int | None = None) -> list[str]:
    """Step the dossier past every timer due by `now`; the timer ids fired.

    Reads the state, runs the engine with no transaction open, then claims the due timers and writes
    in one transaction if the dossier did not change meanwhile (else DossierBusy). A failure is
    recorded as an incident and the timers stay pending; they wait for an admin (`retry_of`).
    """
    subject = f"timers:{dossier_id}"
    with ctx.uow() as uow:
        session = uow.session
        dossier = session.scalars(select(Dossier).where(Dossier.id == dossier_id)
                                  .options(undefer(Dossier.state))).first()
        if dossier is None or session.scalar(_due_of(dossier_id, now).limit(1)) is None:
            return []
        if retry_of is None and has_open_incident(session, subject):
            return []
        runtime = runtime_for(ctx, dossier.definition)
        definition_id, state, version = dossier.definition_id, dossier.state, dossier.row_version
    instance = runtime.load(state, now=now)
    try:
        instance.advance()
    except EngineStepFailed as err:
        record_failure(ctx, FailedStep(subject=subject, action="timer", definition_id=definition_id,
                                       actor=worker, error=str(err), element_id=err.element_id,
                                       dossier_id=dossier_id))
        raise
    new_state = runtime.dump(instance)
    with ctx.uow() as uow:
        session = uow.session
        dossier = session.scalars(_locked_dossier(dossier_id, skip_locked)).first()
        if dossier is None or dossier.row_version != version:
            raise DossierBusy(f"dossier {dossier_id} is being stepped by another worker")
        _lock_open_tasks(session, dossier_id)
        claim = (update(TimerRow).where(TimerRow.dossier_id == dossier_id, TimerRow.status == "pending",
                                        TimerRow.due_at <= now)
                 .values(status="fired", fired_at=now, fired_by=worker))
        claimed = session.execute(claim.returning(TimerRow.id, TimerRow.element_id)).all()
        if not claimed:
            return []  # another worker fired them between our read and our claim
        sync_tasks(session, dossier, instance, now)
        record_certificate_outcome(session, dossier, now)
        dossier.state = new_state
        for timer_id, element_id in claimed:
            data = {"timer": timer_id, "element": element_id}
            audit(session, actor=worker, acting_as="scheduler", action="timer", at=now, dossier_id=dossier_id,
                  data=data if retry_of is None else {**data, "incident": retry_of})
        session.flush()
        ctx.fault_point("timer")
        uow.commit()
        return [timer_id for timer_id, _ in claimed]


def _due_of(dossier_id: int, now: datetime) -> Select[str]:
    return select(TimerRow.id).where(TimerRow.dossier_id == dossier_id, TimerRow.status == "pending",
                                     TimerRow.due_at <= now)


def _locked_dossier(dossier_id: int, skip_locked: bool = False) -> Select[Dossier]:
    return (select(Dossier).where(Dossier.id == dossier_id)
            .with_for_update(of=Dossier, skip_locked=skip_locked).execution_options(populate_existing=True))


def _lock_open_tasks(session: Session, dossier_id: int) -> None:
    # complete_task locks its task before the dossier; we hold the dossier, so waiting for a task
    # lock could deadlock with it. NOWAIT: if a user is acting on this dossier, let them finish.
    try:
        session.execute(select(TaskRow.id).where(TaskRow.dossier_id == dossier_id, TaskRow.status == "open")
                        .with_for_update(nowait=True))
    except OperationalError as err:
        raise DossierBusy(str(err)) from err
