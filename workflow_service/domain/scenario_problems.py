"""What can be wrong in a simulation scenario's YAML: a code and parameters per kind of problem, with the
English sentence the API and the CLI answer. Pages word the code in their language (web/input_problems.py);
parameters named in TECHNICAL_PARAMS hold the YAML parser's own English and are shown only as technical
detail. A test checks that every code has a page text."""

from __future__ import annotations

from typing import Any

SCENARIO_PROBLEMS: dict[str, str] = {
    "scenario.too_large": "the scenario is larger than {limit} bytes",
    "scenario.anchors": "anchors and aliases are not allowed",
    "scenario.yaml_invalid": "not valid YAML: {technical}",
    "scenario.not_a_document": "the scenario must be a mapping of fields",
    "scenario.incomplete": "the scenario is incomplete",
    "scenario.not_a_mapping": "must be a mapping of fields",
    "scenario.unknown_field": "unknown field {name!r}; expected {expected}",
    "scenario.missing_field": "missing",
    "scenario.not_text": "must be a single value",
    "scenario.too_long": "longer than {limit} characters",
    "scenario.bad_date": "{value!r} is not a date (yyyy-mm-dd)",
    "scenario.bad_actor": "{value!r} is neither a user name nor role@unit with a known role",
    "scenario.bad_grant": "{value!r} is not role@unit with a known role",
    "scenario.not_names": "must be a list of user names",
    "scenario.bad_version": "must be a whole number from 1",
    "scenario.too_many_given": "must be a list of at most {limit} runs (process, filing, steps)",
    "scenario.before_given": "{day} is before the given run before it",
    "scenario.bad_choice": "must be one of {choices}",
    "scenario.certificate_missing": "missing: the number of the certificate the {kind} acts on",
    "scenario.certificate_not_allowed": "only a re-evaluation, inspection or revocation acts on a certificate",
    "scenario.idea_mismatch": "a business plan names its selected idea (001/YT-…), nothing else does",
    "scenario.filed_after": "is after the filing date",
    "scenario.steps_not_list": "must be a list of steps",
    "scenario.too_many_steps": "more than {limit} steps",
    "scenario.step_before": "{day} is before the step or filing before it",
    "scenario.task_not_id": "must be an element id",
    "scenario.by_missing": "missing: who does the task (a user name or role@unit)",
    "scenario.wait_with_action": "a step without a task only moves the clock: give it a task to act",
    "scenario.data_list": "a list of data must hold one mapping per task (e.g. one sheet per member)",
    "scenario.plans_not_list": "must be a list of yearly plans (unit, year, source, steps)",
    "scenario.units_not_list": "must be a list of units",
}
TECHNICAL_PARAMS = frozenset({"technical"})


def scenario_message(code: str, params: dict[str, Any]) -> str:
    return SCENARIO_PROBLEMS[code].format(**params)
