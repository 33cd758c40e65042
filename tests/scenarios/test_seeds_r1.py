"""The R1 seeds (QĐ 1048/2019) as scenarios: Hà Tĩnh 2019, Thanh Hóa 2021 and the unnamed district's 2021
plan, each imported from plans/, a dossier filed on the plan's year and walked through ocop_qd1048_2019."""

from __future__ import annotations

from flask import Flask

from tests.conftest import Api
from tests.engine.chain_runner import step
from workflow_service.domain.clock import FixedClock
from workflow_service.services.demo.loader import DEMO_UNITS as DEMO_UNITS_CSV
from workflow_service.services.units.importing import import_units

from .seed_world import (
    DISTRICT_OK,
    OFFICE_OK,
    Walk,
    add_users,
    at,
    chair_approves,
    due,
    file,
    import_plan,
    notify,
    r1_certifies,
    three,
)

DEMO_UNITS = DEMO_UNITS_CSV.read_text(encoding="utf-8")
HUONG_KHE = ["council1.huongkhe", "council2.huongkhe", "council3.huongkhe"]
HA_TINH = ["council1.hatinh", "council2.hatinh", "council3.hatinh"]


def test_ha_tinh_2019_a_65_point_dossier_goes_to_the_province_and_is_recognised_3_stars(
        api: Api, clock: FixedClock) -> None:
    at(clock, "2019-09-09")
    days = import_plan(api, "office.hatinh", "ha-tinh-2019.yaml")
    assert {k: days[k] for k in ("province-guidance-check", "idea-registration-conferences", "district-plans",
                                 "department-support-teams", "district-idea-selection",
                                 "province-product-selection", "product-support-plans", "district-evaluation",
                                 "province-evaluation")} == {
        "province-guidance-check": "2019-03-30", "idea-registration-conferences": "2019-03-30",
        "district-plans": "2019-03-31", "department-support-teams": "2019-04-10",
        "district-idea-selection": "2019-04-10", "province-product-selection": "2019-04-30",
        "product-support-plans": "2019-05-20", "district-evaluation": "2019-10-31",
        "province-evaluation": "2019-11-30"}
    # The spring steps come before QĐ 1048 (21/8/2019): no chain was in force for a dossier then.
    spring = file(api, "officer.huongkhe", "18101", filed_on="2019-04-10")
    assert spring.status_code == 422 and "filed_on" in spring.json["errors"], spring.json

    walk = Walk(api, file(api, "producer.huongkhe", "18101"))
    assert (walk.filed["regulation"], walk.filed["process_key"]) == ("R1", "ocop_qd1048_2019")
    walk.do("officer.huongkhe", r1_certifies("2019-09-10"))
    walk.do("officer.huongkhe.district", DISTRICT_OK)
    at(clock, "2019-10-15", api)
    walk.council(HUONG_KHE, three("district_scoring", 22, 16, 27))  # 65: R1 forwards 50–100
    walk.do("office.hatinh", OFFICE_OK)
    at(clock, "2019-11-20", api)
    walk.council(HA_TINH, three("council_scoring", 22, 16, 27))
    walk.do("chair.hatinh", chair_approves("chair_decision", "42-2019-0001", "2019-11-25"))
    walk.do("office.hatinh", notify("notify_result", "2019-11-28"))

    # The plan names no commune assessment step: that task has no due date (the plan's keys are reported).
    assert walk.due("commune_review") == ("plan:commune-assessment", None, "18101")
    assert walk.due("district_check") == ("15 working days", due("2019-09-30"), "444")
    assert walk.due("district_scoring") == ("plan:district-evaluation", due("2019-10-31"), "444")
    assert walk.due("office_check")[2] == "42"
    assert walk.due("council_scoring") == ("plan:province-evaluation", due("2019-11-30"), "42")
    assert walk.due("chair_decision") == ("plan:province-evaluation", due("2019-11-30"), "42")
    data = walk.dossier()["data"]
    assert (data["district_score"], data["forwarded"], data["stars"], data["recognised_by"]) == (
        65.0, True, 3, "province")
    assert (data["certificate"]["issued_by"], data["certificate"]["number"]) == ("province", "42-2019-0001")
    assert walk.open_steps() == []


NGA_SON = ["council1.ngason", "council2.ngason", "council3.ngason"]
THANH_HOA = ["council1.thanhhoa", "council2.thanhhoa", "council3.thanhhoa"]
NGA_SON_USERS = {  # Thanh Hóa: the demo has only its office and one council member
    "producer.ngason": ["applicant@16001"], "officer.ngason": ["commune_officer@16001"],
    "officer.ngason.district": ["district_officer@401"], **{m: ["district_council@401"] for m in NGA_SON},
    "council2.thanhhoa": ["province_council@38"], "council3.thanhhoa": ["province_council@38"],
    "chair.thanhhoa": ["province_chair@38"]}


def _thanh_hoa(app: Flask, api: Api, clock: FixedClock, points: tuple[int, int, int]) -> Walk:
    """A Nga Sơn dossier of 2021 scored `points` (A, B, C) by both councils, up to the province chair."""
    walk = Walk(api, file(api, "producer.ngason", "16001"))
    assert walk.filed["regulation"] == "R1" and walk.filed["registration_number"].endswith("/PĐK-38-16001-2021")
    walk.do("officer.ngason", r1_certifies("2021-03-16"))
    walk.do("officer.ngason.district", DISTRICT_OK)
    walk.council(NGA_SON, three("district_scoring", *points))
    walk.do("office.thanhhoa", OFFICE_OK)
    walk.council(THANH_HOA, three("council_scoring", *points))
    for element_id, rule in (("district_scoring", "plan:district-evaluation"),
                             ("council_scoring", "plan:province-evaluation")):  # "Năm 2021" = 1-12/2021
        assert walk.due(element_id)[:2] == (rule, due("2021-12-31"))
    assert (walk.due("district_scoring")[2], walk.due("council_scoring")[2]) == ("401", "38")
    return walk


def _thanh_hoa_world(app: Flask, api: Api, clock: FixedClock) -> None:
    at(clock, "2021-03-15", api)
    add_users(app, NGA_SON_USERS)
    days = import_plan(api, "office.thanhhoa", "thanh-hoa-2021.yaml")
    assert (days["district-evaluation"], days["province-evaluation"]) == ("2021-12-31", "2021-12-31")


def test_thanh_hoa_2021_the_province_chair_recognises_3_and_4_stars(app: Flask, api: Api,
                                                                    clock: FixedClock) -> None:
    _thanh_hoa_world(app, api, clock)
    for points, stars in (((22, 16, 27), 3), ((28, 20, 30), 4)):  # 65 and 78
        walk = _thanh_hoa(app, api, clock, points)
        walk.do("chair.thanhhoa", chair_approves("chair_decision", f"38-2021-000{stars}", "2021-11-30"))
        assert walk.due("chair_decision")[1:] == (due("2021-12-31"), "38")
        walk.do("office.thanhhoa", notify("notify_result", "2021-12-05"))
        data = walk.dossier()["data"]
        assert (data["stars"], data["recognised_by"], data["certificate"]["issued_by"]) == (
            stars, "province", "province")


def test_thanh_hoa_2021_90_points_or_more_go_to_the_central_council(app: Flask, api: Api,
                                                                   clock: FixedClock) -> None:
    _thanh_hoa_world(app, api, clock)
    walk = _thanh_hoa(app, api, clock, (33, 23, 36))  # 92
    walk.do("chair.thanhhoa", step("chair_propose_ministry", approved_result=True,
                                   approval_decision_number="1300/QĐ-UBND", proposal_number="2100/UBND-NN",
                                   proposal_date="2021-07-01"))
    assert walk.due("chair_propose_ministry")[1] == due("2021-12-31")
    walk.do("ministry.office", step("ministry_office_check", complete=True))
    walk.do("ministry.advisory", step("ministry_advisory_review", report="Đủ điều kiện trình Hội đồng.",
                                      site_survey_done=True))
    walk.do("central.council", step("central_scoring", central_score=93.5, minutes_number="05/BB-HĐTW"))
    walk.do("minister", chair_approves("minister_decision", "TW-2021-0007", "2021-09-20"))
    assert [walk.due(e)[1:] for e in ("ministry_office_check", "central_scoring", "minister_decision")] == [
        (None, "VN")] * 3  # the centre had no deadline before QĐ 26/2026
    walk.do("office.thanhhoa", notify("notify_result", "2021-10-01"))
    data = walk.dossier()["data"]
    assert (data["stars"], data["recognised_by"], data["certificate"]["issued_by"]) == (5, "ministry", "ministry")


DISTRICT_2021 = {"producer.004": ["applicant@004-commune"], "officer.004": ["commune_officer@004-commune"],
                 "officer.004.district": ["district_officer@unknown-district"],
                 **{f"council{i}.004": ["district_council@unknown-district"] for i in (1, 2, 3)}}


def test_the_2021_district_plan_forwards_50_to_100_points_once_its_district_has_a_province(
        app: Flask, api: Api, clock: FixedClock) -> None:
    at(clock, "2021-06-01", api)
    ctx = app.extensions["ocopflow"]
    commune = "004-commune,Xã thử nghiệm (seed 004),commune,unknown-district,2019-01-01,2025-06-30\n"
    import_units(ctx, DEMO_UNITS + commune)
    add_users(app, DISTRICT_2021)
    days = import_plan(api, "officer.004.district", "district-2021.yaml")
    assert (days["commune-plans"], days["year-end-review"]) == ("2021-06-15", "2021-12-31")
    # The OCR plan names no province: an R1 dossier there has no province council to go to.
    refused = file(api, "producer.004", "004-commune")
    assert refused.status_code == 422 and "no province unit" in refused.json["errors"]["commune"], refused.json
    stand_in = DEMO_UNITS.replace("seed 004),district,,,", "seed 004),district,42,,")  # Hà Tĩnh, for the test
    assert stand_in != DEMO_UNITS
    import_units(ctx, stand_in + commune)
    council = [f"council{i}.004" for i in (1, 2, 3)]
    for points, next_step in (((22, 16, 27), "office_check"), ((15, 10, 20), "district_notify_result")):
        walk = Walk(api, file(api, "producer.004", "004-commune"))
        assert walk.filed["regulation"] == "R1"
        walk.do("officer.004", r1_certifies("2021-06-02"))
        walk.do("officer.004.district", DISTRICT_OK)
        walk.council(council, three("district_scoring", *points))
        assert walk.open_steps() == [next_step]  # 65 goes on to the province, 45 stays at the district
        # Neither the commune-plans day (15/6) nor the review (12/2021) is a chain step: no plan due date.
        assert walk.due("commune_review")[:2] == ("plan:commune-assessment", None)
        assert walk.due("district_scoring") == ("plan:district-evaluation", None, "unknown-district")
