"""The APScheduler wiring: jobs land in the database job store and survive a new scheduler instance.

Schedulers are started paused, so nothing runs on the wall clock; the job functions are called
directly after moving the test clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select, table

from tests.timer_helpers import deploy_fixture, file_on, open_tasks, timers_of
from workflow_service.domain.clock import FixedClock
from workflow_service.jobs import scheduler as jobs
from workflow_service.persistence.deadline_models import TimerRow


@pytest.fixture
def paused(mini_app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    monkeypatch.delenv("OCOPFLOW_SCHEDULER", raising=False)
    assert jobs.start_scheduler(mini_app, paused=True) is not None
    try:
        yield mini_app
    finally:
        jobs.stop_scheduler()


def test_each_committed_timer_gets_a_date_job_in_the_database_job_store(paused: Flask, clock: FixedClock) -> None:
    ctx = paused.extensions["ocopflow"]
    deploy_fixture(ctx, "timer_review.bpmn")
    dossier = file_on(ctx, "timer_review")
    with ctx.uow() as uow:
        timers = uow.session.scalars(select(TimerRow).where(TimerRow.dossier_id == dossier)).all()
        stored = uow.session.scalar(select(func.count()).select_from(table(jobs.JOB_TABLE)))
    expected = {f"timer:{t.id}" for t in timers} | {"timers:sweep", "deadlines:sweep", "certificates:sweep",
                                                    "reports:producers", "counts:fold"}
    assert stored == len(expected) == len(timers) + 5  # standing: timers, deadlines, certificates, reports, counts
    jobs.stop_scheduler()

    again = jobs.build_scheduler(paused.extensions["ocopflow.engine"])
    again.start(paused=True)
    try:
        assert {job.id for job in again.get_jobs()} == expected
    finally:
        again.shutdown()


def test_a_date_job_fires_its_timer_by_the_service_clock(paused: Flask, clock: FixedClock) -> None:
    ctx = paused.extensions["ocopflow"]
    deploy_fixture(ctx, "timer_review.bpmn")
    dossier = file_on(ctx, "timer_review")
    with ctx.uow() as uow:
        reminder = uow.session.scalars(select(TimerRow).where(TimerRow.element_id == "reminder")).one()
    jobs.fire_timer_job(reminder.id)
    assert timers_of(ctx, dossier)["reminder"] == "pending"  # the job ran early: nothing happens
    clock.advance(timedelta(days=1))
    jobs.fire_timer_job(reminder.id)
    assert timers_of(ctx, dossier)["reminder"] == "fired"
    clock.advance(timedelta(days=1))
    jobs.sweep_timers_job()
    assert open_tasks(ctx, dossier) == ["acknowledge_reminder", "late_check"]


def test_the_scheduler_starts_once_per_process_and_not_when_switched_off(
        mini_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OCOPFLOW_SCHEDULER", "off")
    assert jobs.start_scheduler(mini_app) is None
    monkeypatch.setenv("OCOPFLOW_SCHEDULER", "on")
    first = jobs.start_scheduler(mini_app, paused=True)
    try:
        assert first is not None and jobs.start_scheduler(mini_app, paused=True) is None
    finally:
        jobs.stop_scheduler()
