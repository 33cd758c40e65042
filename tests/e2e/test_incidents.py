"""An admin in a real browser mends failed steps: retries one after its cause is gone, and resolves
another with a reason — on a desktop (1366 px) and on a phone (360 px).

The failure is real engine work failing: the council's and the chair's steps run scripts, and while
"the script workers are overloaded" (every sandboxed script call raises the limit error, as in
tests/api/test_incidents.py) completing them fails as an incident and leaves the dossier as it was.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, LiveServer, no_horizontal_scroll, screenshot, sign_in
from tests.web.chain import do, open_task, to_council_scoring
from workflow_service.domain.errors import ValidationFailed
from workflow_service.engine import scripting

VIEWPORTS = {"desktop": {"width": 1366, "height": 768}, "phone": PHONE}
SHEET = {"part_a": 30, "part_b": 18, "part_c": 25, "minimum_star": 5, "comments": "Đạt."}  # 73: 4★
CHAIR_SIGNS = {"approved": True, "decision_number": "88/QĐ-UBND", "certificate_number": "42-2026-0009",
               "issue_date": "2026-11-23"}
CHAIR_STEP = "Chủ tịch UBND tỉnh quyết định công nhận 3–4 sao"


def _scripts_overloaded(monkeypatch: pytest.MonkeyPatch) -> None:
    def overloaded(*args: Any, **kwargs: Any) -> Any:
        raise scripting.ScriptLimitExceeded("the script ran longer than its limit of 1000 ms")

    monkeypatch.setattr(scripting, "run_limited", overloaded)


def _fails(live_server: LiveServer, monkeypatch: pytest.MonkeyPatch, dossier: int, user: str, element: str,
           data: dict[str, Any]) -> None:
    _scripts_overloaded(monkeypatch)
    with pytest.raises(ValidationFailed, match="nothing was changed"):
        do(live_server.ctx, dossier, user, element, data)
    monkeypatch.undo()  # the cause is gone: the script workers answer again


def _card(page: Any) -> Any:
    cards = page.locator("li.task-card[data-incident]")
    expect(cards).to_have_count(1)  # after a click, on the page it leads to
    return cards.first


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_an_admin_retries_an_incident_from_the_page_and_resolves_another_with_a_reason(
        page: Any, live_server: LiveServer, monkeypatch: pytest.MonkeyPatch, viewport: str) -> None:
    ctx = live_server.ctx
    dossier = to_council_scoring(ctx)
    do(ctx, dossier, "council1.hatinh", "council_scoring", SHEET)
    do(ctx, dossier, "council2.hatinh", "council_scoring", SHEET)
    _fails(live_server, monkeypatch, dossier, "council3.hatinh", "council_scoring", SHEET)
    assert open_task(ctx, dossier, "council_scoring", "council3.hatinh").claimed_by == "council3.hatinh"

    page.set_viewport_size(VIEWPORTS[viewport])
    sign_in(page, "admin")
    page.click("nav >> text=Sự cố")
    page.wait_for_url("**/admin/incidents/")
    card = _card(page)
    seen = card.inner_text()
    assert f"Hồ sơ {dossier}" in seen and "council_scoring" in seen and "Hoàn thành việc" in seen
    assert "longer than its limit" in seen and "council3.hatinh" in seen and "1 lần chạy" in seen, seen
    assert no_horizontal_scroll(page)
    screenshot(page, f"incidents-{viewport}")

    card.locator("button", has_text="Chạy lại").click()
    page.wait_for_url("**/admin/incidents/")
    expect(page.locator(".flash")).to_contain_text("thành công")  # the reloaded page (same URL)
    assert "Không có sự cố." in page.locator("main").inner_text()
    page.click("main >> text=Đã đóng")
    resolved = _card(page).inner_text()
    assert "admin đã đóng" in resolved and "completed" in resolved, resolved

    page.click(f"main >> text=Hồ sơ {dossier}")  # the dossier moved on: the council is done, the chair decides
    page.wait_for_url(f"**/dossiers/{dossier}")
    current = page.locator("section[aria-labelledby=open-title]").inner_text()
    assert CHAIR_STEP in current and "Chủ tịch UBND tỉnh · Tỉnh Hà Tĩnh" in current, current  # by title and unit name
    assert "Thành viên Hội đồng tỉnh chấm điểm" not in current
    assert no_horizontal_scroll(page)

    _fails(live_server, monkeypatch, dossier, "chair.hatinh", "chair_decision", CHAIR_SIGNS)
    page.goto("/admin/incidents/")
    card = _card(page)
    assert "issue_certificate" in card.inner_text() and "chair.hatinh" in card.inner_text()  # the failing script
    card.locator("input[name=reason]").fill("Chủ tịch ký lại sau khi máy chủ hết quá tải")
    card.locator("button", has_text="Đóng sự cố").click()
    page.wait_for_url("**/admin/incidents/")
    expect(page.locator(".flash")).to_contain_text("Đã đóng sự cố")
    assert "Không có sự cố." in page.locator("main").inner_text()
    page.goto("/admin/incidents/?status=resolved")
    assert "admin đã đóng: Chủ tịch ký lại sau khi máy chủ hết quá tải" in page.locator("main").inner_text()
    assert page.locator("li.task-card[data-incident] button").count() == 0  # nothing left to act on
    assert no_horizontal_scroll(page)

    waiting = open_task(ctx, dossier, "chair_decision")  # resolving changed nothing: the chair signs again
    assert waiting.claimed_by == "chair.hatinh"
