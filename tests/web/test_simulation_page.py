"""The simulation page in-process: a shipped scenario loads by name (nothing else does), an uploaded
scenario file runs, and what cannot run comes back on the page naming the field (422)."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from tests.conftest import ROOT

SCENARIO = (ROOT / "bpmn" / "scenarios" / "ocop_qd1489_2025" / "recognised-4-stars.yaml").read_bytes()


def test_a_shipped_scenario_loads_by_name_and_nothing_else_does(browser_for: Any) -> None:
    designer = browser_for("designer")
    page = designer.get("/designer/simulation/?example=ocop_qd1489_2025/recognised-4-stars")
    assert page.status_code == 200
    assert "key: ocop_qd1489_2025" in page.get_data(as_text=True)
    for name in ("../regulations", "ocop_evaluation/../../regulations", "ocop_evaluation/missing"):
        assert designer.get(f"/designer/simulation/?example={name}").status_code == 404


def test_an_uploaded_scenario_file_runs_on_the_chosen_version(browser_for: Any) -> None:
    designer = browser_for("designer")
    designer.get("/designer/simulation/")
    response = designer.post("/designer/simulation/", {
        "version": "ocop_qd1489_2025:1", "scenario": "",
        "scenario_file": (BytesIO(SCENARIO), "scenario.yaml")}, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[:500]
    assert 'data-passed="true"' in html and 'id="simulation-diagram"' in html


def test_a_scenario_for_another_process_than_the_chosen_version_is_refused(browser_for: Any) -> None:
    designer = browser_for("designer")
    designer.get("/designer/simulation/")
    response = designer.post("/designer/simulation/", {"version": "ocop_evaluation:1",
                                                       "scenario": SCENARIO.decode()})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Kịch bản chạy quy trình <code>ocop_qd1489_2025</code>, không phải <code>ocop_evaluation</code> đã chọn." \
        in html


def test_a_step_the_form_refuses_names_its_fields_by_their_labels(browser_for: Any) -> None:
    text = (ROOT / "bpmn" / "scenarios" / "ocop_evaluation" / "recognised-4-stars.yaml").read_text(encoding="utf-8")
    text = text.replace("data: {complete: true, local_raw_materials: true,", "data: {local_raw_materials: 7,", 1)
    designer = browser_for("designer")
    designer.get("/designer/simulation/")
    html = designer.post("/designer/simulation/", {"version": "ocop_evaluation:1", "scenario": text}).get_data(
        as_text=True)
    fields = html.split('id="stopped-fields">')[1].split("</ul>")[0]
    assert '<span title="complete">Hồ sơ đầy đủ thành phần</span>: Trường này là bắt buộc.' in fields
    assert '<span title="local_raw_materials">Sử dụng nguyên liệu địa phương</span>:' in fields
    assert "is a required property" not in fields and "is not of type" not in fields
