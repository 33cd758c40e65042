"""Designer pages: who may open them, what they list, and validate/deploy posted from the editor."""

from __future__ import annotations

from typing import Any

from tests.conftest import ROOT

BPMN = (ROOT / "bpmn" / "ocop_evaluation.bpmn").read_text(encoding="utf-8")
BAD_DEADLINE = BPMN.replace('<spiffworkflow:property name="deadline" value="15 working days" />',
                            '<spiffworkflow:property name="deadline" value="15 workdays" />', 1)


def _post_json(browser: Any, path: str, xml: str, csrf: bool = True) -> Any:
    headers = {"X-CSRFToken": browser.token} if csrf else {}
    return browser.client.post(path, json={"xml": xml}, headers=headers)


def test_designer_sees_processes_versions_and_the_editor(browser_for: Any) -> None:
    designer = browser_for("designer")
    index = designer.get("/designer/").get_data(as_text=True)
    assert "ocop_evaluation" in index
    versions = designer.get("/designer/ocop_evaluation").get_data(as_text=True)
    assert 'data-version="1"' in versions and "/designer/ocop_evaluation/1/edit" in versions
    edit = designer.get("/designer/ocop_evaluation/1/edit").get_data(as_text=True)
    assert "dist/modeler.js" in edit and 'data-csrf="' in edit
    assert '<option value="commune_review.json">' in edit  # form files offered for the task form field
    view = designer.get("/designer/ocop_evaluation/1").get_data(as_text=True)
    assert 'data-diagram-url="/api/v1/process-definitions/ocop_evaluation/versions/1/diagram"' in view


def test_officers_cannot_open_the_designer(browser_for: Any) -> None:
    officer = browser_for("officer.huongkhe")
    assert officer.get("/designer/").status_code == 403
    assert officer.get("/designer/ocop_evaluation/1/edit").status_code == 403
    officer.get("/inbox")
    assert _post_json(officer, "/designer/ocop_evaluation/1/deploy", BPMN).status_code == 403


def test_validate_and_deploy_from_the_editor(browser_for: Any, web_app: Any) -> None:
    designer = browser_for("designer")
    designer.get("/designer/ocop_evaluation/1/edit")
    problems = _post_json(designer, "/designer/ocop_evaluation/1/validate", BAD_DEADLINE).json["problems"]
    assert [p["element_id"] for p in problems] == ["commune_review"]
    refused = _post_json(designer, "/designer/ocop_evaluation/1/deploy", BAD_DEADLINE)
    assert refused.status_code == 422 and refused.json["problems"][0]["element_id"] == "commune_review"
    fixed = BPMN.replace('name="UBND xã kiểm tra hồ sơ', 'name="UBND cấp xã kiểm tra hồ sơ', 1)
    deployed = _post_json(designer, "/designer/ocop_evaluation/1/deploy", fixed)
    assert deployed.status_code == 201, deployed.get_data(as_text=True)
    assert deployed.json == {"version": 2, "created": True, "url": "/designer/ocop_evaluation"}
    compare = designer.get("/designer/ocop_evaluation/compare?from=1&to=2").get_data(as_text=True)
    assert 'data-element-id="commune_review"' in compare


def test_deploy_without_the_csrf_token_is_refused(browser_for: Any) -> None:
    designer = browser_for("designer")
    response = _post_json(designer, "/designer/ocop_evaluation/1/deploy", BPMN, csrf=False)
    assert response.status_code == 400
    assert [r.definition.version for r in _versions(designer)] == [1]


def _versions(browser: Any) -> list[Any]:
    from workflow_service.services.accounts.users import load_actor
    from workflow_service.services.designer import versions as designer

    ctx = browser.client.application.extensions["ocopflow"]
    return designer.list_versions(ctx, load_actor(ctx, "designer"), "ocop_evaluation")



def test_the_editors_problems_read_in_the_page_language(browser_for: Any) -> None:
    designer = browser_for("designer")
    designer.get("/designer/ocop_evaluation/1/edit")
    typo = BPMN.replace('value="office_check.json"', 'value="office_chek.json"', 1)
    [problem] = _post_json(designer, "/designer/ocop_evaluation/1/validate", typo).json["problems"]
    assert problem["element_id"] == "office_check"
    assert problem["message"].startswith("Biểu mẫu «office_chek.json» không có trong quy trình này")
    [late] = _post_json(designer, "/designer/ocop_evaluation/1/validate", BAD_DEADLINE).json["problems"]
    assert late["message"].startswith("Không hiểu thời hạn «15 workdays»")
