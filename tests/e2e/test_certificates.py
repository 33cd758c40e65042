"""Certificates in a real browser at 360 px: a citizen searches the public register and verifies a
certificate; the OCOP office opens a revocation; the producer files a re-evaluation; the province
dashboard."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from tests.e2e.conftest import PHONE, LiveServer, no_horizontal_scroll, screenshot, sign_in
from tests.web.chain import do
from workflow_service.domain.clock import VN_TZ
from workflow_service.services.demo.certificates import load_demo_certificates


def test_a_citizen_finds_a_product_without_accents_and_verifies_its_certificate(
        page: Any, live_server: LiveServer) -> None:
    load_demo_certificates(live_server.ctx)
    page.set_viewport_size(PHONE)
    page.goto("/register/")
    assert "Sổ đăng ký giấy chứng nhận OCOP" in page.locator("h1").inner_text()
    page.fill("#q", "mat ong vu quang")
    page.click("button.primary")
    page.wait_for_url("**/register/?q=mat+ong+vu+quang**")
    assert page.locator("#total").inner_text().startswith("1 ")
    assert no_horizontal_scroll(page)
    screenshot(page, "register-phone")
    page.click("text=Mật ong rừng Vũ Quang")
    page.wait_for_url("**/register/certificates/HT-2026-0012")
    assert "còn hiệu lực đến ngày 10/06/2029" in page.locator("#verdict").inner_text()
    assert no_horizontal_scroll(page)
    page.click("button[lang=en]")
    page.wait_for_load_state()
    assert "valid until 10/06/2029" in page.locator("#verdict").inner_text()
    page.goto("/register/?stars=5")
    assert "Trà xanh Hương Khê" in page.locator("ol.register-list").inner_text()
    assert page.locator("#csv").get_attribute("href").endswith("format=csv&stars=5")


def test_the_office_opens_a_revocation_the_chair_decides_and_the_register_says_revoked(
        page: Any, live_server: LiveServer) -> None:
    ctx = live_server.ctx
    load_demo_certificates(ctx)
    page.set_viewport_size(PHONE)
    sign_in(page, "office.hatinh")
    page.goto("/certificates/HT-2026-0031")
    assert no_horizontal_scroll(page)
    page.select_option("#ground", "criteria_not_met")
    page.fill("#finding_date", "2026-11-20")
    page.fill("#finding_by", "Đoàn kiểm tra liên ngành tỉnh Hà Tĩnh")
    page.fill("#description", "Không duy trì tiêu chí chất lượng.")
    page.click("text=Mở hồ sơ thu hồi")
    page.wait_for_url("**/dossiers/*")
    assert "TH-42-18101-2026" in page.locator("main").inner_text()
    dossier_id = int(page.url.rsplit("/", 1)[1])
    do(ctx, dossier_id, "office.hatinh", "province_verify", {"verified": True, "report": "Đúng."})
    do(ctx, dossier_id, "chair.hatinh", "chair_revocation", {
        "revoke": True, "revocation_number": "77/QĐ-UBND", "decided_on": "2026-11-23"})
    page.context.clear_cookies()
    page.goto("/register/certificates/HT-2026-0031")
    assert "ĐÃ BỊ THU HỒI ngày 23/11/2026" in page.locator("#verdict").inner_text()
    assert no_horizontal_scroll(page)
    with page.expect_download() as downloading:  # the certificate as issued, the page says it is revoked
        page.click("#certificate-pdf")
    assert downloading.value.suggested_filename.endswith(".pdf")
    assert Path(downloading.value.path()).read_bytes().startswith(b"%PDF")
    page.goto("/register/?q=buoi")
    assert page.locator("#total").inner_text().startswith("0 ")


def test_the_producer_files_the_re_evaluation_when_the_window_is_open(page: Any, live_server: LiveServer) -> None:
    load_demo_certificates(live_server.ctx)
    live_server.clock.set(datetime(2028, 12, 20, 9, 0, tzinfo=VN_TZ))
    page.set_viewport_size(PHONE)
    sign_in(page, "producer.huongkhe")
    page.click("nav >> text=Giấy chứng nhận")
    page.wait_for_url("**/certificates/")
    page.click("text=Mật ong rừng Vũ Quang")
    assert "12/12/2028 – 10/02/2029" in page.locator("#window").inner_text()
    assert page.locator("text=Mở hồ sơ thu hồi").count() == 0
    assert no_horizontal_scroll(page)
    page.fill("#changes", "Mở rộng vùng nuôi ong.")
    page.click("section >> button.primary")
    page.wait_for_url("**/dossiers/*")
    page.goto("/certificates/HT-2026-0012")
    assert "đang đánh giá lại" in page.locator("#state").inner_text()


def test_the_province_dashboard_on_a_phone(page: Any, live_server: LiveServer) -> None:
    load_demo_certificates(live_server.ctx)
    page.set_viewport_size(PHONE)
    sign_in(page, "supervisor.hatinh")
    page.goto("/certificates/dashboard?province=42")
    assert "Quý 2/2029" in page.locator("#by-quarter").inner_text()  # quarters as written in Vietnam
    assert no_horizontal_scroll(page)
    screenshot(page, "certificates-dashboard-phone")
    assert page.locator("#csv").get_attribute("href").endswith("format=csv")
