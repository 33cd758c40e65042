"""Every process deployed from bpmn/ has scenario files in bpmn/scenarios/<process key>/, and each one runs
green on the version the service deploys from bpmn/: the path a designer documents is the path taken."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from tests.conftest import ROOT
from workflow_service.services.context import ServiceContext
from workflow_service.services.simulation.simulate import SimulationRequest, simulate

from .conftest import DESIGNER, SCENARIOS

FILES = sorted(SCENARIOS.glob("*/*.yaml"))
BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
DEPLOYED = sorted(process.attrib["id"] for path in (ROOT / "bpmn").glob("*.bpmn")
                  for process in ElementTree.parse(path).getroot().iter(f"{BPMN}process")
                  if process.attrib.get("isExecutable") == "true")
ENTRIES = yaml.safe_load((ROOT / "bpmn" / "regulations.yaml").read_text(encoding="utf-8"))["regulations"]
# Evaluation chains: the entries that take first-time dossiers (kinds default to all three).
CHAINS = sorted({e["process_key"] for e in ENTRIES if "first_time" in e.get("kinds", ["first_time"])})
REEVALUATION = "ocop_reevaluation"


def names_of(key: str) -> set[str]:
    return {p.stem for p in (SCENARIOS / key).glob("*.yaml")}


def test_every_deployed_process_has_a_scenario() -> None:
    assert len(DEPLOYED) >= 9 and REEVALUATION in DEPLOYED
    assert [key for key in DEPLOYED if not names_of(key)] == []
    assert sorted(p.name for p in SCENARIOS.iterdir() if p.is_dir()) == DEPLOYED  # no scenarios of nothing


def test_every_evaluation_chain_has_scenarios_of_each_kind_of_path() -> None:
    assert len(CHAINS) == 4 and REEVALUATION not in CHAINS
    for key in CHAINS:
        names = names_of(key)
        assert any("recognised" in n or "province-3-stars" in n for n in names), (key, names)
        assert any(n.startswith("forwarded") for n in names), (key, names)
        assert any(n.startswith("returned") for n in names), (key, names)


def test_the_re_evaluation_has_written_votes_that_agree_and_that_diverge() -> None:
    assert any(e["process_key"] == REEVALUATION and e["kinds"] == ["re_evaluation"] for e in ENTRIES)
    names = names_of(REEVALUATION)
    assert any("agree" in n for n in names) and any("diverge" in n for n in names), names


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
