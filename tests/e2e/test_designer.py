"""A designer edits the process in the browser, sees a validation error on the element, fixes it and deploys;
dossiers already filed stay on the version they started with. An officer sees a dossier's state on its diagram."""

from __future__ import annotations

from typing import Any

from tests.e2e.conftest import DESKTOP, PHONE, LiveServer, no_horizontal_scroll, screenshot, sign_in
from tests.engine.test_ocop_evaluation import FILING
from workflow_service.persistence.models import Dossier
from workflow_service.services.accounts.users import load_actor
from workflow_service.services.designer import compare as designer_compare
from workflow_service.services.designer import versions as designer
from workflow_service.services.dossiers import filing as dossiers

TASK = '.djs-element[data-element-id="commune_review"]'


def _file_dossier(server: LiveServer) -> int:
    actor = load_actor(server.ctx, "producer.huongkhe")
    cmd = dossiers.FileDossier(process_key="ocop_evaluation", commune="18101", kind="first_time", data=FILING)
    return dossiers.file_dossier(server.ctx, actor, cmd).id


def _set_deadline(page: Any, text: str) -> None:
    page.fill("#prop-deadline", text)
    page.press("#prop-deadline", "Tab")  # the change event commits the field to the diagram


def test_designer_fixes_a_validation_error_and_deploys_a_new_version(page: Any, live_server: LiveServer) -> None:
    filed = _file_dossier(live_server)
    sign_in(page, "designer")
    page.goto("/designer/")
    page.click('a[href="/designer/ocop_evaluation"]')
    page.click('tr[data-version="1"] a[href$="/edit"]')
    page.wait_for_selector('#designer[data-ready="true"]')
    page.select_option("#prop-pick", "commune_review")
    assert page.input_value("#prop-form") == "commune_review.json"
    assert page.input_value("#prop-deadline") == "15 working days"
    screenshot(page, "designer-edit")

    _set_deadline(page, "15 workdays")
    page.click("#designer-validate")
    page.wait_for_selector('#designer[data-state="invalid"]')
    assert "ocop-problem" in (page.get_attribute(TASK, "class") or "")
    problem = page.locator('#designer-problems li[data-element-id="commune_review"]')
    assert "workdays" in problem.inner_text()
    assert "workdays" in page.locator(".ocop-overlay-problem").inner_text()
    screenshot(page, "designer-error")
    assert [r.definition.version for r in _versions(live_server)] == [1]  # validating deploys nothing

    problem.locator("button").click()  # takes the designer to the element and its properties
    _set_deadline(page, "20 working days")
    page.click("#designer-validate")
    page.wait_for_selector('#designer[data-state="valid"]')
    assert "ocop-problem" not in (page.get_attribute(TASK, "class") or "")
    page.click("#designer-deploy")
    page.wait_for_url("**/designer/ocop_evaluation")
    assert page.locator('tr[data-version="2"]').count() == 1
    assert page.locator('tr[data-version="1"] td.running').inner_text() == "1"
    assert page.locator('tr[data-version="2"] td.running').inner_text() == "0"
    screenshot(page, "designer-versions")

    rows = _versions(live_server)
    assert [(r.definition.version, r.running) for r in rows] == [(1, 1), (2, 0)]
    with live_server.ctx.uow() as uow:  # the dossier filed before still runs on version 1
        assert uow.session.get(Dossier, filed).definition.version == 1  # type: ignore[union-attr]
    # the browser round trip kept everything else: only the edited task differs from version 1
    diff = designer_compare.compare_versions(live_server.ctx, load_actor(live_server.ctx, "designer"),
                                             "ocop_evaluation", 1, 2)
    assert (diff.changed, diff.added, diff.removed) == (["commune_review"], [], [])
    assert diff.details["commune_review"] == ["deadline: 15 working days → 20 working days"]
    assert _file_dossier(live_server) > filed  # and the new version runs

    page.goto("/designer/ocop_evaluation/compare?from=1&to=2")
    page.wait_for_selector('#diagram-new[data-rendered="true"]')
    assert "ocop-changed" in (page.get_attribute(f"#diagram-new {TASK}", "class") or "")
    assert "Thời hạn: 15 ngày làm việc → 20 ngày làm việc" in page.locator("#changes").inner_text()
    screenshot(page, "designer-compare")

    page.goto("/designer/ocop_evaluation/2")  # lanes by the role's title, its code on hover
    page.wait_for_selector('#diagram[data-rendered="true"]')
    lanes = page.evaluate("""[...document.querySelectorAll('#diagram .djs-element[data-element-id^="lane_"]')]
                             .map(g => [g.querySelector(':scope > title')?.textContent, g.querySelector('text')?.textContent])""")
    assert ["commune_officer", "Cán bộ UBND xã"] in lanes and not [t for _code, t in lanes if "(" in (t or "")]

    page.set_viewport_size(PHONE)  # the lists and the comparison stay readable on a phone
    for path in ("/designer/", "/designer/ocop_evaluation", "/designer/ocop_evaluation/compare?from=1&to=2"):
        page.goto(path)
        assert no_horizontal_scroll(page), path
    page.set_viewport_size(DESKTOP)


def test_the_dossier_diagram_marks_done_and_current_steps(page: Any, live_server: LiveServer) -> None:
    dossier_id = _file_dossier(live_server)
    sign_in(page, "officer.huongkhe")
    page.goto(f"/dossiers/{dossier_id}")
    page.wait_for_selector('#diagram[data-rendered="true"]')
    assert "ocop-current" in (page.get_attribute(f"#diagram {TASK}", "class") or "")
    assert "ocop-completed" in (page.get_attribute('#diagram .djs-element[data-element-id="filed"]', "class") or "")
    assert page.locator("#diagram .ocop-overlay-current").inner_text() == "giao cho Cán bộ UBND xã · Xã Hương Khê"
    lanes = page.evaluate("""[...document.querySelectorAll('#diagram [data-element-id^="lane_"] text')]
                             .map(t => t.textContent)""")
    assert "Cán bộ UBND xã" in lanes and not [lane for lane in lanes if "_" in lane or lane == "applicant"]
    screenshot(page, "diagram-dossier")


def _versions(server: LiveServer) -> list[designer.VersionRow]:
    return designer.list_versions(server.ctx, load_actor(server.ctx, "designer"), "ocop_evaluation")
