"""Exports from other modelers (Camunda Modeler, Signavio, Bizagi, Trisotech) are accepted or refused
with every problem on its element, in words a designer can act on (tests/fixtures/bpmn/foreign/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from workflow_service.domain.problems import BundleInvalid, BundleProblem
from workflow_service.domain.roles import ALL_ROLES
from workflow_service.engine.bundle import parse_bundle

FOREIGN = FIXTURES / "bpmn" / "foreign"
FORMS = FIXTURES / "bpmn"
STAR = (Path(__file__).parents[2] / "bpmn" / "ocop_star_rating.dmn").read_bytes()


def problems_of(files: dict[str, bytes]) -> list[BundleProblem]:
    with pytest.raises(BundleInvalid) as refused:
        parse_bundle(files, FORMS, set(ALL_ROLES))
    return refused.value.problems


def problems(name: str) -> list[BundleProblem]:
    return problems_of({name: (FOREIGN / name).read_bytes()})


def test_several_pools_none_executable_names_each_process_and_the_fix() -> None:
    found = problems("signavio_three_pools.bpmn")
    assert [(p.element_id, p.line) for p in found] == [("p_applicant", 9), ("p_commune", 12), ("p_province", 15)]
    message = found[0].message
    assert "3 processes" in message and "p_applicant ('Chủ thể nộp hồ sơ')" in message and "p_province" in message
    assert 'exactly one must be' in message and 'isExecutable="true"' in message
    assert "mark the process to run executable" in message


def test_two_pools_both_executable_are_named_too() -> None:
    xml = (FOREIGN / "signavio_three_pools.bpmn").read_text(encoding="utf-8")
    xml = xml.replace('id="p_applicant" name="Chủ thể nộp hồ sơ" isExecutable="false"',
                      'id="p_applicant" name="Chủ thể nộp hồ sơ" isExecutable="true"')
    xml = xml.replace('id="p_commune" name="UBND xã kiểm tra" isExecutable="false"',
                      'id="p_commune" name="UBND xã kiểm tra" isExecutable="true"')
    found = problems_of({"two.bpmn": xml.encode()})
    assert [p.element_id for p in found] == ["p_applicant", "p_commune"]
    assert "are all marked" in found[0].message and "p_province" not in found[0].message


def test_an_unnamed_lane_says_to_name_it_after_a_role() -> None:
    [found] = problems("bizagi_unnamed_lane.bpmn")
    assert (found.element_id, found.line) == ("Lane_unnamed", 6)
    assert found.message.startswith("lane Lane_unnamed has no name; name it after a role: applicant, commune_officer")
    assert "None" not in found.message


def test_a_task_with_two_outgoing_flows_is_named_with_its_type_and_the_gateway_fix() -> None:
    [found] = problems("camunda_task_two_flows.bpmn")
    assert (found.element_id, found.line) == ("check", 15)
    assert found.message == ("userTask check has 2 outgoing flows (f_ok, f_no); a task may have only one: add an "
                             "exclusive gateway after it and put the conditions on the gateway's flows")


def test_an_unresolved_data_input_names_the_task_and_the_missing_object() -> None:
    [found] = problems("signavio_data_input.bpmn")
    assert (found.element_id, found.line) == ("check", 14)
    assert "dataInputAssociation with 'sid-dossier-object'" in found.message
    assert "add the data object reference or delete the association" in found.message


def test_a_juel_condition_is_translated_to_the_python_expression() -> None:
    [found] = problems("camunda_juel.bpmn")
    assert (found.element_id, found.line) == ("Flow_approved", 24)
    assert found.message == ("condition on flow Flow_approved is JUEL (Camunda): '${approved}'; "
                             "write it as a Python expression: approved")


def test_schema_errors_carry_the_element_on_their_line() -> None:
    star = STAR.replace(b'hitPolicy="UNIQUE"', b'hitPolicy="WHATEVER"')
    bpmn = (FOREIGN / "camunda_juel.bpmn").read_bytes()
    [found] = problems_of({"p.bpmn": bpmn, "star.dmn": star})
    assert (found.file, found.element_id) == ("star.dmn", "ocop_star_band_table")
    assert "{https://" not in found.message and "'decisionTable'" in found.message


@pytest.mark.parametrize("name", sorted(p.name for p in FOREIGN.glob("*.bpmn")))
def test_every_foreign_file_is_refused_with_element_ids_and_no_python_internals(name: str) -> None:
    found = problems(name)
    assert found and all(p.element_id and p.line for p in found), found
    assert not [p.message for p in found if "0x" in p.message or "<Element" in p.message or "None" in p.message]


@pytest.mark.parametrize(("files", "says"), [
    ({"p.bpmn": b"<x/>"}, "this is not a BPMN file: the root element is <x>"),
    ({"p.bpmn": (FOREIGN / "camunda_juel.bpmn").read_bytes(), "t.dmn": b"<x/>"},
     "this is not a DMN file: the root element is <x>"),
    ({"p.bpmn": STAR}, "this is not a BPMN file: the root element is <definitions>"),
    ({"p.bpmn": b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="x"/>'},
     "the file has no bpmn:process"),
])
def test_files_that_are_not_what_they_claim_are_refused_not_crashed(files: dict[str, bytes], says: str) -> None:
    found = problems_of(files)
    assert says in found[0].message
    assert not [p.message for p in found if "0x" in p.message or "<Element" in p.message]
