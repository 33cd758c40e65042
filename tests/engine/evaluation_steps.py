"""The step catalogue of bpmn/ocop_evaluation.bpmn for tests: what each lane's user submits, and a runner
that validates every step against its form before completing it (straight or through save/restore)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workflow_service.engine.bundle import ParsedBundle
from workflow_service.engine.runtime import ProcessRuntime

from .chain_runner import (
    BPMN_DIR,
    FORMS_DIR,
    ROOT,
    Chain,
    ChainDossier,
    Step,
    load_chain,
    sheets,
    step,
    validate,
)

__all__ = ["BPMN_DIR", "FORMS_DIR", "ROOT", "Step", "step", "validate"]

# The expected lane (= role) of every user task of the process.
LANE_OF = {
    "commune_review": "commune_officer",
    "applicant_supplement": "applicant",
    "office_check": "province_office",
    "commune_complete_dossier": "commune_officer",
    "advisory_review": "province_advisory",
    "provide_supplement": "applicant",
    "council_scoring": "province_council",
    "chair_propose_ministry": "province_chair",
    "ministry_office_check": "ministry_office",
    "province_complete_for_ministry": "province_office",
    "ministry_advisory_review": "ministry_advisory",
    "central_scoring": "central_council",
    "minister_decision": "minister",
    "chair_decision": "province_chair",
    "notify_result": "province_office",
}
ROLES = set(LANE_OF.values())
DEADLINES = {
    "commune_review": "15 working days",
    "council_scoring": "round:province",
    "chair_propose_ministry": "round:province",
    "chair_decision": "round:province",
    "central_scoring": "round:ministry",
    "minister_decision": "round:ministry",
}
COUNCIL = ["council1.hatinh", "council2.hatinh", "council3.hatinh"]

FILING = {  # what the producer submits (Mẫu 01); the service adds kind, commune, number and council
    "producer": {"name": "HTX Nông nghiệp Hương Khê", "type": "cooperative", "tax_code": "3001234567",
                 "address": "Thôn 1, xã Hương Khê, tỉnh Hà Tĩnh", "phone": "0912 345 678"},
    "product": {"name": "Bưởi Phúc Trạch", "group": "food", "subgroup": "Rau, củ, quả, hạt tươi",
                "description": "Bưởi tươi, quả 1–1,5 kg.", "sample_count": 5},
}


R4 = Chain("ocop_evaluation.bpmn", "ocop_evaluation", LANE_OF,
           {"council_scoring": ("council_members", "council_sheets")}, DEADLINES)


def load_bundle(**kwargs: Any) -> ParsedBundle:
    """The bundle exactly as the service deploys it: the .bpmn, the .dmn tables, forms from forms/."""
    return load_chain(R4, **kwargs)


class Dossier(ChainDossier):
    """Drives one R4 instance as the service does; with `roundtrip`, saves and restores after every step."""

    def __init__(self, runtime: ProcessRuntime, roundtrip: bool, council: list[str] = COUNCIL):
        super().__init__(runtime, roundtrip, R4, FILING, {"council_members": council},
                         {"kind": "first_time", "commune": "18101", "registration_number": "001/PĐK-42-18101-2026"})
        self.council = council

    def notify(self) -> None:
        self.finish(NOTIFY)


def council(*parts: tuple[int, int, int, int]) -> Step:
    """One (part A, part B, part C, minimum star) per member."""
    return sheets("council_scoring", *parts)


def central(score: float) -> Step:
    return step("central_scoring", central_score=score, minutes_number="05/BB-HĐTW")


COMMUNE_OK = step("commune_review", complete=True, local_raw_materials=True, local_labour=True,
                  idea_origin=True, local_identity=False, mau03_report_number="12/BC-UBND",
                  proposal_letter_number="13/UBND-NN", proposal_letter_date="2026-04-20",
                  samples_sent=True, notes="")
COMMUNE_INCOMPLETE = step("commune_review", complete=False, missing_items="Thiếu Báo cáo tự đánh giá.")
APPLICANT_SUPPLEMENTS = step("applicant_supplement", supplement_note="Đã nộp Báo cáo tự đánh giá.")
OFFICE_OK = step("office_check", complete=True)
OFFICE_RETURNS = step("office_check", complete=False, return_reason="Văn bản đề nghị chưa đóng dấu.")
COMMUNE_COMPLETES = step("commune_complete_dossier", completion_note="Đã gửi văn bản có đóng dấu.")
ADVISORY_OK = step("advisory_review", supplement_needed=False, site_survey_done=True,
                   lab_tests_required=False, report="Hồ sơ đạt yêu cầu, trình Hội đồng.")
ADVISORY_SUPPLEMENT = step("advisory_review", supplement_needed=True, site_survey_done=False,
                           lab_tests_required=True,
                           supplement_request="1. Phiếu kiểm nghiệm vi sinh. 2. Hợp đồng liên kết.")
PROVIDES_SUPPLEMENT = step("provide_supplement", supplement_note="Đã nộp phiếu kiểm nghiệm, hợp đồng.")
ADVISORY_OK_WITH_LAB = step("advisory_review", supplement_needed=False, site_survey_done=True,
                            lab_tests_required=True, lab_test_results="Phiếu KN số 88/2026: đạt.",
                            report="Đã bổ sung đủ, trình Hội đồng.")
CHAIR_APPROVES = step("chair_decision", approved=True, decision_number="1234/QĐ-UBND",
                      certificate_number="42-2026-0001", issue_date="2026-06-25")
CHAIR_REFUSES = step("chair_decision", approved=False, notes="Chưa đủ căn cứ công nhận.")
PROPOSES = step("chair_propose_ministry", approved_result=True, approval_decision_number="1300/QĐ-UBND",
                proposal_number="2100/UBND-NN", proposal_date="2026-07-01")
DOES_NOT_PROPOSE = step("chair_propose_ministry", approved_result=False, notes="Xét công nhận tại tỉnh.")
MINISTRY_OK = step("ministry_office_check", complete=True)
MINISTRY_RETURNS = step("ministry_office_check", complete=False, return_reason="Thiếu báo cáo Tổ tư vấn.")
PROVINCE_COMPLETES = step("province_complete_for_ministry", completion_note="Đã gửi báo cáo Tổ tư vấn.")
MINISTRY_ADVISORY = step("ministry_advisory_review", report="Đủ điều kiện trình Hội đồng.",
                         site_survey_done=True)
MINISTER_APPROVES = step("minister_decision", approved=True, decision_number="3456/QĐ-BNNMT",
                         certificate_number="TW-2026-0007", issue_date="2026-09-20")
MINISTER_REFUSES = step("minister_decision", approved=False)
NOTIFY = step("notify_result", notice_number="77/TB-VPĐP", notified_commune=True, notified_producer=True,
              sent_date="2026-10-01")

TO_COUNCIL = [COMMUNE_OK, OFFICE_OK, ADVISORY_OK]
SCORE_78 = council((30, 20, 28, 5), (32, 21, 27, 5), (29, 19, 28, 5))  # 78, 80, 76
SCORE_92 = council((38, 23, 31, 5), (37, 24, 32, 5), (36, 22, 33, 5))  # 92, 93, 91
SCORE_92_MIN_4 = council((38, 23, 31, 5), (37, 24, 32, 4), (36, 22, 33, 5))
SCORE_60 = council((24, 15, 21, 3), (25, 14, 22, 3), (23, 16, 20, 3))  # 60, 61, 59
SCORE_45 = council((18, 10, 17, 3), (20, 11, 15, 3), (17, 9, 18, 3))  # 45, 46, 44
SCORE_25 = council((10, 5, 10, 3), (12, 6, 8, 3), (9, 7, 9, 3))  # 25, 26, 25
TO_MINISTRY = [*TO_COUNCIL, SCORE_92, PROPOSES, MINISTRY_OK, MINISTRY_ADVISORY]


def province_certificate(stars: int) -> dict[str, Any]:
    return {"number": "42-2026-0001", "decision_number": "1234/QĐ-UBND", "issue_date": "2026-06-25",
            "expiry_date": "2029-06-25", "stars": stars, "issued_by": "province"}


MINISTRY_CERTIFICATE = {"number": "TW-2026-0007", "decision_number": "3456/QĐ-BNNMT",
                        "issue_date": "2026-09-20", "expiry_date": "2029-09-20", "stars": 5,
                        "issued_by": "ministry"}


@dataclass(frozen=True)
class Scenario:
    name: str
    steps: list[Step]  # up to, not including, the final notification
    outcome: dict[str, Any]  # expected values in the final process data
    ran: set[str] = field(default_factory=set)  # script / rule elements that must have run
    skipped: set[str] = field(default_factory=set)  # elements that must not have run


SCENARIOS = [
    Scenario("province 4 stars", [*TO_COUNCIL, SCORE_78, CHAIR_APPROVES],
             {"score": 78.0, "band": 4, "minimum_star": 5, "stars": 4, "recognised_by": "province",
              "certificate": province_certificate(4)},
             ran={"compute_score", "rate_stars", "cap_stars", "route_recognition", "issue_certificate"},
             skipped={"chair_propose_ministry", "no_certificate"}),
    Scenario("province 3 stars", [*TO_COUNCIL, SCORE_60, CHAIR_APPROVES],
             {"score": 60.0, "band": 3, "stars": 3, "recognised_by": "province",
              "certificate": province_certificate(3)}),
    Scenario("ministry 5 stars", [*TO_MINISTRY, central(93.5), MINISTER_APPROVES],
             {"score": 92.0, "band": 5, "stars": 5, "recognised_by": "ministry", "central_score": 93.5,
              "certificate": MINISTRY_CERTIFICATE},
             ran={"issue_ministry_certificate"}, skipped={"chair_decision", "central_under_90"}),
    Scenario("central exactly 90 goes to the minister", [*TO_MINISTRY, central(90), MINISTER_APPROVES],
             {"stars": 5, "certificate": MINISTRY_CERTIFICATE}, skipped={"central_under_90"}),
    Scenario("central under 90 returns to the province chair", [*TO_MINISTRY, central(85), CHAIR_APPROVES],
             {"score": 85, "province_score": 92.0, "band": 4, "stars": 4, "recognised_by": "province",
              "certificate": province_certificate(4)},
             ran={"central_under_90", "rate_central", "cap_central", "route_central", "issue_certificate"},
             skipped={"minister_decision"}),
    Scenario("central under 50 gives no certificate", [*TO_MINISTRY, central(45)],
             {"score": 45, "band": 2, "stars": 2, "recognised_by": "none", "certificate": None},
             ran={"central_under_90", "no_certificate"}, skipped={"chair_decision"}),
    Scenario("92 capped to 4 stars by a minimum criterion", [*TO_COUNCIL, SCORE_92_MIN_4, CHAIR_APPROVES],
             {"score": 92.0, "band": 5, "minimum_star": 4, "stars": 4, "recognised_by": "province",
              "certificate": province_certificate(4)},
             skipped={"chair_propose_ministry"}),
    Scenario("45 points: 2 stars, no certificate", [*TO_COUNCIL, SCORE_45],
             {"score": 45.0, "band": 2, "stars": 2, "recognised_by": "none", "certificate": None},
             ran={"no_certificate"}, skipped={"chair_decision", "issue_certificate"}),
    Scenario("25.33 points: 1 star, no certificate", [*TO_COUNCIL, SCORE_25],
             {"score": 25.33, "band": 1, "stars": 1, "recognised_by": "none", "certificate": None}),
    Scenario("commune finds the dossier incomplete twice, applicant supplements",
             [COMMUNE_INCOMPLETE, APPLICANT_SUPPLEMENTS, COMMUNE_INCOMPLETE, APPLICANT_SUPPLEMENTS,
              *TO_COUNCIL, SCORE_78, CHAIR_APPROVES],
             {"stars": 4, "certificate": province_certificate(4)}),
    Scenario("province office returns the dossier, commune completes it",
             [COMMUNE_OK, OFFICE_RETURNS, COMMUNE_COMPLETES, OFFICE_OK, ADVISORY_OK, SCORE_78,
              CHAIR_APPROVES],
             {"stars": 4, "certificate": province_certificate(4)}),
    Scenario("advisory team requests a supplement",
             [COMMUNE_OK, OFFICE_OK, ADVISORY_SUPPLEMENT, PROVIDES_SUPPLEMENT, ADVISORY_OK_WITH_LAB,
              SCORE_78, CHAIR_APPROVES],
             {"stars": 4, "lab_test_results": "Phiếu KN số 88/2026: đạt.",
              "certificate": province_certificate(4)}),
    Scenario("ministry office returns the dossier twice, province completes it",
             [*TO_COUNCIL, SCORE_92, PROPOSES, MINISTRY_RETURNS, PROVINCE_COMPLETES, MINISTRY_RETURNS,
              PROVINCE_COMPLETES, MINISTRY_OK, MINISTRY_ADVISORY, central(95), MINISTER_APPROVES],
             {"stars": 5, "certificate": MINISTRY_CERTIFICATE}),
    Scenario("province chair does not approve", [*TO_COUNCIL, SCORE_78, CHAIR_REFUSES],
             {"stars": 4, "recognised_by": "province", "certificate": None}, ran={"issue_certificate"}),
    Scenario("province chair does not propose to the ministry",
             [*TO_COUNCIL, SCORE_92, DOES_NOT_PROPOSE, CHAIR_APPROVES],
             {"score": 92.0, "band": 5, "stars": 4, "recognised_by": "province",
              "certificate": province_certificate(4)},
             ran={"keep_at_province"}, skipped={"ministry_office_check"}),
    Scenario("minister does not approve", [*TO_MINISTRY, central(93), MINISTER_REFUSES],
             {"certificate": None}, ran={"issue_ministry_certificate"}, skipped={"chair_decision"}),
]
