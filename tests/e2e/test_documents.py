"""A producer on a 360 px phone opens their dossier and downloads its registration form: the browser
saves it under its Vietnamese name, and the PDF is the one the audit trail names."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from tests.e2e.conftest import PHONE, LiveServer, no_horizontal_scroll, screenshot, sign_in
from tests.web.chain import file
from workflow_service.services.accounts.users import load_actor
from workflow_service.services.documents.reading import list_documents


def test_a_producer_downloads_the_registration_form_on_a_phone(page: Any, live_server: LiveServer,
                                                                 tmp_path: Path) -> None:
    dossier_id = file(live_server.ctx)
    [registration, _] = list_documents(live_server.ctx, load_actor(live_server.ctx, "producer.huongkhe"), dossier_id)
    page.set_viewport_size(PHONE)
    sign_in(page, "producer.huongkhe")
    page.goto(f"/dossiers/{dossier_id}")
    section = page.locator("section", has=page.locator("#doc-title"))
    assert section.locator("h2").inner_text() == "Văn bản"
    link = section.locator("a", has_text="Phiếu đăng ký (Mẫu 01)")
    assert link.is_visible()
    assert no_horizontal_scroll(page)
    screenshot(page, "documents-phone")
    with page.expect_download() as started:
        link.click()
    download = started.value
    assert download.suggested_filename == "Mẫu 01 - Phiếu đăng ký - 001-PĐK-42-18101-2026.pdf"
    saved = tmp_path / "mau01.pdf"
    download.save_as(saved)
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == registration.sha256
