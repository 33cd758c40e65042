"""Take dossiers through the R4 chain to a certificate, for the certificate tests."""

from __future__ import annotations

from typing import Any

from tests.api.test_evaluation_chain import COUNCIL, step
from tests.conftest import Api
from tests.engine.test_ocop_evaluation import FILING

THREE_STARS = [(25, 15, 20, 3), (26, 14, 20, 3), (24, 16, 20, 3)]  # 60 points
FOUR_STARS = [(30, 20, 28, 5), (32, 19, 27, 4), (31, 21, 26, 4)]  # 78 points
FIVE_STARS = [(38, 24, 30, 5), (37, 23, 32, 5), (36, 24, 32, 5)]  # 92 points


def filing(product: str, producer: str = "HTX Nông nghiệp Hương Khê") -> dict[str, Any]:
    return {"producer": {**FILING["producer"], "name": producer}, "product": {**FILING["product"], "name": product}}


def to_council(api: Api, data: dict[str, Any], sheets: list[tuple[int, int, int, int]],
               user: str = "producer.huongkhe", commune: str = "18101") -> int:
    filed = api.file(user, commune, data)
    assert filed.status_code == 201, filed.json
    dossier_id: int = filed.json["id"]
    step(api, dossier_id, "officer.huongkhe", "commune_review", {
        "complete": True, "local_raw_materials": True, "local_labour": True, "idea_origin": True,
        "local_identity": True, "mau03_report_number": "12/BC-UBND", "proposal_letter_number": "13/TTr-UBND",
        "samples_sent": True})
    step(api, dossier_id, "office.hatinh", "office_check", {"complete": True})
    step(api, dossier_id, "advisory.hatinh", "advisory_review", {
        "supplement_needed": False, "site_survey_done": True, "lab_tests_required": False, "report": "Đạt."})
    for member, (a, b, c, minimum) in zip(COUNCIL, sheets, strict=True):
        step(api, dossier_id, member, "council_scoring", {"part_a": a, "part_b": b, "part_c": c,
                                                          "minimum_star": minimum})
    return dossier_id


def certify(api: Api, product: str, number: str, issue_date: str = "2026-06-10",
            sheets: list[tuple[int, int, int, int]] = THREE_STARS, producer: str = "HTX Nông nghiệp Hương Khê") -> int:
    """A province certificate (3★/4★) through the chair's decision; returns the dossier id."""
    dossier_id = to_council(api, filing(product, producer), sheets)
    step(api, dossier_id, "chair.hatinh", "chair_decision", {
        "approved": True, "decision_number": f"QĐ-{number}", "certificate_number": number, "issue_date": issue_date})
    return dossier_id


def certify_five_stars(api: Api, product: str, number: str, issue_date: str = "2026-11-20") -> int:
    dossier_id = to_council(api, filing(product), FIVE_STARS)
    step(api, dossier_id, "chair.hatinh", "chair_propose_ministry", {
        "approved_result": True, "approval_decision_number": "2400/QĐ-UBND", "proposal_number": "77/TTr-UBND"})
    step(api, dossier_id, "ministry.office", "ministry_office_check", {"complete": True})
    step(api, dossier_id, "ministry.advisory", "ministry_advisory_review", {"report": "Đạt.",
                                                                            "site_survey_done": True})
    step(api, dossier_id, "central.council", "central_scoring", {"central_score": 91.5,
                                                                 "minutes_number": "5/BB-HĐTW"})
    step(api, dossier_id, "minister", "minister_decision", {
        "approved": True, "decision_number": "88/QĐ-BNNMT", "certificate_number": number, "issue_date": issue_date})
    return dossier_id


def act(api: Api, dossier_id: int, user: str, element: str, data: dict[str, Any]) -> None:
    """Complete `element` of the dossier as `user` (it must be in their inbox)."""
    task = next(t for t in api.inbox(user) if t["element_id"] == element and t["dossier_id"] == dossier_id)
    response = api.do(user, task["id"], data)
    assert response.status_code == 200, response.json
