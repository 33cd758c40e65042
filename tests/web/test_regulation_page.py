"""The dossier page names the regulation the dossier runs under."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Flask

from tests.engine.test_ocop_evaluation import FILING
from workflow_service.services.accounts.users import load_actor
from workflow_service.services.context import ServiceContext
from workflow_service.services.dossiers.filing import FileDossier, file_dossier


def test_the_dossier_page_shows_the_regulation_and_the_day_received(web_app: Flask, browser_for: Any) -> None:
    ctx: ServiceContext = web_app.extensions["ocopflow"]
    officer = load_actor(ctx, "officer.huongkhe")
    dossier = file_dossier(ctx, officer, FileDossier(None, "18101", "first_time", FILING))
    page = browser_for("officer.huongkhe").get(f"/dossiers/{dossier.id}").get_data(as_text=True)
    assert "Quy định áp dụng" in page and "QĐ 26/2026/QĐ-TTg" in page
    assert "Ngày tiếp nhận" not in page
    earlier = file_dossier(ctx, officer, FileDossier(None, "18101", "first_time", FILING, filed_on=date(2026, 6, 1)))
    page = browser_for("officer.huongkhe").get(f"/dossiers/{earlier.id}").get_data(as_text=True)
    assert "Ngày tiếp nhận" in page and "01/06/2026" in page
