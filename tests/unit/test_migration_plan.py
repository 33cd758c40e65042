"""Migration plans as YAML: declared renames and defaults only, deadlines per kind, every problem by field."""

from __future__ import annotations

import pytest

from workflow_service.domain.errors import ValidationFailed
from workflow_service.domain.migration_check import VersionElements, check_plan
from workflow_service.domain.migration_plan import parse_plan

PLAN = """
name: demo
source: {process_key: old, versions: [1, 2]}
target: {process_key: new, version: 3, regulation: R9}
mapping: {a: x, b: y}
data:
  rename: {district_score: previous_score}
  defaults: {transition: true}
select: {units: ["42"], dossiers: [12, "001/PĐK-42-18101-2025"]}
deadline: {first_time: keep, upgrade: target, re_evaluation: 30 days from 2026-05-22}
"""


def test_a_plan_is_read_field_by_field() -> None:
    plan = parse_plan(PLAN)
    assert (plan.source_versions, plan.target_version, plan.target_regulation) == ((1, 2), 3, "R9")
    assert plan.selection.units == ("42",) and plan.selection.dossiers == ("12", "001/PĐK-42-18101-2025")
    assert [plan.deadline_for(k) for k in ("first_time", "upgrade", "re_evaluation")] == [
        "keep", "target", "30 days from 2026-05-22"]
    assert plan.transform({"district_score": 72, "transition": False}) == {"previous_score": 72, "transition": False}
    assert plan.transform({}) == {"transition": True}
    assert len(plan.digest) == 64


def test_every_waiting_element_must_be_mapped_and_every_id_known() -> None:
    plan = parse_plan(PLAN)
    sources = [VersionElements(1, frozenset("abc"), frozenset("abc"))]
    with pytest.raises(ValidationFailed) as refused:
        check_plan(plan, sources, frozenset("xy"), frozenset("x"))
    assert set(refused.value.errors) == {"mapping.c", "mapping.b"}
    assert "is not a user task" in refused.value.errors["mapping.b"][0]
    check_plan(parse_plan(PLAN.replace("{a: x, b: y}", "{a: x, b: x, c: x}")), sources, frozenset("xy"),
               frozenset("x"))


def test_dates_and_objects_are_not_plain_defaults() -> None:
    with pytest.raises(ValidationFailed) as refused:
        parse_plan(PLAN.replace("{transition: true}", "{when: 2026-05-22}"))
    assert list(refused.value.errors) == ["data.defaults.when"]
