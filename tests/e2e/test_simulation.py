"""A designer simulates a changed version in the browser: starts from a shipped scenario, uploads a star
table whose 4★ threshold is 80, runs it and sees the path and deadlines on the diagram with the failed
expectations marked; the deployed version passes the same scenario. Works on a 360 px phone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.e2e.conftest import PHONE, LiveServer, no_horizontal_scroll, screenshot, sign_in
from tests.simulation.test_changed_version import FOUR_FROM_80
from workflow_service.persistence.models import Dossier

COUNCIL = '#diagram .djs-element[data-element-id="council_scoring"]'
CHAIR = '#diagram .djs-element[data-element-id="chair_decision"]'


def test_designer_sees_a_changed_version_take_another_outcome_on_the_diagram(
        page: Any, live_server: LiveServer, tmp_path: Path) -> None:
    changed = tmp_path / "ocop_star_rating.dmn"
    changed.write_text(FOUR_FROM_80, encoding="utf-8")
    sign_in(page, "designer")
    page.click('nav a[href="/designer/simulation/"]')
    page.click("details.examples summary")
    page.click('a[href$="example=ocop_evaluation/recognised-4-stars"]')
    assert "recognised_by: province" in page.input_value("#scenario")
    page.select_option("#version", "ocop_evaluation:1")
    page.set_input_files("#files", str(changed))
    page.click("#run")
    page.wait_for_selector('#diagram[data-rendered="true"]')

    assert page.get_attribute("#report", "data-passed") == "false"
    assert "Không đạt: đã chạy 6/6 bước" in page.inner_text("#verdict")
    failures = page.inner_text("#failures")
    assert "kết quả cuối · stars" in failures
    assert "bước 4 · Thành viên Hội đồng tỉnh chấm điểm council_scoring · data.stars" in failures
    assert "ocop-problem" in (page.get_attribute(COUNCIL, "class") or "")
    assert "ocop-completed" in (page.get_attribute(CHAIR, "class") or "")
    notes = page.locator(".ocop-overlay-note").all_inner_texts()
    assert "Xã Hương Khê · officer.huongkhe · hạn 22/06/2026" in notes
    assert "Tỉnh Hà Tĩnh · chair.hatinh · hạn 30/12/2026" in notes
    chair = page.inner_text('#path tr[data-element-id="chair_decision"]')  # words and dd/mm/yyyy, ids on hover
    assert "hạn đóng đợt cấp tỉnh → 30/12/2026" in chair and "2026-12-30" not in chair and "chair_decision" not in chair
    assert page.get_attribute('#path tr[data-element-id="chair_decision"] .deadline-rule', "title") == "round:province"
    assert "3★" in page.inner_text("#outcome")
    screenshot(page, "simulation-changed")

    page.set_viewport_size(PHONE)
    assert no_horizontal_scroll(page)
    screenshot(page, "simulation-phone")

    page.set_input_files("#files", [])  # the deployed version as it is: the scenario holds
    page.click("#run")
    page.wait_for_selector('#diagram[data-rendered="true"]')
    assert page.get_attribute("#report", "data-passed") == "true"
    assert "4★" in page.inner_text("#outcome")
    with live_server.ctx.uow() as uow:
        assert uow.session.query(Dossier).count() == 0  # the runs never touched the live database
