"""The public register hands out the certificate's PDF (no sign-in): linked from the verification page and
its JSON, the bytes issued with the recognition, cacheable, for a valid certificate and for one revoked
(whose page says so)."""

from __future__ import annotations

import hashlib

from flask import Flask

from tests.api.certificate_steps import FOUR_STARS, act, certify
from tests.api.test_certificate_revocation import FINDING
from tests.api.test_documents import download, text_of
from tests.conftest import Api

NUMBER, QUOTED = "041/GCN-UBND", "041%2FGCN-UBND"  # as the QR code prints it


def test_anyone_downloads_the_certificate_pdf_from_its_verification_page(app: Flask, api: Api) -> None:
    dossier_id = certify(api, "Mật ong rừng Vũ Quang", NUMBER, "2026-11-20", FOUR_STARS)
    issued = download(api, "producer.huongkhe", dossier_id)["certificate"]
    client = app.test_client()  # nobody signed in

    verified = client.get(f"/api/v1/register/certificates/{QUOTED}")
    assert verified.status_code == 200 and verified.json["state"] == "valid"
    pdf_url = verified.json["certificate_pdf"]
    assert pdf_url == "/api/v1/register/certificates/041/GCN-UBND/certificate.pdf"
    for url in (pdf_url, f"/api/v1/register/certificates/{QUOTED}/certificate.pdf"):
        got = client.get(url)
        assert got.status_code == 200 and got.mimetype == "application/pdf"
        assert got.data == issued[1] and got.headers["ETag"] == f'"{hashlib.sha256(got.data).hexdigest()}"'
        assert got.headers["Cache-Control"] == "public, max-age=86400"
        assert "filename*=UTF-8''Gi%E1%BA%A5y%20ch%E1%BB%A9ng%20nh%E1%BA%ADn" in got.headers["Content-Disposition"]
    assert "Tên sản phẩm: Mật ong rừng Vũ Quang" in text_of(got.data)
    again = client.get(pdf_url, headers={"If-None-Match": got.headers["ETag"]})
    assert again.status_code == 304 and not again.data

    page = client.get(f"/register/certificates/{QUOTED}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'href="{pdf_url}"' in html and "Tải giấy chứng nhận (PDF)" in html

    assert client.get("/api/v1/register/certificates/NOPE-1/certificate.pdf").status_code == 404


def test_a_revoked_certificate_still_downloads_and_its_page_says_revoked(app: Flask, api: Api) -> None:
    certify(api, "Bưởi Phúc Trạch", "HT-2026-430", "2026-11-20", FOUR_STARS)
    dossier_id = api.post("office.hatinh", "/certificates/HT-2026-430/revocations", FINDING).json["id"]
    act(api, dossier_id, "office.hatinh", "province_verify", {"verified": True, "report": "Xác minh đúng."})
    act(api, dossier_id, "chair.hatinh", "chair_revocation", {
        "revoke": True, "revocation_number": "78/QĐ-UBND", "decided_on": "2026-11-23"})
    client = app.test_client()
    verified = client.get("/api/v1/register/certificates/HT-2026-430").json
    assert (verified["state"], verified["listed"]) == ("revoked", False)
    got = client.get(verified["certificate_pdf"])
    assert got.status_code == 200 and "Bưởi Phúc Trạch" in text_of(got.data)
    html = client.get("/register/certificates/HT-2026-430").get_data(as_text=True)
    assert "THU HỒI" in html.upper() and verified["certificate_pdf"] in html
