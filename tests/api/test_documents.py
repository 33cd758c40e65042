"""Official documents as PDF: issued as their steps complete, read back by a person (every Vietnamese
letter exactly), fonts embedded, the certificate's QR code decodes to the public register, the audit's
checksum is the bytes' own, and only those who see the dossier get them."""

from __future__ import annotations

import hashlib
import io
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import zxingcpp
from flask import Flask
from PIL import Image
from pypdf import PdfReader

from tests.api.test_district_chain_filing import MEMBERS, _district
from tests.conftest import Api
from workflow_service.domain.clock import FixedClock
from workflow_service.domain.documents import DocumentKind
from workflow_service.services.accounts.users import add_user, load_actor
from workflow_service.services.audit.verify import verify_audit
from workflow_service.services.context import ServiceContext
from workflow_service.services.documents import issuing
from workflow_service.services.documents.contents import papers
from workflow_service.services.documents.facts import read_record
from workflow_service.services.documents.reading import list_documents
from workflow_service.services.documents.rendering import render_pdf

# Every letter of Vietnamese: the twelve vowels with each of the five tone marks (and none), and đ.
VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
LETTERS = " ".join("".join(unicodedata.normalize("NFC", v + t) for t in TONES) for v in VOWELS + VOWELS.upper()) \
    + " đĐ"  # "aàáãảạ ăằắẵẳặ …": words, so the line breaks where a person's text would
FILING = {
    "producer": {"name": "Hợp tác xã Ong mật Hương Khê", "type": "cooperative", "tax_code": "3001234567",
                 "address": "Thôn Phúc Đồng, xã Hương Khê, tỉnh Hà Tĩnh", "phone": "0912 345 678",
                 "representative": "Đặng Thị Ngữ", "representative_title": "Giám đốc"},
    "product": {"name": "Mật ong Hương Khê", "group": "food", "subgroup": "Mật ong và sản phẩm từ mật ong",
                "description": f"Mật ong rừng nguyên chất, lọ 500 ml. Chữ thử: ỗ ữ ặ ẫ.\n{LETTERS}",
                "sample_count": 5},
}
COMMUNE = {"complete": True, "local_raw_materials": True, "local_labour": True, "idea_origin": True,
           "local_identity": False, "mau03_report_number": "12/BC-UBND", "proposal_letter_number": "13/TTr-UBND",
           "proposal_letter_date": "2026-11-20", "samples_sent": True, "notes": "Nguồn mật từ rừng tràm Hương Khê."}
SHEETS = {"council1.hatinh": (30, 20, 28), "council2.hatinh": (32, 19, 27), "council3.hatinh": (31, 21, 26)}
REGISTER = "https://ocop.hatinh.gov.vn"


def walk(api: Api, dossier_id: int, user: str, element: str, data: dict[str, Any]) -> None:
    task = next(t for t in api.inbox(user) if t["element_id"] == element and t["dossier_id"] == dossier_id)
    response = api.do(user, task["id"], data)
    assert response.status_code == 200, response.json


def to_chair(api: Api) -> int:
    filed = api.file("producer.huongkhe", "18101", FILING)
    assert filed.status_code == 201, filed.json
    dossier_id: int = filed.json["id"]
    walk(api, dossier_id, "officer.huongkhe", "commune_review", COMMUNE)
    walk(api, dossier_id, "office.hatinh", "office_check", {"complete": True})
    walk(api, dossier_id, "advisory.hatinh", "advisory_review", {
        "supplement_needed": False, "site_survey_done": True, "lab_tests_required": False, "report": "Đạt."})
    for member, (a, b, c) in SHEETS.items():
        walk(api, dossier_id, member, "council_scoring", {"part_a": a, "part_b": b, "part_c": c, "minimum_star": 4})
    return dossier_id


def recognise(api: Api, dossier_id: int) -> None:
    walk(api, dossier_id, "chair.hatinh", "chair_decision", {
        "approved": True, "decision_number": "2345/QĐ-UBND", "certificate_number": "041/GCN-UBND",
        "issue_date": "2026-11-25"})


def ctx_of(app: Flask) -> ServiceContext:
    context: ServiceContext = app.extensions["ocopflow"]
    return context


def download(api: Api, user: str, dossier_id: int) -> dict[str, tuple[dict[str, Any], bytes]]:
    listed = api.get(user, f"/dossiers/{dossier_id}/documents")
    assert listed.status_code == 200, listed.json
    found = {}
    for item in listed.json["items"]:
        response = api.get(user, f"/dossiers/{dossier_id}/documents/{item['id']}")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        assert response.headers["Content-Disposition"].endswith(
            "filename*=UTF-8''" + quote(item["file_name"], safe=""))
        found[item["kind"]] = (item, response.data)
    return found


def text_of(pdf: bytes) -> str:
    """What a reader copies out of the PDF, with line breaks as spaces."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def fonts_of(pdf: bytes) -> set[tuple[str, bool]]:
    """(font name, embedded?) of every font every page uses."""
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.add((str(font["/BaseFont"]).split("+", 1)[-1], embedded))
    return fonts


def test_a_certified_dossier_has_its_five_documents_a_person_can_read(app: Flask, api: Api) -> None:
    ctx_of(app).public_base_url = REGISTER
    dossier_id = to_chair(api)
    recognise(api, dossier_id)
    docs = download(api, "producer.huongkhe", dossier_id)
    assert list(docs) == ["mau_01", "mau_02", "mau_03", "recognition_decision", "certificate"]
    assert docs["mau_01"][0]["file_name"] == "Mẫu 01 - Phiếu đăng ký - 001-PĐK-42-18101-2026.pdf"
    assert docs["certificate"][0]["file_name"] == "Giấy chứng nhận OCOP - 041-GCN-UBND.pdf"
    assert docs["mau_03"][0]["created_by"] == "officer.huongkhe"
    assert docs["certificate"][0]["created_by"] == "chair.hatinh"

    registration = text_of(docs["mau_01"][1])
    for phrase in ("PHIẾU ĐĂNG KÝ", "Tham gia đánh giá, phân hạng sản phẩm OCOP của tỉnh Hà Tĩnh năm 2026",
                   "Tên đơn vị: Hợp tác xã Ong mật Hương Khê", "Đặng Thị Ngữ", "Chức vụ: Giám đốc",
                   "Tên sản phẩm: Mật ong Hương Khê", "Thực phẩm - Mật ong và sản phẩm từ mật ong",
                   "Hương Khê, ngày 23 tháng 11 năm 2026", "Phiếu số: 001/PĐK-42-18101-2026",
                   "Ủy ban nhân dân xã Hương Khê", "Mẫu số 01 - Phụ lục III, Quyết định số 26/2026/QĐ-TTg"):
        assert phrase in registration, phrase
    self_assessment = text_of(docs["mau_02"][1])
    assert "Chữ thử: ỗ ữ ặ ẫ." in self_assessment and LETTERS in self_assessment
    report = text_of(docs["mau_03"][1])
    for phrase in ("Số: 12/BC-UBND", "Hương Khê, ngày 23 tháng 11 năm 2026",
                   "Về sử dụng nguyên liệu địa phương: Đạt.", "Bản sắc/trí tuệ địa phương: Chưa đạt.",
                   ("Ủy ban nhân dân xã Hương Khê đề nghị Ủy ban nhân dân tỉnh Hà Tĩnh đánh giá, phân hạng sản "
                   "phẩm OCOP cho sản phẩm Mật ong Hương Khê của Hợp tác xã Ong mật Hương Khê (văn bản đề nghị "
                   "số 13/TTr-UBND ngày 20/11/2026)."), "Nguồn mật từ rừng tràm Hương Khê."):
        assert phrase in report, phrase
    decision = text_of(docs["recognition_decision"][1])
    for phrase in ("QUYẾT ĐỊNH", "Số: 2345/QĐ-UBND", "Hà Tĩnh, ngày 25 tháng 11 năm 2026",
                   "Về việc công nhận sản phẩm đạt chuẩn OCOP 4 sao năm 2026",
                   "Căn cứ Quyết định số 26/2026/QĐ-TTg ngày 22 tháng 5 năm 2026 của Thủ tướng Chính phủ",
                   "Mật ong Hương Khê", "78", "Giấy chứng nhận sản phẩm OCOP số 041/GCN-UBND",
                   "đến ngày 25 tháng 11 năm 2029", "Quyết định này có hiệu lực kể từ ngày ký",
                   "Chủ tịch Ủy ban nhân dân xã Hương Khê"):
        assert phrase in decision, phrase
    certificate = text_of(docs["certificate"][1])
    for phrase in ("GIẤY CHỨNG NHẬN", "SẢN PHẨM OCOP ĐẠT 4 SAO", "Tên sản phẩm: Mật ong Hương Khê",
                   "Chủ thể OCOP: Hợp tác xã Ong mật Hương Khê", "Có giá trị đến: ngày 25 tháng 11 năm 2029",
                   "Quyết định số 2345/QĐ-UBND ngày 25 tháng 11 năm 2026 của Chủ tịch Ủy ban nhân dân tỉnh Hà Tĩnh"):
        assert phrase in certificate, phrase

    for kind, (_, pdf) in docs.items():  # one font, shipped and embedded: no machine substitutes another
        fonts = fonts_of(pdf)
        assert fonts and all(name.startswith("OCOP-Serif") and embedded for name, embedded in fonts), (kind, fonts)


def test_the_certificate_qr_code_opens_its_page_in_the_public_register(app: Flask, api: Api) -> None:
    ctx_of(app).public_base_url = REGISTER + "/"
    dossier_id = to_chair(api)
    recognise(api, dossier_id)
    pdf = download(api, "producer.huongkhe", dossier_id)["certificate"][1]
    images = [image for page in PdfReader(io.BytesIO(pdf)).pages for image in page.images]
    assert len(images) == 1
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(images[0].data)))
    assert [(c.format, c.text) for c in decoded] == [
        (zxingcpp.BarcodeFormat.QRCode, f"{REGISTER}/register/certificates/041%2FGCN-UBND")]
    assert f"{REGISTER}/register/certificates/041%2FGCN-UBND" in text_of(pdf).replace(" ", "")  # printed too


def test_each_document_checksum_is_in_the_audit_trail_and_issued_once(app: Flask, api: Api) -> None:
    dossier_id = to_chair(api)
    recognise(api, dossier_id)
    docs = download(api, "office.hatinh", dossier_id)
    history = api.get("office.hatinh", f"/dossiers/{dossier_id}").json["history"]
    issued = [h for h in history if h["action"] == "document"]
    assert [h["data"]["kind"] for h in issued] == list(docs)
    for entry in issued:
        item, pdf = docs[entry["data"]["kind"]]
        assert entry["data"]["sha256"] == item["sha256"] == hashlib.sha256(pdf).hexdigest()
        assert entry["data"]["size"] == len(pdf) and entry["data"]["document"] == item["id"]
        assert entry["actor"] == item["created_by"] and entry["acting_as"] == "documents"
    # listing again issues nothing more; the trail still verifies
    assert download(api, "office.hatinh", dossier_id).keys() == docs.keys()
    history = api.get("office.hatinh", f"/dossiers/{dossier_id}").json["history"]
    assert len([h for h in history if h["action"] == "document"]) == len(issued)
    assert verify_audit(ctx_of(app), dossier_id).intact


def test_the_same_record_renders_the_same_bytes(app: Flask, api: Api) -> None:
    dossier_id = to_chair(api)
    recognise(api, dossier_id)
    stored = {kind: pdf for kind, (_, pdf) in download(api, "admin", dossier_id).items()}
    ctx = ctx_of(app)
    with ctx.uow() as uow:
        record = read_record(ctx, uow.session, dossier_id, set())
    assert record is not None
    again = {p.kind.value: render_pdf(p.template, p.doc) for p in papers(record, record.due, ctx.public_base_url)}
    assert again == stored


def test_only_those_who_see_the_dossier_get_its_documents(api: Api) -> None:
    dossier_id = api.file("producer.huongkhe", "18101", FILING).json["id"]
    items = api.get("producer.huongkhe", f"/dossiers/{dossier_id}/documents").json["items"]
    assert [i["kind"] for i in items] == ["mau_01", "mau_02"]
    first = items[0]["id"]
    for outsider in ("officer.huongpho", "office.thanhhoa", "ministry.office", "designer"):
        assert api.get(outsider, f"/dossiers/{dossier_id}/documents").status_code == 404
        denied = api.get(outsider, f"/dossiers/{dossier_id}/documents/{first}")
        assert denied.status_code == 404 and denied.mimetype == "application/problem+json"
    for insider in ("officer.huongkhe", "office.hatinh", "supervisor.hatinh", "admin"):
        assert api.get(insider, f"/dossiers/{dossier_id}/documents/{first}").status_code == 200
    # a document is reached only under its own dossier
    second = api.file("producer.huongkhe", "18101", FILING).json["id"]
    assert api.get("producer.huongkhe", f"/dossiers/{second}/documents/{first}").status_code == 404


def test_a_rendering_failure_never_fails_the_step_and_the_documents_follow(
        app: Flask, api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(template: str, doc: dict[str, Any]) -> bytes:
        raise RuntimeError("pango is missing")

    monkeypatch.setattr(issuing, "render_pdf", broken)
    filed = api.file("producer.huongkhe", "18101", FILING)
    assert filed.status_code == 201
    with ctx_of(app).uow() as uow:
        from workflow_service.persistence.document_models import DossierDocument

        assert uow.session.query(DossierDocument).count() == 0
    monkeypatch.undo()
    items = api.get("producer.huongkhe", f"/dossiers/{filed.json['id']}/documents").json["items"]
    assert [i["kind"] for i in items] == ["mau_01", "mau_02"]


def test_without_a_public_address_the_certificate_waits_for_one(app: Flask, api: Api) -> None:
    ctx = ctx_of(app)
    ctx.public_base_url = None
    dossier_id = to_chair(api)
    recognise(api, dossier_id)
    kinds = [i["kind"] for i in api.get("office.hatinh", f"/dossiers/{dossier_id}/documents").json["items"]]
    assert kinds == ["mau_01", "mau_02", "mau_03", "recognition_decision"]
    ctx.public_base_url = REGISTER
    docs = download(api, "office.hatinh", dossier_id)
    assert "certificate" in docs
    assert f"{REGISTER}/register/certificates/" in text_of(docs["certificate"][1]).replace(" ", "")


def test_a_five_star_decision_is_the_ministers(app: Flask, api: Api) -> None:
    dossier_id = api.file("producer.huongkhe", "18101", FILING).json["id"]
    walk(api, dossier_id, "officer.huongkhe", "commune_review", COMMUNE)
    walk(api, dossier_id, "office.hatinh", "office_check", {"complete": True})
    walk(api, dossier_id, "advisory.hatinh", "advisory_review", {
        "supplement_needed": False, "site_survey_done": True, "lab_tests_required": False, "report": "Đạt."})
    for member, marks in zip(SHEETS, ((38, 24, 30), (37, 23, 32), (36, 24, 32)), strict=True):
        walk(api, dossier_id, member, "council_scoring", dict(zip(("part_a", "part_b", "part_c"), marks,
                                                                  strict=True), minimum_star=5))
    walk(api, dossier_id, "chair.hatinh", "chair_propose_ministry", {
        "approved_result": True, "approval_decision_number": "2400/QĐ-UBND", "proposal_number": "77/TTr-UBND"})
    walk(api, dossier_id, "ministry.office", "ministry_office_check", {"complete": True})
    walk(api, dossier_id, "ministry.advisory", "ministry_advisory_review", {"report": "Đạt.", "site_survey_done": True})
    walk(api, dossier_id, "central.council", "central_scoring", {"central_score": 91.5, "minutes_number": "5/BB"})
    walk(api, dossier_id, "minister", "minister_decision", {
        "approved": True, "decision_number": "3456/QĐ-BNNMT", "certificate_number": "TW-2026-0007",
        "issue_date": "2026-12-01"})
    docs = download(api, "minister", dossier_id)
    decision = text_of(docs["recognition_decision"][1])
    for phrase in ("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "Số: 3456/QĐ-BNNMT", "Hà Nội, ngày 01 tháng 12 năm 2026",
                   "đạt chuẩn OCOP 5 sao", "BỘ TRƯỞNG"):
        assert phrase in decision, phrase
    assert "ĐẠT 5 SAO" in text_of(docs["certificate"][1])
    assert docs["certificate"][0]["created_by"] == "minister"


def test_the_service_lists_documents_in_the_order_of_the_procedure(app: Flask, api: Api) -> None:
    dossier_id = to_chair(api)
    ctx = ctx_of(app)
    kinds = [row.kind for row in list_documents(ctx, load_actor(ctx, "officer.huongkhe"), dossier_id)]
    assert kinds == [DocumentKind.REGISTRATION, DocumentKind.SELF_ASSESSMENT, DocumentKind.COMMUNE_REPORT]


def test_under_qd_148_2023_the_commune_reports_to_the_district_whose_chair_recognises_3_stars(
        app: Flask, api: Api, clock: FixedClock) -> None:
    _district(app, clock)
    add_user(ctx_of(app), "dchair", "ocop-demo-2026", ["district_chair@436"])
    dossier_id = api.file("producer.phuctrach", "18199", FILING, process_key="ocop_qd148_2023").json["id"]
    walk(api, dossier_id, "officer.phuctrach", "commune_review", COMMUNE)
    walk(api, dossier_id, "officer.huongkhe-district", "district_check", {"complete": True})
    for member in MEMBERS:
        walk(api, dossier_id, member, "district_scoring", {"part_a": 24, "part_b": 15, "part_c": 21,
                                                           "minimum_star": 3})
    walk(api, dossier_id, "dchair", "district_chair_decision", {
        "approved": True, "decision_number": "88/QĐ-UBND", "certificate_number": "HK-2024-003",
        "issue_date": "2024-03-04"})
    docs = download(api, "officer.phuctrach", dossier_id)
    assert list(docs) == ["mau_01", "mau_02", "mau_03", "recognition_decision", "certificate"]
    assert "Quyết định số" not in text_of(docs["mau_01"][1]).split("PHIẾU")[0]  # QĐ 26/2026's annex is not cited
    report = text_of(docs["mau_03"][1])
    assert "Ủy ban nhân dân xã Phúc Trạch (thử nghiệm) đề nghị Ủy ban nhân dân huyện Hương Khê (thử nghiệm)" \
        in report
    decision = text_of(docs["recognition_decision"][1])
    for phrase in ("HUYỆN HƯƠNG KHÊ (THỬ NGHIỆM)", "đạt chuẩn OCOP 3 sao năm 2024", ("Hội đồng đánh giá, phân hạng "
                   "sản phẩm OCOP cấp huyện"), "Căn cứ Quyết định số 148/QĐ-TTg ngày 24 tháng 02 năm 2023",
                   "Hương Khê (thử nghiệm), ngày 04 tháng 3 năm 2024"):
        assert phrase in decision, phrase
    assert docs["certificate"][0]["created_by"] == "dchair"


def test_what_a_producer_types_is_printed_as_text_and_loads_nothing(api: Api) -> None:
    typed = '<img src="http://127.0.0.1:9/x.png"> & <b>HTX</b>'
    filing = {**FILING, "producer": {**FILING["producer"], "name": typed}}
    dossier_id = api.file("producer.huongkhe", "18101", filing).json["id"]
    pdf = download(api, "producer.huongkhe", dossier_id)["mau_01"][1]
    assert f"Tên đơn vị: {typed}" in text_of(pdf)
    assert not [image for page in PdfReader(io.BytesIO(pdf)).pages for image in page.images]


def test_the_chair_signs_with_the_name_given_to_their_account(app: Flask, api: Api) -> None:
    add_user(ctx_of(app), "chair.hatinh", "ocop-demo-2026", ["province_chair@42"], display_name="Võ Trọng Hải")
    dossier_id = to_chair(api)
    recognise(api, dossier_id)
    docs = download(api, "chair.hatinh", dossier_id)
    assert "CHỦ TỊCH Võ Trọng Hải" in text_of(docs["recognition_decision"][1])
    assert "Võ Trọng Hải" in text_of(docs["certificate"][1])


def test_ocopflow_users_add_names_the_signer(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from sqlalchemy import create_engine, select

    from workflow_service.cli import main
    from workflow_service.persistence.models import User

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    env = {"DATABASE_URL": url, "OCOPFLOW_INSTANCE": str(tmp_path), "OCOPFLOW_ENV": "testing"}
    for name in ("", "Võ Trọng Hải"):  # created, then named
        done = CliRunner().invoke(main, ["demo"] if not name else [
            "users", "add", "chair.hatinh", "--password", "ocop-demo-2026", "--role", "province_chair@42",
            "--name", name], env=env)
        assert done.exit_code == 0, done.output
    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.scalar(select(User.display_name).where(User.username == "chair.hatinh")) == "Võ Trọng Hải"
    engine.dispose()
