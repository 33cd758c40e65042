"""bpmn/qd1489_2025_evaluation.bpmn (R3: QĐ 148/2023 as amended by QĐ 1489/2025, no district level).

R3 has R4's structure (commune → province office → advisory → council → chair; ≥ 90 → Ministry), so
every R4 scenario must end the same way on it, straight and through save/restore; only the deadlines
differ (no fixed statutory days or rounds before QĐ 26/2026: the steps follow the yearly plans).
"""

from __future__ import annotations

import pytest

from workflow_service.domain.roles import ALL_ROLES
from workflow_service.engine.runtime import ProcessRuntime
from workflow_service.services.definitions.deadline_property import check_deadline_text

from .chain_runner import Chain, ChainDossier, load_chain
from .evaluation_steps import COUNCIL, FILING, LANE_OF, NOTIFY, SCENARIOS, TO_COUNCIL, Scenario, council

R3 = Chain("qd1489_2025_evaluation.bpmn", "ocop_qd1489_2025", LANE_OF,
           {"council_scoring": ("council_members", "council_sheets")},
           {"commune_review": "plan:commune-assessment", "council_scoring": "plan:province-evaluation",
            "chair_propose_ministry": "plan:province-evaluation", "chair_decision": "plan:province-evaluation"})
START = {"kind": "first_time", "commune": "18101", "registration_number": "001/PĐK-42-18101-2025"}


@pytest.fixture(scope="module")
def runtime() -> ProcessRuntime:
    return ProcessRuntime(load_chain(R3))


def dossier(runtime: ProcessRuntime, roundtrip: bool, members: list[str] = COUNCIL) -> ChainDossier:
    return ChainDossier(runtime, roundtrip, R3, FILING, {"council_members": members}, START)


@pytest.mark.parametrize("roundtrip", [False, True], ids=["straight", "roundtrip"])
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_scenario(runtime: ProcessRuntime, scenario: Scenario, roundtrip: bool) -> None:
    run = dossier(runtime, roundtrip)
    run.run(scenario.steps)
    run.finish(NOTIFY)
    data = run.data
    assert {k: data.get(k) for k in scenario.outcome} == scenario.outcome
    completed = set(run.instance.completed_elements())
    assert scenario.ran <= completed
    assert not scenario.skipped & completed


@pytest.mark.parametrize(("parts", "stars", "next_task"), [
    ([(40, 25, 25, 5)], 5, "chair_propose_ministry"),  # exactly 90
    ([(40, 25, 24, 5)], 4, "chair_decision"),
    ([(20, 10, 20, 5)], 3, "chair_decision"),  # exactly 50
    ([(20, 10, 19, 5)], 2, "notify_result"),
    ([(40, 25, 35, 3)], 3, "chair_decision"),  # 100 points, minimums of 3 stars only
])
def test_star_bands_and_minimum_criteria(runtime: ProcessRuntime, parts: list[tuple[int, int, int, int]],
                                         stars: int, next_task: str) -> None:
    run = dossier(runtime, roundtrip=False, members=[f"member{i}" for i in range(len(parts))])
    run.run([*TO_COUNCIL, council(*parts)])
    assert run.data["stars"] == stars
    assert run.ready() == [next_task]


def test_bundle_passes_deploy_validation_with_r3_deadlines() -> None:
    bundle = load_chain(R3, known_roles=set(ALL_ROLES), check_deadline=check_deadline_text)
    assert (bundle.key, bundle.name) == (
        "ocop_qd1489_2025", "Đánh giá, phân hạng sản phẩm OCOP (QĐ 148/2023 sửa đổi bởi QĐ 1489/2025)")
    assert {t.id: t.lane for t in bundle.user_tasks.values()} == LANE_OF
    assert {t.id: t.properties["deadline"] for t in bundle.user_tasks.values()
            if "deadline" in t.properties} == R3.deadlines
    assert bundle.start_form == "dossier_registration.json"
    bpmn = bundle.files["qd1489_2025_evaluation.bpmn"]
    assert "star_rating_qd1489_2025" in bpmn and "recognition_qd1489_2025" in bpmn
    assert "ocop_star_band" not in bpmn and "round:" not in bpmn
