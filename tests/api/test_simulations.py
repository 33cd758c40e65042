"""POST /api/v1/simulations: JSON or multipart, the report as the designer reads it, 422 naming the field
for a scenario or a file that cannot be read, 403 for anyone but designers and admins."""

from __future__ import annotations

from io import BytesIO

from tests.conftest import ROOT, Api
from tests.simulation.test_changed_version import FOUR_FROM_80

SCENARIO = (ROOT / "bpmn" / "scenarios" / "ocop_evaluation" / "recognised-4-stars.yaml").read_text(encoding="utf-8")
BOMB = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><d>&b;</d>'


def test_a_designer_runs_a_shipped_scenario_as_json(api: Api) -> None:
    response = api.post("designer", "/simulations", {"scenario": SCENARIO})
    assert response.status_code == 200, response.json
    report = response.json
    assert (report["passed"], report["failures"], report["stopped"]) == (True, [], None)
    assert report["process"] == {"key": "ocop_evaluation", "source": "deployed", "version": 1,
                                 "based_on_version": 1, "name": report["process"]["name"],
                                 "bpmn": "ocop_evaluation.bpmn", "uploaded": []}
    first = report["path"][0]
    assert (first["element_id"], first["unit"], first["candidates"], first["holder"]) == (
        "commune_review", "18101", ["officer.huongkhe"], "officer.huongkhe")
    assert (first["deadline_rule"], first["due_at"]) == ("15 working days", "2026-06-22T17:00:00+07:00")
    visited = report["visited"]
    assert visited.index("commune_review") < visited.index("council_scoring") < visited.index("notify_result")


def test_an_admin_uploads_a_changed_table_as_multipart_and_sees_the_other_outcome(api: Api) -> None:
    response = api.client.post("/api/v1/simulations", headers=api.headers("admin"), data={
        "scenario": (BytesIO(SCENARIO.encode()), "scenario.yaml"),
        "files": [(BytesIO(FOUR_FROM_80.encode()), "ocop_star_rating.dmn")]})
    assert response.status_code == 200, response.json
    report = response.json
    assert report["process"]["uploaded"] == ["ocop_star_rating.dmn"]
    assert not report["passed"] and report["dossier"]["stars"] == 3
    assert {"step": "outcome", "field": "stars", "expected": 4, "got": 3, "element_id": None} in report["failures"]


def test_malformed_yaml_is_a_422_naming_the_scenario(api: Api) -> None:
    response = api.post("designer", "/simulations", {"scenario": "name: x\nprocess: [\n"})
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert response.json["errors"]["scenario"][0].startswith("line 3: not valid YAML")


def test_malformed_or_entity_laden_xml_is_a_422_naming_the_files(api: Api) -> None:
    for content in (b"<definitions", BOMB):
        response = api.client.post("/api/v1/simulations", headers=api.headers("designer"), data={
            "scenario": SCENARIO, "files": [(BytesIO(content), "ocop_star_rating.dmn")]})
        assert response.status_code == 422, response.json
        assert "files" in response.json["errors"]
    json_bomb = api.post("designer", "/simulations", {"scenario": SCENARIO,
                                                      "files": {"ocop_star_rating.dmn": BOMB.decode()}})
    assert json_bomb.status_code == 422
    assert "DOCTYPE" in json_bomb.json["errors"]["files"][0]


def test_a_missing_scenario_field_is_named(api: Api) -> None:
    assert api.post("designer", "/simulations", {"files": {}}).json["errors"] == {
        "scenario": ["Missing data for required field."]}
    multipart = api.client.post("/api/v1/simulations", headers=api.headers("designer"), data={"x": "1"},
                                 content_type="multipart/form-data")
    assert (multipart.status_code, multipart.json["errors"]) == (422, {"scenario": ["missing"]})


def test_producers_and_officers_may_not_simulate(api: Api) -> None:
    for user in ("producer.huongkhe", "officer.huongkhe", "office.hatinh"):
        assert api.post(user, "/simulations", {"scenario": SCENARIO}).status_code == 403
