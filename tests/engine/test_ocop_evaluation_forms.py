"""The forms of every chain in bpmn/ carry what the form renderer relies on."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from .chain_runner import load_chain
from .test_chain_diagrams import CHAINS

BY_CHAIN = {chain.key: load_chain(chain).forms for chain in CHAINS}
FORMS = {name: form for forms in BY_CHAIN.values() for name, form in forms.items()}
WIDGETS = {"textarea", "date", "scoresheet"}


def objects(schema: dict[str, Any], path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """The form's object schemas, the form itself first, then nested ones (e.g. producer, product)."""
    yield path or "/", schema
    for name, prop in schema.get("properties", {}).items():
        if prop.get("type") == "object":
            yield from objects(prop, f"{path}/{name}")


def test_every_form_of_the_process_is_checked() -> None:
    assert len(BY_CHAIN["ocop_evaluation"]) == 16  # 15 user tasks + the registration form of the start event
    assert len(BY_CHAIN["ocop_qd1489_2025"]) == 16  # R3 uses R4's forms
    assert len(BY_CHAIN["ocop_idea_registration"]) == 3 and len(BY_CHAIN["ocop_business_plan"]) == 6
    assert len(BY_CHAIN["ocop_reevaluation"]) == 11 and len(BY_CHAIN["ocop_revocation"]) == 3
    assert len(BY_CHAIN["ocop_inspection"]) == 2
    # R1 and R2 add forms only where the version differs; the cycle and the certificate processes their own
    assert len(FORMS) == 16 + 11 + 9 + 10


@pytest.mark.parametrize("name", sorted(FORMS))
def test_form_is_a_strict_2020_12_schema(name: str) -> None:
    schema = FORMS[name]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert schema["title"] and schema["description"]
    for path, obj in objects(schema):
        assert obj["type"] == "object", path
        assert obj["additionalProperties"] is False, path
        assert set(obj["required"]) <= set(obj["properties"]), path
        for rule in obj.get("allOf", []):
            for part in ("if", "then"):
                assert set(rule[part].get("required", [])) <= set(obj["properties"]), (path, rule)


@pytest.mark.parametrize("name", sorted(FORMS))
def test_every_field_has_vietnamese_help_and_labelled_choices(name: str) -> None:
    for path, obj in objects(FORMS[name]):
        for field, prop in obj["properties"].items():
            assert prop.get("title") and prop.get("description"), f"{name}{path}.{field}"
            if "enum" in prop:
                assert len(prop["x-enumNames"]) == len(prop["enum"]), f"{name}{path}.{field}"


@pytest.mark.parametrize("name", sorted(FORMS))
def test_presentation_hints_name_real_fields(name: str) -> None:
    for path, obj in objects(FORMS[name]):
        ui = obj["x-ui"]
        assert sorted(ui["order"]) == sorted(obj["properties"]), f"{name}{path}"
        widgets = ui.get("widget", {})
        assert set(widgets) <= set(obj["properties"]) and set(widgets.values()) <= WIDGETS, f"{name}{path}"
        dates = {f for f, p in obj["properties"].items() if p.get("format") == "date"}
        assert dates == {f for f, w in widgets.items() if w == "date"}, f"{name}{path}"


@pytest.mark.parametrize(("name", "maxima"), [
    ("council_scoring.json", (40, 25, 35)),
    ("district_council_scoring.json", (40, 25, 35)),  # R2
    ("council_scoring_a35_b25_c40.json", (35, 25, 40)),  # R1
])
def test_council_form_is_a_scoresheet_of_parts_a_b_c(name: str, maxima: tuple[int, int, int]) -> None:
    form = FORMS[name]
    ui = form["x-ui"]
    assert (ui["layout"], ui["total"], ui["max_total"]) == ("scoresheet", ["part_a", "part_b", "part_c"], 100)
    assert tuple(form["properties"][part]["maximum"] for part in ui["total"]) == maxima
    assert sum(maxima) == ui["max_total"]
