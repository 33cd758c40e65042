"""The producer's year in the browser, on a 360 px phone: register an idea, the commune forwards it and the
province office selects it (Hương Khê has no district since 1/7/2025), submit the business plan, the office
finds it eligible and the province chair approves it, then file the product for evaluation from the plan —
the dossier shows the idea and the plan it comes from. Vietnamese pages; the producer's page in English too."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, no_horizontal_scroll, screenshot, sign_in
from tests.e2e.test_chain_in_browser import claim_and_open, fill, fill_and_complete, sign_out

IDEA = {"producer.name": "HTX Cam Khe Mây", "producer.type": "cooperative", "producer.address": "Xã Hương Khê, Hà Tĩnh",
        "producer.phone": "0912 345 678", "product.name": "Cam Khe Mây sấy dẻo", "product.group": "food",
        "product.description": "Cam Khe Mây sấy dẻo, nguyên liệu từ vườn cam của xã."}
PLAN = {"plan.title": "Phương án sản xuất cam sấy dẻo 2027", "plan.objectives": "Xưởng sấy 2 tấn mỗi năm.",
        "plan.investment_million_vnd": "600", "plan.duration_months": "12"}


def open_producer_page(page: Any) -> None:
    page.goto("/producer")
    assert page.locator("h1").inner_text() == "Sản phẩm OCOP của tôi"
    assert no_horizontal_scroll(page)


def officer_step(page: Any, user: str, number: str, step: str, values: dict[str, Any]) -> None:
    sign_in(page, user)
    claim_and_open(page, number, step)
    fill_and_complete(page, step, values)
    sign_out(page)


def test_idea_to_selection_to_approved_plan_to_filed_dossier_on_a_phone(chromium: Any, live_server: Any) -> None:
    context = chromium.new_context(viewport=PHONE, base_url=live_server.url, locale="vi-VN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmation before completing a task
    try:
        sign_in(page, "producer.huongkhe")
        assert page.url.endswith("/producer")  # the producer's landing
        assert no_horizontal_scroll(page)
        page.get_by_role("link", name="Đăng ký ý tưởng", exact=True).click()
        page.wait_for_url("**/ideas/new")
        fill(page, IDEA)
        page.get_by_role("button", name="Đăng ký ý tưởng", exact=True).click()
        page.wait_for_url("**/producer")
        idea = page.locator("#ideas-title + p + ol li").first
        number = idea.locator(".task-name").inner_text()
        assert number == "001/YT-42-18101-2026" and "Đang xem xét" in idea.inner_text()
        sign_out(page)

        officer_step(page, "officer.huongkhe", number, "UBND xã rà soát ý tưởng, chuyển cấp lựa chọn",
                     {"idea_forwarded": True, "commune_opinion": "Ý tưởng có tiềm năng."})
        officer_step(page, "office.hatinh", number, "Cơ quan tham mưu OCOP tỉnh đánh giá, lựa chọn ý tưởng",
                     {"idea_selected": True, "selection_decision_number": "45/QĐ-UBND",
                      "selection_decision_date": "2026-11-24"})

        sign_in(page, "producer.huongkhe")
        assert "Quyết định số 45/QĐ-UBND ngày 2026-11-24" in page.locator("#ideas-title + p + ol").inner_text()
        page.get_by_role("link", name="Nộp phương án", exact=True).click()
        page.wait_for_url("**/business-plans/new?idea=*")
        fill(page, PLAN)
        page.get_by_role("button", name="Nộp phương án", exact=True).click()
        page.wait_for_url("**/producer")
        plan = page.locator("#plans-title + ol li").first
        plan_number = plan.locator(".task-name").inner_text()
        assert plan_number == "001/PA-42-18101-2026" and "Đang đánh giá" in plan.inner_text()
        sign_out(page)

        officer_step(page, "office.hatinh", plan_number, "Cơ quan tham mưu OCOP tỉnh đánh giá phương án",
                     {"plan_eligible": True, "plan_evaluation_notes": "Phương án khả thi."})
        officer_step(page, "chair.hatinh", plan_number, "Chủ tịch UBND tỉnh quyết định phê duyệt phương án",
                     {"plan_approved": True, "approval_decision_number": "88/QĐ-UBND",
                      "approval_decision_date": "2026-11-25"})

        sign_in(page, "producer.huongkhe")
        assert "Đã phê duyệt" in page.locator("#plans-title + ol").inner_text()
        screenshot(page, "producer-phone")
        page.get_by_role("link", name="Nộp hồ sơ đánh giá sản phẩm", exact=True).click()
        page.wait_for_url("**/dossiers/new?business_plan=*")
        assert plan_number in page.locator(".flash-success").inner_text()
        assert page.locator('[name="product.name"]').input_value() == "Cam Khe Mây sấy dẻo"
        fill(page, {"product.subgroup": "Thực phẩm chế biến", "product.sample_count": "5"})
        page.get_by_role("button", name="Nộp hồ sơ", exact=True).click()
        page.wait_for_url("**/dossiers/*")
        assert page.locator("h1").inner_text() == "001/PĐK-42-18101-2026"
        data = page.locator("dl.data").first.inner_text()
        assert number in data and plan_number in data  # linked to its idea and its plan
        assert no_horizontal_scroll(page)

        page.goto("/producer")
        page.locator("form.lang button").click()  # English
        expect(page.locator("h1")).to_have_text("My OCOP products")  # waits for the reloaded page
        assert "Approved" in page.locator("#plans-title + ol").inner_text()
        assert no_horizontal_scroll(page)
    finally:
        context.close()
