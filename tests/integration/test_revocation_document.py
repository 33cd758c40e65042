"""The revocation decision is rendered from the revocation's own data and stored in the revoking
transaction with its checksum in the audit trail (the revocation process of the certificate records
calls these two functions)."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from flask import Flask

from tests.api.test_documents import FILING, fonts_of, text_of
from tests.conftest import Api
from workflow_service.domain.documents import DocumentKind
from workflow_service.domain.errors import ValidationFailed
from workflow_service.services.accounts.users import load_actor
from workflow_service.services.context import ServiceContext
from workflow_service.services.documents.issuing import add_document
from workflow_service.services.documents.reading import list_documents, open_document
from workflow_service.services.documents.revocation import (
    RevocationFacts,
    render_revocation_decision,
    revocation_file_name,
)

FACTS = RevocationFacts(
    decision_number="150/QĐ-UBND", decided_on=date(2027, 3, 10), authority="province",
    authority_unit_name="Tỉnh Hà Tĩnh", signer_name="Võ Trọng Hải", certificate_number="041/GCN-UBND",
    certificate_issued_on=date(2026, 11, 25), recognition_decision_number="2345/QĐ-UBND",
    product_name="Mật ong Hương Khê", producer_name="Hợp tác xã Ong mật Hương Khê",
    producer_address="Thôn Phúc Đồng, xã Hương Khê, tỉnh Hà Tĩnh", stars=4, ground="production_stopped",
    finding="Văn bản xác nhận số 07/XN-UBND ngày 02 tháng 3 năm 2027 của Ủy ban nhân dân xã Hương Khê")


def test_the_revocation_decision_reads_as_written_and_is_stored_with_its_checksum(app: Flask, api: Api) -> None:
    ctx: ServiceContext = app.extensions["ocopflow"]
    dossier_id = api.file("producer.huongkhe", "18101", FILING).json["id"]
    pdf = render_revocation_decision(FACTS)
    assert render_revocation_decision(FACTS) == pdf  # the same facts, the same bytes
    text = text_of(pdf)
    for phrase in ("ỦY BAN NHÂN DÂN", "TỈNH HÀ TĨNH", "Số: 150/QĐ-UBND", "Hà Tĩnh, ngày 10 tháng 3 năm 2027",
                   "Về việc thu hồi Giấy chứng nhận sản phẩm OCOP số 041/GCN-UBND",
                   "Mật ong Hương Khê (4 sao) của Hợp tác xã Ong mật Hương Khê",
                   "Chủ thể OCOP không còn hoạt động sản xuất sản phẩm OCOP (điểm đ khoản 1 Điều 8",
                   "Văn bản xác nhận số 07/XN-UBND", "Võ Trọng Hải", "Quyết định"):
        assert phrase in text, phrase
    assert all(name.startswith("OCOP-Serif") and embedded for name, embedded in fonts_of(pdf))

    with ctx.uow() as uow:  # as the revoking transaction does, beside its register change
        row = add_document(uow.session, dossier_id, DocumentKind.REVOCATION_DECISION, revocation_file_name(FACTS),
                           pdf, "chair.hatinh", ctx.clock.now(), acting_as="province_chair@42")
        uow.commit()
    assert row.file_name == "Quyết định thu hồi giấy chứng nhận OCOP - 150-QĐ-UBND.pdf"
    officer = load_actor(ctx, "officer.huongkhe")
    assert [d.kind for d in list_documents(ctx, officer, dossier_id)][-1] == "revocation_decision"
    assert open_document(ctx, officer, dossier_id, row.id).content == pdf
    history = api.get("officer.huongkhe", f"/dossiers/{dossier_id}").json["history"]
    assert history[-1]["action"] == "document" and history[-1]["acting_as"] == "province_chair@42"
    assert history[-1]["data"]["sha256"] == hashlib.sha256(pdf).hexdigest()


def test_a_ministers_revocation_and_a_ground_the_decision_does_not_know() -> None:
    text = text_of(render_revocation_decision(RevocationFacts(**{
        **FACTS.__dict__, "authority": "minister", "authority_unit_name": "Bộ Nông nghiệp và Môi trường",
        "stars": 5, "ground": "mark_misuse"})))
    assert "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" in text and "Hà Nội, ngày 10 tháng 3 năm 2027" in text
    assert "sử dụng nhãn hiệu OCOP không đúng quy định" in text and "(điểm d khoản 1 Điều 8" in text
    with pytest.raises(ValidationFailed) as refused:
        render_revocation_decision(RevocationFacts(**{**FACTS.__dict__, "ground": "bad_weather"}))
    assert "ground" in refused.value.errors
