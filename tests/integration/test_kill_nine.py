"""kill -9 in the middle of a state change: after a restart the dossier is exactly as before it, the
change can be made again, it happens once, and `ocopflow audit verify` passes.

The service and the scheduler run as real subprocesses on the test's database (a SQLite file, and
PostgreSQL when OCOPFLOW_TEST_PG_URL is set). OCOPFLOW_TEST_PAUSE (honoured only with
OCOPFLOW_ENV=testing) makes the step block after the engine step and the audit entry, with the
transaction open, just before commit; the process writes its pid to a marker file and the test kills it.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from tests.conftest import FIXTURES, Api
from tests.timer_helpers import deploy_fixture, file_on, open_tasks, timers_of
from workflow_service.persistence.models import AuditEntry, Dossier, TaskRow
from workflow_service.services.context import ServiceContext
from workflow_service.services.demo.loader import DEMO_PASSWORD

OCOPFLOW = str(Path(sys.executable).with_name("ocopflow"))
OFFICER = "officer.huongkhe"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _env(database_url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCOPFLOW_") and k != "DATABASE_URL"}
    env.update(DATABASE_URL=database_url, OCOPFLOW_ENV="testing", OCOPFLOW_SCHEDULER="off",
               OCOPFLOW_SECRET_KEY="fault-secret-" + "y" * 40, OCOPFLOW_INSTANCE_DIR=str(tmp_path / "instance"),
               OCOPFLOW_BPMN_DIR=str(FIXTURES / "bpmn"), OCOPFLOW_FORMS_DIR=str(FIXTURES / "bpmn"))
    env.update(extra)
    return env


def _wait_for(condition: Any, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _paused_pid(marker: Path) -> int | None:
    if not marker.exists() or not marker.read_text().strip():
        return None
    return int(marker.read_text().split()[-1])


class Server:
    """`ocopflow serve` (gunicorn, one worker) on a free loopback port."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = _free_port()
        self.log = log.open("ab")
        self.process = subprocess.Popen([OCOPFLOW, "serve", "--port", str(self.port)], env=env,
                                        stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        _wait_for(self._up, "the service to answer /api/v1/health")

    def _up(self) -> bool:
        assert self.process.poll() is None, "the service exited at start"
        try:
            return self.request("GET", "/health")[0] == 200
        except OSError:
            return False

    def request(self, method: str, path: str, body: Any = None, token: str | None = None,
                timeout: float = 10) -> tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"} | ({"Authorization": f"Bearer {token}"} if token else {})
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}/api/v1{path}", data=data, method=method,
                                     headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read() or b"null")

    def token(self, user: str) -> str:
        status, body = self.request("POST", "/auth/token", {"username": user, "password": DEMO_PASSWORD})
        assert status == 200, body
        token: str = body["access_token"]
        return token

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)  # the group: gunicorn's master and its worker
            self.process.wait(30)
        self.log.close()


def _snapshot(ctx: ServiceContext, dossier_id: int) -> dict[str, Any]:
    with ctx.uow() as uow:
        s = uow.session
        dossier = s.get(Dossier, dossier_id, populate_existing=True)
        assert dossier is not None
        tasks = s.execute(select(TaskRow.id, TaskRow.element_id, TaskRow.status, TaskRow.claimed_by)
                          .where(TaskRow.dossier_id == dossier_id).order_by(TaskRow.id)).all()
        audits = s.execute(select(AuditEntry.id, AuditEntry.action, AuditEntry.hash)
                           .where(AuditEntry.dossier_id == dossier_id).order_by(AuditEntry.id)).all()
        return {"version": dossier.row_version, "state": dossier.state, "status": dossier.status,
                "tasks": [tuple(t) for t in tasks], "audit": [tuple(a) for a in audits]}


def _audit_verify(env: dict[str, str]) -> None:
    done = subprocess.run([OCOPFLOW, "audit", "verify"], check=False, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "audit trail intact" in done.stdout


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[list[Server]]:
    started: list[Server] = []
    yield started
    for server in started:
        server.stop()


def test_kill_9_of_the_web_worker_inside_a_complete_leaves_the_dossier_as_before(
        mini_app: Flask, database_url: str, tmp_path: Path, servers: list[Server]) -> None:
    ctx: ServiceContext = mini_app.extensions["ocopflow"]
    api = Api(mini_app.test_client())
    dossier = api.file(OFFICER, "18101", process_key="mini_review").json
    task_id = dossier["open_tasks"][0]["id"]
    assert api.post(OFFICER, f"/tasks/{task_id}/claim").status_code == 200
    before = _snapshot(ctx, dossier["id"])

    marker = tmp_path / "paused"
    env = _env(database_url, tmp_path, OCOPFLOW_TEST_PAUSE="complete", OCOPFLOW_TEST_PAUSE_FILE=str(marker))
    servers.append(server := Server(env, tmp_path / "serve.log"))
    token = server.token(OFFICER)
    with pytest.raises(OSError):  # the worker dies with the request inside; the client sees no answer
        server.request("POST", f"/tasks/{task_id}/complete",
                       {"data": {"complete": False}}, token, timeout=3)
    _wait_for(lambda: _paused_pid(marker) is not None, "the complete to reach its fault point")
    worker = _paused_pid(marker)
    assert worker is not None and worker != server.process.pid  # a gunicorn worker, not the master
    os.kill(worker, signal.SIGKILL)
    server.stop()

    assert _snapshot(ctx, dossier["id"]) == before  # nothing of the step survived: not half, not all

    servers.append(again := Server(_env(database_url, tmp_path), tmp_path / "serve.log"))
    token = again.token(OFFICER)
    status, body = again.request("POST", f"/tasks/{task_id}/complete", {"data": {"complete": False}}, token)
    assert status == 200, body
    after = _snapshot(ctx, dossier["id"])
    assert after["version"] > before["version"]
    assert [a[1] for a in after["audit"]] == [a[1] for a in before["audit"]] + ["complete"]  # recorded once
    assert next(t for t in after["tasks"] if t[0] == task_id)[2] == "completed"
    _audit_verify(_env(database_url, tmp_path))


def test_kill_9_of_the_scheduler_inside_a_timer_firing_then_it_fires_exactly_once(
        mini_app: Flask, database_url: str, tmp_path: Path) -> None:
    ctx: ServiceContext = mini_app.extensions["ocopflow"]
    deploy_fixture(ctx, "timer_review.bpmn")
    dossier = file_on(ctx, "timer_review")  # at 2026-11-23 09:00: reminder due in a day, check_timeout in 2
    before = _snapshot(ctx, dossier)
    assert open_tasks(ctx, dossier) == ["check"]

    marker = tmp_path / "paused"
    env = _env(database_url, tmp_path, OCOPFLOW_SCHEDULER="on", OCOPFLOW_TIMER_SWEEP_SECONDS="1",
               OCOPFLOW_CLOCK="2026-11-24T12:00:00+07:00")
    log = (tmp_path / "scheduler.log").open("ab")
    first = subprocess.Popen([OCOPFLOW, "scheduler"], stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                             env=env | {"OCOPFLOW_TEST_PAUSE": "timer", "OCOPFLOW_TEST_PAUSE_FILE": str(marker)})
    try:
        _wait_for(lambda: _paused_pid(marker) is not None, "the scheduler to reach its fault point")
        assert _paused_pid(marker) == first.pid
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(30)

    assert _snapshot(ctx, dossier) == before
    assert timers_of(ctx, dossier) == {"reminder": "pending", "check_timeout": "pending"}

    second = subprocess.Popen([OCOPFLOW, "scheduler"], stdout=log, stderr=subprocess.STDOUT, env=env,
                              start_new_session=True)
    try:
        _wait_for(lambda: timers_of(ctx, dossier)["reminder"] == "fired", "the restarted scheduler to fire")
        time.sleep(3)  # wall time for three more sweeps of the real process: a second firing would show
    finally:
        os.killpg(second.pid, signal.SIGKILL)
        second.wait(30)
        log.close()
    assert timers_of(ctx, dossier) == {"reminder": "fired", "check_timeout": "pending"}
    assert open_tasks(ctx, dossier) == ["acknowledge_reminder", "check"]
    with ctx.uow() as uow:
        firings = uow.session.scalars(select(AuditEntry).where(
            AuditEntry.dossier_id == dossier, AuditEntry.action == "timer")).all()
        acks = uow.session.scalars(select(TaskRow.id).where(
            TaskRow.dossier_id == dossier, TaskRow.element_id == "acknowledge_reminder")).all()
    assert [a.data["element"] for a in firings] == ["reminder"]
    assert len(acks) == 1
    _audit_verify(_env(database_url, tmp_path))
