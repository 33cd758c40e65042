"""A regulation change is a table change: a designer edits R4's star table, validates and deploys it as a
new version; dossiers filed before keep the old table, dossiers filed after run the new one."""

from __future__ import annotations

from typing import Any

from flask import Flask

from tests.api.test_evaluation_chain import COUNCIL, step
from tests.conftest import ROOT, Api
from tests.engine.test_ocop_evaluation import FILING

STAR = (ROOT / "bpmn" / "ocop_star_rating.dmn").read_text(encoding="utf-8")
# The 4★ band starts at 75 instead of 70 (and 3★ reaches up to it).
STAR_75 = STAR.replace("<text>70 &lt;= ? &lt; 90</text>", "<text>75 &lt;= ? &lt; 90</text>") \
              .replace("<text>50 &lt;= ? &lt; 70</text>", "<text>50 &lt;= ? &lt; 75</text>")
BASE = "/designer/ocop_evaluation/1/dmn/ocop_star_rating.dmn"


def _post(browser: Any, path: str, xml: str) -> Any:
    return browser.client.post(path, json={"xml": xml}, headers={"X-CSRFToken": browser.token})


def _file(api: Api) -> tuple[int, int]:
    filed = api.file("producer.huongkhe", "18101", FILING)
    assert filed.status_code == 201, filed.json
    return filed.json["id"], filed.json["version"]


def _score_72(api: Api, dossier_id: int) -> dict[str, Any]:
    step(api, dossier_id, "officer.huongkhe", "commune_review", {
        "complete": True, "local_raw_materials": True, "local_labour": True, "idea_origin": True,
        "local_identity": True, "mau03_report_number": "12/BC-UBND", "proposal_letter_number": "13/TTr-UBND",
        "samples_sent": True})
    step(api, dossier_id, "office.hatinh", "office_check", {"complete": True})
    step(api, dossier_id, "advisory.hatinh", "advisory_review", {
        "supplement_needed": False, "site_survey_done": True, "lab_tests_required": False, "report": "Đạt."})
    for member in COUNCIL:
        step(api, dossier_id, member, "council_scoring", {"part_a": 30, "part_b": 20, "part_c": 22,
                                                          "minimum_star": 5})
    dossier: dict[str, Any] = api.get("office.hatinh", f"/dossiers/{dossier_id}").json
    assert dossier["score"] == 72.0
    return dossier


def test_the_version_page_lists_its_tables_and_opens_them_in_the_dmn_editor(browser_for: Any) -> None:
    designer = browser_for("designer")
    view = designer.get("/designer/ocop_evaluation/1").get_data(as_text=True)
    assert f'href="{BASE}"' in view and "qd148_2023_star_rating.dmn" in view
    edit = designer.get(BASE).get_data(as_text=True)
    assert "dist/dmn-modeler.js" in edit and 'data-csrf="' in edit
    assert "75 &amp;lt;= ?" not in edit and "70 &amp;lt;= ? &amp;lt; 90" in edit  # the XML, escaped once
    assert designer.get("/designer/ocop_evaluation/1/dmn/nothing.dmn").status_code == 404
    assert browser_for("officer.huongkhe").get(BASE).status_code == 403


def test_a_new_star_threshold_applies_to_dossiers_filed_after_the_deploy(web_app: Flask, browser_for: Any) -> None:
    api = Api(web_app.test_client())
    before, version = _file(api)
    assert version == 1
    designer = browser_for("designer")
    designer.get(BASE)
    assert _post(designer, f"{BASE}/validate", STAR_75).json == {"valid": True, "problems": []}
    deployed = _post(designer, f"{BASE}/deploy", STAR_75)
    assert deployed.status_code == 201, deployed.get_data(as_text=True)
    assert deployed.json["version"] == 2
    after, version = _file(api)
    assert version == 2
    assert _score_72(api, before)["stars"] == 4  # filed under the 70-point threshold
    assert _score_72(api, after)["stars"] == 3  # filed under the 75-point threshold
    new = designer.get("/designer/ocop_evaluation/2/dmn/ocop_star_rating.dmn").get_data(as_text=True)
    assert "75 &amp;lt;= ? &amp;lt; 90" in new


def test_an_invalid_table_names_the_element_and_deploys_nothing(web_app: Flask, browser_for: Any) -> None:
    designer = browser_for("designer")
    designer.get(BASE)
    broken = _post(designer, f"{BASE}/deploy", STAR.replace("</rule>", "", 1))
    assert broken.status_code == 422
    [problem] = broken.json["problems"]
    assert problem["file"] == "ocop_star_rating.dmn" and problem["line"]
    assert problem["message"] == "«ocop_star_rating.dmn» không phải là XML hợp lệ: tệp có thể bị cắt cụt hoặc bị " \
                                 "sửa tay; hãy xem dòng được chỉ ra."
    assert problem["technical"].startswith("not well-formed XML")  # the parser's words, shown collapsed
    unknown = _post(designer, f"{BASE}/deploy", STAR.replace("<text>score</text>", "<text>điểm trung bình</text>"))
    assert unknown.status_code == 422
    [problem] = unknown.json["problems"]
    assert problem["element_id"] == "ocop_star_band" and "«điểm trung bình» không phải là biểu thức hợp lệ" in problem["message"]
    typo = _post(designer, f"{BASE}/validate", STAR.replace("<text>score</text>", "<text>scor</text>"))
    assert typo.json["problems"] == [{  # in the page's language; the API answers the English
        "file": "ocop_star_rating.dmn", "line": 7, "element_id": "ocop_star_band",
        "message": "Bảng quyết định đọc «scor» nhưng không có trường biểu mẫu, kịch bản hay bảng quyết định nào "
                   "của quy trình đặt giá trị này. Có phải bạn muốn dùng score?"}]
    bad_rule = _post(designer, f"{BASE}/validate", STAR.replace("70 &lt;= ? &lt; 90", "70 &lt;= ? &lt;&lt;&lt; 90"))
    assert [p["element_id"] for p in bad_rule.json["problems"]] == ["ocop_star_band_4"]
    versions = Api(web_app.test_client()).get("designer", "/process-definitions/ocop_evaluation/versions").json
    assert [v["version"] for v in versions] == [1]
