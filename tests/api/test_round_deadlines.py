"""`round:province` keys on the day the dossier was proposed to the province, not on the task's start."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.api.test_evaluation_chain import COUNCIL, step
from tests.conftest import Api
from tests.engine.test_ocop_evaluation import FILING
from workflow_service.domain.clock import FixedClock

VN = ZoneInfo("Asia/Ho_Chi_Minh")
COMMUNE_OK = {"complete": True, "local_raw_materials": True, "local_labour": True, "idea_origin": True,
              "local_identity": True, "mau03_report_number": "12/BC-UBND", "proposal_letter_number": "13/TTr-UBND",
              "samples_sent": True}


def _at(api: Api, clock: FixedClock, instant: datetime) -> None:
    clock.set(instant)
    api.forget_tokens()  # tokens expire with the moved clock


def _proposed_on(api: Api, clock: FixedClock, day: int, month: int) -> int:
    _at(api, clock, datetime(2027, 4, 20, 9, 0, tzinfo=VN))
    filed = api.file("producer.huongkhe", "18101", FILING)
    assert filed.status_code == 201, filed.json
    dossier_id: int = filed.json["id"]
    _at(api, clock, datetime(2027, month, day, 16, 30, tzinfo=VN))
    step(api, dossier_id, "officer.huongkhe", "commune_review", COMMUNE_OK)  # sends it to the province
    return dossier_id


def _to_council(api: Api, clock: FixedClock, dossier_id: int) -> list[str]:
    _at(api, clock, datetime(2027, 5, 12, 9, 0, tzinfo=VN))  # the council's tasks start well after 30 April
    step(api, dossier_id, "office.hatinh", "office_check", {"complete": True})
    step(api, dossier_id, "advisory.hatinh", "advisory_review", {
        "supplement_needed": False, "site_survey_done": True, "lab_tests_required": False, "report": "Đủ."})
    tasks = api.get("office.hatinh", f"/dossiers/{dossier_id}").json["open_tasks"]
    assert {t["element_id"] for t in tasks} == {"council_scoring"} and len(tasks) == len(COUNCIL)
    return sorted({t["due_at"] for t in tasks})


def test_proposed_on_30_april_is_round_1_and_on_1_may_round_2(api: Api, clock: FixedClock) -> None:
    april = _proposed_on(api, clock, 30, 4)
    may = _proposed_on(api, clock, 1, 5)
    assert _to_council(api, clock, april) == ["2027-06-30T17:00:00+07:00"]
    assert _to_council(api, clock, may) == ["2027-12-30T17:00:00+07:00"]

    # An extra provincial round for proposals by 15 May closes first, so the May dossier joins it.
    extra = api.post("admin", "/rounds", {"province": "42", "level": "province",
                                          "proposals_by": "2027-05-15", "closes_on": "2027-07-31"})
    assert extra.status_code == 201, extra.json
    assert extra.json["tasks_rescheduled"] == len(COUNCIL)
    tasks = api.get("office.hatinh", f"/dossiers/{may}").json["open_tasks"]
    assert {t["due_at"] for t in tasks} == {"2027-07-31T17:00:00+07:00"}
    assert {t["due_at"] for t in api.get("office.hatinh", f"/dossiers/{april}").json["open_tasks"]} \
        == {"2027-06-30T17:00:00+07:00"}
    listed = api.get("office.hatinh", "/rounds", query_string={"province": "42"}).json["items"]
    assert [(r["level"], r["proposals_by"], r["closes_on"]) for r in listed] == [
        ("province", "2027-05-15", "2027-07-31")]


def test_rounds_are_validated_and_only_an_admin_adds_them(api: Api) -> None:
    good = {"province": "42", "level": "province", "proposals_by": "2027-05-15", "closes_on": "2027-07-31"}
    assert api.post("office.hatinh", "/rounds", good).status_code == 403
    assert api.post("admin", "/rounds", {**good, "closes_on": "2027-05-01"}).status_code == 422
    assert api.post("admin", "/rounds", {**good, "province": "18101"}).status_code == 422
    assert api.post("admin", "/rounds", {**good, "proposals_by": "2027-02-30"}).status_code == 422
    assert api.post("admin", "/rounds", {**good, "level": "ministry"}).status_code == 422
    assert api.post("admin", "/rounds", good).status_code == 201
    assert api.post("admin", "/rounds", good).status_code == 409
