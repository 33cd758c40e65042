"""Supervisor monitoring over the API: statuses against the clock, filters, scope, summary and export."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from openpyxl import load_workbook

from tests.conftest import Api
from tests.engine.test_ocop_evaluation import FILING
from workflow_service.domain.clock import VN_TZ, FixedClock
from workflow_service.services.accounts.users import add_user
from workflow_service.services.demo.loader import DEMO_PASSWORD

SUPERVISOR = "supervisor.hatinh"
REVIEW = {"complete": True, "local_raw_materials": True, "local_labour": True, "idea_origin": True,
          "local_identity": True, "mau03_report_number": "12/BC-UBND", "proposal_letter_number": "13/TTr-UBND",
          "samples_sent": True}


def vn(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


def file_review(api: Api, user: str = "producer.huongkhe", commune: str = "18101") -> dict[str, Any]:
    """A dossier whose commune review (15 working days) is open."""
    filed = api.file(user, commune, FILING)
    assert filed.status_code == 201, filed.json
    task: dict[str, Any] = filed.json["open_tasks"][0]
    assert task["element_id"] == "commune_review"
    return task | {"registration_number": filed.json["registration_number"]}


def move(api: Api, clock: FixedClock, instant: datetime) -> None:
    clock.set(instant)
    api.forget_tokens()  # tokens expire on the service's clock


def monitored(api: Api, user: str = SUPERVISOR, **params: Any) -> dict[str, Any]:
    response = api.get(user, "/monitoring/tasks", query_string=params)
    assert response.status_code == 200, response.json
    body: dict[str, Any] = response.json
    return body


def ids(page: dict[str, Any]) -> list[str]:
    return [item["id"] for item in page["items"]]


def test_a_task_left_alone_moves_from_on_time_to_due_soon_to_overdue(api: Api, clock: FixedClock) -> None:
    task = file_review(api)  # filed Monday 23/11/2026 (24/11 is Culture Day): due Tuesday 15/12 17:00
    assert task["due_at"] == "2026-12-15T17:00:00+07:00"
    assert ids(monitored(api, status="on_time")) == [task["id"]]
    assert ids(monitored(api, status="overdue")) == []
    move(api, clock, vn(2026, 12, 9, 9, 0))  # 10, 11, 14, 15 left: four working days
    assert ids(monitored(api, status="on_time")) == [task["id"]]
    move(api, clock, vn(2026, 12, 10, 9, 0))  # 11, 14, 15 left: three
    assert ids(monitored(api, status="due_soon")) == [task["id"]]
    assert ids(monitored(api, status="on_time")) == []
    move(api, clock, vn(2026, 12, 16, 8, 0))
    page = monitored(api, status="overdue")
    assert ids(page) == [task["id"]] and page["total"] == 1
    row = page["items"][0]
    assert (row["registration_number"], row["producer_name"], row["unit_code"], row["unit_name"]) == (
        task["registration_number"], "HTX Nông nghiệp Hương Khê", "18101", "Xã Hương Khê")
    assert (row["element_id"], row["holder"], row["days_overdue"], row["deadline_status"]) == (
        "commune_review", None, 1, "overdue")
    move(api, clock, vn(2026, 12, 23, 10, 0))  # late by 16, 17, 18, 21, 22, 23 December
    assert monitored(api, status="overdue")["items"][0]["days_overdue"] == 6
    assert ids(monitored(api, min_age=6)) == [task["id"]]
    assert ids(monitored(api, min_age=7)) == []


def test_filters_by_step_assignee_level_and_process(api: Api, clock: FixedClock) -> None:
    first, second = file_review(api), file_review(api)
    assert api.post("officer.huongkhe", f"/tasks/{first['id']}/claim").status_code == 200
    assert ids(monitored(api, assignee="officer.huongkhe")) == [first["id"]]
    both = sorted([first["id"], second["id"]])  # same due instant: the order is by id
    assert ids(monitored(api, step="commune_review")) == both
    assert ids(monitored(api, step="office_check")) == []
    assert len(ids(monitored(api, level="commune"))) == 2
    assert ids(monitored(api, level="province")) == []
    assert len(ids(monitored(api, process="ocop_evaluation"))) == 2
    assert ids(monitored(api, process="other_process")) == []


def test_pages_are_stable_in_due_order(api: Api, clock: FixedClock) -> None:
    filed = []
    for day in (25, 23, 26, 23):  # due 16, 15, 17 and 15 December
        move(api, clock, vn(2026, 11, day, 9, 0))
        filed.append(file_review(api))
    move(api, clock, vn(2026, 11, 27, 9, 0))
    by_due = [t["id"] for t in sorted(filed, key=lambda t: (t["due_at"], t["id"]))]
    for size in (1, 2, 3):  # pages past the middle are read backwards from the end: same order
        pages = [monitored(api, limit=size, offset=offset) for offset in range(0, 4, size)]
        assert [i for page in pages for i in ids(page)] == by_due, size
        assert {page["total"] for page in pages} == {4}
    assert ids(monitored(api, offset=4)) == []


def test_a_supervisor_sees_only_the_subtree_of_the_unit(api: Api, clock: FixedClock) -> None:
    ctx = api.client.application.extensions["ocopflow"]
    add_user(ctx, "officer.ngason", DEMO_PASSWORD, ["commune_officer@16001"])
    add_user(ctx, "council.thanhhoa2", DEMO_PASSWORD, ["province_council@38"])
    mine = file_review(api)
    theirs = file_review(api, "officer.ngason", "16001")
    assert ids(monitored(api)) == [mine["id"]]  # the only supervised unit (42) is the default
    assert ids(monitored(api, unit="18101")) == [mine["id"]]
    assert ids(monitored(api, unit="18103")) == []
    other = api.get(SUPERVISOR, "/monitoring/tasks", query_string={"unit": "38"})
    assert other.status_code == 403 and other.content_type == "application/problem+json"
    assert api.get(SUPERVISOR, "/monitoring/tasks", query_string={"unit": "NOPE"}).status_code == 404
    assert api.get("officer.huongkhe", "/monitoring/tasks").status_code == 403
    assert api.get(SUPERVISOR, "/monitoring/summary", query_string={"unit": "38"}).status_code == 403
    everything = monitored(api, "admin", unit="VN")
    assert sorted(ids(everything)) == sorted([mine["id"], theirs["id"]])


def test_bad_query_parameters_are_named(api: Api) -> None:
    response = api.get(SUPERVISOR, "/monitoring/tasks", query_string={"status": "late", "limit": 0})
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"status", "limit"}
    bad_range = api.get(SUPERVISOR, "/monitoring/summary", query_string={"from": "2026-12-01", "to": "2026-01-01"})
    assert bad_range.status_code == 422 and "from" in bad_range.json["errors"]


def test_summary_counts_aging_and_on_time_rate(api: Api, clock: FixedClock) -> None:
    on_time, late, open_late = file_review(api), file_review(api), file_review(api)
    assert api.do("officer.huongkhe", on_time["id"], REVIEW).status_code == 200  # well before 15/12
    move(api, clock, vn(2026, 12, 17, 9, 0))
    assert api.do("officer.huongkhe", late["id"], REVIEW).status_code == 200  # two days late
    move(api, clock, vn(2026, 12, 24, 9, 0))  # open_late: late by 16–18, 21–24 December = 7 working days
    response = api.get(SUPERVISOR, "/monitoring/summary", query_string={"period": "month"})
    assert response.status_code == 200, response.json
    summary = response.json
    commune = next(u for u in summary["by_unit"] if u["key"] == "18101")
    assert (commune["overdue"], commune["name"]) == (1, "Xã Hương Khê")
    step = next(s for s in summary["by_step"] if s["key"] == "commune_review")
    assert (step["overdue"], step["due_soon"], step["open"]) == (1, 0, None)
    assert summary["aging"] == {"1-5": 0, "6-10": 1, "11-20": 0, ">20": 0}
    trend = {p["period"]: p for p in summary["trend"]}
    assert list(trend)[-2:] == ["2026-11", "2026-12"]
    assert (trend["2026-11"]["completed"], trend["2026-11"]["on_time"], trend["2026-11"]["rate"]) == (1, 1, 1.0)
    assert (trend["2026-12"]["completed"], trend["2026-12"]["rate"]) == (1, 0.0)
    per_unit = [(r["period"], r["unit"], r["rate"]) for r in summary["on_time_by_unit"]]
    assert per_unit == [("2026-11", "18101", 1.0), ("2026-12", "18101", 0.0)]
    quarter = api.get(SUPERVISOR, "/monitoring/summary", query_string={
        "period": "quarter", "from": "2026-10-01", "to": "2026-12-31"}).json
    assert [(p["period"], p["completed"], p["rate"]) for p in quarter["trend"]] == [("2026-Q4", 2, 0.5)]
    assert open_late["id"] in ids(monitored(api, status="overdue", min_age=6))


def test_export_as_csv_and_xlsx_in_vietnamese_with_local_times(api: Api, clock: FixedClock) -> None:
    task = file_review(api)
    move(api, clock, vn(2026, 12, 16, 9, 0))
    response = api.get(SUPERVISOR, "/monitoring/tasks", query_string={"status": "overdue", "format": "csv"})
    assert response.status_code == 200
    assert response.content_type == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="giam-sat-42-overdue-20261216.csv"'
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Số đăng ký", "Chủ thể", "Sản phẩm"]
    assert rows[1][0] == task["registration_number"]
    assert "15/12/2026 17:00" in rows[1] and "Quá hạn" in rows[1]
    xlsx = api.get(SUPERVISOR, "/monitoring/tasks", query_string={"status": "overdue", "format": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert xlsx.headers["Content-Disposition"].endswith('giam-sat-42-overdue-20261216.xlsx"')
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Số đăng ký" and values[1][0] == task["registration_number"]
    assert datetime(2026, 12, 15, 17, 0) in values[1]  # local wall time, as Excel shows it


def test_a_chair_monitors_only_the_tasks_of_its_own_unit(api: Api, clock: FixedClock) -> None:
    review = file_review(api)
    assert api.do("officer.huongkhe", review["id"], REVIEW).status_code == 200  # now at the province office
    page = monitored(api, "chair.hatinh")
    assert page["unit"] == "42" and [i["element_id"] for i in page["items"]] == ["office_check"]
    assert api.get("chair.hatinh", "/monitoring/tasks", query_string={"unit": "18101"}).status_code == 403
