"""An officer in a real browser: signs in, claims by keyboard, scores with a mistake fixed on the way."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE, LiveServer, no_horizontal_scroll, screenshot, sign_in
from tests.web.chain import open_task, to_council_scoring


def test_a_council_member_claims_and_completes_a_scoresheet(page: Any, live_server: LiveServer) -> None:
    dossier_id = to_council_scoring(live_server.ctx)
    task = open_task(live_server.ctx, dossier_id, "council_scoring", "council1.hatinh")
    sign_in(page, "council1.hatinh")
    card = page.locator("li.task-card", has=page.locator(f'a[href="/tasks/{task.id}"]'))
    assert "001/PĐK-42-18101-2026" in card.inner_text()
    screenshot(page, "inbox-desktop")

    # Keyboard only: Tab from the top of the page to the claim button, then Enter.
    claim = card.locator("button", has_text="Nhận việc")
    page.locator("body").focus()
    for _press in range(60):
        page.keyboard.press("Tab")
        if claim.evaluate("el => el === document.activeElement"):
            break
    else:
        raise AssertionError("the claim button cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator(".flash")).to_contain_text("Đã nhận việc.")  # the inbox reloads at the same URL

    page.click(f'a[href="/tasks/{task.id}"]')
    page.wait_for_url(f"**/tasks/{task.id}")
    page.fill("#f-part_a", "45")  # over the 40 points of part A
    page.fill("#f-part_b", "20")
    page.fill("#f-part_c", "28")
    assert page.locator("#score-total").inner_text() == "93"  # the running total, before sending
    page.select_option("#f-minimum_star", "4")
    page.fill("#f-comments", "Sản phẩm đặc trưng của Hương Khê.")
    page.click("button[value=complete]")
    error = page.locator("#f-part_a-error")
    assert "0" in error.inner_text() and "40" in error.inner_text()
    assert page.locator("#f-part_a").input_value() == "45"  # what was typed is still there
    assert page.locator("#f-comments").input_value() == "Sản phẩm đặc trưng của Hương Khê."
    screenshot(page, "task-desktop")

    page.fill("#f-part_a", "30")
    assert page.locator("#score-total").inner_text() == "78"
    page.click("button[value=complete]")
    page.wait_for_url("**/inbox")
    assert "Thành viên Hội đồng tỉnh chấm điểm" in page.locator(".flash").inner_text()
    assert open_task(live_server.ctx, dossier_id, "council_scoring", "council2.hatinh").status == "open"

    page.goto(f"/dossiers/{dossier_id}")
    timeline = page.locator(".timeline").inner_text()
    assert "Hoàng Văn Lợi (Thành viên Hội đồng cấp tỉnh · Tỉnh Hà Tĩnh)" in timeline  # council1.hatinh by name
    screenshot(page, "dossier-desktop")


def test_inbox_task_and_dossier_pages_fit_a_360px_phone(page: Any, live_server: LiveServer) -> None:
    dossier_id = to_council_scoring(live_server.ctx)
    task = open_task(live_server.ctx, dossier_id, "council_scoring", "council2.hatinh")
    page.set_viewport_size(PHONE)
    sign_in(page, "council2.hatinh")
    assert no_horizontal_scroll(page)
    screenshot(page, "inbox-phone")
    page.locator(f'form[action="/tasks/{task.id}/claim"] button').click()
    page.goto(f"/tasks/{task.id}")
    assert page.locator("table.scoresheet").is_visible()
    assert no_horizontal_scroll(page)
    screenshot(page, "task-phone")
    page.goto(f"/dossiers/{dossier_id}")
    assert no_horizontal_scroll(page)
    screenshot(page, "dossier-phone")
    page.set_viewport_size(DESKTOP)
