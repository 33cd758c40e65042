"""The dossier page lists its official documents; each link downloads the PDF under its Vietnamese name,
for those who see the dossier only."""

from __future__ import annotations

import re
from urllib.parse import quote

from flask import Flask

from tests.web.chain import BEFORE_SCORING, file, open_task
from tests.web.conftest import Browser
from workflow_service.services.accounts.users import load_actor
from workflow_service.services.context import ServiceContext
from workflow_service.services.tasks.actions import claim_task, complete_task

LINK = re.compile(r'<a href="(/dossiers/\d+/documents/\d+)" download>([^<]+)</a>')


def test_the_dossier_page_lists_the_documents_and_each_link_downloads_its_pdf(web_app: Flask, browser_for) -> None:
    ctx: ServiceContext = web_app.extensions["ocopflow"]
    dossier_id = file(ctx)
    user, element, data = BEFORE_SCORING[0]  # the commune's review issues Mẫu 03
    task = open_task(ctx, dossier_id, element)
    claim_task(ctx, load_actor(ctx, user), task.id)
    complete_task(ctx, load_actor(ctx, user), task.id, data)

    producer: Browser = browser_for("producer.huongkhe")
    page = producer.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    links = LINK.findall(page)
    assert [label for _, label in links] == ["Phiếu đăng ký (Mẫu 01)", "Báo cáo tự đánh giá (Mẫu 02)",
                                             "Báo cáo đánh giá của UBND xã (Mẫu 03)"]
    assert "Mẫu 03 - Báo cáo đánh giá của UBND xã - 001-PĐK-42-18101-2026.pdf" in page
    assert "Đã ban hành văn bản" in page  # the timeline shows each issue with its SHA-256
    for url, _ in links:
        response = producer.client.get(url)
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        assert response.data.startswith(b"%PDF-")
    disposition = producer.client.get(links[0][0]).headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="Mau 01 - Phieu dang ky - 001-PDK-42-18101-2026.pdf"')
    assert disposition.endswith("filename*=UTF-8''" + quote("Mẫu 01 - Phiếu đăng ký - 001-PĐK-42-18101-2026.pdf",
                                                            safe=""))

    outsider: Browser = browser_for("officer.huongpho")
    assert all(outsider.get(url).status_code == 404 for url, _ in links)

    producer.post("/language", {"lang": "en", "next": f"/dossiers/{dossier_id}"})
    english = producer.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert "Official documents" in english and "Registration form (Form 01)" in english
