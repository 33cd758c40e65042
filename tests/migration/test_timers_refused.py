"""What the engine cannot move yet is named in the dry run: a step with timers waiting on it (boundary
events), and a timer that fell due but has not fired (the scheduler has not run it yet)."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from tests.timer_helpers import deploy_fixture, file_on
from workflow_service.domain.clock import FixedClock
from workflow_service.services.accounts.users import load_actor
from workflow_service.services.context import ServiceContext
from workflow_service.services.migration.dry_run import dry_run

PLAN = """
name: timers-to-mini
source: {process_key: timer_review}
target: {process_key: mini_review}
mapping: {check: check, check_timeout: check, reminder: check, acknowledge_reminder: check, late_check: check,
          cooling_off: check, publish_on: check}
"""


def _reason(ctx: ServiceContext, dossier_id: int) -> str:
    [outcome] = [o for o in dry_run(ctx, load_actor(ctx, "designer"), PLAN).outcomes if o.dossier_id == dossier_id]
    assert not outcome.migratable
    return outcome.reason or ""


def test_boundary_timers_and_a_due_timer_are_named(mini_app: Flask, clock: FixedClock) -> None:
    ctx: ServiceContext = mini_app.extensions["ocopflow"]
    deploy_fixture(ctx, "timer_review.bpmn")
    dossier_id = file_on(ctx, "timer_review")
    assert "boundary events" in _reason(ctx, dossier_id) and "'check'" in _reason(ctx, dossier_id)
    clock.set(clock.now() + timedelta(days=3))
    assert "fell due" in _reason(ctx, dossier_id) and "has not fired yet" in _reason(ctx, dossier_id)
