"""Periodic report tasks generated from a plan's recurring steps, with their deadline status."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tests.conftest import Api
from workflow_service.domain.clock import FixedClock
from workflow_service.services.accounts.users import add_user
from workflow_service.services.context import ServiceContext
from workflow_service.services.demo.loader import DEMO_PASSWORD
from workflow_service.services.units.importing import import_units

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PLAN = (Path(__file__).resolve().parents[2] / "plans" / "ha-tinh-2023-2025.yaml").read_bytes()
# The demo data holds Hương Khê district (444); Hương Sơn (439) is added here: GSO codes.
DISTRICTS = ("code,name,level,parent_code,valid_from,valid_to\n"
             "VN,Bộ Nông nghiệp và Môi trường,central,,,\n"
             "42,Tỉnh Hà Tĩnh,province,VN,,\n"
             "439,Huyện Hương Sơn,district,42,,2025-06-30\n")


def _import(api: Api, **params: str) -> dict[str, Any]:
    response = api.client.post("/api/v1/plans", data=PLAN, query_string=params,
                               headers={**api.headers("admin"), "Content-Type": "application/yaml"})
    assert response.status_code == 201, response.json
    body: dict[str, Any] = response.json
    return body


def test_reports_are_generated_once_per_district_and_period(mini_api: Api, service_ctx: ServiceContext,
                                                            clock: FixedClock) -> None:
    import_units(service_ctx, DISTRICTS)
    for user, unit in (("district.huongkhe", "444"), ("district.huongson", "439")):
        add_user(service_ctx, user, DEMO_PASSWORD, [f"district_officer@{unit}"])
    # Per district: quarters of 2023, 2024 and 2025 up to 30 June 2025 (10), 6-month reports (3),
    # annual reports of 2023 and 2024 (2): the districts were dissolved on 1 July 2025.
    assert _import(mini_api)["reports_created"] == 30
    assert _import(mini_api, replace="true")["reports_created"] == 0

    mine = mini_api.get("district.huongkhe", "/reports").json["items"]
    assert len(mine) == 15 and {r["unit"] for r in mine} == {"444"}
    assert [(r["step"], r["period"], r["due_at"][:10]) for r in mine[:3]] == [
        ("quarterly-report", "2023-Q1", "2023-03-25"), ("six-month-report", "2023", "2023-06-20"),
        ("quarterly-report", "2023-Q2", "2023-06-25")]
    assert {r["deadline_status"] for r in mine} == {"overdue"}  # the clock is at 23 Nov 2026

    clock.set(datetime(2024, 3, 20, 9, 0, tzinfo=VN))
    mini_api.forget_tokens()
    q1 = next(r for r in mini_api.get("district.huongkhe", "/reports", query_string={"status": "due_soon"})
              .json["items"])
    assert (q1["period"], q1["due_at"]) == ("2024-Q1", "2024-03-25T17:00:00+07:00")
    assert mini_api.post("district.huongson", f"/reports/{q1['id']}/complete").status_code == 404
    done = mini_api.post("district.huongkhe", f"/reports/{q1['id']}/complete")
    assert done.status_code == 200 and (done.json["status"], done.json["deadline_status"]) == ("completed", "on_time")
    assert mini_api.post("district.huongkhe", f"/reports/{q1['id']}/complete").status_code == 409
    assert mini_api.get("supervisor.hatinh", "/reports", query_string={"unit": "439"}).status_code == 200
    assert mini_api.get("district.huongson", "/reports", query_string={"unit": "444"}).status_code == 404
    assert mini_api.get("district.huongson", "/reports", query_string={"status": "soon"}).status_code == 422
