"""Supervisor pages through a browser-like client: dashboard, drill-down, reassignment, export."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from flask import Flask

from tests.web.chain import file, open_task
from tests.web.conftest import Browser
from workflow_service.domain.clock import VN_TZ, FixedClock
from workflow_service.services.accounts.users import add_user
from workflow_service.services.context import ServiceContext
from workflow_service.services.demo.loader import DEMO_PASSWORD


def ctx_of(app: Flask) -> ServiceContext:
    context: ServiceContext = app.extensions["ocopflow"]
    return context


def overdue_review(app: Flask, clock: FixedClock) -> tuple[int, str]:
    """A commune review filed 23/11/2026 (due 15/12 17:00), seen on 17/12: late by two working days."""
    dossier_id = file(ctx_of(app))
    clock.set(datetime(2026, 12, 17, 9, 0, tzinfo=VN_TZ))
    return dossier_id, open_task(ctx_of(app), dossier_id, "commune_review").id


def test_the_dashboard_counts_overdue_tasks_and_links_to_them(web_app: Flask, clock: FixedClock,
                                                              browser_for) -> None:
    _dossier_id, task_id = overdue_review(web_app, clock)
    supervisor: Browser = browser_for("supervisor.hatinh")
    page = supervisor.get("/supervisor/").get_data(as_text=True)
    assert 'id="kpi-overdue">1<' in page and 'id="kpi-due-soon">0<' in page
    assert "Xã Hương Khê" in page and "UBND xã kiểm tra hồ sơ" in page
    assert "/supervisor/tasks?unit=18101&amp;status=overdue" in page
    assert "<svg" in page and "/supervisor/tasks/export.xlsx?unit=42&amp;status=overdue" in page
    listing = supervisor.get("/supervisor/tasks?unit=18101&status=overdue").get_data(as_text=True)
    assert task_id in listing and "001/PĐK-42-18101-2026" in listing and "2 ngày làm việc" in listing
    assert task_id not in supervisor.get("/supervisor/tasks?unit=42&status=due_soon").get_data(as_text=True)


def test_reassigning_from_the_list_moves_the_task_to_the_chosen_officer(web_app: Flask, clock: FixedClock,
                                                                        browser_for) -> None:
    add_user(ctx_of(web_app), "officer2.huongkhe", DEMO_PASSWORD, ["commune_officer@18101"])
    dossier_id, task_id = overdue_review(web_app, clock)
    supervisor: Browser = browser_for("supervisor.hatinh")
    listing = supervisor.get("/supervisor/tasks?status=overdue").get_data(as_text=True)
    assert f'action="/supervisor/tasks/{task_id}/assign"' in listing and "officer2.huongkhe" in listing
    forged = supervisor.post(f"/supervisor/tasks/{task_id}/assign", {"username": "officer2.huongkhe"}, csrf=False)
    assert forged.status_code == 400
    assert open_task(ctx_of(web_app), dossier_id, "commune_review").claimed_by is None
    moved = supervisor.post(f"/supervisor/tasks/{task_id}/assign",
                            {"username": "officer2.huongkhe", "next": "/supervisor/tasks?status=overdue"})
    assert moved.status_code == 302 and moved.location == "/supervisor/tasks?status=overdue"
    assert open_task(ctx_of(web_app), dossier_id, "commune_review").claimed_by == "officer2.huongkhe"
    assert "officer2.huongkhe" in supervisor.get(moved.location).get_data(as_text=True)
    wrong = supervisor.post(f"/supervisor/tasks/{task_id}/assign", {"username": "officer.huongpho"})
    assert wrong.status_code == 302
    assert "officer.huongpho" in supervisor.get("/supervisor/tasks").get_data(as_text=True)  # the error flash
    assert open_task(ctx_of(web_app), dossier_id, "commune_review").claimed_by == "officer2.huongkhe"


def test_officers_and_other_provinces_are_kept_out(web_app: Flask, clock: FixedClock, browser_for) -> None:
    overdue_review(web_app, clock)
    officer: Browser = browser_for("officer.huongkhe")
    assert "/supervisor/" not in officer.get("/inbox").get_data(as_text=True)
    assert officer.get("/supervisor/").status_code == 403
    supervisor: Browser = browser_for("supervisor.hatinh")
    assert supervisor.get("/supervisor/tasks?unit=38").status_code == 403
    assert supervisor.get("/supervisor/tasks?status=late").status_code == 422


def test_the_list_exports_as_csv_with_the_filters_applied(web_app: Flask, clock: FixedClock, browser_for) -> None:
    overdue_review(web_app, clock)
    supervisor: Browser = browser_for("supervisor.hatinh")
    response = supervisor.get("/supervisor/tasks/export.csv?unit=42&status=overdue")
    assert response.status_code == 200 and response.content_type == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="giam-sat-42-overdue-20261217.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert len(rows) == 2 and rows[1][0] == "001/PĐK-42-18101-2026"
    none = supervisor.get("/supervisor/tasks/export.csv?unit=42&status=due_soon")
    assert len(list(csv.reader(io.StringIO(none.get_data().decode("utf-8-sig"))))) == 1
