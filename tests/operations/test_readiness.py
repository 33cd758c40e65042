"""GET /api/v1/ready: database and scheduler heartbeat, with the heartbeat's age on the injected clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine

from tests.conftest import ROOT
from workflow_service import create_app
from workflow_service.config import Settings
from workflow_service.domain.clock import FixedClock
from workflow_service.jobs import scheduler as jobs
from workflow_service.persistence.database import make_session_factory
from workflow_service.services.context import ServiceContext
from workflow_service.services.operations.heartbeat import beat
from workflow_service.services.operations.readiness import readiness


@pytest.fixture
def expecting(database_url: str, clock: FixedClock) -> Iterator[Flask]:
    """An app whose readiness needs a scheduler that sweeps every 30 s."""
    settings = Settings(database_url=database_url, secret_key="test-secret-" + "x" * 40, env="testing",
                        bpmn_dir=ROOT / "bpmn", forms_dir=ROOT / "forms", scheduler_expected=True,
                        timer_sweep_seconds=30, deploy_on_start=False)
    app = create_app(settings, clock=clock)
    yield app
    app.extensions["ocopflow.engine"].dispose()


def test_liveness_and_readiness_without_a_scheduler_expected(app: Flask) -> None:
    client = app.test_client()
    assert client.get("/api/v1/health").json == {"status": "ok"}
    ready = client.get("/api/v1/ready")
    assert ready.status_code == 200
    assert ready.json == {"status": "ready", "checks": {"database": "ok", "scheduler": "not expected"}}


def test_a_stale_scheduler_heartbeat_makes_the_service_not_ready(expecting: Flask, clock: FixedClock) -> None:
    client = expecting.test_client()
    missing = client.get("/api/v1/ready")
    assert missing.status_code == 503 and missing.content_type == "application/problem+json"
    assert missing.json["errors"] == {"scheduler": ["no scheduler has swept the timers yet"]}
    beat(expecting.extensions["ocopflow"], "host:1")
    clock.advance(timedelta(seconds=60))  # exactly twice the sweep interval: still fresh
    assert client.get("/api/v1/ready").json["checks"] == {"database": "ok", "scheduler": "ok"}
    clock.advance(timedelta(seconds=1))
    stale = client.get("/api/v1/ready")
    assert stale.status_code == 503
    assert stale.json["detail"] == "not ready: scheduler stale"
    assert stale.json["errors"]["scheduler"] == ["the last timer sweep was 61 s ago (at most 60 s expected)"]
    assert stale.headers["Retry-After"] == "10"


def test_the_scheduler_beats_when_it_starts_and_at_every_sweep(expecting: Flask, clock: FixedClock,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OCOPFLOW_SCHEDULER", raising=False)
    client = expecting.test_client()
    assert jobs.start_scheduler(expecting, paused=True) is not None  # paused: nothing runs on the wall clock
    try:
        assert client.get("/api/v1/ready").status_code == 200
        clock.advance(timedelta(minutes=5))
        assert client.get("/api/v1/ready").status_code == 503
        jobs.sweep_timers_job()
        assert client.get("/api/v1/ready").status_code == 200
    finally:
        jobs.stop_scheduler()


def test_an_unreachable_database_is_named(tmp_path: Path, clock: FixedClock) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'no-such-folder' / 'x.db'}")
    ctx = ServiceContext(session_factory=make_session_factory(engine), clock=clock, forms_dir=tmp_path,
                         secret_key="x" * 40)
    result = readiness(ctx, scheduler_expected=True, max_heartbeat_age=timedelta(seconds=60))
    assert not result.ready
    assert result.checks == {"database": "unreachable", "scheduler": "unknown"}
    assert list(result.problems) == ["database"]
