"""bpmn/qd1048_2019_evaluation.bpmn (R1: QĐ 1048/QĐ-TTg 2019): the district council scores and forwards
50–100 to the province; the province chair recognises 3★/4★; ≥ 90 goes to the central council and the
minister (5★). Scoresheets A35/B25/C40. Every path straight and through save/restore."""

from __future__ import annotations

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
    CHAIR_APPROVES,
    FILING,
    MINISTER_APPROVES,
    MINISTRY_ADVISORY,
    MINISTRY_CERTIFICATE,
    MINISTRY_OK,
    NOTIFY,
    OFFICE_OK,
    PROPOSES,
    Scenario,
    Step,
    central,
    province_certificate,
)

LANE_OF = {
    "commune_review": "commune_officer", "applicant_supplement": "applicant",
    "district_check": "district_officer", "commune_complete_for_district": "commune_officer",
    "district_scoring": "district_council", "district_notify_result": "district_officer",
    "office_check": "province_office", "district_complete_dossier": "district_officer",
    "council_scoring": "province_council", "chair_propose_ministry": "province_chair",
    "ministry_office_check": "ministry_office", "province_complete_for_ministry": "province_office",
    "ministry_advisory_review": "ministry_advisory", "central_scoring": "central_council",
    "minister_decision": "minister", "chair_decision": "province_chair", "notify_result": "province_office",
}
R1 = Chain("qd1048_2019_evaluation.bpmn", "ocop_qd1048_2019", LANE_OF,
           {"district_scoring": ("district_council_members", "district_sheets"),
            "council_scoring": ("council_members", "council_sheets")},
           {"commune_review": "plan:commune-assessment", "district_check": "15 working days",
            "district_scoring": "plan:district-evaluation", "district_notify_result": "15 working days",
            "district_complete_dossier": "15 working days",
            "council_scoring": "plan:province-evaluation", "chair_propose_ministry": "plan:province-evaluation",
            "chair_decision": "plan:province-evaluation"})

CERTIFIES = step("commune_review", complete=True, local_raw_material_ratio=85, local_labour_ratio=92.5,
                 certification_number="15/XN-UBND", certification_date="2021-03-20", notes="")
INCOMPLETE = step("commune_review", complete=False, missing_items="Thiếu hợp đồng liên kết nguyên liệu.")
TO_DISTRICT = [CERTIFIES, DISTRICT_OK]
DISTRICT_65 = district((22, 16, 27, 5), (23, 15, 27, 5), (21, 17, 27, 5))  # 65 each
DISTRICT_45 = district((15, 10, 20, 3), (16, 10, 20, 3), (14, 10, 20, 3))  # 45, 46, 44
DISTRICT_92 = district((33, 23, 36, 5), (32, 24, 37, 5), (31, 22, 38, 5))  # 92, 93, 91
PROVINCE_65 = same("council_scoring", 22, 16, 27)
PROVINCE_92 = same("council_scoring", 33, 23, 36)
TO_CENTRAL = [*TO_DISTRICT, DISTRICT_92, OFFICE_OK, PROVINCE_92, PROPOSES, MINISTRY_OK, MINISTRY_ADVISORY]

SCENARIOS = [
    Scenario("65 points: forwarded, the province chair recognises 3 stars",
             [*TO_DISTRICT, DISTRICT_65, OFFICE_OK, PROVINCE_65, CHAIR_APPROVES, NOTIFY],
             {"district_score": 65.0, "forwarded": True, "score": 65.0, "band": 3, "stars": 3,
              "recognised_by": "province", "certificate": province_certificate(3)},
             ran={"compute_district_score", "route_forwarding", "issue_certificate"},
             skipped={"not_forwarded", "district_notify_result"}),
    Scenario("45 points: not forwarded, the district notifies, no recognition",
             [*TO_DISTRICT, DISTRICT_45, DISTRICT_NOTIFY],
             {"district_score": 45.0, "forwarded": False, "score": 45.0, "recognised_by": "none",
              "certificate": None},
             ran={"not_forwarded"}, skipped={"office_check", "council_scoring", "notify_result"}),
    Scenario("exactly 50 at the district is forwarded; the province gives 4 stars",
             [*TO_DISTRICT, same("district_scoring", 17, 13, 20), OFFICE_OK, same("council_scoring", 28, 20, 30),
              CHAIR_APPROVES, NOTIFY],
             {"district_score": 50.0, "forwarded": True, "score": 78.0, "stars": 4,
              "certificate": province_certificate(4)}),
    Scenario("92 points: central council, the minister recognises 5 stars",
             [*TO_CENTRAL, central(93.5), MINISTER_APPROVES, NOTIFY],
             {"district_score": 92.0, "score": 92.0, "band": 5, "stars": 5, "recognised_by": "ministry",
              "certificate": MINISTRY_CERTIFICATE},
             ran={"issue_ministry_certificate"}, skipped={"chair_decision", "central_under_90"}),
    Scenario("92 points, central council 85: the result stands at 4 stars by the province chair",
             [*TO_CENTRAL, central(85), CHAIR_APPROVES, NOTIFY],
             {"score": 85, "province_score": 92.0, "stars": 4, "recognised_by": "province",
              "certificate": province_certificate(4)},
             ran={"central_under_90", "route_central"}, skipped={"minister_decision"}),
    Scenario("92 capped to 4 stars by a minimum criterion at the province",
             [*TO_DISTRICT, DISTRICT_92, OFFICE_OK, same("council_scoring", 33, 23, 36, minimum_star=4),
              CHAIR_APPROVES, NOTIFY],
             {"score": 92.0, "band": 5, "minimum_star": 4, "stars": 4, "certificate": province_certificate(4)},
             skipped={"chair_propose_ministry"}),
    Scenario("forwarded but the province council gives 45: no certificate",
             [*TO_DISTRICT, DISTRICT_65, OFFICE_OK, same("council_scoring", 15, 10, 20), NOTIFY],
             {"district_score": 65.0, "score": 45.0, "stars": 2, "recognised_by": "none", "certificate": None},
             ran={"no_certificate"}, skipped={"chair_decision"}),
    Scenario("commune, district and province each send the dossier back once",
             [INCOMPLETE, APPLICANT_SUPPLEMENTS, CERTIFIES, DISTRICT_RETURNS, COMMUNE_COMPLETES_FOR_DISTRICT,
              DISTRICT_OK, DISTRICT_65, OFFICE_RETURNS_TO_DISTRICT, DISTRICT_COMPLETES, OFFICE_OK, PROVINCE_65,
              CHAIR_APPROVES, NOTIFY],
             {"stars": 3, "certificate": province_certificate(3)}),
]


@pytest.fixture(scope="module")
def runtime() -> ProcessRuntime:
    return ProcessRuntime(load_chain(R1))


def dossier(runtime: ProcessRuntime, roundtrip: bool) -> ChainDossier:
    return ChainDossier(runtime, roundtrip, R1, FILING,
                        {"district_council_members": DISTRICT_COUNCIL, "council_members": PROVINCE_COUNCIL},
                        {"kind": "first_time", "commune": "18101", "registration_number": "001/PĐK-42-18101-2021"})


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


@pytest.mark.parametrize(("sheet", "forwarded"), [
    (district((17, 13, 20, 5), (17, 13, 20, 5), (17, 13, 19, 5)), False),  # 49.67
    (same("district_scoring", 17, 13, 20, minimum_star=2), True),  # 50: R1 forwards on points alone
    (same("district_scoring", 35, 25, 40), True),
])
def test_forwarding_threshold_is_50_points(runtime: ProcessRuntime, sheet: Step, forwarded: bool) -> None:
    run = dossier(runtime, roundtrip=False)
    run.run([*TO_DISTRICT, sheet])
    assert run.data["forwarded"] is forwarded
    assert run.ready() == (["office_check"] if forwarded else ["district_notify_result"])


def test_bundle_passes_deploy_validation() -> None:
    bundle = load_chain(R1, known_roles=set(ALL_ROLES), check_deadline=check_deadline_text)
    assert (bundle.key, bundle.name) == ("ocop_qd1048_2019", "Đánh giá, phân hạng sản phẩm OCOP (QĐ 1048/2019)")
    assert {t.id: t.lane for t in bundle.user_tasks.values()} == LANE_OF
    assert {t.id: t.properties["deadline"] for t in bundle.user_tasks.values()
            if "deadline" in t.properties} == R1.deadlines
    assert {t.id: t.form_file for t in bundle.user_tasks.values()
            if t.id in ("commune_review", "district_scoring", "council_scoring")} == {
        "commune_review": "commune_certify_ratios.json", "district_scoring": "council_scoring_a35_b25_c40.json",
        "council_scoring": "council_scoring_a35_b25_c40.json"}
    bpmn = bundle.files["qd1048_2019_evaluation.bpmn"]
    assert all(f">{d}<" in bpmn for d in ("star_rating_qd1048_2019", "recognition_qd1048_2019",
                                          "forwarding_qd1048_2019"))
