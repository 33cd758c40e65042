"""`plan:<step>` deadlines: resolved from the plan of the dossier's units, filled in when a plan arrives."""

from __future__ import annotations

import io

from tests.conftest import FIXTURES, Api

MINI = (FIXTURES / "bpmn" / "mini.bpmn").read_text()
FORMS = {name: (FIXTURES / "bpmn" / name).read_bytes() for name in ("mini_check.json", "mini_score.json")}
PLAN_DEADLINE = '<spiffworkflow:property name="deadline" value="plan:commune-plans" />'
OFFICER = "officer.huongkhe"


def deploy_with_deadline(api: Api, deadline_xml: str, key: str) -> None:
    bpmn = (MINI.replace('processRef="mini_review"', f'processRef="{key}"')
            .replace('id="mini_review"', f'id="{key}"')
            .replace('<spiffworkflow:property name="formJsonSchemaFilename" value="mini_check.json" />',
                     '<spiffworkflow:property name="formJsonSchemaFilename" value="mini_check.json" />'
                     + deadline_xml))
    files = {f"{key}.bpmn": bpmn.encode(), **FORMS}
    data = {"files": [(io.BytesIO(content), name) for name, content in files.items()]}
    response = api.client.post("/api/v1/process-definitions", data=data, content_type="multipart/form-data",
                               headers=api.headers("designer"))
    assert response.status_code == 201, response.json


def _plan(unit: str, due: str) -> bytes:
    return (f'unit: "{unit}"\nyear: 2026\nsource: "KH {unit}/2026"\nsteps:\n'
            f'  - key: commune-plans\n    title: "Xã gửi kế hoạch"\n    due: "{due}"\n').encode()


def _import(api: Api, user: str, text: bytes, **params: str) -> dict[str, object]:
    response = api.client.post("/api/v1/plans", data=text, query_string=params,
                               headers={**api.headers(user), "Content-Type": "application/yaml"})
    assert response.status_code == 201, response.json
    body: dict[str, object] = response.json
    return body


def _check_task(api: Api, dossier_id: int) -> dict[str, object]:
    task: dict[str, object] = api.get(OFFICER, f"/dossiers/{dossier_id}").json["open_tasks"][0]
    return task


def test_a_plan_deadline_waits_for_the_plan_and_the_nearest_units_plan_wins(mini_api: Api) -> None:
    deploy_with_deadline(mini_api, PLAN_DEADLINE, "mini_plan")
    filed = mini_api.file(OFFICER, "18101", process_key="mini_plan")
    assert filed.status_code == 201, filed.json
    dossier_id = filed.json["id"]
    task = _check_task(mini_api, dossier_id)
    assert (task["deadline_rule"], task["due_at"], task["deadline_status"]) == ("plan:commune-plans", None, None)

    province = _import(mini_api, "office.hatinh", _plan("42", "15/12/2026"))
    assert province["tasks_filled"] == 1
    assert _check_task(mini_api, dossier_id)["due_at"] == "2026-12-15T17:00:00+07:00"

    commune = _import(mini_api, OFFICER, _plan("18101", "10/12/2026"))
    assert commune["tasks_filled"] == 1
    assert _check_task(mini_api, dossier_id)["due_at"] == "2026-12-10T17:00:00+07:00"

    # A new dossier of the same commune gets the commune's date straight away.
    again = mini_api.file(OFFICER, "18101", process_key="mini_plan")
    assert again.json["open_tasks"][0]["due_at"] == "2026-12-10T17:00:00+07:00"


def test_a_plan_of_another_province_fills_nothing(mini_api: Api) -> None:
    deploy_with_deadline(mini_api, PLAN_DEADLINE, "mini_plan")
    dossier_id = mini_api.file(OFFICER, "18101", process_key="mini_plan").json["id"]
    assert _import(mini_api, "office.thanhhoa", _plan("38", "15/12/2026"))["tasks_filled"] == 0
    assert _check_task(mini_api, dossier_id)["due_at"] is None
