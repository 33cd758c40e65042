"""Issue 4's "Done when": a new user takes a dossier through the whole chain in the browser alone.

Nothing but the pages after the live server starts: the producer files on the filing page, then each
role of docs/walkthrough.sh signs in with its demo login, finds the task in the inbox, claims it, fills
the form and completes it, and signs out; at the end the dossier page shows the 4-star certificate.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot, sign_in
from workflow_service.services.demo.loader import DEMO_NAMES

FILING = {
    "producer.name": "HTX Nông nghiệp Phúc Trạch",
    "producer.type": "cooperative",
    "producer.tax_code": "3001234567",
    "producer.representative": "Nguyễn Văn An",
    "producer.representative_title": "Giám đốc",
    "producer.address": "Thôn 1, xã Hương Khê, Hà Tĩnh",
    "producer.phone": "0912 345 678",
    "producer.email": "htxphuctrach@example.vn",
    "product.name": "Bưởi Phúc Trạch",
    "product.group": "food",
    "product.subgroup": "Thực phẩm tươi sống – Rau, củ, quả",
    "product.description": "Bưởi Phúc Trạch trồng tại Hương Khê, múi mọng, vị ngọt thanh.",
    "product.sample_count": "5",
}

# (user, step name as the inbox shows it, form values): the order of docs/walkthrough.sh.
CHAIN: list[tuple[str, str, dict[str, Any]]] = [
    ("officer.huongkhe", "UBND xã kiểm tra hồ sơ, đánh giá 4 nội dung, lập Mẫu 03", {
        "complete": True, "local_raw_materials": True, "local_labour": True, "idea_origin": True,
        "local_identity": True, "mau03_report_number": "12/BC-UBND", "proposal_letter_number": "13/TTr-UBND",
        "proposal_letter_date": "2026-11-23", "samples_sent": True}),
    ("office.hatinh", "Cơ quan tham mưu OCOP tỉnh kiểm tra hồ sơ", {"complete": True}),
    ("advisory.hatinh", "Tổ tư vấn đánh giá hồ sơ, lập báo cáo", {
        "supplement_needed": False, "site_survey_done": True, "lab_tests_required": False,
        "report": "Hồ sơ đầy đủ, cơ sở đạt yêu cầu khảo sát; đủ điều kiện trình Hội đồng."}),
    ("council1.hatinh", "Thành viên Hội đồng tỉnh chấm điểm", {
        "part_a": "30", "part_b": "20", "part_c": "28", "minimum_star": "5"}),
    ("council2.hatinh", "Thành viên Hội đồng tỉnh chấm điểm", {
        "part_a": "32", "part_b": "19", "part_c": "27", "minimum_star": "4"}),
    ("council3.hatinh", "Thành viên Hội đồng tỉnh chấm điểm", {
        "part_a": "31", "part_b": "21", "part_c": "26", "minimum_star": "4",
        "comments": "Sản phẩm đặc trưng của Hương Khê."}),
    ("chair.hatinh", "Chủ tịch UBND tỉnh quyết định công nhận 3–4 sao", {
        "approved": True, "decision_number": "2345/QĐ-UBND", "certificate_number": "HT-2026-041",
        "issue_date": "2026-11-25"}),
    ("office.hatinh", "Thông báo kết quả cho UBND xã và chủ thể", {
        "notice_number": "99/TB-SNN", "notified_commune": True, "notified_producer": True,
        "sent_date": "2026-11-30"}),
]


def sign_out(page: Any) -> None:
    page.locator(".who button", has_text="Đăng xuất").click()
    page.wait_for_url("**/login")


def fill(page: Any, values: dict[str, Any]) -> None:
    """Types into each field as a person would: yes/no radios, drop-downs, text, numbers and dates."""
    for name, value in values.items():
        if isinstance(value, bool):
            page.check(f'input[type=radio][name="{name}"][value="{"true" if value else "false"}"]')
            continue
        field = page.locator(f'[name="{name}"]')
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(str(value))
        else:
            field.fill(str(value))


def file_dossier(page: Any) -> tuple[int, str]:
    page.locator("#main").get_by_role("link", name="Nộp hồ sơ", exact=True).click()  # the producer lands on their dossiers
    page.wait_for_url("**/dossiers/new")
    fill(page, FILING)
    page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
    page.wait_for_url("**/dossiers/*")
    number = page.locator("h1").inner_text()
    assert number in page.locator(".flash-success").inner_text()
    return int(page.url.rsplit("/", 1)[1]), number


def claim_and_open(page: Any, number: str, step: str) -> None:
    """In the inbox: the card of this dossier's step, its Claim button, then the task page."""
    card = page.locator("li.task-card").filter(has_text=number).filter(has_text=step)
    card.get_by_role("button", name=f"Nhận việc: {step} {number}").click()
    expect(page.locator(".flash-success")).to_contain_text("Đã nhận việc.")  # not the last page's message
    card.get_by_role("link", name=step).click()
    page.wait_for_url("**/tasks/*")
    assert page.locator("h1").inner_text() == step


def fill_and_complete(page: Any, step: str, values: dict[str, Any]) -> None:
    fill(page, values)
    page.get_by_role("button", name="Hoàn thành", exact=True).click()
    page.wait_for_url("**/inbox")
    assert step in page.locator(".flash-success").inner_text()


def test_a_dossier_goes_from_filing_to_certificate_in_the_browser_alone(page: Any) -> None:
    sign_in(page, "producer.huongkhe")
    dossier_id, number = file_dossier(page)
    assert "UBND xã kiểm tra hồ sơ" in page.locator("#open-title + ul").inner_text()
    sign_out(page)

    for user, step, values in CHAIN:
        sign_in(page, user)
        claim_and_open(page, number, step)
        if user == "chair.hatinh":  # the chair decides from the council's result, shown on the task
            assert "Điểm: 78,0" in page.locator(".task-result").inner_text()
            assert "★★★★ (4)" in page.locator(".task-result").inner_text()
        fill_and_complete(page, step, values)
        sign_out(page)

    sign_in(page, "producer.huongkhe")
    page.locator("nav").get_by_role("link", name="Hồ sơ", exact=True).click()
    page.get_by_role("link", name=number).click()
    page.wait_for_url(f"**/dossiers/{dossier_id}")
    data = page.locator("dl.data").first.inner_text()
    assert "Hoàn thành" in data  # state: completed
    assert "78" in data  # score: the mean of 78, 78 and 78
    assert "★★★★ (4)" in data
    assert "HT-2026-041" in data
    assert "Không có bước nào đang mở." in page.locator("#open-title ~ p.empty").inner_text()
    timeline, markup = page.locator(".timeline").inner_text(), page.locator(".timeline").inner_html()
    for user, _step, _values in CHAIN:  # the producer reads who did each step by name, but not who scored
        assert (DEMO_NAMES[user] in timeline) is not user.startswith("council")
        assert (f'title="{user}"' in markup) is not user.startswith("council")  # the login on hover
    assert timeline.count("Thành viên Hội đồng (bảo mật)") == 6  # three members' claim and complete
    screenshot(page, "chain-certificate")
