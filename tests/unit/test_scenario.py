"""Scenario files are checked before anything runs: every problem named by its place in the file."""

from __future__ import annotations

from datetime import date

import pytest

from workflow_service.domain.scenario import ScenarioInvalid, parse_scenario
from workflow_service.domain.scenario_expect import compare, matches

MINIMAL = """
name: mini
process: {key: mini_review}
filing: {date: 2026-11-23, by: officer.huongkhe, commune: "18101"}
steps:
  - {date: 2026-11-24, by: officer.huongkhe, task: check, data: {complete: true, when: 2026-11-24}}
  - {date: 2026-11-25}
outcome: {status: completed}
"""


NO_BY = "name: x\nprocess: {key: k}\nfiling: {date: 2026-01-01, by: a, commune: '1'}\nsteps: [{date: 2026-01-02, task: t}]"


def problems(text: str) -> list[str]:
    with pytest.raises(ScenarioInvalid) as caught:
        parse_scenario(text)
    return [str(p) for p in caught.value.problems]


def test_a_scenario_reads_into_filing_steps_and_outcome_with_dates_in_data_kept_as_text() -> None:
    scenario = parse_scenario(MINIMAL)
    assert (scenario.process.key, scenario.process.version) == ("mini_review", None)
    assert (scenario.filing.on, scenario.filing.kind) == (date(2026, 11, 23), "first_time")
    check, wait = scenario.steps
    assert (check.label, check.by, check.data) == ("step 1 (check)", "officer.huongkhe",
                                                    {"complete": True, "when": "2026-11-24"})
    assert (wait.label, wait.task, wait.on) == ("step 2 (wait)", None, date(2026, 11, 25))
    assert scenario.outcome == {"status": "completed"}


def test_every_problem_is_named_by_its_step_and_field() -> None:
    text = MINIMAL.replace("by: officer.huongkhe, task: check", "by: chief@42, task: check, colour: red") \
                  .replace("date: 2026-11-25", "date: 2026-11-20") \
                  .replace("process: {key: mini_review}", "process: {key: mini_review, version: 0}")
    assert problems(text) == [
        "process.version: must be a whole number from 1",
        "steps[1] (check).colour: unknown field 'colour'; expected date, task, by, data, expect, note",
        "steps[1] (check).by: 'chief@42' is neither a user name nor role@unit with a known role",
        "steps[2] (wait).date: 2026-11-20 is before the step or filing before it",
    ]


@pytest.mark.parametrize(("text", "expected"), [
    ("name: x\nprocess: [", "line 2: not valid YAML"),
    ("a: &x [1]\nb: *x\n", "line 1: anchors and aliases are not allowed"),
    ("name: x\nfiling: {date: 31/6/2026, by: a, commune: '1'}\nprocess: {key: k}\n",
     "filing.date: '31/6/2026' is not a date (yyyy-mm-dd)"),
    ("- just a list\n", "the scenario must be a mapping of fields"),
    (NO_BY, "steps[1] (t).by: missing: who does the task (a user name or role@unit)"),
    ("x: " + "a" * 300_000, "the scenario is larger than 262144 bytes"),
])
def test_malformed_scenarios_are_refused_with_the_reason(text: str, expected: str) -> None:
    assert any(p.startswith(expected) for p in problems(text)), problems(text)


def test_expectations_compare_sets_subsets_and_unit_codes_written_as_numbers() -> None:
    observed = {"open": ["b", "a"], "unit": "42", "due": "2026-06-22", "candidates": ["x", "y"],
                "data": {"score": 78.0, "certificate": {"stars": 4, "issued_by": "province"}}}
    assert compare("step 1", {"open": ["a", "b"], "unit": 42, "candidates": ["y", "x"],
                              "data": {"score": 78, "certificate": {"stars": 4}}}, observed) == []
    [wrong] = compare("step 1", {"due": "2026-06-23"}, observed)
    assert (wrong.field, wrong.expected, wrong.got) == ("due", "2026-06-23", "2026-06-22")
    assert not matches(None, 0) and not matches(True, 1) and matches(None, None)


GIVEN = """
name: revoke
process: {key: ocop_revocation}
given:
  - process: {key: ocop_evaluation}
    filing: {date: 2026-06-01, by: producer.huongkhe, commune: "18101"}
    steps:
      - {date: 2026-06-03, by: officer.huongkhe, task: commune_review, data: {complete: true}}
filing: {date: 2027-03-03, by: office.hatinh, commune: "18101", kind: revocation, certificate: "42-2026-0001",
         data: {ground: mark_misuse}}
"""


def test_a_scenario_may_play_given_runs_first_and_act_on_the_certificate_they_issue() -> None:
    scenario = parse_scenario(GIVEN)
    [given] = scenario.given
    assert (given.label, given.process.key, given.filing.kind) == ("given[1]", "ocop_evaluation", "first_time")
    assert [s.label for s in given.steps] == ["step 1 (commune_review)"]
    assert (scenario.filing.kind, scenario.filing.certificate) == ("revocation", "42-2026-0001")
    assert scenario.starts_on == date(2026, 6, 1)  # the world's clock starts with the first given run
    assert scenario.supporting_keys == ["ocop_evaluation"]
    assert parse_scenario(MINIMAL).starts_on == date(2026, 11, 23) and parse_scenario(MINIMAL).given == ()


@pytest.mark.parametrize(("change", "expected"), [
    (('certificate: "42-2026-0001",', ""), "filing.certificate: missing: the number of the certificate"),
    (("kind: revocation", "kind: upgrade"), "filing.certificate: only a re-evaluation, inspection or revocation"),
    (("kind: revocation", "kind: business_plan"), "filing.idea: a business plan names its selected idea"),
    (("kind: revocation", "kind: audit"), ("filing.kind: must be one of first_time, upgrade, re_evaluation, "
                                          "inspection, revocation, idea, business_plan")),
    (("date: 2027-03-03", "date: 2026-06-02"), "filing.date: 2026-06-02 is before the given run before it"),
    (("date: 2026-06-03, by: officer", "date: 2026-05-03, by: officer"),
     "given[1].steps[1] (commune_review).date: 2026-05-03 is before the step or filing before it"),
    (("process: {key: ocop_evaluation}", "process: {version: 2}"), "given[1].process.key: missing"),
])
def test_given_runs_and_what_a_filing_acts_on_are_checked_naming_their_place(change: tuple[str, str],
                                                                             expected: str) -> None:
    assert any(p.startswith(expected) for p in problems(GIVEN.replace(*change))), problems(GIVEN.replace(*change))
