"""A live service for the simulation tests: the shipped bpmn/ deployed and the demo users, on SQLite.

Simulations only read it, so one per module is enough (tests that check it stays untouched use the
per-test `app` fixture, on PostgreSQL too)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from flask import Flask

from tests.conftest import ROOT, make_app
from workflow_service.domain.access import Actor
from workflow_service.domain.clock import FixedClock
from workflow_service.domain.roles import RoleGrant
from workflow_service.services.context import ServiceContext

SCENARIOS = ROOT / "bpmn" / "scenarios"
DESIGNER = Actor("designer", (RoleGrant("designer", "VN"),))


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    clock = FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    db = tmp_path_factory.mktemp("simulation-live") / "live.db"
    app = make_app(f"sqlite:///{db}", clock, ROOT / "bpmn", ROOT / "forms")
    yield app
    app.extensions["ocopflow.engine"].dispose()


@pytest.fixture(scope="module")
def live_ctx(live: Flask) -> ServiceContext:
    context: ServiceContext = live.extensions["ocopflow"]
    return context
