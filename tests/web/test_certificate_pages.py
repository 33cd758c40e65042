"""Certificate pages in-process: the public register and verification without sign-in, the officials'
certificate page with its forms, the province dashboard."""

from __future__ import annotations

from typing import Any

from flask import Flask

from tests.api.certificate_steps import FOUR_STARS, certify
from tests.conftest import Api
from tests.web.conftest import Browser


def test_the_public_register_and_verification_need_no_sign_in(web_app: Flask, browser: Browser) -> None:
    api = Api(web_app.test_client())
    certify(api, "Mật ong rừng Hương Khê", "HT-2026-001")
    page = browser.get("/register/?q=mat+ong")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Mật ong rừng Hương Khê" in html and "1 " in html
    assert page.headers["ETag"] and browser.get("/register/?q=mat+ong", headers={
        "If-None-Match": page.headers["ETag"]}).status_code in (200, 304)
    assert "Mật ong rừng" not in browser.get("/register/?q=buoi").get_data(as_text=True)
    verify = browser.get("/register/certificates/HT-2026-001")
    assert verify.status_code == 200 and "10/06/2029" in verify.get_data(as_text=True)
    assert browser.get("/register/certificates/NOPE").status_code == 404
    assert browser.get("/register/?stars=9").status_code == 200  # a bad filter is said on the page


def test_the_office_sees_the_forms_and_opens_a_revocation_from_the_page(
        web_app: Flask, browser_for: Any) -> None:
    api = Api(web_app.test_client())
    certify(api, "Bưởi Phúc Trạch", "HT-2026-002", "2026-11-20", FOUR_STARS)
    producer = browser_for("producer.huongkhe")
    mine = producer.get("/certificates/HT-2026-002").get_data(as_text=True)
    assert "Bưởi Phúc Trạch" in mine and "revocations" not in mine
    office = browser_for("office.hatinh")
    page = office.get("/certificates/HT-2026-002").get_data(as_text=True)
    assert 'action="/certificates/HT-2026-002/revocations"' in page and "inspections" in page
    refused = office.post("/certificates/HT-2026-002/revocations", {"ground": "x", "finding_date": "2026-11-20",
                                                                     "finding_by": "Sở"})
    assert refused.status_code == 302 and refused.headers["Location"].endswith("/certificates/HT-2026-002")
    opened = office.post("/certificates/HT-2026-002/revocations", {
        "ground": "mark_misuse", "finding_date": "2026-11-20", "finding_by": "Sở Công Thương"})
    assert opened.status_code == 302 and "/dossiers/" in opened.headers["Location"]
    assert office.post("/certificates/HT-2026-002/inspections", {}, csrf=False).status_code == 400


def test_the_province_dashboard_for_its_supervisor_and_chair_only(web_app: Flask, browser_for: Any) -> None:
    api = Api(web_app.test_client())
    certify(api, "Mật ong", "HT-2026-003", "2026-06-10")
    board = browser_for("supervisor.hatinh").get("/certificates/dashboard?province=42")
    html = board.get_data(as_text=True)
    assert board.status_code == 200 and "Quý 2/2029" in html
    csv = browser_for("chair.hatinh").get("/certificates/dashboard?province=42&format=csv")
    assert csv.status_code == 200 and "2029-Q2,1,0,0,1" in csv.get_data(as_text=True)
    assert browser_for("office.thanhhoa").get("/certificates/dashboard?province=42").status_code == 403
