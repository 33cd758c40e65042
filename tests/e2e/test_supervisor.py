"""A supervisor in a real browser: finds the overdue task on the dashboard and reassigns it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, LiveServer, no_horizontal_scroll, screenshot, sign_in
from tests.web.chain import do, file, open_task
from workflow_service.domain.clock import VN_TZ
from workflow_service.services.accounts.users import add_user
from workflow_service.services.demo.loader import DEMO_PASSWORD


def test_a_supervisor_finds_the_overdue_task_and_gives_it_to_another_officer(
        page: Any, live_server: LiveServer) -> None:
    ctx = live_server.ctx
    add_user(ctx, "officer2.huongkhe", DEMO_PASSWORD, ["commune_officer@18101"])
    on_time = file(ctx)  # completed before its deadline: the on-time trend has a bar
    do(ctx, on_time, "officer.huongkhe", "commune_review", {
        "complete": True, "local_raw_materials": True, "local_labour": True, "idea_origin": True,
        "local_identity": True, "mau03_report_number": "1/BC", "proposal_letter_number": "2/TTr",
        "samples_sent": True})
    late = file(ctx)  # left alone: due 15/12/2026 17:00
    task = open_task(ctx, late, "commune_review")
    live_server.clock.set(datetime(2026, 12, 17, 9, 0, tzinfo=VN_TZ))

    sign_in(page, "supervisor.hatinh")
    page.click("nav >> text=Giám sát")
    page.wait_for_url("**/supervisor/")
    assert page.locator("#kpi-overdue").inner_text() == "1"
    assert page.locator("svg.trend rect.bar").count() >= 1
    screenshot(page, "supervisor-overdue-one")

    page.click("#by-unit a.n-overdue")  # drill down: Xã Hương Khê, overdue
    page.wait_for_url("**/supervisor/tasks?unit=18101&status=overdue")
    card = page.locator(f'li.task-card[data-task="{task.id}"]')
    assert "002/PĐK-42-18101-2026" in card.inner_text() and "2 ngày làm việc" in card.inner_text()
    card.locator("select").select_option("officer2.huongkhe")
    card.locator("button", has_text="Giao lại").click()
    page.wait_for_load_state()
    expect(page.locator(".flash")).to_contain_text("officer2.huongkhe")  # the list reloads at the same URL
    assert open_task(ctx, late, "commune_review").claimed_by == "officer2.huongkhe"

    page.set_viewport_size(PHONE)
    page.goto("/supervisor/")
    assert no_horizontal_scroll(page)
    page.goto("/supervisor/tasks?status=overdue")
    assert no_horizontal_scroll(page)

    page.context.clear_cookies()
    sign_in(page, "officer2.huongkhe")
    mine = page.locator("li.task-card", has=page.locator(f'a[href="/tasks/{task.id}"]'))
    assert "002/PĐK-42-18101-2026" in mine.inner_text()
    assert mine.locator(".badge-overdue").count() == 1
