"""Each role's main path in a real browser, at 1366 and 360 px, on the demo data a first `make run` shows:
each lands where its work is, reads names and Vietnamese only (no key, code or English), is offered only
the actions it may take; the dashboard has something to show, the diagram opens on the current step."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, PHONE, LiveServer, no_horizontal_scroll, screenshot, sign_in
from tests.web.test_vietnamese_pages import leaks, stored_texts, untranslated
from workflow_service.services.demo.certificates import load_demo_certificates
from workflow_service.services.demo.dossiers import load_demo_dossiers
from workflow_service.services.demo.loader import DEMO_USERS

WIDTHS = {"desktop": DESKTOP, "phone": PHONE}


def _check(page: Any, where: str) -> None:
    page.wait_for_load_state()
    if page.locator("#diagram[data-diagram-url]").count():
        page.wait_for_selector("#diagram[data-rendered]")
    assert leaks(page.content(), set(DEMO_USERS)) == [], where
    assert no_horizontal_scroll(page), where


@pytest.fixture
def demo(live_server: LiveServer) -> LiveServer:
    load_demo_dossiers(live_server.ctx)
    return live_server


@pytest.mark.parametrize("size", sorted(WIDTHS))
def test_a_producer_lands_on_their_page_and_follows_one_without_acting_for_others(page: Any, demo: LiveServer,
                                                                                       size: str) -> None:
    page.set_viewport_size(WIDTHS[size])
    sign_in(page, "producer.huongkhe")
    assert page.url.endswith("/producer")  # their ideas, plans, dossiers and certificates in one place
    assert page.locator("#main").get_by_role("link", name="Nộp hồ sơ", exact=True).is_visible()
    _check(page, "producer")
    page.goto("/dossiers")
    _check(page, "dossiers")
    page.fill("#f-q", "mat ong")  # typed without diacritics, as many do
    page.locator("#main button[type=submit]").click()
    cards = page.locator("li.task-card")
    expect(cards).to_have_count(1)  # the click only starts the navigation; expect waits for the results page
    expect(cards).to_contain_text("Mật ong rừng Hương Khê")
    cards.locator("a.task-name").click()
    _check(page, "dossier")
    page.locator("#open-title + ul a").first.click()  # the current step, the province office's
    page.wait_for_url("**/tasks/*")
    assert page.get_by_role("button", name=re.compile("Nhận việc")).count() == 0
    assert page.locator("button[value=complete]").count() == 0
    assert "Bước này do Cơ quan tham mưu OCOP tỉnh – Tỉnh Hà Tĩnh thực hiện" in page.locator("main").inner_text()
    _check(page, "a step of another's")
    screenshot(page, f"producer-follows-{size}")


@pytest.mark.parametrize("size", sorted(WIDTHS))
def test_an_officer_finds_a_task_and_nothing_typed_is_lost_by_an_upload_or_an_error(page: Any, demo: LiveServer,
                                                                                     size: str) -> None:
    page.set_viewport_size(WIDTHS[size])
    sign_in(page, "officer.huongkhe")
    assert page.url.endswith("/inbox")
    _check(page, "inbox")
    page.goto("/inbox?q=keo+cu+do")
    card = page.locator("li.task-card")
    assert card.count() == 1 and "Kẹo cu đơ Hương Khê" in card.inner_text()
    card.get_by_role("button", name=re.compile("^Nhận việc")).click()
    card = page.locator("li.task-card")
    card.locator("a.task-name").click()
    page.wait_for_url("**/tasks/*")
    _check(page, "task")
    page.check("input[name=complete][value=true]")
    page.fill("#f-mau03_report_number", "12/BC-UBND")
    page.fill("#f-notes", "Đã xem mẫu sản phẩm")
    page.set_input_files("#file", files=[{"name": "virus.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90"}])
    page.click("#upload-button")
    page.wait_for_selector("#file-error:not([hidden])")
    assert "Nội dung tệp không phải là tệp .pdf" in page.locator("#file-error").inner_text()
    assert page.input_value("#f-notes") == "Đã xem mẫu sản phẩm"  # the page was not reloaded
    page.set_input_files("#file", files=[{"name": "mau03.pdf", "mimeType": "application/pdf",
                                          "buffer": b"%PDF-1.4\n% Mau 03\n"}])
    page.click("#upload-button")
    page.wait_for_selector("#attachment-list li:has-text('mau03.pdf')")
    assert page.locator("#file-error").is_hidden()
    assert page.input_value("#f-mau03_report_number") == "12/BC-UBND"
    assert page.input_value("#f-notes") == "Đã xem mẫu sản phẩm"
    page.click("button[value=complete]")  # the four local contents and the letter are still missing
    assert page.dialogs and page.dialogs[-1].startswith("Hoàn thành «UBND xã kiểm tra hồ sơ")
    page.wait_for_selector("#error-summary")
    summary = page.locator("#error-summary").inner_text()
    for label in ("Sử dụng nguyên liệu địa phương", "Số văn bản đề nghị"):
        assert label in summary
    assert page.input_value("#f-notes") == "Đã xem mẫu sản phẩm"
    assert page.is_checked("input[name=complete][value=true]")
    page.locator("#error-summary a").first.click()  # each line leads to its field
    _check(page, "errors")
    screenshot(page, f"task-errors-{size}")


@pytest.mark.parametrize("size", sorted(WIDTHS))
def test_the_province_office_reads_the_communes_findings_on_its_task(page: Any, demo: LiveServer, size: str) -> None:
    page.set_viewport_size(WIDTHS[size])
    sign_in(page, "office.hatinh")
    assert page.url.endswith("/inbox")
    page.goto("/inbox?q=mat+ong")
    page.locator("li.task-card a.task-name").first.click()
    page.wait_for_url("**/tasks/*")
    context = page.locator("section[aria-labelledby=context-title]")
    findings = context.inner_text()  # the commune's step is open: its Mẫu 03 figures
    assert "UBND xã kiểm tra hồ sơ" in findings and "12/BC-UBND" in findings and "13/UBND-NN" in findings
    context.locator("summary", has_text="Mẫu số 01").click()  # the registration, one tap away
    assert "Mật ong rừng Hương Khê" in context.inner_text() and "HTX Nông nghiệp Hương Khê" in context.inner_text()
    _check(page, "office task")
    screenshot(page, f"office-task-{size}")


@pytest.mark.parametrize("size", sorted(WIDTHS))
def test_the_supervisor_lands_on_a_dashboard_with_something_to_show(page: Any, demo: LiveServer, size: str) -> None:
    page.set_viewport_size(WIDTHS[size])
    sign_in(page, "supervisor.hatinh")
    assert page.url.endswith("/supervisor/")
    assert int(page.locator("#kpi-overdue").inner_text()) >= 4
    assert int(page.locator("#kpi-due-soon").inner_text()) >= 1
    assert page.locator(".aging-count").all_inner_texts() == ["1", "1", "1", "1"]
    assert page.locator("svg.trend rect.bar[height]").count() >= 3
    labels = page.evaluate("[...document.querySelectorAll('svg.trend text.axis')].map(t => t.textContent)")
    assert any(re.fullmatch(r"\d\d/20\d\d", label) for label in labels)
    font = page.evaluate("parseFloat(getComputedStyle(document.querySelector('svg.trend text.axis')).fontSize)"
                         " * document.querySelector('svg.trend').getBoundingClientRect().width"
                         " / document.querySelector('svg.trend').viewBox.baseVal.width")
    assert font >= 12  # legible on a phone too
    _check(page, "dashboard")
    screenshot(page, f"supervisor-dashboard-{size}" if size == "phone" else "supervisor-dashboard")
    page.locator(".aging a").nth(2).click()  # 11–20 days: exactly the one task it counts
    page.wait_for_url("**min_age=11**")
    expect(page.locator("li.task-card")).to_have_count(1)
    expect(page.locator("li.task-card")).to_contain_text("15 ngày làm việc")
    page.goto("/supervisor/tasks?unit=18101")
    page.locator("form.reassign button").first.click()
    assert page.dialogs and re.match(r"Giao «.+» của hồ sơ .+ cho \w", page.dialogs[-1])
    assert "{choice}" not in page.dialogs[-1]
    _check(page, "reassigned")


@pytest.mark.parametrize("size", sorted(WIDTHS))
def test_the_designer_lands_on_the_processes(page: Any, demo: LiveServer, size: str) -> None:
    page.set_viewport_size(WIDTHS[size])
    sign_in(page, "designer")
    assert page.url.endswith("/designer/")
    _check(page, "processes")


def test_the_diagram_opens_on_the_current_step_on_a_phone(page: Any, demo: LiveServer) -> None:
    page.set_viewport_size(PHONE)
    sign_in(page, "officer.huongkhe")
    page.goto("/dossiers?q=mat+ong")
    page.locator("li.task-card a.task-name").first.click()
    page.wait_for_selector("#diagram[data-rendered=true]")
    inside = page.evaluate("""() => {
        const box = document.querySelector('#diagram').getBoundingClientRect();
        const step = document.querySelector('#diagram .ocop-current').getBoundingClientRect();
        return step.left >= box.left && step.right <= box.right && step.top >= box.top && step.bottom <= box.bottom;
    }""")
    assert inside
    lanes = page.evaluate("[...document.querySelectorAll('#diagram [data-element-id^=lane_] text')].map(t => t.textContent)")
    assert "Cơ quan tham mưu OCOP tỉnh" in lanes
    screenshot(page, "diagram-phone")


def test_in_english_the_forms_steps_and_diagram_read_in_english(page: Any, demo: LiveServer) -> None:
    sign_in(page, "officer.huongkhe")
    page.get_by_role("button", name="English").click()
    page.goto("/inbox?q=keo+cu+do")
    assert "Commune checks the dossier, assesses the 4 local contents, issues Form 03" in page.locator("main").inner_text()
    page.locator("li.task-card a.task-name").first.click()
    page.wait_for_url("**/tasks/*")
    main = page.locator("main").inner_text()
    assert "The dossier is complete" in main and "Uses local raw materials" in main and "Claim" in main
    page.goto("/dossiers?q=keo+cu+do")
    page.locator("li.task-card a.task-name").first.click()
    page.wait_for_selector("#diagram[data-rendered=true]")
    names = page.evaluate("[...document.querySelectorAll('#diagram .djs-element text')].map(t => t.textContent)"
                          ".join(' ')")
    assert "Commune officer" in names and "Commune checks the dossier" in names
    screenshot(page, "dossier-english")
    page.goto("/dossiers?q=buoi+phuc+trach")  # the paper dossier of 2024, on the R2 chain (QĐ 148/2023)
    page.locator("li.task-card a.task-name", has_text="2024").click()
    page.wait_for_selector("#diagram[data-rendered=true]")
    words = page.evaluate("[...document.querySelectorAll('#diagram .djs-element text')].map(t => "
                          "[...t.querySelectorAll('tspan')].map(s => s.textContent).join(' ')).join(' | ')"
                          ".replace(/\\s+/g, ' ')")
    for label in ("District officer", "District council member", "Dossier complete?", "Dossier returned",
                  "specialised office checks the dossier"):
        assert label in words, label
    assert untranslated(page.content(), stored_texts(demo.ctx)) == []


# The pages added after the first walk: the public register and a certificate's verification, the producer's
# page, certificates for officials, the province dashboard, rewards, the designer's migrations and simulation.
# Each in Vietnamese (no key, code or English) and in English (no Vietnamese page chrome), no overflow.
Step = str | Callable[[Any], None]


def _dry_run(page: Any) -> None:
    page.goto("/designer/migrations/")
    page.select_option("#plan-file", "r2_to_r3_2025.yaml")
    page.click("button[formaction$='/dry-run']")
    page.wait_for_selector("#dry-run-counts")  # the second time (in English) it finds nothing left to move


def _run(page: Any) -> None:
    _dry_run(page)
    page.click("button[formaction$='/runs']")
    page.wait_for_selector('#run-progress[data-status="finished"]')


def _simulate(page: Any) -> None:
    page.goto("/designer/simulation/?example=ocop_evaluation/recognised-4-stars")
    page.select_option("#version", "ocop_evaluation:1")
    page.click("#run")
    page.wait_for_selector('#diagram[data-rendered="true"]')


NEW_PAGES: dict[str | None, list[Step]] = {
    None: ["/register/", "/register/?q=mat+ong", "/register/certificates/HT-2026-0012"],
    "producer.huongkhe": ["/producer", "/certificates/", "/certificates/HT-2026-0012"],
    "office.hatinh": ["/certificates/", "/certificates/HT-2026-0031", "/rewards"],
    "supervisor.hatinh": ["/certificates/dashboard?province=42", "/certificates/HT-2026-0012"],
    "designer": ["/designer/migrations/", _dry_run, _run, "/designer/simulation/", _simulate],
}
SHOTS: dict[Step, str] = {
    "/register/": "register", "/register/certificates/HT-2026-0012": "verification", "/producer": "producer",
    "/certificates/HT-2026-0031": "certificate-office", "/certificates/dashboard?province=42": "certificates-dashboard",
    _dry_run: "migration-dry-run", _run: "migration-run", _simulate: "simulation"}


def switch_language(page: Any, lang: str) -> None:
    if page.locator(f"button[lang={lang}]").count():
        page.click(f"button[lang={lang}]")
        page.wait_for_load_state()


def walk_in_both_languages(page: Any, server: LiveServer, steps: list[Step], size: str,
                           shots: dict[Step, str] = SHOTS) -> dict[str, list[str]]:
    """Each step in Vietnamese then in English at this width: what leaks, and whether the page scrolls sideways;
    the Vietnamese pages named in `shots` photographed."""
    seen: dict[str, list[str]] = {}
    for lang in ("vi", "en"):
        page.goto("/register/")
        switch_language(page, lang)
        stored = stored_texts(server.ctx)
        for step in steps:
            page.goto(step) if isinstance(step, str) else step(page)
            page.wait_for_load_state()
            if page.locator("#diagram[data-diagram-url], #diagram[data-diagram-source]").count():
                page.wait_for_selector("#diagram[data-rendered]")
            where = f"{lang} {size} {step if isinstance(step, str) else step.__name__}"
            found = leaks(page.content(), set(DEMO_USERS)) if lang == "vi" else untranslated(page.content(), stored)
            if not no_horizontal_scroll(page):
                found.append("scrolls sideways")
            if found:
                seen[where] = found
            if lang == "vi" and step in shots:
                screenshot(page, f"{shots[step]}-{size}")
    return seen


@pytest.mark.parametrize("size", sorted(WIDTHS))
@pytest.mark.parametrize("user", sorted(NEW_PAGES, key=str))
def test_the_register_certificates_producer_and_designer_pages_read_right_in_both_languages(
        page: Any, demo: LiveServer, user: str | None, size: str) -> None:
    load_demo_certificates(demo.ctx)
    page.set_viewport_size(WIDTHS[size])
    if user:
        sign_in(page, user)
    seen = walk_in_both_languages(page, demo, NEW_PAGES[user], size)
    assert seen == {}, "\n".join(f"{where}: {found}" for where, found in seen.items())


@pytest.mark.parametrize("size", sorted(WIDTHS))
def test_the_producers_reports_and_the_rewards_read_right_in_both_languages(page: Any, live_server: LiveServer,
                                                                           size: str) -> None:
    from tests.api.test_producer_reports_and_rewards import recognised
    from tests.conftest import ROOT
    from tests.scenarios.seed_world import at
    from workflow_service.services.accounts.users import load_actor
    from workflow_service.services.plans.importing import import_plan
    ctx, app = live_server.ctx, live_server.app
    at(live_server.clock, "2021-03-01")
    import_plan(ctx, load_actor(ctx, "office.thanhhoa"), (ROOT / "plans" / "thanh-hoa-2021.yaml").read_text("utf-8"))
    recognised(app, "16001", 2, 4, "2021-10-01")
    at(live_server.clock, "2019-09-02")
    recognised(app, "18101", 1, 4, "2019-08-20")
    import_plan(ctx, load_actor(ctx, "office.hatinh"), (ROOT / "plans" / "ha-tinh-2019.yaml").read_text("utf-8"))
    page.set_viewport_size(WIDTHS[size])
    sign_in(page, "producer.huongkhe")
    seen = walk_in_both_languages(page, live_server, ["/producer"], size, {"/producer": "producer-reports"})
    page.context.clear_cookies()
    sign_in(page, "office.thanhhoa")
    rewards = "/rewards?unit=38&year=2021"
    seen |= walk_in_both_languages(page, live_server, [rewards], size, {rewards: "rewards"})
    assert seen == {}, "\n".join(f"{where}: {found}" for where, found in seen.items())
