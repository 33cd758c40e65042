"""The database unreachable: requests get 503 with Retry-After (problem+json or a plain page), never a
stack trace, and the service answers normally again once the database is back, without a restart.

The outage is simulated by pointing the service's sessions at a closed port on loopback (restarting a
shared PostgreSQL server is not an option in tests).
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from tests.conftest import Api
from tests.web.conftest import Browser
from workflow_service.config import Settings
from workflow_service.persistence.database import make_engine
from workflow_service.persistence.unit_of_work import UnitOfWork


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_requests_get_503_while_the_database_is_unreachable_and_recover_after(mini_app: Flask) -> None:
    api = Api(mini_app.test_client())
    browser = Browser(mini_app.test_client())
    browser.sign_in("officer.huongkhe")
    assert api.get("officer.huongkhe", "/tasks").status_code == 200
    ctx = mini_app.extensions["ocopflow"]
    live = mini_app.extensions["ocopflow.engine"]
    dead = make_engine(f"postgresql+psycopg://postgres@127.0.0.1:{_closed_port()}/gone")
    ctx.session_factory.configure(bind=dead)
    try:
        response = api.get("officer.huongkhe", "/tasks")
        assert response.status_code == 503
        assert response.mimetype == "application/problem+json"
        assert response.headers["Retry-After"] == "5"
        assert response.json["status"] == 503 and "try again" in response.json["detail"]
        assert "Traceback" not in response.get_data(as_text=True)
        assert "psycopg" not in response.get_data(as_text=True)  # no driver message leaks out

        filing = api.post("officer.huongkhe", "/dossiers", {"process_key": "mini_review", "commune": "18101",
                                                            "kind": "first_time", "data": {}})
        assert filing.status_code == 503 and filing.headers["Retry-After"] == "5"

        page = browser.get("/inbox")
        assert page.status_code == 503 and page.mimetype == "text/html"
        assert page.headers["Retry-After"] == "5"
        assert "Service temporarily unavailable" in page.get_data(as_text=True)
    finally:
        ctx.session_factory.configure(bind=live)
        dead.dispose()
    assert api.get("officer.huongkhe", "/tasks").status_code == 200  # back by itself, same process
    assert browser.get("/inbox").status_code == 200
    assert api.file("officer.huongkhe", "18101", process_key="mini_review").status_code == 201


def test_pool_settings_come_from_the_environment(tmp_path: Path) -> None:
    settings = Settings.from_env({"OCOPFLOW_INSTANCE_DIR": str(tmp_path), "OCOPFLOW_DB_POOL_SIZE": "3",
                                  "OCOPFLOW_DB_MAX_OVERFLOW": "0", "OCOPFLOW_DB_POOL_TIMEOUT": "7"})
    engine = make_engine("postgresql+psycopg://postgres@127.0.0.1:1/x", settings.db_pool_size,
                         settings.db_max_overflow, settings.db_pool_timeout)
    assert engine.pool.size() == 3  # type: ignore[attr-defined]
    assert engine.pool._max_overflow == 0 and engine.pool._timeout == 7  # type: ignore[attr-defined]


def test_the_fault_pause_is_honoured_only_in_testing(tmp_path: Path) -> None:
    env = {"OCOPFLOW_INSTANCE_DIR": str(tmp_path), "OCOPFLOW_TEST_PAUSE": "complete"}
    assert Settings.from_env({**env, "OCOPFLOW_ENV": "testing"}).test_pause == "complete"
    assert Settings.from_env({**env, "OCOPFLOW_ENV": "demo"}).test_pause == ""


def _connection_lost(*args: Any, **kwargs: Any) -> None:
    raise OperationalError("COMMIT", {}, Exception("server closed the connection unexpectedly"))


def test_a_503_says_whether_the_action_may_have_been_recorded(
        mini_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    api = Api(mini_app.test_client())
    dossier = api.file("officer.huongkhe", "18101", process_key="mini_review").json
    task_id = dossier["open_tasks"][0]["id"]
    api.headers("officer.huongkhe")  # signed in before the faults

    with monkeypatch.context() as patched:  # the connection breaks while COMMIT is on its way
        patched.setattr(Session, "commit", _connection_lost)
        lost = api.post("officer.huongkhe", f"/tasks/{task_id}/claim")
    assert lost.status_code == 503 and lost.headers["Retry-After"] == "5"
    assert "may or may not have been recorded" in lost.json["detail"], lost.json
    assert "server closed" not in lost.get_data(as_text=True)

    def committed_then_lost(self: UnitOfWork) -> None:
        committed(self)
        _connection_lost()

    committed = UnitOfWork.commit
    with monkeypatch.context() as patched:  # COMMIT acknowledged, then the connection breaks on what follows
        patched.setattr(UnitOfWork, "commit", committed_then_lost)
        recorded = api.post("officer.huongkhe", f"/tasks/{task_id}/claim")
    assert recorded.status_code == 503 and "the action was recorded" in recorded.json["detail"], recorded.json
    assert api.get("officer.huongkhe", f"/tasks/{task_id}").json["claimed_by"] == "officer.huongkhe"

    other = api.file("officer.huongkhe", "18101", process_key="mini_review").json["open_tasks"][0]["id"]
    browser = Browser(mini_app.test_client())
    browser.sign_in("officer.huongkhe")
    with monkeypatch.context() as patched:  # the same on a page: a plain page, no template
        patched.setattr(Session, "commit", _connection_lost)
        page = browser.post(f"/tasks/{other}/claim")
    assert page.status_code == 503 and page.mimetype == "text/html"
    assert "may or may not have been saved" in page.get_data(as_text=True)

    fresh = api.get("officer.huongkhe", "/tasks")  # a new request starts from "nothing committed"
    assert fresh.status_code == 200


def test_a_database_url_without_its_driver_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(SystemExit, match=r"driver 'pg8000', not installed: pip install pg8000"):
        make_engine("postgresql+pg8000://postgres@127.0.0.1:5432/x")  # a driver this install does not have
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as in an install without the postgres extra
    with pytest.raises(SystemExit, match=r"driver 'psycopg', not installed: pip install 'ocopflow\[postgres\]'"):
        make_engine("postgresql+psycopg://postgres@127.0.0.1:5432/x")
