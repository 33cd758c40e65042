"""The monitoring summary reads kept counts: they must equal a recount of the tasks after every kind of change."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import select, text, update

from tests.timer_helpers import OFFICER, deploy_fixture, file_on
from workflow_service.cli import main
from workflow_service.domain.clock import FixedClock
from workflow_service.persistence.models import TaskRow
from workflow_service.persistence.monitoring_models import TaskCount
from workflow_service.services.accounts.users import load_actor
from workflow_service.services.context import ServiceContext
from workflow_service.services.deadlines.calendar import current_calendar
from workflow_service.services.monitoring.counts import count_differences, fold_deltas, rebuild_counts
from workflow_service.services.monitoring.summary import AGING_BUCKETS, summarize
from workflow_service.services.monitoring.task_list import cutoffs_at
from workflow_service.services.tasks.actions import claim_task, complete_task, unclaim_task
from workflow_service.services.timers.firing import fire_due_timers

SUPERVISOR = "supervisor.hatinh"


def _open_task(ctx: ServiceContext, dossier_id: int, element_id: str) -> str:
    with ctx.uow() as uow:
        return str(uow.session.scalar(select(TaskRow.id).where(
            TaskRow.dossier_id == dossier_id, TaskRow.element_id == element_id, TaskRow.status == "open")))


def _recounted_summary(ctx: ServiceContext) -> tuple[dict[str, tuple[int, int, int]], dict[str, int]]:
    """By unit (overdue, due soon, open) and aging, straight from the open tasks."""
    cut = cutoffs_at(ctx.clock.now(), 3, current_calendar(ctx))
    by_unit: dict[str, list[int]] = {}
    aging = dict.fromkeys((label for label, _, _ in AGING_BUCKETS), 0)
    with ctx.uow() as uow:
        rows = uow.session.execute(select(TaskRow.unit_code, TaskRow.due_at).where(TaskRow.status == "open")).all()
    for unit, due in rows:
        counts = by_unit.setdefault(unit, [0, 0, 0])
        status = cut.status(due)
        counts[0] += status == "overdue"
        counts[1] += status == "due_soon"
        counts[2] += 1
        late = cut.days_overdue(due)
        for label, low, high in AGING_BUCKETS:
            aging[label] += late >= low and (high is None or late < high)
    return {u: (o, s, n) for u, (o, s, n) in by_unit.items()}, aging


def _summary(ctx: ServiceContext) -> tuple[dict[str, tuple[int, int, int]], dict[str, int]]:
    result = summarize(ctx, load_actor(ctx, SUPERVISOR), "42")
    return {u.key: (u.overdue, u.due_soon, u.open or 0) for u in result.by_unit}, result.aging


def test_counts_equal_a_recount_after_claims_completions_timers_and_due_dates(
        mini_app: Flask, clock: FixedClock) -> None:
    ctx = mini_app.extensions["ocopflow"]
    deploy_fixture(ctx, "timer_review.bpmn")
    officer = load_actor(ctx, OFFICER.username)
    dossiers = [file_on(ctx, "timer_review") for _ in range(6)]
    assert count_differences(ctx) == {}

    first = _open_task(ctx, dossiers[0], "check")
    claim_task(ctx, officer, first)
    unclaim_task(ctx, officer, first)
    claim_task(ctx, officer, first)
    complete_task(ctx, officer, first, {"complete": True})
    # Due dates spread around now, today included: earlier today, later today, days and weeks ago.
    now = clock.now()
    for dossier_id, due in zip(dossiers[1:], (now - timedelta(hours=1), now + timedelta(hours=2),
                                              now - timedelta(days=3), now - timedelta(days=12),
                                              now + timedelta(days=2)), strict=True):
        with ctx.uow() as uow:
            uow.session.execute(update(TaskRow).where(TaskRow.dossier_id == dossier_id).values(due_at=due))
            uow.commit()
    assert count_differences(ctx) == {}
    assert _summary(ctx) == _recounted_summary(ctx)

    clock.advance(timedelta(days=1, minutes=1))  # the reminders fall due: new tasks, timers fired
    assert fire_due_timers(ctx, "w1").fired >= 5
    assert count_differences(ctx) == {}
    assert _summary(ctx) == _recounted_summary(ctx)

    assert fold_deltas(ctx) > 0  # the deltas move into the counts; nothing changes for a reader
    assert fold_deltas(ctx) == 0
    assert count_differences(ctx) == {}
    assert _summary(ctx) == _recounted_summary(ctx)

    late = _open_task(ctx, dossiers[4], "check")
    claim_task(ctx, officer, late)
    complete_task(ctx, officer, late, {"complete": True})  # completed late: the on-time rate counts it
    assert count_differences(ctx) == {}
    assert _summary(ctx) == _recounted_summary(ctx)
    trend = summarize(ctx, load_actor(ctx, SUPERVISOR), "42").trend
    assert (trend[-1].completed, trend[-1].on_time) == (1, 0)

    before = _summary(ctx)
    assert rebuild_counts(ctx) > 0  # a recount from scratch gives the same counts
    assert count_differences(ctx) == {}
    assert _summary(ctx) == before == _recounted_summary(ctx)


def test_the_rebuild_command_checks_and_puts_the_counts_right(mini_app: Flask, database_url: str,
                                                               tmp_path: Path) -> None:
    ctx = mini_app.extensions["ocopflow"]
    deploy_fixture(ctx, "timer_review.bpmn")
    for _ in range(3):
        file_on(ctx, "timer_review")
    env = {"DATABASE_URL": database_url, "OCOPFLOW_INSTANCE_DIR": str(tmp_path / "cli"),
           "OCOPFLOW_SECRET_KEY": "k" * 48, "OCOPFLOW_ENV": "testing"}
    assert CliRunner().invoke(main, ["db", "rebuild-counts", "--check"], env=env).exit_code == 0
    assert fold_deltas(ctx) > 0
    with ctx.uow() as uow:  # a count gone wrong behind the service's back (e.g. edited by hand)
        uow.session.execute(update(TaskCount).values(n=TaskCount.n + 5))
        uow.commit()
    checked = CliRunner().invoke(main, ["db", "rebuild-counts", "--check"], env=env)
    assert checked.exit_code == 1 and "DIFFERS" in checked.output
    rebuilt = CliRunner().invoke(main, ["db", "rebuild-counts"], env=env)
    assert rebuilt.exit_code == 0 and "task counts rebuilt" in rebuilt.output
    assert count_differences(ctx) == {}


def test_a_large_fold_vacuums_the_tables_at_once(service_ctx: ServiceContext, database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("VACUUM and autovacuum are PostgreSQL's")
    ctx = service_ctx
    deploy_fixture(ctx, "timer_review.bpmn")
    for _ in range(3):
        file_on(ctx, "timer_review")

    def vacuumed() -> bool:
        with ctx.session_factory.kw["bind"].connect() as conn:
            return conn.scalar(text("SELECT last_vacuum IS NOT NULL FROM pg_stat_user_tables"
                                    " WHERE relname = 'task_count_deltas'")) is True

    assert fold_deltas(ctx, vacuum_after=1_000) > 0 and not vacuumed()  # a small fold: autovacuum's job
    file_on(ctx, "timer_review")
    assert fold_deltas(ctx, vacuum_after=1) > 0 and vacuumed()  # as many as a mass fold: vacuumed now
    assert count_differences(ctx) == {}
