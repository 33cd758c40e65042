"""Settings defaults: the instance directory follows the working directory, not the install location."""

from __future__ import annotations

from pathlib import Path

import pytest

from workflow_service.config import CHECKOUT, Settings


def test_instance_defaults_to_the_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_env({})
    assert settings.instance_dir == tmp_path / "instance"
    assert settings.database_url == f"sqlite:///{tmp_path / 'instance' / 'ocopflow.db'}"
    assert (tmp_path / "instance" / "secret_key").read_text().strip() == settings.secret_key


def test_instance_dir_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_env({"OCOPFLOW_INSTANCE_DIR": "var/ocop", "OCOPFLOW_SECRET_KEY": "k" * 48})
    assert settings.instance_dir == tmp_path / "var" / "ocop"
    assert settings.instance_dir.is_dir()
    assert settings.secret_key == "k" * 48 and not (settings.instance_dir / "secret_key").exists()


def test_processes_come_from_the_checkout_when_not_installed(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # An installed wheel carries them as workflow_service/bundled/ (checked by .ci/check-wheel).
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_env({"OCOPFLOW_SECRET_KEY": "k" * 48, "DATABASE_URL": "sqlite://"})
    assert settings.bpmn_dir == CHECKOUT / "bpmn" and (settings.bpmn_dir / "ocop_evaluation.bpmn").is_file()
    assert settings.forms_dir == CHECKOUT / "forms"
