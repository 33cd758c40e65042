"""Fixtures: an app on a fresh database per test (SQLite always; PostgreSQL when configured)."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, make_url, text

from workflow_service import create_app
from workflow_service.config import Settings
from workflow_service.domain.clock import FixedClock
from workflow_service.services.context import ServiceContext
from workflow_service.services.demo.loader import DEMO_PASSWORD, load_demo

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
PG_URL = os.environ.get("OCOPFLOW_TEST_PG_URL")
DATABASES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _reset_postgres(url: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must run the database tests on PostgreSQL: set OCOPFLOW_TEST_PG_URL")
        pytest.skip("set OCOPFLOW_TEST_PG_URL to run the database tests on PostgreSQL")
    url = _worker_database(PG_URL)
    _reset_postgres(url)
    return url


@functools.cache
def _worker_database(url: str) -> str:
    """Under pytest-xdist each worker gets its own database beside the configured one (created once):
    the tests reset the schema of the database they use."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    configured = make_url(url)
    name = f"{configured.database}_{worker}"
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}) is None:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return configured.set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))


def make_app(database_url: str, clock: FixedClock, bpmn_dir: Path, forms_dir: Path) -> Flask:
    settings = Settings(database_url=database_url, secret_key="test-secret-" + "x" * 40, env="testing",
                        bpmn_dir=bpmn_dir, forms_dir=forms_dir)
    app = create_app(settings, clock=clock)
    load_demo(app.extensions["ocopflow"])
    return app


@pytest.fixture
def app(database_url: str, clock: FixedClock) -> Iterator[Flask]:
    """The service with the real OCOP process (bpmn/, forms/) and the demo users."""
    application = make_app(database_url, clock, ROOT / "bpmn", ROOT / "forms")
    yield application
    application.extensions["ocopflow.engine"].dispose()


@pytest.fixture
def mini_app(database_url: str, clock: FixedClock) -> Iterator[Flask]:
    """The service with the tiny two-step fixture process (tests/fixtures/bpmn)."""
    application = make_app(database_url, clock, FIXTURES / "bpmn", FIXTURES / "bpmn")
    yield application
    application.extensions["ocopflow.engine"].dispose()


class Api:
    """A test client that signs in as demo users and speaks JSON."""

    def __init__(self, client: FlaskClient):
        self.client = client
        self._tokens: dict[str, str] = {}

    def headers(self, user: str) -> dict[str, str]:
        if user not in self._tokens:
            response = self.client.post("/api/v1/auth/token", json={"username": user, "password": DEMO_PASSWORD})
            assert response.status_code == 200, response.json
            self._tokens[user] = response.json["access_token"]
        return {"Authorization": f"Bearer {self._tokens[user]}"}

    def forget_tokens(self) -> None:
        self._tokens.clear()

    def get(self, user: str, path: str, **kw: Any) -> Any:
        return self.client.get(f"/api/v1{path}", headers=self.headers(user), **kw)

    def post(self, user: str, path: str, json: Any = None, **kw: Any) -> Any:
        return self.client.post(f"/api/v1{path}", headers=self.headers(user), json=json, **kw)

    def file(self, user: str, commune: str, data: dict[str, Any] | None = None,
             process_key: str = "ocop_evaluation", kind: str = "first_time") -> Any:
        return self.post(user, "/dossiers", {"process_key": process_key, "commune": commune, "kind": kind,
                                              "data": data if data is not None else {}})

    def inbox(self, user: str, **params: Any) -> list[dict[str, Any]]:
        response = self.get(user, "/tasks", query_string=params)
        assert response.status_code == 200, response.json
        items: list[dict[str, Any]] = response.json["items"]
        return items

    def do(self, user: str, task_id: str, data: dict[str, Any]) -> Any:
        claimed = self.post(user, f"/tasks/{task_id}/claim")
        assert claimed.status_code == 200, claimed.json
        return self.post(user, f"/tasks/{task_id}/complete", {"data": data})


@pytest.fixture
def api(app: Flask) -> Api:
    return Api(app.test_client())


@pytest.fixture
def mini_api(mini_app: Flask) -> Api:
    return Api(mini_app.test_client())


@pytest.fixture
def service_ctx(mini_app: Flask) -> ServiceContext:
    context: ServiceContext = mini_app.extensions["ocopflow"]
    return context


ReadFixture = Callable[[str], bytes]


@pytest.fixture
def fixture_bytes() -> ReadFixture:
    return lambda name: (FIXTURES / name).read_bytes()
