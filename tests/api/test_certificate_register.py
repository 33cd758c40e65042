"""Certificates are written with the recognition step and listed in the public register (no sign-in)."""

from __future__ import annotations

from pathlib import Path

from tests.api.certificate_steps import FOUR_STARS, certify
from tests.api.test_evaluation_chain import step
from tests.conftest import ROOT, Api
from workflow_service import create_app
from workflow_service.config import Settings
from workflow_service.domain.clock import FixedClock


def test_the_chairs_decision_writes_the_certificate_and_the_public_register_lists_it(api: Api) -> None:
    dossier_id = certify(api, "Mật ong rừng Hương Khê", "HT-2026-001", "2026-06-10")
    client = api.client
    found = client.get("/api/v1/register/certificates", query_string={"q": "MAT ONG"})
    assert found.status_code == 200
    assert [c["number"] for c in found.json["items"]] == ["HT-2026-001"]
    cert = found.json["items"][0]
    assert cert["product"] == "Mật ong rừng Hương Khê" and cert["producer"] == "HTX Nông nghiệp Hương Khê"
    assert (cert["stars"], cert["issue_date"], cert["expiry_date"]) == (3, "2026-06-10", "2029-06-10")
    assert cert["state"] == "valid" and cert["province"] == {"code": "42", "name": "Tỉnh Hà Tĩnh"}
    assert cert["regulation"] == "QĐ 26/2026/QĐ-TTg" and cert["issuer"]["level"] == "province"
    assert not {"score", "dossier_id", "attachments", "phone", "address"} & set(cert)
    mine = api.get("producer.huongkhe", "/certificates/HT-2026-001")
    assert mine.status_code == 200 and mine.json["dossier_id"] == dossier_id
    assert mine.json["reevaluation_window"] == {"opens": "2028-12-12", "closes": "2029-02-10"}
    assert [e["action"] for e in mine.json["history"]] == ["issued"]
    assert mine.json["history"][0]["actor"] == "chair.hatinh"
    history = api.get("office.hatinh", f"/dossiers/{dossier_id}").json["history"]
    assert any(h["action"] == "certificate_issued" and h["data"]["certificate"] == "HT-2026-001" for h in history)


def test_search_by_producer_province_and_star_with_pagination_csv_and_etag(api: Api) -> None:
    certify(api, "Bưởi Phúc Trạch", "HT-2026-002", "2026-11-20", FOUR_STARS, producer="HTX Phúc Trạch")
    certify(api, "Mật ong Vũ Quang", "HT-2026-003", "2026-11-20")
    client = api.client
    by_producer = client.get("/api/v1/register/certificates?producer=phuc+trach").json
    assert [c["number"] for c in by_producer["items"]] == ["HT-2026-002"]
    by_star = client.get("/api/v1/register/certificates?stars=4&province=ha+tinh").json
    assert by_star["total"] == 1 and by_star["items"][0]["stars"] == 4
    assert client.get("/api/v1/register/certificates?province=38").json["total"] == 0
    page = client.get("/api/v1/register/certificates?province=42&limit=1&offset=1").json
    assert page["total"] == 2 and len(page["items"]) == 1
    first = client.get("/api/v1/register/certificates?province=42")
    assert first.headers["Cache-Control"] == "public, max-age=300" and first.headers["ETag"]
    again = client.get("/api/v1/register/certificates?province=42",
                       headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    csv = client.get("/api/v1/register/certificates?format=csv&q=mat%20ong")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    text = csv.data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("number,product,producer,stars")
    assert "Mật ong Vũ Quang" in text and "Bưởi" not in text
    assert client.get("/api/v1/register/certificates?stars=2").status_code == 422


def test_the_verification_page_of_a_number_and_an_unknown_one(api: Api) -> None:
    certify(api, "Cam Khe Mừ", "HT/2026/004")
    client = api.client
    found = client.get("/api/v1/register/certificates/HT%2F2026%2F004")
    assert found.status_code == 200 and found.json["number"] == "HT/2026/004" and found.json["listed"] is True
    assert client.get("/api/v1/register/certificates/NOPE-1").status_code == 404


def test_a_certificate_number_already_issued_is_refused_and_nothing_changes(api: Api) -> None:
    certify(api, "Mật ong rừng", "HT-2026-010")
    from tests.api.certificate_steps import filing, to_council

    dossier_id = to_council(api, filing("Chè xanh"), FOUR_STARS)
    task = next(t for t in api.inbox("chair.hatinh") if t["dossier_id"] == dossier_id)
    api.post("chair.hatinh", f"/tasks/{task['id']}/claim")
    refused = api.post("chair.hatinh", f"/tasks/{task['id']}/complete", {"data": {
        "approved": True, "decision_number": "1/QĐ", "certificate_number": "HT-2026-010", "issue_date": "2026-11-20"}})
    assert refused.status_code == 422 and "already issued" in refused.json["detail"]
    assert api.get("chair.hatinh", f"/tasks/{task['id']}").json["status"] == "open"
    step(api, dossier_id, "chair.hatinh", "chair_decision", {
        "approved": True, "decision_number": "1/QĐ", "certificate_number": "HT-2026-011", "issue_date": "2026-11-20"})
    assert api.client.get("/api/v1/register/certificates?q=che+xanh").json["total"] == 1


def test_the_register_is_rate_limited_per_address(tmp_path: Path, clock: FixedClock) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'limit.db'}", secret_key="test-secret-" + "x" * 40,
                        env="testing", bpmn_dir=ROOT / "bpmn", forms_dir=ROOT / "forms",
                        register_limit="3 per minute")
    app = create_app(settings, clock=clock)
    client = app.test_client()
    answers = [client.get("/api/v1/register/certificates").status_code for _ in range(3)]
    assert answers == [200, 200, 200]
    limited = client.get("/register/")
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) <= 60
    api_limited = client.get("/api/v1/register/certificates/X-1")
    assert api_limited.status_code == 429 and "public register" in api_limited.json["detail"]
    assert client.get("/api/v1/register/certificates/X-1/certificate.pdf").status_code == 429
    assert client.get("/api/v1/health").status_code == 200  # nothing else is limited
    app.extensions["ocopflow.engine"].dispose()


def test_a_long_register_counts_up_to_the_cap_and_says_more(api: Api, monkeypatch) -> None:
    from workflow_service.services.certificates import register

    monkeypatch.setattr(register, "COUNT_CAP", 1)
    certify(api, "Bưởi Phúc Trạch", "HT-2026-002", "2026-11-20", FOUR_STARS, producer="HTX Phúc Trạch")
    certify(api, "Mật ong Vũ Quang", "HT-2026-003", "2026-11-20")
    certify(api, "Mật ong Hương Sơn", "HT-2026-004", "2026-11-20")
    client = api.client
    first = client.get("/api/v1/register/certificates?limit=1").json
    assert (first["total"], first["total_exact"], len(first["items"])) == (1, False, 1)
    last = client.get("/api/v1/register/certificates?limit=1&offset=2").json
    assert (last["total"], last["total_exact"], len(last["items"])) == (3, True, 1)
    narrowed = client.get("/api/v1/register/certificates?q=phuc+trach").json
    assert (narrowed["total"], narrowed["total_exact"]) == (1, True)
    page = client.get("/register/?province=ha+tinh").get_data(as_text=True)
    assert "Hơn 1 giấy chứng nhận; thu hẹp tìm kiếm để biết chính xác số lượng." in page
    assert 'rel="next"' in page
