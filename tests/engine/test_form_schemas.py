"""A form that is no JSON Schema refuses its bundle, every time it is deployed; a fixed one is accepted.
(The metaschema check is cached by the form's bytes: engine/bundle._schema_problem.)"""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES
from workflow_service.domain.problems import BundleInvalid
from workflow_service.domain.roles import ALL_ROLES
from workflow_service.engine.bundle import parse_bundle

MINI = {"mini.bpmn": (FIXTURES / "bpmn" / "mini.bpmn").read_bytes()}
BROKEN = b'{"type": "object", "properties": {"points": {"type": 12}}}'


def _problems(files: dict[str, bytes]) -> list[tuple[str, str]]:
    with pytest.raises(BundleInvalid) as refused:
        parse_bundle(files, FIXTURES / "bpmn", set(ALL_ROLES))
    return [(p.code or "", p.message) for p in refused.value.problems]


def test_a_broken_form_is_refused_at_every_deploy_and_the_fixed_one_accepted() -> None:
    files = {**MINI, "mini_score.json": BROKEN}
    first = _problems(files)
    assert [code for code, _ in first] == ["form.not_a_schema"]
    assert "form 'mini_score.json' is not a valid JSON Schema: 12 is not valid" in first[0][1]
    assert _problems(files) == first  # the second deploy of the same bytes says the same
    fixed = {**MINI, "mini_score.json": BROKEN.replace(b"12", b'"integer"')}
    bundle = parse_bundle(fixed, FIXTURES / "bpmn", set(ALL_ROLES))
    assert bundle.forms["mini_score.json"]["properties"]["points"] == {"type": "integer"}
