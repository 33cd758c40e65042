"""`round:province` keys on the day the dossier was proposed to the province, not on the task's start."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask

from tests.api.test_evaluation_chain import COUNCIL, step
from tests.conftest import Api
from tests.engine.test_ocop_evaluation import FILING
from workflow_service.domain.clock import FixedClock
from workflow_service.persistence.deadline_models import EvaluationRound
from workflow_service.services.deadlines.due_dates import round_schedule

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


SEASONAL = {"unit": "444", "level": "district", "name": "Đợt bổ sung sản phẩm mùa vụ 2024",
            "proposals_by": "2024-09-15", "closes_on": "2024-10-15"}


def test_district_rounds_are_declared_by_the_district_or_its_province_and_bad_input_names_its_field(
        api: Api) -> None:
    for user, body in (("producer.huongkhe", SEASONAL), ("officer.huongkhe", SEASONAL),
                       ("office.thanhhoa", SEASONAL),  # another province's office
                       ("officer.huongkhe.district", {**SEASONAL, "unit": "42"}),  # the province's, not its own
                       ("office.hatinh", {**SEASONAL, "level": "province", "unit": "42"})):  # admin only
        assert api.post(user, "/rounds", body).status_code == 403, (user, body)
    without_unit = {k: v for k, v in SEASONAL.items() if k != "unit"}
    for body, field in (
            ({**SEASONAL, "unit": "18101"}, "unit"),  # a commune
            ({**SEASONAL, "unit": "nowhere"}, "unit"),
            ({**SEASONAL, "proposals_by": "2025-09-01", "closes_on": "2025-10-01"}, "unit"),  # no districts after 30/6/2025
            ({**SEASONAL, "unit": "42", "proposals_by": "2025-06-15", "closes_on": "2025-07-15"}, "unit"),
            ({**SEASONAL, "closes_on": "2024-09-01"}, "closes_on"),
            ({**SEASONAL, "level": "commune"}, "level"),
            ({**SEASONAL, "name": "x" * 201}, "name"),
            (without_unit, "unit"),
            ({**SEASONAL, "province": "38"}, "province")):  # `province`, the old name, disagreeing
        response = api.post("admin", "/rounds", body)
        assert response.status_code == 422, (body, response.json)
        assert response.content_type == "application/problem+json" and field in response.json["errors"], body

    declared = api.post("officer.huongkhe.district", "/rounds", SEASONAL)
    assert declared.status_code == 201, declared.json
    assert {k: declared.json[k] for k in ("province", "unit", "level", "name")} == {
        "province": "42", "unit": "444", "level": "district", "name": SEASONAL["name"]}
    assert api.post("office.hatinh", "/rounds", SEASONAL).status_code == 409
    assert api.post("office.hatinh", "/rounds", {**SEASONAL, "unit": "42"}).status_code == 201  # every district
    old_name = {**without_unit, "province": "444", "proposals_by": "2024-10-01"}  # `unit`'s older name
    assert api.post("admin", "/rounds", old_name).status_code == 201
    listed = api.get("officer.huongkhe", "/rounds", query_string={"province": "42", "level": "district"})
    assert [r["unit"] for r in listed.json["items"]] == ["444", "42", "444"]
    assert api.get("officer.huongkhe", "/rounds", query_string={"level": "commune"}).status_code == 422


def test_a_dossier_joins_its_own_districts_rounds_and_its_provinces_not_another_districts(app: Flask) -> None:
    ctx = app.extensions["ocopflow"]
    with ctx.uow() as uow:
        for unit, by, closes in (("42", date(2024, 4, 30), date(2024, 5, 31)),
                                 ("445", date(2024, 8, 31), date(2024, 9, 10)),  # a neighbouring district
                                 ("444", date(2024, 9, 15), date(2024, 10, 15))):
            uow.session.add(EvaluationRound(province_code="42", unit_code=unit, level="district",
                                            proposals_by=by, closes_on=closes))
        uow.session.flush()
        schedule = round_schedule(uow.session, "42", {"province": "42", "district": "444", "commune": "18101"},
                                  date(2024, 8, 12))
        assert schedule.round_for("district", date(2024, 3, 1)).closes_on == date(2024, 5, 31)
        assert schedule.round_for("district", date(2024, 8, 12)).closes_on == date(2024, 10, 15)
        after_reform = round_schedule(uow.session, "42", {"province": "42", "commune": "18101"}, date(2025, 8, 1))
        assert after_reform.rounds_in("district", 2024) == []  # a dossier with no district joins none
