"""The revocation process issues its decision as a PDF once the chair (or the Minister) revokes: stored on the
revocation dossier right after the step, its checksum in the dossier's audit trail, signed by the decider's
name; a revocation that finds no ground issues none."""

from __future__ import annotations

import hashlib

from flask import Flask

from tests.api.certificate_steps import FOUR_STARS, act, certify
from tests.api.test_certificate_revocation import FINDING
from tests.api.test_documents import download, text_of
from tests.conftest import Api
from workflow_service.services.audit.verify import verify_audit
from workflow_service.services.context import ServiceContext


def open_revocation(api: Api, number: str) -> int:
    opened = api.post("office.hatinh", f"/certificates/{number}/revocations", FINDING)
    assert opened.status_code == 201, opened.json
    dossier_id: int = opened.json["id"]
    return dossier_id


def test_the_chairs_revocation_issues_its_decision_on_the_revocation_dossier(app: Flask, api: Api) -> None:
    certify(api, "Kẹo cu đơ Thạch Hà", "HT-2026-410", "2026-11-20", FOUR_STARS)
    dossier_id = open_revocation(api, "HT-2026-410")
    act(api, dossier_id, "office.hatinh", "province_verify", {"verified": True, "report": "Xác minh đúng."})
    act(api, dossier_id, "chair.hatinh", "chair_revocation", {
        "revoke": True, "revocation_number": "77/QĐ-UBND", "decided_on": "2026-11-23"})

    history = api.get("office.hatinh", f"/dossiers/{dossier_id}").json["history"]
    issued = [h for h in history if h["action"] == "document"]  # issued by the step, before anyone lists it
    assert [h["data"]["kind"] for h in issued] == ["revocation_decision"]
    assert issued[0]["actor"] == "chair.hatinh"

    docs = download(api, "office.hatinh", dossier_id)
    assert list(docs) == ["revocation_decision"]  # no Mẫu 01/02 for a revocation dossier
    item, pdf = docs["revocation_decision"]
    assert item["file_name"] == "Quyết định thu hồi giấy chứng nhận OCOP - 77-QĐ-UBND.pdf"
    assert item["created_by"] == "chair.hatinh"
    assert issued[0]["data"]["sha256"] == item["sha256"] == hashlib.sha256(pdf).hexdigest()
    text = text_of(pdf)
    for phrase in ("ỦY BAN NHÂN DÂN", "TỈNH HÀ TĨNH", "Số: 77/QĐ-UBND", "Hà Tĩnh, ngày 23 tháng 11 năm 2026",
                   "Giấy chứng nhận sản phẩm OCOP số HT-2026-410", "theo Quyết định số QĐ-HT-2026-410",
                   "Kẹo cu đơ Thạch Hà (4 sao) của HTX Nông nghiệp Hương Khê",
                   "Kết luận số 12/KL-SNNMT ngày 20 tháng 11 năm 2026 của Sở Nông nghiệp và Môi trường",
                   "(điểm b khoản 1 Điều 8", "Trần Đức Khiêm"):
        assert phrase in text, phrase
    ctx: ServiceContext = app.extensions["ocopflow"]
    assert verify_audit(ctx, dossier_id).intact


def test_a_revocation_without_grounds_issues_no_decision(api: Api) -> None:
    certify(api, "Cam bù Hương Sơn", "HT-2026-420")
    dossier_id = open_revocation(api, "HT-2026-420")
    act(api, dossier_id, "office.hatinh", "province_verify", {"verified": False, "report": "Không có căn cứ."})
    assert download(api, "office.hatinh", dossier_id) == {}
