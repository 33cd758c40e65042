"""A designer opens R4's star table in the decision table editor, changes the 4★ threshold, validates
a broken entry (the rule is named), fixes it and deploys a new version."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import LiveServer, screenshot, sign_in
from workflow_service.services.accounts.users import load_actor
from workflow_service.services.designer import versions as designer

TABLE = "/designer/ocop_evaluation/1/dmn/ocop_star_rating.dmn"


def _set_cell(page: Any, text: str, new: str) -> None:
    cell = page.locator(".tjs-table td[contenteditable], .tjs-table td .content-editable").filter(has_text=text).first
    cell.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(new)
    page.keyboard.press("Escape")


def test_the_star_table_opens_in_the_dmn_editor_and_deploys(page: Any, live_server: LiveServer) -> None:
    sign_in(page, "designer")
    page.goto("/designer/ocop_evaluation/1")
    page.click(f'#dmn-files a[href="{TABLE}"]')
    page.wait_for_selector('#dmn-designer[data-ready="true"]')
    assert page.locator(".tjs-table").count() == 1  # the decision table, not the requirements diagram
    assert page.locator("text=70 <= ? < 90").count() >= 1
    header = page.locator(".tjs-table thead").inner_text()  # dmn-js's own words in the page's language
    assert "Khi" in header and "Thì" in header and "When" not in header
    assert page.locator(".hit-policy").inner_text().startswith("Chính sách áp dụng")
    screenshot(page, "dmn-edit")
    _set_cell(page, "70 <= ? < 90", "75 <= ? <<< 90")
    page.click("#dmn-validate")
    page.wait_for_selector('#dmn-designer[data-state="invalid"]')
    assert page.locator('#dmn-problems li[data-element-id="ocop_star_band_4"]').count() == 1
    assert page.locator('.ocop-dmn-problem[data-row-id="ocop_star_band_4"]').count() >= 1  # the row is marked
    page.evaluate("""window.ocopDmn.showProblems([{file: 'x.dmn', line: 3, message: 'Tệp không đọc được.',
                                                   technical: 'not well-formed XML: tag mismatch'}])""")
    technical = page.locator("#dmn-problems details.technical")  # the parser's English, collapsed
    assert technical.locator("summary").inner_text() == "Chi tiết kỹ thuật"
    assert not technical.locator("code").is_visible()
    page.click("#dmn-validate")
    page.wait_for_selector('#dmn-designer[data-state="invalid"]')
    _set_cell(page, "75 <= ? <<< 90", "75 <= ? < 90")
    _set_cell(page, "50 <= ? < 70", "50 <= ? < 75")
    page.click("#dmn-deploy")
    page.wait_for_url("**/designer/ocop_evaluation")
    rows = designer.list_versions(live_server.ctx, load_actor(live_server.ctx, "designer"), "ocop_evaluation")
    assert [r.definition.version for r in rows] == [1, 2]
