"""No typed input is lost: completed tasks show what was sent, uploads keep the form, every error at once,
decimal commas read, confirmations before acting; and each task page shows the dossier around it."""

from __future__ import annotations

import re
from io import BytesIO

from flask import Flask

from tests.engine.test_ocop_evaluation import FILING
from tests.web.chain import BEFORE_SCORING, do, file, open_task, to_council_scoring
from tests.web.conftest import Browser
from workflow_service.services.context import ServiceContext
from workflow_service.web.form_fields import parse_submission, read_number

COMMUNE_REVIEW = BEFORE_SCORING[0][2]


def ctx_of(app: Flask) -> ServiceContext:
    context: ServiceContext = app.extensions["ocopflow"]
    return context


def _claimed(web_app: Flask, browser_for, user: str = "officer.huongkhe") -> tuple[Browser, str, int]:
    dossier_id = file(ctx_of(web_app))
    task = open_task(ctx_of(web_app), dossier_id, "commune_review")
    officer: Browser = browser_for(user)
    officer.post(f"/tasks/{task.id}/claim")
    return officer, task.id, dossier_id


def test_a_completed_task_shows_what_was_submitted_as_labelled_values(web_app: Flask, browser_for) -> None:
    dossier_id = file(ctx_of(web_app))
    task = open_task(ctx_of(web_app), dossier_id, "commune_review")
    do(ctx_of(web_app), dossier_id, "officer.huongkhe", "commune_review", COMMUNE_REVIEW)
    page = browser_for("officer.huongkhe").get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "Nội dung đã gửi" in page and "<form method=\"post\" action=\"/tasks/" not in page
    assert re.search(r"<dt>Số Báo cáo đánh giá \(Mẫu 03\)</dt><dd>12/BC-UBND</dd>", page)
    assert re.search(r"<dt>Hồ sơ đầy đủ thành phần</dt><dd>Có</dd>", page)
    assert "disabled" not in page


def test_an_upload_from_the_form_keeps_what_was_typed(web_app: Flask, browser_for) -> None:
    officer, task_id, _ = _claimed(web_app, browser_for)
    typed = {"complete": "true", "mau03_report_number": "12/BC-UBND", "notes": "Đang kiểm tra mẫu"}
    sent = officer.post(f"/tasks/{task_id}/attachments", {**typed, "file": (BytesIO(b"%PDF-1.4\n"), "mau03.pdf")},
                        content_type="multipart/form-data")
    assert sent.status_code == 302
    page = officer.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert "mau03.pdf" in page and 'value="12/BC-UBND"' in page and "Đang kiểm tra mẫu" in page
    refused = officer.post(f"/tasks/{task_id}/attachments",
                           {**typed, "notes": "Sửa ghi chú", "file": (BytesIO(b"MZ\x90"), "virus.pdf")},
                           content_type="multipart/form-data")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert re.search(r'id="file-error"[^>]*>Nội dung tệp không phải là tệp \.pdf', html)
    assert 'href="#file"' in html and "Sửa ghi chú" in html  # summary link; typed text re-shown
    assert open_task(ctx_of(web_app), *_dossier_and_element(web_app, task_id)).draft["notes"] == "Sửa ghi chú"


def _dossier_and_element(web_app: Flask, task_id: str) -> tuple[int, str]:
    from workflow_service.services.accounts.users import load_actor
    from workflow_service.services.tasks.actions import get_task
    row = get_task(ctx_of(web_app), load_actor(ctx_of(web_app), "officer.huongkhe"), task_id)[0]
    return row.dossier_id, row.element_id


def test_an_upload_by_the_page_script_answers_json_without_reloading(web_app: Flask, browser_for) -> None:
    officer, task_id, _ = _claimed(web_app, browser_for)
    ok = officer.post(f"/tasks/{task_id}/attachments", {"file": (BytesIO(b"%PDF-1.4\n"), "a.pdf")},
                      content_type="multipart/form-data", headers={"Accept": "application/json"})
    assert ok.status_code == 201 and ok.json["filename"] == "a.pdf" and ok.json["url"].startswith("/attachments/")
    bad = officer.post(f"/tasks/{task_id}/attachments", {"file": (BytesIO(b"x"), "a.exe")},
                       content_type="multipart/form-data", headers={"Accept": "application/json"})
    assert bad.status_code == 422 and bad.json["error"].startswith("Chỉ đính kèm được tệp")


def test_every_error_is_shown_at_once_with_a_summary_and_the_typed_values(web_app: Flask, browser_for) -> None:
    dossier_id = to_council_scoring(ctx_of(web_app))
    task = open_task(ctx_of(web_app), dossier_id, "council_scoring", "council1.hatinh")
    member: Browser = browser_for("council1.hatinh")
    member.post(f"/tasks/{task.id}/claim")
    sent = member.post(f"/tasks/{task.id}", {"part_a": "ba mươi", "part_b": "99", "part_c": "",
                                              "action": "complete"})
    html = sent.get_data(as_text=True)
    assert sent.status_code == 422 and 'value="ba mươi"' in html and 'value="99"' in html
    for field in ("part_a", "part_b", "part_c", "minimum_star"):
        assert f'id="f-{field}-error"' in html, field
        assert f'href="#f-{field}"' in html, field  # the summary links to it


def test_filing_reports_phone_and_email_with_the_missing_name_in_one_round(web_app: Flask, browser_for) -> None:
    producer: Browser = browser_for("producer.huongkhe")
    form = {"process": "ocop_evaluation", "commune": "18101", "kind": "first_time"}
    form |= {f"producer.{k}": str(v) for k, v in FILING["producer"].items()}
    form |= {f"product.{k}": str(v) for k, v in FILING["product"].items()}
    bad = producer.post("/dossiers/new", {**form, "producer.name": "", "producer.phone": "gọi tôi",
                                          "producer.email": "không có", "product.sample_count": "năm"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422
    for field in ("producer-name", "producer-phone", "producer-email", "product-sample_count"):
        assert f'href="#f-{field}"' in html and f'id="f-{field}-error"' in html, field
    assert 'value="gọi tôi"' in html and 'value="năm"' in html
    assert '<option value="18101" title="18101" selected>Xã Hương Khê</option>' in html


def test_numbers_are_read_with_a_decimal_comma() -> None:
    assert read_number("20,5") == 20.5 and read_number("20.5") == 20.5 and read_number(" 1 234,5 ") == 1234.5
    assert read_number("1.234,5") == 1234.5 and read_number("1,234.5") == 1234.5
    schema = {"properties": {"ratio": {"type": "number"}, "score": {"type": "integer"}}}
    assert parse_submission(schema, {"ratio": "20,5", "score": "20,0"}) == ({"ratio": 20.5, "score": 20}, {})
    assert parse_submission(schema, {"score": "20,5"})[1] == {"score": ["Enter a whole number."]}


def test_completing_reassigning_and_deploying_ask_first(web_app: Flask, browser_for) -> None:
    officer, task_id, _ = _claimed(web_app, browser_for)
    file(ctx_of(web_app))  # an unclaimed task the supervisor may give to the commune officer
    page = officer.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert re.search(r'value="complete"\s+data-confirm="Hoàn thành «[^"]+» của hồ sơ 001/PĐK-42-18101-2026', page)
    supervised = browser_for("supervisor.hatinh").get("/supervisor/tasks?unit=42").get_data(as_text=True)
    assert "data-confirm=\"Giao «" in supervised and "{choice}" in supervised
    edit = browser_for("designer").get("/designer/ocop_evaluation/1/edit").get_data(as_text=True)
    assert re.search(r'id="designer-deploy"[^>]*\s+data-confirm="Triển khai sơ đồ này', edit)


def test_the_province_task_page_shows_the_dossier_and_the_communes_findings(web_app: Flask, browser_for) -> None:
    dossier_id = file(ctx_of(web_app))
    do(ctx_of(web_app), dossier_id, "officer.huongkhe", "commune_review", COMMUNE_REVIEW)
    task = open_task(ctx_of(web_app), dossier_id, "office_check")
    page = browser_for("office.hatinh").get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "UBND xã kiểm tra hồ sơ" in page and "<dd>13/TTr-UBND</dd>" in page  # the commune's Mẫu 03 figures
    assert "<dd>Bưởi Phúc Trạch</dd>" in page and "<dd>Hợp tác xã</dd>" in page  # the registration (Mẫu 01)
    assert '<span class="person" title="officer.huongkhe">Nguyễn Văn Thắng</span>' in page  # who, by name


def test_a_producer_following_the_current_step_is_offered_no_claim(web_app: Flask, browser_for) -> None:
    dossier_id = file(ctx_of(web_app))
    task = open_task(ctx_of(web_app), dossier_id, "commune_review")
    producer: Browser = browser_for("producer.huongkhe")
    page = producer.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert f"/tasks/{task.id}/claim" not in page and "Nhận việc" not in page
    assert "Bước này do Cán bộ UBND xã – Xã Hương Khê thực hiện" in page


def test_a_producer_attaches_mau02_and_papers_when_filing_checked_like_any_file(web_app: Flask,
                                                                                 browser_for) -> None:
    producer: Browser = browser_for("producer.huongkhe")
    form = {"process": "ocop_evaluation", "commune": "18101", "kind": "first_time"}
    form |= {f"producer.{k}": str(v) for k, v in FILING["producer"].items()}
    form |= {f"product.{k}": str(v) for k, v in FILING["product"].items()}
    refused = producer.post("/dossiers/new", {**form, "mau02": (BytesIO(b"%PDF-1.4\n"), "mau02.pdf"),
                                              "papers": [(BytesIO(b"MZ\x90"), "giay-phep.pdf")]},
                            content_type="multipart/form-data")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'href="#f-papers"' in html and 'href="#f-mau02"' in html
    assert "giay-phep.pdf: Nội dung tệp không phải là tệp .pdf" in html and "Hãy chọn lại tệp này" in html
    assert "Bưởi Phúc Trạch" in html  # what was typed is still there
    assert "001/PĐK" not in producer.get("/dossiers").get_data(as_text=True)  # nothing was filed
    filed = producer.post("/dossiers/new", {**form, "mau02": (BytesIO(b"%PDF-1.4\n"), "mau02.pdf"),
                                            "papers": [(BytesIO(b"\x89PNG\r\n\x1a\n"), "anh.png"),
                                                       (BytesIO(b"%PDF-1.4\n"), "vstp.pdf")]},
                          content_type="multipart/form-data")
    assert filed.status_code == 302
    dossier_id = int(filed.location.rsplit("/", 1)[1])
    task = open_task(ctx_of(web_app), dossier_id, "commune_review")
    page = browser_for("officer.huongkhe").get(f"/tasks/{task.id}").get_data(as_text=True)
    assert re.search(r'<span class="badge">Mẫu 02</span> <a href="/attachments/\d+">mau02.pdf</a>', page)
    assert "anh.png" in page and "vstp.pdf" in page
