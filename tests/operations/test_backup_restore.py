"""`ocopflow db backup` / `db restore` on SQLite (always) and PostgreSQL (OCOPFLOW_TEST_PG_URL and
pg_dump on PATH): a dossier filed before the backup comes back with its audit chain intact; what
changed after the backup does not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from flask import Flask

from tests.api.test_monitoring import file_review
from tests.conftest import ROOT, Api, _reset_postgres
from tests.engine.test_ocop_evaluation import FILING
from workflow_service import create_app
from workflow_service.cli import main
from workflow_service.config import Settings
from workflow_service.domain.clock import FixedClock


def ocopflow(url: str, instance: Path, *args: str) -> Result:
    env = {"DATABASE_URL": url, "OCOPFLOW_INSTANCE_DIR": str(instance), "OCOPFLOW_ENV": "testing",
           "OCOPFLOW_BPMN_DIR": str(ROOT / "bpmn"), "OCOPFLOW_FORMS_DIR": str(ROOT / "forms")}
    return CliRunner().invoke(main, list(args), env=env)


def registration_numbers(url: str, clock: FixedClock) -> list[str]:
    settings = Settings(database_url=url, secret_key="test-secret-" + "x" * 40, env="testing",
                        bpmn_dir=ROOT / "bpmn", forms_dir=ROOT / "forms", deploy_on_start=False)
    app = create_app(settings, clock=clock)
    try:
        listed = Api(app.test_client()).get("officer.huongkhe", "/dossiers").json
        return sorted(item["registration_number"] for item in listed["items"])
    finally:
        app.extensions["ocopflow.engine"].dispose()


def test_a_backup_restores_the_dossiers_and_their_audit_chains(
        app: Flask, api: Api, database_url: str, clock: FixedClock, tmp_path: Path) -> None:
    postgres = database_url.startswith("postgresql")
    if postgres and shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not on PATH")
    instance = tmp_path / "instance"
    kept = file_review(api)["registration_number"]
    backup_file = tmp_path / "ocopflow.backup"
    backed_up = ocopflow(database_url, instance, "db", "backup", str(backup_file))
    assert backed_up.exit_code == 0, backed_up.output
    assert backup_file.stat().st_size > 0
    assert ocopflow(database_url, instance, "db", "backup", str(backup_file)).exit_code == 2  # no overwrite

    lost = api.file("producer.huongkhe", "18101", FILING).json["registration_number"]  # after the backup
    assert registration_numbers(database_url, clock) == sorted([kept, lost])
    refused = ocopflow(database_url, instance, "db", "restore", str(backup_file))
    assert refused.exit_code == 2 and "not empty" in refused.output

    if postgres:  # a fresh database: the same one, emptied
        app.extensions["ocopflow.engine"].dispose()
        _reset_postgres(database_url)
        target = database_url
    else:
        target = f"sqlite:///{tmp_path / 'fresh.db'}"
    restored = ocopflow(target, instance, "db", "restore", str(backup_file))
    assert restored.exit_code == 0, restored.output
    assert registration_numbers(target, clock) == [kept]
    verified = ocopflow(target, instance, "audit", "verify")
    assert verified.exit_code == 0, verified.output
    assert "audit trail intact" in verified.output


def test_restore_with_replace_rolls_a_sqlite_database_back(api: Api, clock: FixedClock, tmp_path: Path,
                                                           database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("the PostgreSQL path is the test above")
    instance = tmp_path / "instance"
    kept = file_review(api)["registration_number"]
    assert ocopflow(database_url, instance, "db", "backup", str(tmp_path / "b.db")).exit_code == 0
    api.file("producer.huongkhe", "18101", FILING)
    replaced = ocopflow(database_url, instance, "db", "restore", "--replace", str(tmp_path / "b.db"))
    assert replaced.exit_code == 0, replaced.output
    assert registration_numbers(database_url, clock) == [kept]
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    rejected = ocopflow(database_url, instance, "db", "restore", "--replace", str(not_a_backup))
    assert rejected.exit_code == 2
