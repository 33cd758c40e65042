"""Every shipped process version has scenario files in bpmn/scenarios/<process key>/, and each one runs
green on the version the service deploys from bpmn/: the path a designer documents is the path taken."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from workflow_service.services.context import ServiceContext
from workflow_service.services.simulation.simulate import SimulationRequest, simulate

from .conftest import DESIGNER, SCENARIOS

FILES = sorted(SCENARIOS.glob("*/*.yaml"))
REGISTERED = [entry["process_key"] for entry in
              yaml.safe_load((ROOT / "bpmn" / "regulations.yaml").read_text(encoding="utf-8"))["regulations"]]


def test_every_registered_chain_has_scenarios_of_each_kind_of_path() -> None:
    for key in REGISTERED:
        names = {p.stem for p in (SCENARIOS / key).glob("*.yaml")}
        assert any("recognised" in n or "province-3-stars" in n for n in names), (key, names)
        assert any(n.startswith("forwarded") for n in names), (key, names)
        assert any(n.startswith("returned") for n in names), (key, names)


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_shipped_scenario_runs_as_written(live_ctx: ServiceContext, path: Path) -> None:
    report, xml = simulate(live_ctx, DESIGNER, SimulationRequest(path.read_text(encoding="utf-8")))
    view = report.as_dict()
    assert view["stopped"] is None, view["stopped"]
    assert view["failures"] == []
    assert view["process"]["key"] == path.parent.name and view["process"]["source"] == "deployed"
    assert view["steps_run"] == view["steps_total"] > 0
    assert view["dossier"]["status"] == "completed"
    # every step on the path happened in a unit and has somebody who did it
    assert all(p["unit"] and p["holder"] for p in view["path"] if p["kind"] == "task")
    assert f'id="{path.parent.name}"' in xml
