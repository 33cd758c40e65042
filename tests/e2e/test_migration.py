"""A designer migrates the dossiers waiting at a district on 6/7/2025 in the browser: dry run, run, the run's
page, revert; the page works on a 360 px phone."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, LiveServer, no_horizontal_scroll, screenshot, sign_in
from tests.engine.evaluation_steps import COMMUNE_OK, FILING
from workflow_service.services.accounts.users import load_actor
from workflow_service.services.dossiers.filing import FileDossier, file_dossier, get_dossier
from workflow_service.services.tasks.actions import claim_task
from workflow_service.services.tasks.completion import complete_task

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _r2_at_district(server: LiveServer) -> str:
    server.clock.set(datetime(2025, 6, 20, 9, 0, tzinfo=VN))
    producer, officer = load_actor(server.ctx, "producer.huongkhe"), load_actor(server.ctx, "officer.huongkhe")
    dossier = file_dossier(server.ctx, producer, FileDossier(None, "18101", "first_time", FILING))
    _, tasks, _ = get_dossier(server.ctx, officer, dossier.id)
    claim_task(server.ctx, officer, tasks[0].id)
    complete_task(server.ctx, officer, tasks[0].id, COMMUNE_OK[1] | {"proposal_letter_date": str(date(2025, 6, 20))})
    server.clock.set(datetime(2025, 7, 6, 9, 0, tzinfo=VN))
    return dossier.registration_number


def test_designer_dry_runs_runs_and_reverts_a_migration(page: Any, live_server: LiveServer) -> None:
    number = _r2_at_district(live_server)
    sign_in(page, "designer")
    page.goto("/designer/migrations/")
    page.select_option("#plan-file", "r2_to_r3_2025.yaml")
    page.click("button[formaction$='/dry-run']")
    row = page.locator("#dry-run tbody tr", has_text=number)
    assert "Cơ quan tham mưu OCOP tỉnh · Tỉnh Hà Tĩnh" in row.inner_text() and "district_check" in row.inner_text()
    screenshot(page, "migration-dry-run")

    page.click("button[formaction$='/runs']")
    page.wait_for_selector('#run-progress[data-status="finished"]')
    item = page.locator("#run-items tbody tr", has_text=number)
    assert "office_check" in item.inner_text()
    screenshot(page, "migration-run")
    item.locator("button").click()
    expect(page.locator("#run-items tbody tr", has_text=number)).to_contain_text("district_check")  # the page reloads
    expect(page.locator(".flash-success")).to_have_count(1)

    page.set_viewport_size(PHONE)
    page.goto("/designer/migrations/")
    assert no_horizontal_scroll(page)
