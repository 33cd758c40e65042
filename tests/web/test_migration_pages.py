"""The designer's migration pages: choose the shipped R2 → R3 plan, see the dry run, start the run, follow
it, revert a dossier; a plan with a problem is shown with the field named; a non-designer gets 403."""

from __future__ import annotations

from typing import Any

from flask import Flask

from tests.conftest import Api
from tests.migration.helpers import at, file_r2_at_district
from workflow_service.domain.clock import FixedClock


def test_dry_run_then_run_then_revert_in_the_pages(web_app: Flask, browser_for: Any, clock: FixedClock) -> None:
    at(clock, 2025, 6, 20)
    dossier = file_r2_at_district(Api(web_app.test_client()))
    at(clock, 2025, 7, 6)
    designer = browser_for("designer")
    page = designer.get("/designer/migrations/")
    assert page.status_code == 200 and "r2_to_r3_2025.yaml" in page.get_data(as_text=True)

    preview = designer.post("/designer/migrations/dry-run", {"file": "r2_to_r3_2025.yaml", "plan": ""})
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and 'id="dry-run"' in html
    assert dossier["registration_number"] in html and "district_check" in html
    assert "Phòng chuyên môn cấp huyện kiểm tra hồ sơ" in html  # the step by its name, its id beside it
    assert "Cơ quan tham mưu OCOP tỉnh · Tỉnh Hà Tĩnh" in html and "province_office@42" not in html

    started = designer.post("/designer/migrations/runs", {"file": "r2_to_r3_2025.yaml", "plan": ""})
    assert started.status_code == 302
    run_page = designer.get(started.headers["Location"])
    html = run_page.get_data(as_text=True)
    assert 'data-status="finished"' in html and "office_check" in html
    run_url = started.headers["Location"].rstrip("/")
    assert designer.get(f"{run_url}/status.json").json["counts"]["migrated"] == 1

    reverted = designer.post(f"{run_url}/dossiers/{dossier['id']}/revert")
    assert reverted.status_code == 302
    assert "reverted" in designer.get(run_url).get_data(as_text=True)


def test_a_plan_with_a_problem_is_shown_naming_the_field(web_app: Flask, browser_for: Any) -> None:
    designer = browser_for("designer")
    shown = designer.post("/designer/migrations/dry-run", {"plan": "name: x\nsource: {process_key: ocop_qd148_2023}\n"
                                                                   "target: {process_key: ocop_qd1489_2025}\n"
                                                                   "mapping: {commune_review: commune_review}\n"})
    html = shown.get_data(as_text=True)
    assert shown.status_code == 422 and "mapping.district_check" in html


def test_only_designers_see_the_pages(web_app: Flask, browser_for: Any) -> None:
    assert browser_for("office.hatinh").get("/designer/migrations/").status_code == 403
