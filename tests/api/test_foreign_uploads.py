"""Exports from other modelers over the API: deploy answers 422 with every problem (file, line, element id),
validate names the uploaded file, and nothing crashes or is stored."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, Api

FOREIGN = sorted((FIXTURES / "bpmn" / "foreign").glob("*.bpmn"))
FORMS = {n: (FIXTURES / "bpmn" / n).read_bytes() for n in ("mini_check.json", "mini_score.json")}


def _deploy(api: Api, files: dict[str, bytes]) -> Any:
    data = {"files": [(io.BytesIO(content), name) for name, content in files.items()]}
    return api.client.post("/api/v1/process-definitions", data=data, content_type="multipart/form-data",
                           headers=api.headers("designer"))


@pytest.mark.parametrize("path", FOREIGN, ids=[p.stem for p in FOREIGN])
def test_a_foreign_export_is_refused_with_its_problem_list(mini_api: Api, path: Path) -> None:
    name = path.name
    response = _deploy(mini_api, {name: path.read_bytes(), **FORMS})
    assert response.status_code == 422, response.get_data(as_text=True)
    problems = response.json["problems"]
    assert problems and all(p["file"] == name and p["element_id"] and p["line"] for p in problems), problems
    assert not [p for p in problems if "0x" in p["message"] or "<Element" in p["message"]]
    listed = mini_api.get("designer", "/process-definitions").json
    assert [d["key"] for d in listed] == ["mini_review"]


def test_validate_names_the_uploaded_file_and_the_element(mini_api: Api) -> None:
    xml = (FIXTURES / "bpmn" / "foreign" / "camunda_juel.bpmn").read_text(encoding="utf-8")
    response = mini_api.post("designer", "/process-definitions/validate",
                             {"key": "mini_review", "base_version": 1, "xml": xml, "file": "Camunda export.bpmn"})
    assert response.status_code == 200, response.json
    assert response.json["problems"] == [{
        "file": "Camunda export.bpmn", "line": 24, "element_id": "Flow_approved",
        "message": "condition on flow Flow_approved is JUEL (Camunda): '${approved}'; "
                   "write it as a Python expression: approved"}]


@pytest.mark.parametrize(("file", "xml"), [("t.dmn", "<x/>"), ("p.bpmn", "<x/>"), ("p.bpmn", "<a><b></a>"),
                                           ("p.txt", "<x/>"), ("../p.bpmn", "<x/>")])
def test_validate_answers_problems_or_422_never_500(mini_api: Api, file: str, xml: str) -> None:
    response = mini_api.post("designer", "/process-definitions/validate",
                             {"key": "mini_review", "base_version": 1, "xml": xml, "file": file})
    assert response.status_code in (200, 422), response.json
    if response.status_code == 200:
        assert response.json["valid"] is False and response.json["problems"][0]["file"] == file
    else:
        assert "file" in response.json["errors"]
