"""PostgreSQL restarted under load: while it is down every request gets 503 problem+json (no stack
trace, never a 500); once it is back the same service processes answer again by themselves; nothing
answered 2xx is lost and nothing is applied twice.

The test owns its PostgreSQL (tests/integration/pg_cluster.py) and runs the production shape of the
README: gunicorn, two workers with threads, the scheduler off. Officers in threads read their inbox,
file, claim and complete (tests/integration/load_driver.py) while the cluster is restarted
(`pg_ctl restart -m fast`) and then stopped, left down, and started again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import Engine

from tests.conftest import FIXTURES, ROOT
from workflow_service import create_app
from workflow_service.config import Settings
from workflow_service.persistence.models import AuditEntry, Dossier, TaskRow
from workflow_service.services.demo.loader import DEMO_PASSWORD, load_demo

from .load_driver import Answer, Officer, call
from .pg_cluster import Cluster, free_port, newest_pg_bin

pytestmark = pytest.mark.postgres

BIN = Path(sys.executable).parent
OFFICERS = 4
RECOVERY_BOUND_S = 15.0  # from "PostgreSQL accepts connections again" to the service answering 200


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    bindir = newest_pg_bin()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the PostgreSQL restart test: install postgresql (initdb)")
        pytest.skip("needs PostgreSQL's initdb under /usr/lib/postgresql/*/bin")
    own = Cluster(bindir)
    try:
        own.start()
        yield own
    finally:
        own.remove()


class Service:
    """gunicorn "workflow_service:create_app()" as the README's production deployment runs it."""

    def __init__(self, url: str, work: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/api/v1"
        env = {k: v for k, v in os.environ.items() if not k.startswith("OCOPFLOW_") and k != "DATABASE_URL"}
        env.update(DATABASE_URL=url, OCOPFLOW_ENV="testing", OCOPFLOW_SCHEDULER="off",
                   OCOPFLOW_SECRET_KEY="restart-secret-" + "z" * 40, OCOPFLOW_INSTANCE_DIR=str(work / "instance"),
                   OCOPFLOW_BPMN_DIR=str(FIXTURES / "bpmn"), OCOPFLOW_FORMS_DIR=str(FIXTURES / "bpmn"),
                   OCOPFLOW_DB_POOL_SIZE="4", OCOPFLOW_DB_MAX_OVERFLOW="2", OCOPFLOW_DB_POOL_TIMEOUT="5",
                   OCOPFLOW_METRICS="off")
        self.env = env
        self.log_path = work / "gunicorn.log"
        self.log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{self.port}", "--workers", "2", "--threads", "4",
             "--worker-class", "gthread", "workflow_service:create_app()"],
            env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while len(self.workers()) < 2 or call(self.base, "GET", "/health", timeout=2)[0] != 200:
            assert self.process.poll() is None, self.log_path.read_text()[-3000:]
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)

    def workers(self) -> set[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return {int(pid) for pid in children.read_text().split()} if children.exists() else set()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(30)
        self.log.close()


def _seed(url: str, work: Path) -> None:
    """Schema, the fixture process (mini_review) and the demo users, as `ocopflow db upgrade` + demo do."""
    settings = Settings(database_url=url, secret_key="seed-secret-" + "x" * 40, env="testing",
                        bpmn_dir=FIXTURES / "bpmn", forms_dir=FIXTURES / "bpmn", instance_dir=work / "seed")
    app = create_app(settings)
    load_demo(app.extensions["ocopflow"])
    app.extensions["ocopflow.engine"].dispose()


def _recovered_within(base: str, token: str, seconds: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if call(base, "GET", "/tasks?limit=1", token, timeout=5)[0] == 200:
            return time.monotonic() - started
        time.sleep(0.1)
    raise AssertionError(f"the service did not answer 200 within {seconds} s of PostgreSQL being back")


def _is_clean_503(answer: Answer) -> bool:
    return (answer.status == 503 and answer.content_type.startswith("application/problem+json")
            and answer.data is not None and answer.data.get("status") == 503
            and "Traceback" not in answer.body and "psycopg" not in answer.body)


def test_postgres_restarted_under_load_503_meanwhile_then_the_same_processes_recover(
        cluster: Cluster, tmp_path: Path) -> None:
    _seed(cluster.url, tmp_path)
    service = Service(cluster.url, tmp_path)
    answers: list[Answer] = []
    stop = threading.Event()
    threads: list[threading.Thread] = []
    try:
        workers_before = service.workers()
        status, _, _, token_body = call(service.base, "POST", "/auth/token",
                                        body={"username": "officer.huongkhe", "password": DEMO_PASSWORD})
        assert status == 200, token_body
        token = token_body["access_token"]
        officers = [Officer(n, service.base, token, "18101", "mini_review", answers, stop) for n in range(OFFICERS)]
        threads += [threading.Thread(target=o.run, name=f"officer-{o.number}") for o in officers]
        for thread in threads:
            thread.start()

        def acknowledged(action: str) -> int:
            return sum(1 for a in list(answers) if a.action == action and a.status in (200, 201))

        _wait(lambda: acknowledged("complete") >= 3, "the load to complete a few tasks", 60)

        cluster.restart("fast")
        restarted_at = time.monotonic()
        first_recovery = _recovered_within(service.base, token, RECOVERY_BOUND_S)
        completes_then = acknowledged("complete")
        _wait(lambda: acknowledged("complete") >= completes_then + 2 and time.monotonic() > restarted_at + 2,
              "work to go on after the restart", 30)

        stopping_at = time.monotonic()
        cluster.stop("fast")
        down_at = time.monotonic()
        time.sleep(2.0)  # the pause: PostgreSQL is gone, the load goes on
        up_requested_at = time.monotonic()
        cluster.start()
        up_at = time.monotonic()
        second_recovery = _recovered_within(service.base, token, RECOVERY_BOUND_S)
        completes_then = acknowledged("complete")
        _wait(lambda: acknowledged("complete") >= completes_then + 3, "work to go on after the start", 30)
    finally:
        stop.set()
        for thread in threads:
            thread.join(60)
        workers_after = service.workers()
        service.stop()
    log = service.log_path.read_text(errors="replace")

    assert not [a for a in answers if a.status >= 500 and a.status != 503], "a 5xx other than 503"
    assert "Traceback" not in log, log[-3000:]
    unavailable = [a for a in answers if a.status == 503]
    assert unavailable and all(_is_clean_503(a) for a in unavailable), [a.body for a in unavailable[:3]]
    assert all(a.status != 0 for a in answers), "a request got no HTTP answer at all"
    # While the server was down (answered after it stopped, asked before it was started again): all 503.
    outage = [a for a in answers if a.started >= down_at and a.ended <= up_requested_at]
    assert len(outage) >= OFFICERS and all(a.status == 503 for a in outage), Counter(a.status for a in outage)
    # Once PostgreSQL accepts connections again no stale pooled connection reaches a request.
    after = [a for a in answers
             if a.started >= up_at + 0.5 or (a.started >= restarted_at + 0.5 and a.ended < stopping_at)]
    assert len(after) >= 2 * OFFICERS, "too little load once PostgreSQL was back to tell"
    late = [(a.action, round(a.started - restarted_at, 2), round(a.started - up_at, 2)) for a in after
            if a.status == 503]
    assert not late, late
    assert max(first_recovery, second_recovery) < RECOVERY_BOUND_S
    assert workers_after == workers_before, "gunicorn replaced a worker: the service did not recover by itself"
    assert service.process.returncode in (0, -signal.SIGTERM)

    _check_rows(create_engine(cluster.url), answers)
    verified = subprocess.run([str(BIN / "ocopflow"), "audit", "verify"], env=service.env, capture_output=True,
                              text=True, timeout=120, check=False)
    assert verified.returncode == 0 and "audit trail intact" in verified.stdout, verified.stdout + verified.stderr
    print(f"\nanswers {Counter((a.action, a.status) for a in answers)}; recovered in "
          f"{first_recovery:.2f} s (restart) and {second_recovery:.2f} s (stop/start); 503 details "
        f"{Counter(a.data['detail'][:40] for a in unavailable)}")


def _unchanged(answer: Answer) -> bool:
    """A 503 that told the client nothing was changed (not "may have been" or "was recorded")."""
    return answer.status == 503 and "nothing was changed" in answer.body


def _check_rows(engine: Engine, answers: list[Answer]) -> None:
    """Every 2xx is in the database; no filing, claim or completion is recorded twice; a 503 that said
    nothing was changed changed nothing."""
    filed = {a.data["id"] for a in answers if a.action == "file" and a.status == 201}
    claimed = {a.target for a in answers if a.action == "claim" and a.status == 200}
    completed = {a.target for a in answers if a.action == "complete" and a.status == 200}
    # A repeated completion answered 409: an earlier attempt's COMMIT got through while its answer was
    # lost. That attempt must not have said "nothing was changed".
    repeated = [a.target for a in answers if a.action == "complete" and a.status == 409]
    maybe_filed = sum(1 for a in answers if a.action == "file" and a.status == 503 and not _unchanged(a))
    with engine.connect() as conn:
        dossiers = dict(conn.execute(select(Dossier.id, Dossier.status)).all())
        tasks = {t.id: t for t in conn.execute(select(TaskRow.id, TaskRow.status, TaskRow.claimed_by)).all()}
        audit = Counter(conn.execute(select(AuditEntry.action, AuditEntry.task_id)).all())
        numbers = conn.execute(select(func.count(Dossier.registration_number.distinct()))).scalar_one()
    engine.dispose()
    assert filed <= set(dossiers), "a filing answered 201 is missing"
    assert len(filed) <= len(dossiers) <= len(filed) + maybe_filed, "a filing told 'nothing was changed' was"
    for task in repeated:
        assert tasks[task].status == "completed"
        tried = [a for a in answers if a.action == "complete" and a.target == task and a.status == 503]
        assert tried and not _unchanged(tried[-1]), f"task {task}: completed although told nothing changed"
    assert numbers == len(dossiers), "a registration number was given twice"
    assert all(tasks[t].claimed_by == "officer.huongkhe" for t in claimed), "a claim answered 200 is missing"
    assert all(tasks[t].status == "completed" for t in completed), "a completion answered 200 is missing"
    assert completed and claimed >= completed
    twice = {key: n for key, n in audit.items() if key[0] in ("claim", "complete") and n > 1}
    assert not twice, f"recorded more than once: {twice}"
    assert sum(n for (action, _), n in audit.items() if action == "file") == len(dossiers)


def _wait(condition: object, what: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")
