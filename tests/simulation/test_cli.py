"""`ocopflow simulate`: the report in words or JSON; exit code 1 when an expectation fails, 2 when the
scenario is invalid."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import ROOT
from workflow_service.cli import main

from .conftest import SCENARIOS
from .test_changed_version import FOUR_FROM_80

SCENARIO = SCENARIOS / "ocop_evaluation" / "recognised-4-stars.yaml"


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    for name, value in {"OCOPFLOW_INSTANCE_DIR": str(tmp_path), "OCOPFLOW_ENV": "testing",
                        "DATABASE_URL": f"sqlite:///{tmp_path / 'live.db'}", "OCOPFLOW_SCHEDULER": "off",
                        "OCOPFLOW_BPMN_DIR": str(ROOT / "bpmn"), "OCOPFLOW_FORMS_DIR": str(ROOT / "forms")}.items():
        monkeypatch.setenv(name, value)
    return CliRunner()


def test_a_passing_scenario_prints_its_path_and_exits_0(runner: CliRunner) -> None:
    result = runner.invoke(main, ["simulate", str(SCENARIO)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Scenario: R4: 78 điểm, tỉnh công nhận 4 sao"
    assert any(line.startswith("  2026-06-01  commune_review") and "15 working days → 2026-06-22" in line
               for line in lines)
    assert lines[-1] == "PASSED: 6/6 steps run, 0 failed expectation(s)"


def test_a_changed_table_fails_the_expectations_exits_1_and_json_names_them(runner: CliRunner,
                                                                            tmp_path: Path) -> None:
    changed = tmp_path / "ocop_star_rating.dmn"
    changed.write_text(FOUR_FROM_80, encoding="utf-8")
    result = runner.invoke(main, ["simulate", str(SCENARIO), "--bpmn", str(changed), "--json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    assert report["dossier"]["stars"] == 3
    assert {"step": "outcome", "field": "stars", "expected": 4, "got": 3, "element_id": None} in report["failures"]


def test_an_invalid_scenario_exits_2_naming_the_field(runner: CliRunner, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(SCENARIO.read_text(encoding="utf-8").replace("date: 2026-06-03", "date: 3/6/2026", 1))
    result = runner.invoke(main, ["simulate", str(broken)])
    assert result.exit_code == 2
    assert "steps[1] (commune_review).date: '3/6/2026' is not a date (yyyy-mm-dd)" in result.output
