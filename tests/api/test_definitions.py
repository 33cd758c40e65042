"""Deploying bundles: versions, no-op redeploys, and precise errors for bad or hostile BPMN."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, Api

MINI = (FIXTURES / "bpmn" / "mini.bpmn").read_text()
FORMS = {name: (FIXTURES / "bpmn" / name).read_bytes() for name in ("mini_check.json", "mini_score.json")}


def _upload(api: Api, files: dict[str, bytes], user: str = "designer") -> object:
    data = {"files": [(io.BytesIO(content), name) for name, content in files.items()]}
    return api.client.post("/api/v1/process-definitions", data=data, content_type="multipart/form-data",
                           headers=api.headers(user))


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_unchanged_content_is_a_no_op_and_changed_content_a_new_version(mini_api: Api) -> None:
    same = _upload(mini_api, {"mini.bpmn": MINI.encode(), **FORMS})
    assert same.status_code == 200 and same.json["version"] == 1  # deployed at start already
    changed = MINI.replace('name="Check dossier"', 'name="Check the dossier"')
    created = _upload(mini_api, {"mini.bpmn": changed.encode(), **FORMS})
    assert created.status_code == 201
    assert (created.json["key"], created.json["version"]) == ("mini_review", 2)
    versions = mini_api.get("designer", "/process-definitions/mini_review/versions").json
    assert [v["version"] for v in versions] == [1, 2]


def test_running_dossiers_stay_on_the_version_they_started_with(mini_api: Api) -> None:
    old = mini_api.file("officer.huongkhe", "18101", process_key="mini_review").json
    changed = MINI.replace('name="Check dossier"', 'name="Kiểm tra hồ sơ"')
    assert _upload(mini_api, {"mini.bpmn": changed.encode(), **FORMS}).status_code == 201
    new = mini_api.file("officer.huongkhe", "18101", process_key="mini_review").json
    assert (old["version"], new["version"]) == (1, 2)
    assert mini_api.do("officer.huongkhe", old["open_tasks"][0]["id"], {"complete": False}).status_code == 200
    assert mini_api.get("officer.huongkhe", f"/dossiers/{old['id']}").json["state"] == "completed"
    counts = {v["version"]: v["running_dossiers"]
              for v in mini_api.get("designer", "/process-definitions/mini_review/versions").json}
    assert counts == {1: 0, 2: 1}


def test_only_designers_deploy(mini_api: Api) -> None:
    assert _upload(mini_api, {"mini.bpmn": MINI.encode()}, user="officer.huongkhe").status_code == 403


HOSTILE = {
    "external entity": ('<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                        + MINI.split("\n", 1)[1], "DOCTYPE"),
    "entity bomb": ('<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
                    + MINI.split("\n", 1)[1], "DOCTYPE"),
    "not well-formed": (MINI.replace("</bpmn:process>", ""), "not well-formed"),
    "import in a script": (MINI.replace('score = average([s["points"] for s in sheets])',
                                        'import os\nos.system("id")'), "script rejected"),
    "dunder escape in a condition": (MINI.replace("complete == True", "().__class__.__bases__"),
                                     "expression does not compile"),
    "unknown lane role": (MINI.replace('name="province_council"', 'name="village_elder"'), "village_elder"),
    "missing form": (MINI.replace('value="mini_score.json"', 'value="nowhere.json"'), "nowhere.json"),
    "bad timer": (MINI.replace('<bpmn:endEvent id="end_rejected" />',
                               '<bpmn:endEvent id="end_rejected" />'
                               '<bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition id="td">'
                               '<bpmn:timeDuration>"P1X"</bpmn:timeDuration></bpmn:timerEventDefinition>'
                               '</bpmn:intermediateCatchEvent>'), "timeDuration"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_bad_or_hostile_bpmn_is_rejected_with_a_precise_message(mini_api: Api, case: str) -> None:
    text, expected = HOSTILE[case]
    response = _upload(mini_api, {"mini.bpmn": text.encode(), **FORMS})
    assert response.status_code == 422, response.json
    assert response.content_type == "application/problem+json"
    assert any(expected in message for message in response.json["errors"]["files"]), response.json
    assert [v["version"] for v in mini_api.get("designer", "/process-definitions/mini_review/versions").json] == [1]


def test_problems_name_the_element_and_line(mini_api: Api) -> None:
    text = MINI.replace("complete == True", "complete ==")
    problems = _upload(mini_api, {"mini.bpmn": text.encode(), **FORMS}).json["errors"]["files"]
    line = _line_of(text, "<bpmn:conditionExpression>complete ==")
    assert problems == [f"mini.bpmn:{line} [f_yes]: expression does not compile: " + problems[0].split(
        "expression does not compile: ")[1]]


def test_the_openapi_document_describes_the_endpoints(mini_api: Api) -> None:
    spec = mini_api.client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    for path in ("/dossiers", "/tasks/{task_id}/claim", "/process-definitions", "/auth/token"):
        assert path in spec["paths"]


def test_bundle_from_disk_matches_start_deploy(tmp_path: Path) -> None:
    # the fixture files are what the service deployed at start; re-reading them yields the same hash
    from workflow_service.domain.roles import ALL_ROLES
    from workflow_service.engine.bundle import parse_bundle
    first = parse_bundle({"mini.bpmn": MINI.encode()}, FIXTURES / "bpmn", set(ALL_ROLES))
    second = parse_bundle({"mini.bpmn": MINI.encode(), **FORMS}, tmp_path, set(ALL_ROLES))
    assert first.content_hash == second.content_hash
