"""bpmn/qd148_2023_evaluation.bpmn (R2: QĐ 148/QĐ-TTg 2023): the district council scores (A40/B25/C35);
the district chair recognises 3★ and the district forwards 70–100 to the province; the province chair
recognises 4★; ≥ 90 goes to the central council and the minister (5★). Straight and through save/restore."""

from __future__ import annotations

from typing import Any

import pytest

from workflow_service.domain.roles import ALL_ROLES
from workflow_service.engine.runtime import ProcessRuntime
from workflow_service.services.definitions.deadline_property import check_deadline_text

from .chain_runner import Chain, ChainDossier, load_chain, step
from .district_steps import (
    COMMUNE_COMPLETES_FOR_DISTRICT,
    DISTRICT_COMPLETES,
    DISTRICT_COUNCIL,
    DISTRICT_NOTIFY,
    DISTRICT_OK,
    DISTRICT_RETURNS,
    OFFICE_RETURNS_TO_DISTRICT,
    PROVINCE_COUNCIL,
    district,
    same,
)
from .evaluation_steps import (
    APPLICANT_SUPPLEMENTS,
    COMMUNE_INCOMPLETE,
    COMMUNE_OK,
    FILING,
    MINISTER_APPROVES,
    MINISTRY_ADVISORY,
    MINISTRY_CERTIFICATE,
    MINISTRY_OK,
    NOTIFY,
    OFFICE_OK,
    PROPOSES,
    SCORE_60,
    SCORE_78,
    SCORE_92,
    Scenario,
    Step,
    central,
    province_certificate,
)

LANE_OF = {
    "commune_review": "commune_officer", "applicant_supplement": "applicant",
    "district_check": "district_officer", "commune_complete_for_district": "commune_officer",
    "district_scoring": "district_council", "district_chair_decision": "district_chair",
    "district_notify_result": "district_officer", "office_check": "province_office",
    "district_complete_dossier": "district_officer", "council_scoring": "province_council",
    "chair_propose_ministry": "province_chair", "ministry_office_check": "ministry_office",
    "province_complete_for_ministry": "province_office", "ministry_advisory_review": "ministry_advisory",
    "central_scoring": "central_council", "minister_decision": "minister", "chair_decision": "province_chair",
    "notify_result": "province_office",
}
R2 = Chain("qd148_2023_evaluation.bpmn", "ocop_qd148_2023", LANE_OF,
           {"district_scoring": ("district_council_members", "district_sheets"),
            "council_scoring": ("council_members", "council_sheets")},
           {"commune_review": "plan:commune-assessment", "district_check": "15 working days",
            "district_scoring": "round:district", "district_chair_decision": "round:district",
            "district_notify_result": "15 working days",
            "district_complete_dossier": "15 working days", "council_scoring": "plan:province-evaluation",
            "chair_propose_ministry": "plan:province-evaluation", "chair_decision": "plan:province-evaluation"})

DISTRICT_CHAIR_APPROVES = step("district_chair_decision", approved=True, decision_number="456/QĐ-UBND",
                               certificate_number="HK-2024-0003", issue_date="2024-05-20")
PROVINCE_CHAIR_APPROVES = step("chair_decision", approved=True, decision_number="1234/QĐ-UBND",
                               certificate_number="42-2026-0001", issue_date="2026-06-25")
DISTRICT_CERTIFICATE = {"number": "HK-2024-0003", "decision_number": "456/QĐ-UBND", "issue_date": "2024-05-20",
                        "expiry_date": "2027-05-20", "stars": 3, "issued_by": "district"}
TO_DISTRICT = [COMMUNE_OK, DISTRICT_OK]
DISTRICT_65 = district((26, 16, 23, 5), (27, 15, 23, 5), (25, 17, 23, 5))  # 65 each
DISTRICT_72 = same("district_scoring", 29, 18, 25)
DISTRICT_92 = ("district_scoring", SCORE_92[1])
TO_CENTRAL = [*TO_DISTRICT, DISTRICT_92, OFFICE_OK, SCORE_92, PROPOSES, MINISTRY_OK, MINISTRY_ADVISORY]
AT_DISTRICT = {"office_check", "council_scoring", "chair_decision", "notify_result"}

SCENARIOS = [
    Scenario("65 points: the district chair recognises 3 stars, the dossier ends at the district",
             [*TO_DISTRICT, DISTRICT_65, DISTRICT_CHAIR_APPROVES, DISTRICT_NOTIFY],
             {"district_score": 65.0, "forwarded": False, "score": 65.0, "band": 3, "stars": 3,
              "recognised_by": "district", "certificate": DISTRICT_CERTIFICATE},
             ran={"rate_district", "cap_district", "route_forwarding", "route_district",
                  "issue_district_certificate"}, skipped=AT_DISTRICT),
    Scenario("72 points: forwarded, the province chair recognises 4 stars",
             [*TO_DISTRICT, DISTRICT_72, OFFICE_OK, SCORE_78, PROVINCE_CHAIR_APPROVES, NOTIFY],
             {"district_score": 72.0, "district_stars": 4, "forwarded": True, "score": 78.0, "stars": 4,
              "recognised_by": "province", "certificate": province_certificate(4)},
             skipped={"district_chair_decision", "district_notify_result"}),
    Scenario("92 points: the minister recognises 5 stars",
             [*TO_CENTRAL, central(93.5), MINISTER_APPROVES, NOTIFY],
             {"district_score": 92.0, "forwarded": True, "score": 92.0, "stars": 5, "recognised_by": "ministry",
              "certificate": MINISTRY_CERTIFICATE},
             ran={"issue_ministry_certificate"}, skipped={"chair_decision", "district_chair_decision"}),
    Scenario("92 points, central council 85: the province chair recognises 4 stars",
             [*TO_CENTRAL, central(85), PROVINCE_CHAIR_APPROVES, NOTIFY],
             {"score": 85, "province_score": 92.0, "stars": 4, "recognised_by": "province",
              "certificate": province_certificate(4)}, ran={"central_under_90"}),
    Scenario("92 points, central council 60: back to the district chair for 3 stars",
             [*TO_CENTRAL, central(60), DISTRICT_CHAIR_APPROVES, DISTRICT_NOTIFY],
             {"score": 60, "stars": 3, "recognised_by": "district", "certificate": DISTRICT_CERTIFICATE},
             skipped={"chair_decision", "notify_result"}),
    Scenario("45 points: the district notifies, no star recognised",
             [*TO_DISTRICT, same("district_scoring", 18, 10, 17), DISTRICT_NOTIFY],
             {"district_score": 45.0, "forwarded": False, "stars": 2, "recognised_by": "none", "certificate": None},
             ran={"district_no_certificate"}, skipped={*AT_DISTRICT, "district_chair_decision"}),
    Scenario("75 points but the minimums of 3 stars only: recognised at the district",
             [*TO_DISTRICT, same("district_scoring", 30, 20, 25, minimum_star=3), DISTRICT_CHAIR_APPROVES,
              DISTRICT_NOTIFY],
             {"district_score": 75.0, "band": 4, "stars": 3, "forwarded": False, "recognised_by": "district",
              "certificate": DISTRICT_CERTIFICATE}, skipped=AT_DISTRICT),
    Scenario("forwarded with 72, the province council gives 60: the district chair recognises 3 stars",
             [*TO_DISTRICT, DISTRICT_72, OFFICE_OK, SCORE_60, DISTRICT_CHAIR_APPROVES, DISTRICT_NOTIFY],
             {"district_score": 72.0, "score": 60.0, "stars": 3, "recognised_by": "district",
              "certificate": DISTRICT_CERTIFICATE}, skipped={"chair_decision", "notify_result"}),
    Scenario("the district chair does not approve",
             [*TO_DISTRICT, DISTRICT_65, step("district_chair_decision", approved=False), DISTRICT_NOTIFY],
             {"stars": 3, "recognised_by": "district", "certificate": None}),
    Scenario("commune, district and province each send the dossier back once",
             [COMMUNE_INCOMPLETE, APPLICANT_SUPPLEMENTS, COMMUNE_OK, DISTRICT_RETURNS, COMMUNE_COMPLETES_FOR_DISTRICT,
              DISTRICT_OK, DISTRICT_72, OFFICE_RETURNS_TO_DISTRICT, DISTRICT_COMPLETES, OFFICE_OK, SCORE_78,
              PROVINCE_CHAIR_APPROVES, NOTIFY],
             {"stars": 4, "certificate": province_certificate(4)}),
]


@pytest.fixture(scope="module")
def runtime() -> ProcessRuntime:
    return ProcessRuntime(load_chain(R2))


def dossier(runtime: ProcessRuntime, roundtrip: bool) -> ChainDossier:
    return ChainDossier(runtime, roundtrip, R2, FILING,
                        {"district_council_members": DISTRICT_COUNCIL, "council_members": PROVINCE_COUNCIL},
                        {"kind": "first_time", "commune": "18101", "registration_number": "001/PĐK-42-18101-2024"})


@pytest.mark.parametrize("roundtrip", [False, True], ids=["straight", "roundtrip"])
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_scenario(runtime: ProcessRuntime, scenario: Scenario, roundtrip: bool) -> None:
    run = dossier(runtime, roundtrip)
    *steps, last = scenario.steps
    run.run(steps)
    run.finish(last)
    assert {k: run.data.get(k) for k in scenario.outcome} == scenario.outcome
    completed = set(run.instance.completed_elements())
    assert scenario.ran <= completed
    assert not scenario.skipped & completed


@pytest.mark.parametrize(("sheet", "expected"), [
    (same("district_scoring", 30, 20, 20), {"forwarded": True, "stars": 4}),  # exactly 70
    (district((30, 20, 20, 5), (30, 20, 20, 5), (30, 20, 19, 5)), {"forwarded": False, "stars": 3}),  # 69.67
    (same("district_scoring", 40, 25, 35, minimum_star=3), {"forwarded": False, "stars": 3}),
    (same("district_scoring", 20, 10, 20), {"forwarded": False, "stars": 3}),  # exactly 50
    (district((20, 10, 20, 5), (20, 10, 20, 5), (20, 10, 19, 5)), {"forwarded": False, "stars": 2}),
    (same("district_scoring", 30, 20, 20, minimum_star=2), {"forwarded": False, "stars": 2}),
])
def test_forwarding_threshold_is_70_points(runtime: ProcessRuntime, sheet: Step, expected: dict[str, Any]) -> None:
    run = dossier(runtime, roundtrip=False)
    run.run([*TO_DISTRICT, sheet])
    assert {k: run.data[k] for k in expected} == expected
    ready = "office_check" if expected["forwarded"] else (
        "district_chair_decision" if expected["stars"] == 3 else "district_notify_result")
    assert run.ready() == [ready]


def test_bundle_passes_deploy_validation() -> None:
    bundle = load_chain(R2, known_roles=set(ALL_ROLES), check_deadline=check_deadline_text)
    assert (bundle.key, bundle.name) == ("ocop_qd148_2023", "Đánh giá, phân hạng sản phẩm OCOP (QĐ 148/2023)")
    assert {t.id: t.lane for t in bundle.user_tasks.values()} == LANE_OF
    assert {t.id: t.properties["deadline"] for t in bundle.user_tasks.values()
            if "deadline" in t.properties} == R2.deadlines
    assert all(t.properties.get("deadline") for t in bundle.user_tasks.values() if (t.lane or "").startswith("district_"))
    bpmn = bundle.files["qd148_2023_evaluation.bpmn"]
    assert all(f">{d}<" in bpmn for d in ("star_rating_qd148_2023", "recognition_qd148_2023",
                                          "forwarding_qd148_2023"))
