"""`ocopflow migrate … --execute` killed with SIGKILL in the middle of a dossier's transaction: nothing of
that dossier is kept, and `ocopflow migrate --resume RUN` finishes the run, moving every dossier once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from tests.conftest import ROOT
from tests.engine.evaluation_steps import FILING
from workflow_service.domain.clock import FixedClock
from workflow_service.persistence.migration_models import MigrationItem, MigrationRun
from workflow_service.persistence.models import AuditEntry
from workflow_service.services.accounts.users import load_actor
from workflow_service.services.dossiers.filing import FileDossier, file_dossier

from .helpers import PLANS, at, ctx_of

OCOPFLOW = str(Path(sys.executable).with_name("ocopflow"))
COUNT = 4


def _env(database_url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OCOPFLOW_") and k != "DATABASE_URL"}
    env.update(DATABASE_URL=database_url, OCOPFLOW_ENV="testing", OCOPFLOW_SCHEDULER="off",
               OCOPFLOW_SECRET_KEY="fault-secret-" + "y" * 40, OCOPFLOW_INSTANCE_DIR=str(tmp_path / "instance"),
               OCOPFLOW_BPMN_DIR=str(ROOT / "bpmn"), OCOPFLOW_FORMS_DIR=str(ROOT / "forms"),
               OCOPFLOW_CLOCK="2026-05-22T09:00:00+07:00")
    env.update(extra)
    return env


def _wait_for_pause(marker: Path, process: subprocess.Popen[bytes]) -> int:
    for _ in range(1200):  # polling a subprocess, not time logic: at most 120 s
        if marker.exists() and marker.read_text().strip():
            return int(marker.read_text().split()[-1])
        assert process.poll() is None, "the migration ended before its pause point"
        time.sleep(0.1)
    raise AssertionError("the migration never reached its pause point")


def test_a_run_killed_inside_a_dossier_resumes_and_migrates_each_dossier_once(
        app: Flask, database_url: str, clock: FixedClock, tmp_path: Path) -> None:
    ctx = ctx_of(app)
    at(clock, 2026, 5, 20)
    producer = load_actor(ctx, "producer.huongkhe")
    ids = [file_dossier(ctx, producer, FileDossier(None, "18101", "first_time", FILING)).id for _ in range(COUNT)]
    marker = tmp_path / "paused"
    plan = str(PLANS / "r3_to_r4_2026.yaml")
    with (tmp_path / "migrate.log").open("wb") as log:
        process = subprocess.Popen([OCOPFLOW, "migrate", plan, "--execute"], stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True,
                                   env=_env(database_url, tmp_path, OCOPFLOW_TEST_PAUSE="migrate",
                                            OCOPFLOW_TEST_PAUSE_FILE=str(marker)))
        pid = _wait_for_pause(marker, process)
        os.kill(pid, signal.SIGKILL)
        process.wait(timeout=60)

    with ctx.uow() as uow:
        [run_id] = uow.session.scalars(select(MigrationRun.id)).all()
        statuses = uow.session.scalars(select(MigrationItem.status).where(MigrationItem.run_id == run_id)).all()
        assert sorted(statuses) == ["pending"] * COUNT  # the killed dossier's move was rolled back
        assert not uow.session.scalar(select(func.count()).select_from(AuditEntry)
                                      .where(AuditEntry.action == "migrate"))

    resumed = subprocess.run([OCOPFLOW, "migrate", "--resume", str(run_id)], capture_output=True, text=True,
                             env=_env(database_url, tmp_path), timeout=300, check=False)
    assert resumed.returncode == 0, resumed.stderr
    assert f"run {run_id} finished: {COUNT} migrated" in resumed.stdout
    with ctx.uow() as uow:
        per_dossier = dict(uow.session.execute(select(AuditEntry.dossier_id, func.count()).where(
            AuditEntry.action == "migrate").group_by(AuditEntry.dossier_id)).all())
        assert per_dossier == dict.fromkeys(ids, 1)
