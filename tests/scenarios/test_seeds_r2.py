"""The R2 seeds (QĐ 148/2023) as scenarios: Hà Tĩnh 2023–2025 and Ba Tơ district 2025 (Quảng Ngãi), each
imported from plans/, a dossier filed on the plan's year and walked through ocop_qd148_2023. The district
steps are due at the close of the district round the dossier was proposed in (`round:district`): Ba Tơ's
plan dates it (Q2), Hà Tĩnh declares its rounds, a seasonal extra round included."""

from __future__ import annotations

from typing import Any

from flask import Flask

from tests.conftest import Api
from workflow_service.domain.clock import FixedClock

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
    r2_commune_ok,
    three,
)

HUONG_KHE = ["council1.huongkhe", "council2.huongkhe", "council3.huongkhe"]
HA_TINH = ["council1.hatinh", "council2.hatinh", "council3.hatinh"]


# Hà Tĩnh's OCOP office sets the districts' regular round (the plan, mục IV.3.d: the department guides
# the districts' evaluation); a district adds rounds for seasonal products ("sản phẩm đặc thù theo mùa vụ").
REGULAR_2024 = {"unit": "42", "level": "district", "name": "Cấp huyện – đợt 1/2024",
                "proposals_by": "2024-04-30", "closes_on": "2024-05-31"}
SEASONAL_2024 = {"unit": "444", "level": "district", "name": "Huyện Hương Khê – đợt bổ sung sản phẩm mùa vụ 2024",
                 "proposals_by": "2024-09-15", "closes_on": "2024-10-15"}


def _declare(api: Api, user: str, body: dict[str, str]) -> Any:
    response = api.post(user, "/rounds", body)
    assert response.status_code == 201, response.json
    return response.json


def _ha_tinh(api: Api, points: tuple[int, int, int]) -> Walk:
    walk = Walk(api, file(api, "producer.huongkhe", "18101"))
    assert (walk.filed["regulation"], walk.filed["regulation_title"]) == ("R2", "QĐ 148/QĐ-TTg 2023")
    walk.do("officer.huongkhe", r2_commune_ok("2024-03-05"))
    walk.do("officer.huongkhe.district", DISTRICT_OK)
    walk.council(HUONG_KHE, three("district_scoring", *points))
    # The 2023–2025 plan dates reports and 2025 targets only: the evaluation steps have no plan day.
    assert walk.due("commune_review") == ("plan:commune-assessment", None, "18101")
    assert walk.due("district_check") == ("15 working days", due("2024-03-25"), "444")
    assert walk.due("district_scoring") == ("round:district", due("2024-05-31"), "444")  # proposed 4/3
    return walk


def test_ha_tinh_2023_2025_65_points_recognised_3_stars_by_the_district_72_by_the_province_4_stars(
        api: Api, clock: FixedClock) -> None:
    at(clock, "2024-03-04", api)
    days = import_plan(api, "office.hatinh", "ha-tinh-2023-2025.yaml")
    assert days == {"targets-2025": "2025-12-31"}  # the rest recur (quarterly, 20/6, 15/12)
    assert not {"commune-assessment", "district-evaluation", "province-evaluation"} & set(days)
    _declare(api, "office.hatinh", REGULAR_2024)  # the plan dates no district evaluation: the office does

    local = _ha_tinh(api, (26, 16, 23))  # 65
    assert local.open_steps() == ["district_chair_decision"]
    local.do("chair.huongkhe", chair_approves("district_chair_decision", "HK-2024-0003", "2024-05-20"))
    assert local.due("district_chair_decision") == ("round:district", due("2024-05-31"), "444")
    local.do("officer.huongkhe.district", notify("district_notify_result", "2024-05-25"))
    data = local.dossier()["data"]
    assert (data["district_score"], data["forwarded"], data["stars"], data["recognised_by"]) == (
        65.0, False, 3, "district")
    assert data["certificate"]["issued_by"] == "district"

    forwarded = _ha_tinh(api, (29, 18, 25))  # 72, meeting the 4★ minimums: goes on to the province
    assert forwarded.open_steps() == ["office_check"]
    forwarded.do("office.hatinh", OFFICE_OK)
    forwarded.council(HA_TINH, three("council_scoring", 29, 18, 25))
    forwarded.do("chair.hatinh", chair_approves("chair_decision", "42-2024-0001", "2024-06-25"))
    forwarded.do("office.hatinh", notify("notify_result", "2024-06-28"))
    assert [forwarded.due(e)[2] for e in ("office_check", "council_scoring", "chair_decision")] == ["42"] * 3
    data = forwarded.dossier()["data"]
    assert (data["district_score"], data["forwarded"], data["stars"], data["recognised_by"]) == (
        72.0, True, 4, "province")
    assert data["certificate"]["issued_by"] == "province"


def test_ha_tinh_2023_2025_a_seasonal_product_proposed_after_the_regular_round_is_due_at_the_extra_round(
        api: Api, clock: FixedClock) -> None:
    at(clock, "2024-03-04", api)
    import_plan(api, "office.hatinh", "ha-tinh-2023-2025.yaml")
    _declare(api, "office.hatinh", REGULAR_2024)
    at(clock, "2024-08-12", api)  # Phúc Trạch pomelo: harvested from August, after the 30/4 cut-off
    walk = Walk(api, file(api, "producer.huongkhe", "18101"))
    walk.do("officer.huongkhe", r2_commune_ok("2024-08-12"))  # proposed to the district on 12/8/2024
    walk.do("officer.huongkhe.district", DISTRICT_OK)
    sheets = api.inbox("council1.huongkhe", dossier_id=walk.id)
    assert [(t["deadline_rule"], t["due_at"]) for t in sheets] == [("round:district", None)]  # no round yet

    at(clock, "2024-08-20", api)
    seasonal = _declare(api, "officer.huongkhe.district", SEASONAL_2024)
    assert (seasonal["province"], seasonal["unit"], seasonal["tasks_rescheduled"]) == ("42", "444", 3)
    walk.council(HUONG_KHE, three("district_scoring", 26, 16, 23))  # 65
    walk.do("chair.huongkhe", chair_approves("district_chair_decision", "HK-2024-0107", "2024-10-10"))
    assert walk.due("district_scoring") == ("round:district", due("2024-10-15"), "444")
    assert walk.due("district_chair_decision") == ("round:district", due("2024-10-15"), "444")
    data = walk.dossier()["data"]
    assert (data["stars"], data["recognised_by"], data["certificate"]["issued_by"]) == (3, "district", "district")

    listed = api.get("chair.huongkhe", "/rounds", query_string={"province": "42", "level": "district"}).json
    assert [(r["unit"], r["name"], r["proposals_by"], r["closes_on"]) for r in listed["items"]] == [
        ("42", REGULAR_2024["name"], "2024-04-30", "2024-05-31"),
        ("444", SEASONAL_2024["name"], "2024-09-15", "2024-10-15")]


BA_TO = ["council1.bato", "council2.bato", "council3.bato"]
BA_TO_USERS = {  # Quảng Ngãi has no demo users
    "producer.bato": ["applicant@22601"], "officer.bato": ["commune_officer@22601"],
    "officer.bato.district": ["district_officer@535"], **{m: ["district_council@535"] for m in BA_TO},
    "chair.bato": ["district_chair@535"], "office.quangngai": ["province_office@51"],
    **{f"council{i}.quangngai": ["province_council@51"] for i in (1, 2, 3)}}


def test_ba_to_2025_the_district_evaluates_by_the_end_of_q2_and_recognises_3_stars(
        app: Flask, api: Api, clock: FixedClock) -> None:
    at(clock, "2025-03-10", api)
    add_users(app, BA_TO_USERS)
    days = import_plan(api, "officer.bato.district", "ba-to-2025.yaml")
    assert (days["idea-registration"], days["idea-selection"]) == ("2025-04-30", "2025-05-31")  # March–April…
    assert (days["commune-assessment"], days["district-evaluation"]) == ("2025-12-31", "2025-06-30")  # …Q2

    walk = Walk(api, file(api, "producer.bato", "22601"))
    assert walk.filed["regulation"] == "R2" and walk.filed["registration_number"] == "001/PĐK-51-22601-2025"
    walk.do("officer.bato", r2_commune_ok("2025-03-12"))
    walk.do("officer.bato.district", DISTRICT_OK)
    at(clock, "2025-05-20", api)
    walk.council(BA_TO, three("district_scoring", 26, 16, 23))  # 65
    walk.do("chair.bato", chair_approves("district_chair_decision", "BT-2025-0001", "2025-06-10"))
    walk.do("officer.bato.district", notify("district_notify_result", "2025-06-15"))

    assert walk.due("commune_review") == ("plan:commune-assessment", due("2025-12-31"), "22601")
    assert walk.due("district_check") == ("15 working days", due("2025-03-31"), "535")
    # The district's regular round is the one its plan dates ("in Q2"): round:district closes on 30/6.
    assert walk.due("district_scoring") == ("round:district", due("2025-06-30"), "535")
    assert walk.due("district_chair_decision") == ("round:district", due("2025-06-30"), "535")
    data = walk.dossier()["data"]
    assert (data["stars"], data["recognised_by"], data["certificate"]["issued_by"]) == (3, "district", "district")


def test_ba_to_2025_72_points_go_on_to_quang_ngai(app: Flask, api: Api, clock: FixedClock) -> None:
    at(clock, "2025-04-01", api)
    add_users(app, BA_TO_USERS)
    import_plan(api, "officer.bato.district", "ba-to-2025.yaml")
    walk = Walk(api, file(api, "producer.bato", "22601"))
    walk.do("officer.bato", r2_commune_ok("2025-04-02"))
    walk.do("officer.bato.district", DISTRICT_OK)
    walk.council(BA_TO, three("district_scoring", 29, 18, 25))  # "chuyển sản phẩm 70-100 điểm lên tỉnh"
    walk.do("office.quangngai", OFFICE_OK)
    assert walk.due("office_check")[2] == "51"
    assert sorted(t["element_id"] for t in api.inbox("council1.quangngai", dossier_id=walk.id)) == [
        "council_scoring"]
