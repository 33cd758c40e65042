"""Diagrams with state, validation with element ids, and version comparison through the API."""

from __future__ import annotations

import io

from tests.conftest import FIXTURES, Api
from workflow_service.services.accounts.users import load_actor
from workflow_service.services.context import ServiceContext
from workflow_service.services.designer import versions as designer

MINI = (FIXTURES / "bpmn" / "mini.bpmn").read_text()
FORMS = {name: (FIXTURES / "bpmn" / name).read_bytes() for name in ("mini_check.json", "mini_score.json")}
WITH_DEADLINE = MINI.replace(
    '<spiffworkflow:property name="formJsonSchemaFilename" value="mini_check.json" />',
    '<spiffworkflow:property name="formJsonSchemaFilename" value="mini_check.json" />'
    '<spiffworkflow:property name="deadline" value="15 workdays" />')


def _deploy(api: Api, text: str) -> int:
    data = {"files": [(io.BytesIO(c), n) for n, c in {"mini.bpmn": text.encode(), **FORMS}.items()]}
    response = api.client.post("/api/v1/process-definitions", data=data, content_type="multipart/form-data",
                               headers=api.headers("designer"))
    assert response.status_code == 201, response.json
    return int(response.json["version"])


def _validate(api: Api, text: str, user: str = "designer") -> dict:  # type: ignore[type-arg]
    response = api.post(user, "/process-definitions/validate",
                        {"key": "mini_review", "base_version": 1, "xml": text})
    assert response.status_code in (200, 403), response.json
    return dict(response.json) | {"status": response.status_code}


def test_a_dossier_diagram_shows_done_and_open_steps_and_who_holds_them(mini_api: Api) -> None:
    dossier = mini_api.file("officer.huongkhe", "18101", process_key="mini_review").json
    path = f"/dossiers/{dossier['id']}/diagram"
    diagram = mini_api.get("officer.huongkhe", path).json
    assert diagram["xml"] == MINI and (diagram["key"], diagram["version"]) == ("mini_review", 1)
    assert "start" in diagram["completed"] and "check" not in diagram["completed"]
    assert [(c["element_id"], c["holder"], c["offered_to"]) for c in diagram["current"]] == [
        ("check", None, "commune_officer@18101")]
    task_id = dossier["open_tasks"][0]["id"]
    assert mini_api.post("officer.huongkhe", f"/tasks/{task_id}/claim").status_code == 200
    assert mini_api.get("officer.huongkhe", path).json["current"][0]["holder"] == "officer.huongkhe"
    mini_api.post("officer.huongkhe", f"/tasks/{task_id}/complete", {"data": {"complete": False}})
    done = mini_api.get("officer.huongkhe", path).json
    assert done["current"] == [] and {"check", "gw", "end_rejected"} <= set(done["completed"])


def test_a_dossier_diagram_is_hidden_exactly_like_the_dossier(mini_api: Api) -> None:
    dossier = mini_api.file("officer.huongkhe", "18101", process_key="mini_review").json
    path = f"/dossiers/{dossier['id']}/diagram"
    assert mini_api.get("officer.huongpho", path).status_code == 404  # another commune
    assert mini_api.get("officer.huongpho", f"/dossiers/{dossier['id']}").status_code == 404
    assert mini_api.client.get(f"/api/v1{path}").status_code == 401
    # our pages read it with the session cookie instead of a token; the same visibility applies
    with mini_api.client.session_transaction() as session:
        session["user"] = "officer.huongpho"
        session["sv"] = 0  # the user's session version (signing out or a password change bumps it)
    assert mini_api.client.get(f"/api/v1{path}").status_code == 404
    with mini_api.client.session_transaction() as session:
        session["user"] = "supervisor.hatinh"
        session["sv"] = 0  # the user's session version (signing out or a password change bumps it)
    assert mini_api.client.get(f"/api/v1{path}").json["current"][0]["element_id"] == "check"


def test_validation_names_the_element_of_each_problem(mini_api: Api) -> None:
    assert _validate(mini_api, MINI) == {"valid": True, "problems": [], "status": 200}
    bad_deadline = _validate(mini_api, WITH_DEADLINE)
    assert not bad_deadline["valid"]
    assert [(p["element_id"], "workdays" in p["message"]) for p in bad_deadline["problems"]] == [("check", True)]
    no_form = MINI.replace('<spiffworkflow:property name="formJsonSchemaFilename" value="mini_score.json" />', "")
    assert [p["element_id"] for p in _validate(mini_api, no_form)["problems"]] == ["score"]
    renamed = MINI.replace('id="mini_review"', 'id="other_review"').replace('processRef="mini_review"',
                                                                            'processRef="other_review"')
    assert "process id changed" in _validate(mini_api, renamed)["problems"][0]["message"]
    assert _validate(mini_api, "<not-closed", )["problems"][0]["message"].startswith("not well-formed")


def test_only_designers_validate(mini_api: Api) -> None:
    assert _validate(mini_api, MINI, user="officer.huongkhe")["status"] == 403


def test_comparing_versions_names_changed_added_and_removed_elements(mini_api: Api) -> None:
    changed = MINI.replace('name="Check dossier"', 'name="Kiểm tra hồ sơ"').replace(
        '<bpmn:endEvent id="end_rejected" />', '<bpmn:endEvent id="end_refused" name="Refused" />').replace(
        'targetRef="end_rejected"', 'targetRef="end_refused"').replace(
        "<bpmn:flowNodeRef>end_rejected</bpmn:flowNodeRef>", "<bpmn:flowNodeRef>end_refused</bpmn:flowNodeRef>")
    assert _deploy(mini_api, changed) == 2
    diff = mini_api.get("designer", "/process-definitions/mini_review/compare?from=1&to=2").json
    assert diff["changed"] == ["Lane_officer", "check", "f_no"]
    assert (diff["added"], diff["removed"]) == (["end_refused"], ["end_rejected"])
    assert diff["names"]["check"] == "Kiểm tra hồ sơ"
    assert diff["details"]["check"] == ["name: Check dossier → Kiểm tra hồ sơ"]
    assert diff["details"]["f_no"] == ["targetRef: end_rejected → end_refused"]
    same = mini_api.get("designer", "/process-definitions/mini_review/compare?from=2&to=2").json
    assert same["changed"] == same["added"] == same["removed"] == []


def test_an_added_property_and_a_changed_condition_are_told_apart(mini_api: Api,
                                                                   service_ctx: ServiceContext) -> None:
    from workflow_service.services.designer.compare import Change, compare_versions
    changed = MINI.replace(
        '<spiffworkflow:property name="formJsonSchemaFilename" value="mini_check.json" />',
        '<spiffworkflow:property name="formJsonSchemaFilename" value="mini_check.json" />'
        '<spiffworkflow:property name="deadline" value="20 days" />').replace(
        "complete == True", "complete == True and score > 0")
    assert _deploy(mini_api, changed) == 2
    diff = mini_api.get("designer", "/process-definitions/mini_review/compare?from=1&to=2").json
    assert diff["details"]["check"] == ["deadline: — → 20 days"]  # a property added, not "content"
    assert diff["details"]["f_yes"] == ["content (flows, conditions, scripts or documentation)"]
    found = compare_versions(service_ctx, load_actor(service_ctx, "designer"), "mini_review", 1, 2)
    assert found.changes["check"] == [Change("deadline", None, "20 days")]
    assert found.changes["f_yes"] == [Change("conditionExpression", "complete == True",
                                             "complete == True and score > 0", "content")]


def test_layout_and_attribute_order_are_not_changes(mini_api: Api) -> None:
    reformatted = MINI.replace('<bpmn:process id="mini_review" name="Mini review" isExecutable="true">',
                               '<bpmn:process isExecutable="true" name="Mini review" id="mini_review">').replace(
        '<bpmn:multiInstanceLoopCharacteristics ', '<bpmn:multiInstanceLoopCharacteristics isSequential="false" ')
    assert _deploy(mini_api, reformatted) == 2
    diff = mini_api.get("designer", "/process-definitions/mini_review/compare?from=1&to=2").json
    assert diff["changed"] == diff["added"] == diff["removed"] == []


def test_versions_count_running_and_completed_dossiers(mini_api: Api, service_ctx: ServiceContext) -> None:
    first = mini_api.file("officer.huongkhe", "18101", process_key="mini_review").json
    mini_api.file("officer.huongkhe", "18101", process_key="mini_review")
    mini_api.do("officer.huongkhe", first["open_tasks"][0]["id"], {"complete": False})
    _deploy(mini_api, MINI.replace('name="Check dossier"', 'name="Check"'))
    rows = designer.list_versions(service_ctx, load_actor(service_ctx, "designer"), "mini_review")
    assert [(r.definition.version, r.running, r.completed) for r in rows] == [(1, 1, 1), (2, 0, 0)]


def test_the_openapi_document_lists_the_diagram_endpoints(mini_api: Api) -> None:
    paths = mini_api.client.get("/api/v1/openapi.json").json["paths"]
    assert {"/dossiers/{dossier_id}/diagram", "/process-definitions/validate",
            "/process-definitions/{key}/compare"} <= set(paths)
