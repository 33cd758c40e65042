"""Every path of bpmn/ocop_evaluation.bpmn (QĐ 26/2026/QĐ-TTg), straight through and through save/restore.

Each step's data is first validated against the task's form, so the tests also prove the forms
accept what the process needs.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema.exceptions import ValidationError

from workflow_service.engine.runtime import ProcessRuntime
from workflow_service.services.definitions.deadline_property import check_deadline_text

from .evaluation_steps import (  # FILING is also imported from here by other tests
    DEADLINES,
    FILING,
    LANE_OF,
    SCENARIOS,
    TO_COUNCIL,
    Dossier,
    Scenario,
    council,
    load_bundle,
    validate,
)


@pytest.fixture(scope="module")
def runtime() -> ProcessRuntime:
    return ProcessRuntime(load_bundle())


@pytest.mark.parametrize("roundtrip", [False, True], ids=["straight", "roundtrip"])
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_scenario(runtime: ProcessRuntime, scenario: Scenario, roundtrip: bool) -> None:
    dossier = Dossier(runtime, roundtrip)
    dossier.run(scenario.steps)
    dossier.notify()
    data = dossier.data
    assert {k: data.get(k) for k in scenario.outcome} == scenario.outcome
    completed = set(dossier.instance.completed_elements())
    assert scenario.ran <= completed
    assert not scenario.skipped & completed


@pytest.mark.parametrize("roundtrip", [False, True], ids=["straight", "roundtrip"])
@pytest.mark.parametrize(("parts", "band", "next_task"), [
    ([(40, 25, 35)], 5, "chair_propose_ministry"),
    ([(40, 25, 25)], 5, "chair_propose_ministry"),  # exactly 90
    ([(40, 25, 24)], 4, "chair_decision"),
    ([(40, 25, 25), (40, 25, 25), (40, 25, 24)], 4, "chair_decision"),  # 89.67
    ([(30, 20, 20)], 4, "chair_decision"),  # exactly 70
    ([(30, 20, 19)], 3, "chair_decision"),
    ([(20, 10, 20)], 3, "chair_decision"),  # exactly 50
    ([(20, 10, 19)], 2, "notify_result"),
    ([(10, 10, 10)], 2, "notify_result"),  # exactly 30
    ([(10, 10, 9)], 1, "notify_result"),
    ([(0, 0, 0)], 1, "notify_result"),
])
def test_star_bands(runtime: ProcessRuntime, parts: list[tuple[int, int, int]], band: int, next_task: str,
                    roundtrip: bool) -> None:
    members = [f"member{i}" for i in range(len(parts))]
    dossier = Dossier(runtime, roundtrip, council=members)
    dossier.run([*TO_COUNCIL, council(*[(a, b, c, 5) for a, b, c in parts])])
    assert (dossier.data["band"], dossier.data["stars"]) == (band, band)
    assert dossier.ready() == [next_task]


def test_state_does_not_embed_the_definition(runtime: ProcessRuntime) -> None:
    dossier = Dossier(runtime, roundtrip=False)
    dossier.run([*TO_COUNCIL])
    state = runtime.dump(dossier.instance)

    def keys(node: Any) -> set[str]:
        if isinstance(node, dict):
            return set(node).union(*(keys(v) for v in node.values()))
        if isinstance(node, list):
            return set().union(*(keys(v) for v in node))
        return set()

    assert "spec" not in keys(json.loads(state))
    assert "formJsonSchemaFilename" not in state and "ocop_star_band" not in state


def test_bundle_declares_lanes_forms_and_deadlines() -> None:
    bundle = load_bundle(check_deadline=_deadline_problem)
    assert bundle.key == "ocop_evaluation"
    assert bundle.name == "Đánh giá, phân hạng sản phẩm OCOP (QĐ 26/2026/QĐ-TTg)"
    assert {t.id: t.lane for t in bundle.user_tasks.values()} == LANE_OF
    assert all(t.form_file == f"{t.id}.json" for t in bundle.user_tasks.values())
    assert {t.id: t.properties["deadline"] for t in bundle.user_tasks.values()
            if "deadline" in t.properties} == DEADLINES
    assert bundle.start_form == "dossier_registration.json"


_deadline_problem = check_deadline_text


@pytest.mark.parametrize(("form_file", "data"), [
    ("commune_review.json", {"complete": False}),  # what is missing must be written down
    ("commune_review.json", {"complete": False, "missing_items": ""}),
    ("commune_review.json", {"complete": True}),  # Mẫu 03, the proposal and the 4 criteria are needed
    ("office_check.json", {"complete": False}),
    ("advisory_review.json", {"supplement_needed": True, "site_survey_done": False,
                              "lab_tests_required": False}),
    ("advisory_review.json", {"supplement_needed": False, "site_survey_done": True,
                              "lab_tests_required": True, "report": "Đạt."}),
    ("council_scoring.json", {"part_a": 41, "part_b": 25, "part_c": 35, "minimum_star": 5}),
    ("council_scoring.json", {"part_a": 40, "part_b": 25, "part_c": 35, "minimum_star": 6}),
    ("council_scoring.json", {"part_a": 40, "part_b": 25, "part_c": 35, "minimum_star": 5, "total": 100}),
    ("chair_decision.json", {"approved": True, "decision_number": "1/QĐ", "certificate_number": "1"}),
    ("chair_decision.json", {"approved": True, "decision_number": "1/QĐ", "certificate_number": "1",
                             "issue_date": "25/06/2026"}),
    ("chair_propose_ministry.json", {"approved_result": True, "proposal_number": "1/UBND"}),
    ("central_scoring.json", {"central_score": 100.5, "minutes_number": "1/BB"}),
    ("notify_result.json", {"notice_number": "1/TB", "notified_commune": True, "notified_producer": True}),
    ("dossier_registration.json", {**FILING, "kind": "first_time"}),  # the service sets kind itself
    ("dossier_registration.json", {**FILING, "producer": {**FILING["producer"], "type": "association"}}),
])
def test_forms_reject_incomplete_or_out_of_range_data(form_file: str, data: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        validate(form_file, data)
