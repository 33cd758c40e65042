"""Timers persist, survive a restart and fire exactly once however many workers sweep."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import Connection, func, select, text

from tests.conftest import FIXTURES, make_app
from tests.timer_helpers import deploy_fixture, file_on, open_tasks, timers_of
from workflow_service.domain.clock import FixedClock
from workflow_service.persistence.deadline_models import TimerRow
from workflow_service.persistence.models import AuditEntry, Dossier, TaskRow
from workflow_service.services.audit.verify import verify_audit
from workflow_service.services.context import ServiceContext
from workflow_service.services.timers.firing import fire_due_timers, fire_timer


@pytest.fixture
def ctx(service_ctx: ServiceContext) -> ServiceContext:
    deploy_fixture(service_ctx, "timer_review.bpmn")
    return service_ctx


def test_a_boundary_timer_fires_when_the_clock_passes_it(ctx: ServiceContext, clock: FixedClock) -> None:
    dossier = file_on(ctx, "timer_review")
    assert timers_of(ctx, dossier) == {"reminder": "pending", "check_timeout": "pending"}
    clock.advance(timedelta(days=2) - timedelta(seconds=1))
    assert fire_due_timers(ctx, "w1").fired == 1  # the reminder only
    assert open_tasks(ctx, dossier) == ["acknowledge_reminder", "check"]
    assert fire_due_timers(ctx, "w1").fired == 0
    clock.advance(timedelta(seconds=1))
    assert fire_due_timers(ctx, "w1").fired == 1
    assert timers_of(ctx, dossier) == {"reminder": "fired", "check_timeout": "fired"}
    assert open_tasks(ctx, dossier) == ["acknowledge_reminder", "late_check"]
    with ctx.uow() as uow:
        audits = uow.session.scalars(select(AuditEntry).where(AuditEntry.action == "timer")).all()
        assert sorted(a.data["element"] for a in audits) == ["check_timeout", "reminder"]
        assert {a.actor for a in audits} == {"w1"}


def test_fire_timer_by_id_waits_for_its_instant_and_fires_once(ctx: ServiceContext, clock: FixedClock) -> None:
    dossier = file_on(ctx, "timer_review")
    with ctx.uow() as uow:
        timeout = uow.session.scalars(select(TimerRow).where(TimerRow.element_id == "check_timeout")).one()
    assert fire_timer(ctx, timeout.id, "w1") is False  # not due yet
    clock.set(timeout.due_at)
    assert fire_timer(ctx, timeout.id, "w1") is True
    assert fire_timer(ctx, timeout.id, "w2") is False
    # The earlier reminder was due too: the same step fired it, and it is claimed and audited with it.
    assert open_tasks(ctx, dossier) == ["acknowledge_reminder", "late_check"]
    assert timers_of(ctx, dossier) == {"reminder": "fired", "check_timeout": "fired"}
    with ctx.uow() as uow:
        assert set(uow.session.scalars(select(TimerRow.fired_by))) == {"w1"}


def test_completing_the_task_cancels_its_timers_and_records_the_next(ctx: ServiceContext, clock: FixedClock) -> None:
    from tests.timer_helpers import OFFICER
    from workflow_service.services.tasks.actions import claim_task, complete_task

    dossier = file_on(ctx, "timer_review")
    with ctx.uow() as uow:
        task_id = uow.session.scalars(select(TaskRow.id).where(TaskRow.dossier_id == dossier)).one()
    claim_task(ctx, OFFICER, task_id)
    complete_task(ctx, OFFICER, task_id, {"complete": True})
    assert timers_of(ctx, dossier) == {"cooling_off": "pending", "reminder": "cancelled",
                                       "check_timeout": "cancelled"}
    clock.advance(timedelta(days=30))
    # cooling_off fires; publish_on (1 Dec) is armed in the same step, already past, and fires at once.
    assert fire_due_timers(ctx, "w1").fired == 1
    assert timers_of(ctx, dossier)["cooling_off"] == "fired" and "publish_on" not in timers_of(ctx, dossier)
    with ctx.uow() as uow:
        assert uow.session.get(Dossier, dossier).status == "completed"


def test_a_failing_step_rolls_back_opens_an_incident_and_waits_for_the_admins_retry(
        ctx: ServiceContext, clock: FixedClock, monkeypatch: pytest.MonkeyPatch) -> None:
    from workflow_service.engine.runtime import EngineStepFailed, Instance
    from workflow_service.services.accounts.users import load_actor
    from workflow_service.services.incidents.admin import list_incidents, retry_incident

    dossier = file_on(ctx, "timer_review")
    clock.advance(timedelta(days=3))

    def broken(self: Instance, now: object = None) -> None:
        raise EngineStepFailed("boom", "check_timeout")

    monkeypatch.setattr(Instance, "advance", broken)
    result = fire_due_timers(ctx, "w1")
    assert (result.fired, len(result.failed)) == (0, 1)
    assert timers_of(ctx, dossier) == {"reminder": "pending", "check_timeout": "pending"}
    monkeypatch.undo()
    assert fire_due_timers(ctx, "w1").fired == 0  # the dossier's timers wait on the open incident
    admin = load_actor(ctx, "admin")
    [incident], _ = list_incidents(ctx, admin)
    assert (incident.action, incident.dossier_id, incident.element_id, incident.error, incident.opened_by) == (
        "timer", dossier, "check_timeout", "boom", "w1")
    retried = retry_incident(ctx, admin, incident.id)
    assert (retried.status, retried.resolved_by, retried.attempts) == ("resolved", "admin", 2)
    assert timers_of(ctx, dossier) == {"reminder": "fired", "check_timeout": "fired"}
    assert open_tasks(ctx, dossier) == ["acknowledge_reminder", "late_check"]


def test_a_user_holding_a_task_delays_only_the_timer_that_would_cancel_it(
        ctx: ServiceContext, clock: FixedClock, database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite serialises every writer with BEGIN IMMEDIATE; row locks matter on PostgreSQL")
    dossier = file_on(ctx, "timer_review")
    engine = ctx.session_factory.kw["bind"]
    with engine.connect() as user:  # a user's action on the open task, mid-transaction
        user.execute(text("SELECT id FROM tasks WHERE dossier_id = :d FOR UPDATE"), {"d": dossier})
        clock.advance(timedelta(days=1, minutes=1))
        assert fire_due_timers(ctx, "w1").fired == 1  # the reminder leaves the task alone: it fires now
        assert open_tasks(ctx, dossier) == ["acknowledge_reminder", "check"]
        clock.advance(timedelta(days=1))
        result = fire_due_timers(ctx, "w1")  # the timeout cancels the task the user holds: it waits
        assert (result.fired, result.busy) == (0, 1)
        assert timers_of(ctx, dossier)["check_timeout"] == "pending"
        user.rollback()
    assert fire_due_timers(ctx, "w1").fired == 1
    assert open_tasks(ctx, dossier) == ["acknowledge_reminder", "late_check"]


def test_a_sweep_looks_past_the_dossiers_another_scheduler_holds(
        ctx: ServiceContext, clock: FixedClock, database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("schedulers share the work through PostgreSQL advisory locks")
    from workflow_service.services.timers.batch import LOCK_SPACE

    dossiers = [file_on(ctx, "timer_review") for _ in range(11)]
    clock.advance(timedelta(days=1, minutes=1))
    engine = ctx.session_factory.kw["bind"]
    assert fire_due_timers(ctx, "w1", limit=1, batch_size=1).fired == 1  # the earliest; 10 wait
    dossiers = dossiers[1:]
    with engine.connect() as other:  # another scheduler is firing the eight earliest
        assert _advisory_locks(other) == 0  # the sweep kept none of the locks it tried
        for dossier in dossiers[:8]:
            other.execute(text("SELECT pg_advisory_lock(:space, :id)"), {"space": LOCK_SPACE, "id": dossier})
        result = fire_due_timers(ctx, "w1", batch_size=2)  # a window is 8 timers: all held, the next is not
        assert result.fired == 2
        assert [timers_of(ctx, d)["reminder"] for d in dossiers] == ["pending"] * 8 + ["fired"] * 2
        other.execute(text("SELECT pg_advisory_unlock_all()"))  # the other scheduler is done with them
        assert _advisory_locks(other) == 0  # the sweep kept none of the locks it tried
    assert fire_due_timers(ctx, "w1", batch_size=2).fired == 8


def _advisory_locks(conn: Connection) -> int:
    return int(conn.scalar(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")) or 0)


def test_a_pending_timer_still_fires_after_a_restart(database_url: str, clock: FixedClock) -> None:
    first = make_app(database_url, clock, FIXTURES / "bpmn", FIXTURES / "bpmn")
    deploy_fixture(first.extensions["ocopflow"], "timer_review.bpmn")
    dossier = file_on(first.extensions["ocopflow"], "timer_review")
    first.extensions["ocopflow.engine"].dispose()
    del first

    clock.advance(timedelta(days=7))  # the service was down while both timers fell due
    second = make_app(database_url, clock, FIXTURES / "bpmn", FIXTURES / "bpmn")
    try:
        ctx = second.extensions["ocopflow"]
        assert fire_due_timers(ctx, "after-restart").fired == 2
        assert open_tasks(ctx, dossier) == ["acknowledge_reminder", "late_check"]
    finally:
        second.extensions["ocopflow.engine"].dispose()


def test_two_workers_sweeping_the_same_200_due_timers_fire_each_exactly_once(
        database_url: str, clock: FixedClock, mini_app: Flask) -> None:
    ctx = mini_app.extensions["ocopflow"]
    deploy_fixture(ctx, "timer_review.bpmn")
    dossiers = [file_on(ctx, "timer_review") for _ in range(200)]
    clock.advance(timedelta(days=1, minutes=1))  # every reminder is due, no timeout yet
    other = make_app(database_url, clock, FIXTURES / "bpmn", FIXTURES / "bpmn")
    workers = {"w1": ctx, "w2": other.extensions["ocopflow"]}
    start = threading.Barrier(2)
    fired: dict[str, int] = {}

    def sweep(name: str) -> None:
        start.wait()
        fired[name] = fire_due_timers(workers[name], name).fired

    threads = [threading.Thread(target=sweep, args=(name,)) for name in workers]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        other.extensions["ocopflow.engine"].dispose()

    assert fired["w1"] + fired["w2"] == 200
    if database_url.startswith("postgresql"):
        with ctx.session_factory.kw["bind"].connect() as conn:
            assert _advisory_locks(conn) == 0  # each lock a sweep took, it released
    with ctx.uow() as uow:
        session = uow.session
        assert session.scalar(select(func.count()).where(TimerRow.status == "pending",
                                                         TimerRow.element_id == "reminder")) == 0
        audits = session.execute(select(AuditEntry.data, AuditEntry.actor).where(AuditEntry.action == "timer")).all()
        assert len(audits) == len({a.data["timer"] for a in audits}) == 200
        reminders = session.scalars(select(TaskRow.dossier_id).where(TaskRow.element_id == "acknowledge_reminder"))
        assert sorted(reminders) == sorted(dossiers)  # one reminder task per dossier, never two
    verified = verify_audit(ctx)  # each firing chained to its dossier's filing records, none forked
    assert verified.breaks == [] and verified.checked > 400
