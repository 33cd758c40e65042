"""A dossier travels the whole R4 chain over the API, each task reaching only the right people."""

from __future__ import annotations

from typing import Any

from tests.conftest import Api
from tests.engine.test_ocop_evaluation import FILING

COUNCIL = ["council1.hatinh", "council2.hatinh", "council3.hatinh"]
EVERYONE = ["producer.huongkhe", "officer.huongkhe", "officer.huongpho", "office.hatinh", "advisory.hatinh",
            *COUNCIL, "chair.hatinh", "office.thanhhoa", "council1.thanhhoa", "ministry.office",
            "ministry.advisory", "central.council", "minister"]


def step(api: Api, dossier_id: int, user: str, element: str, data: dict[str, Any]) -> None:
    """Complete `element` as `user`, after checking nobody else is offered it."""
    seeing = [u for u in EVERYONE if any(t["element_id"] == element and t["dossier_id"] == dossier_id
                                         for t in api.inbox(u))]
    assert seeing == [user] or (element == "council_scoring" and user in seeing), (element, seeing)
    task = next(t for t in api.inbox(user) if t["element_id"] == element and t["dossier_id"] == dossier_id)
    response = api.do(user, task["id"], data)
    assert response.status_code == 200, response.json


def through_province(api: Api, sheets: list[tuple[int, int, int, int]]) -> int:
    filed = api.file("producer.huongkhe", "18101", FILING)
    assert filed.status_code == 201, filed.json
    assert filed.json["registration_number"] == "001/PĐK-42-18101-2026"
    assert (filed.json["process_key"], filed.json["version"]) == ("ocop_evaluation", 1)
    dossier_id: int = filed.json["id"]
    step(api, dossier_id, "officer.huongkhe", "commune_review", {
        "complete": True, "local_raw_materials": True, "local_labour": True, "idea_origin": True,
        "local_identity": True, "mau03_report_number": "12/BC-UBND", "proposal_letter_number": "13/TTr-UBND",
        "samples_sent": True})
    step(api, dossier_id, "office.hatinh", "office_check", {"complete": True})
    step(api, dossier_id, "advisory.hatinh", "advisory_review", {
        "supplement_needed": False, "site_survey_done": True, "lab_tests_required": False,
        "report": "Đủ điều kiện trình Hội đồng."})
    for member, (a, b, c, minimum) in zip(COUNCIL, sheets, strict=True):
        step(api, dossier_id, member, "council_scoring",
             {"part_a": a, "part_b": b, "part_c": c, "minimum_star": minimum})
    return dossier_id


def notify(api: Api, dossier_id: int) -> dict[str, Any]:
    step(api, dossier_id, "office.hatinh", "notify_result", {
        "notice_number": "99/TB-SNNMT", "notified_commune": True, "notified_producer": True,
        "sent_date": "2026-11-30"})
    dossier: dict[str, Any] = api.get("office.hatinh", f"/dossiers/{dossier_id}").json
    assert dossier["state"] == "completed" and dossier["open_tasks"] == []
    return dossier


def test_a_dossier_goes_from_filing_to_a_four_star_certificate(api: Api) -> None:
    dossier_id = through_province(api, [(30, 20, 28, 5), (32, 19, 27, 4), (31, 21, 26, 4)])
    step(api, dossier_id, "chair.hatinh", "chair_decision", {
        "approved": True, "decision_number": "2345/QĐ-UBND", "certificate_number": "HT-2026-041",
        "issue_date": "2026-11-25"})
    dossier = notify(api, dossier_id)
    assert dossier["score"] == 78.0 and dossier["stars"] == 4
    assert dossier["certificate"]["number"] == "HT-2026-041"
    assert dossier["certificate"]["expiry_date"] == "2029-11-25"
    actions = [(h["actor"], h["action"]) for h in dossier["history"]]
    assert actions[0] == ("producer.huongkhe", "file")
    assert ("chair.hatinh", "complete") in actions
    assert all(h["acting_as"] for h in dossier["history"])


def test_a_dossier_scoring_92_reaches_a_five_star_certificate_from_the_minister(api: Api) -> None:
    dossier_id = through_province(api, [(38, 24, 30, 5), (37, 23, 32, 5), (36, 24, 32, 5)])
    assert api.get("office.hatinh", f"/dossiers/{dossier_id}").json["score"] == 92.0
    step(api, dossier_id, "chair.hatinh", "chair_propose_ministry", {
        "approved_result": True, "approval_decision_number": "2400/QĐ-UBND",
        "proposal_number": "77/TTr-UBND"})
    step(api, dossier_id, "ministry.office", "ministry_office_check", {"complete": True})
    step(api, dossier_id, "ministry.advisory", "ministry_advisory_review", {
        "report": "Đạt yêu cầu.", "site_survey_done": True})
    step(api, dossier_id, "central.council", "central_scoring", {"central_score": 91.5,
                                                                 "minutes_number": "5/BB-HĐTW"})
    step(api, dossier_id, "minister", "minister_decision", {
        "approved": True, "decision_number": "3456/QĐ-BNNMT", "certificate_number": "TW-2026-0007",
        "issue_date": "2026-12-01"})
    dossier = notify(api, dossier_id)
    assert dossier["stars"] == 5
    assert dossier["certificate"]["issued_by"] == "ministry"
    assert dossier["certificate"]["expiry_date"] == "2029-12-01"


def test_other_units_never_see_the_dossier(api: Api) -> None:
    dossier_id = api.file("producer.huongkhe", "18101", FILING).json["id"]
    for outsider in ("officer.huongpho", "office.thanhhoa", "council1.thanhhoa", "ministry.office"):
        assert api.get(outsider, f"/dossiers/{dossier_id}").status_code == 404
        assert all(d["id"] != dossier_id for d in api.get(outsider, "/dossiers").json["items"])
    assert api.get("supervisor.hatinh", f"/dossiers/{dossier_id}").status_code == 200


def test_filing_at_another_commune_or_with_bad_data_is_refused(api: Api) -> None:
    assert api.file("producer.huongkhe", "18103", FILING).status_code == 403
    bad = api.file("producer.huongkhe", "18101", {"producer": {"name": ""}})
    assert bad.status_code == 422
    assert "product" in bad.json["errors"] and "producer.name" in bad.json["errors"] or bad.json["errors"]
    unknown_kind = api.post("producer.huongkhe", "/dossiers", {"commune": "18101", "kind": "renewal",
                                                               "data": FILING})
    assert unknown_kind.status_code == 422 and "kind" in unknown_kind.json["errors"]


def test_the_commune_step_is_due_fifteen_working_days_later_across_tet(api: Api, clock: Any) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo
    clock.set(datetime(2027, 2, 3, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    filed = api.file("producer.huongkhe", "18101", FILING)
    assert filed.status_code == 201, filed.json
    task = filed.json["open_tasks"][0]
    assert (task["element_id"], task["deadline_rule"]) == ("commune_review", "15 working days")
    # Tết 2027 closes 4, 5, 8, 9, 10 Feb: the 15th working day after 3 Feb is 3 March.
    assert task["due_at"] == "2027-03-03T17:00:00+07:00"
    assert task["deadline_status"] == "on_time"
    clock.set(datetime(2027, 3, 1, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    api.forget_tokens()  # tokens expire on the same clock
    assert api.get("officer.huongkhe", f"/tasks/{task['id']}").json["deadline_status"] == "due_soon"
    clock.set(datetime(2027, 3, 4, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    api.forget_tokens()
    assert api.get("officer.huongkhe", f"/tasks/{task['id']}").json["deadline_status"] == "overdue"
