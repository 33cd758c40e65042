"""Running scenarios: timers fire on the scenario's days, a step that cannot be done stops the run with
the service's reason, bad input is refused naming the field, and only designers and admins simulate."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES
from workflow_service.domain.access import Actor
from workflow_service.domain.errors import Forbidden, ValidationFailed
from workflow_service.domain.roles import RoleGrant
from workflow_service.services.context import ServiceContext
from workflow_service.services.simulation.simulate import SimulationRequest, simulate

from .conftest import DESIGNER, SCENARIOS

TIMER_BUNDLE = {"timer_review.bpmn": (FIXTURES / "bpmn" / "timers" / "timer_review.bpmn").read_bytes(),
                "mini_check.json": (FIXTURES / "bpmn" / "mini_check.json").read_bytes()}
TIMERS = """
name: nobody checks for two days
process: {key: timer_review}
filing: {date: 2026-11-23, by: officer.huongkhe, commune: "18101"}
steps:
  - date: 2026-11-24
    expect: {open: [acknowledge_reminder, check]}
  - date: 2026-11-25
    expect: {open: [acknowledge_reminder, late_check], unit: "18101"}
  - {date: 2026-11-25, by: commune_officer@18101, task: late_check, data: {complete: true}}
outcome: {status: running}
"""


def test_timers_fire_on_the_days_of_the_steps_and_show_on_the_path(live_ctx: ServiceContext) -> None:
    report, _xml = simulate(live_ctx, DESIGNER, SimulationRequest(TIMERS, TIMER_BUNDLE))
    view = report.as_dict()
    assert view["passed"], (view["failures"], view["stopped"])
    timers = {p["element_id"]: p for p in view["path"] if p["kind"] == "timer"}
    assert timers["reminder"]["status"] == "fired" and timers["reminder"]["closed_by_step"] == "step 1 (wait)"
    assert timers["check_timeout"]["closed_at"] == "2026-11-25T09:00:00+07:00"
    tasks = [(p["element_id"], p["status"]) for p in view["path"] if p["kind"] == "task"]
    assert tasks == [("check", "cancelled"), ("acknowledge_reminder", "open"), ("late_check", "completed")]
    assert {"check_timeout", "late_check", "end_late"} <= set(view["visited"])
    assert [p["element_id"] for p in view["open"]] == ["acknowledge_reminder"]


def test_a_step_the_user_cannot_do_stops_the_run_with_the_reason(live_ctx: ServiceContext) -> None:
    text = (SCENARIOS / "ocop_evaluation" / "recognised-4-stars.yaml").read_text(encoding="utf-8")
    text = text.replace("by: province_office@42", "by: office.thanhhoa")
    view = simulate(live_ctx, DESIGNER, SimulationRequest(text))[0].as_dict()
    assert view["stopped"] == {
        "step": "step 2 (office_check)", "action": "office_check by office.thanhhoa", "errors": {},
        "reason": "office.thanhhoa has no open 'office_check' in their inbox; open now: office_check "
                  "(offered to province_office@42)", "code": "simulation.not_in_inbox",
        "params": {"user": "office.thanhhoa", "element": "office_check",
                   "offers": "office_check (offered to province_office@42)"}}
    assert not view["passed"] and view["steps_run"] == 1
    assert [p["element_id"] for p in view["open"]] == ["office_check"]


def test_data_the_form_refuses_stops_the_run_naming_the_field(live_ctx: ServiceContext) -> None:
    text = (SCENARIOS / "ocop_evaluation" / "recognised-4-stars.yaml").read_text(encoding="utf-8")
    text = text.replace("data: {complete: true}", "data: {complete: maybe}")
    stopped = simulate(live_ctx, DESIGNER, SimulationRequest(text))[0].stopped
    assert stopped is not None and stopped["step"] == "step 2 (office_check)"
    assert "complete" in str(stopped["errors"]) or "complete" in stopped["reason"]


def test_only_designers_and_admins_simulate(live_ctx: ServiceContext) -> None:
    officer = Actor("officer.huongkhe", (RoleGrant("commune_officer", "18101"),))
    with pytest.raises(Forbidden):
        simulate(live_ctx, officer, SimulationRequest(TIMERS, TIMER_BUNDLE))


@pytest.mark.parametrize(("files", "field", "message"), [
    ({"evil.bpmn": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'}, "files",
     "DOCTYPE and entity declarations are not allowed"),
    ({"ocop_star_rating.dmn": b"<definitions"}, "files", "not well-formed XML"),
    ({"notes.txt": b"hello"}, "files", "not a .bpmn, .dmn or .json file"),
])
def test_bad_uploads_are_refused_naming_the_files_field(live_ctx: ServiceContext, files: dict[str, bytes],
                                                        field: str, message: str) -> None:
    text = (SCENARIOS / "ocop_evaluation" / "recognised-4-stars.yaml").read_text(encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        simulate(live_ctx, DESIGNER, SimulationRequest(text, files))
    assert message in " ".join(caught.value.errors[field])


def test_a_process_not_deployed_and_not_uploaded_is_refused_naming_the_scenario(live_ctx: ServiceContext) -> None:
    with pytest.raises(ValidationFailed) as caught:
        simulate(live_ctx, DESIGNER, SimulationRequest(TIMERS))
    assert caught.value.errors == {"scenario": ["process: 'timer_review' is not deployed"]}


def test_a_timer_whose_next_step_fails_stops_the_run_naming_the_element(live_ctx: ServiceContext) -> None:
    xml = TIMER_BUNDLE["timer_review.bpmn"].decode()
    start = xml.index('<bpmn:intermediateCatchEvent id="publish_on"')
    end = xml.index("</bpmn:intermediateCatchEvent>", start) + len("</bpmn:intermediateCatchEvent>")
    broken = xml[:start] + '<bpmn:scriptTask id="publish_on" name="Broken"><bpmn:script>x = 1 / 0</bpmn:script>' \
        "</bpmn:scriptTask>" + xml[end:]
    scenario = """
name: the step after the cooling-off hour fails
process: {key: timer_review}
filing: {date: 2026-11-23, by: officer.huongkhe, commune: "18101"}
steps:
  - {date: 2026-11-23, by: officer.huongkhe, task: check, data: {complete: true}}
  - {date: 2026-11-24}
"""
    files = {**TIMER_BUNDLE, "timer_review.bpmn": broken.encode()}
    stopped = simulate(live_ctx, DESIGNER, SimulationRequest(scenario, files))[0].stopped
    assert stopped is not None
    assert (stopped["step"], stopped["action"]) == ("step 2 (wait)", "timers due by 2026-11-24")
    assert stopped["reason"].startswith("the process failed at 'publish_on' when a timer fired")


def test_a_given_run_that_cannot_be_done_stops_the_simulation_naming_it(live_ctx: ServiceContext) -> None:
    text = (SCENARIOS / "ocop_revocation" / "revoked-4-stars-by-province-chair.yaml").read_text(encoding="utf-8")
    view = simulate(live_ctx, DESIGNER, SimulationRequest(text.replace(
        "      - {date: 2026-06-05, by: office.hatinh, task: office_check",
        "      - {date: 2026-06-05, by: office.thanhhoa, task: office_check")))[0].as_dict()
    assert view["stopped"]["step"] == "given[1] step 2 (office_check)"
    assert view["stopped"]["reason"].startswith("office.thanhhoa has no open 'office_check' in their inbox")
    assert view["steps_run"] == 0 and view["dossier"] == {}


def test_a_filing_that_names_a_certificate_nobody_issued_is_refused_by_the_service(live_ctx: ServiceContext) -> None:
    text = (SCENARIOS / "ocop_inspection" / "periodic-with-findings.yaml").read_text(encoding="utf-8")
    view = simulate(live_ctx, DESIGNER, SimulationRequest(text.replace(
        'certificate: "42-2026-0001"', 'certificate: "42-2026-9999"')))[0].as_dict()
    assert view["stopped"]["step"] == "filing"
    assert view["stopped"]["reason"] == "certificate 42-2026-9999 not found"
