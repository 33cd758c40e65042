"""A plan is refused before it touches anything: an unmapped waiting element named, unknown ids, bad YAML
or shape → 422 naming the field; only designers and admins may use it."""

from __future__ import annotations

import pytest

from tests.conftest import Api

from .helpers import R2_TO_R3


def _validate(api: Api, plan: str, user: str = "designer") -> tuple[int, dict[str, object]]:
    response = api.post(user, "/migrations/validate", {"plan": plan})
    return response.status_code, response.json


def test_the_shipped_plans_are_valid_against_the_deployed_chains(api: Api) -> None:
    listed = api.get("designer", "/migrations/plans")
    assert [p["file"] for p in listed.json] == ["r2_to_r3_2025.yaml", "r3_to_r4_2026.yaml"]
    for shipped in listed.json:
        checked = api.post("designer", "/migrations/validate", {"file": shipped["file"]})
        assert checked.status_code == 200, checked.json
    r3 = api.post("admin", "/migrations/validate", {"file": "r3_to_r4_2026.yaml"}).json["plan"]
    assert r3["target"] == {"process_key": "ocop_evaluation", "version": 1, "regulation": "R4"}
    assert r3["deadline"]["re_evaluation"] == "30 days from 2026-05-22"


def test_a_plan_that_leaves_a_waiting_element_unmapped_is_refused_naming_it(api: Api) -> None:
    status, problem = _validate(api, R2_TO_R3.replace("  district_scoring: office_check\n", ""))
    assert status == 422
    assert list(problem["errors"]) == ["mapping.district_scoring"]  # type: ignore[call-overload]
    assert "district_scoring" in str(problem["detail"]) and "wait" in str(problem["detail"])


@pytest.mark.parametrize(("change", "field"), [
    (("  office_check: office_check\n", "  office_check: office_chek\n"), "mapping.office_check"),
    (("  notify_result: notify_result\n", "  notify_resul: notify_result\n"), "mapping.notify_resul"),
    (("  district_check: office_check\n", "  district_check: compute_score\n"), "mapping.district_check"),
    (("process_key: ocop_qd148_2023", "process_key: no_such_process"), "source.process_key"),
    (("  regulation: R3", "  regulation: R9"), "target.regulation"),
    (("deadline: target", "deadline: 60 fortnights"), "deadline"),
    (("deadline: target", "deadline: {first_time: keep, later: keep}"), "deadline.later"),
    (("select: all", "select: {units: 42}"), "select.units"),
    (("select: all", "data: {rename: {a: b}, code: 'x = 1'}"), "data.code"),
    (("name: r2-to-r3-2025\n", ""), "name"),
])
def test_a_wrong_field_is_named(api: Api, change: tuple[str, str], field: str) -> None:
    old, new = change
    assert old in R2_TO_R3
    status, problem = _validate(api, R2_TO_R3.replace(old, new))
    assert status == 422, problem
    assert field in problem["errors"], problem  # type: ignore[operator]


@pytest.mark.parametrize("plan", ["mapping: [unclosed", "- a list\n- not a plan", "!!python/object:os.system x"])
def test_bad_yaml_or_shape_is_a_422_naming_the_plan(api: Api, plan: str) -> None:
    status, problem = _validate(api, plan)
    assert status == 422 and "plan" in problem["errors"], problem  # type: ignore[operator]


def test_a_body_without_plan_or_file_is_a_422(api: Api) -> None:
    response = api.post("designer", "/migrations/dry-run", {"plan": "x", "file": "y"})
    assert response.status_code == 422 and "plan" in response.json["errors"]


@pytest.mark.parametrize("user", ["office.hatinh", "producer.huongkhe", "supervisor.hatinh"])
def test_only_designers_and_admins(api: Api, user: str) -> None:
    assert _validate(api, R2_TO_R3, user)[0] == 403
    assert api.post(user, "/migrations/runs", {"file": "r2_to_r3_2025.yaml"}).status_code == 403
