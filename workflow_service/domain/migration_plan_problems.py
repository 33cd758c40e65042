"""What can be wrong in a migration plan's YAML: a code and parameters per kind of problem, with the English
sentence the API answers (ValidationFailed's errors, by field). Pages word the code in their language
(web/input_problems.py); `technical` holds a parser's own English, shown only as technical detail. A test
checks that every code has a page text."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from .errors import ValidationFailed

PLAN_PROBLEMS: dict[str, str] = {
    "plan.too_large": "the plan is larger than {limit} bytes",
    "plan.yaml_invalid": "not YAML{at}",
    "plan.not_a_mapping": "not a mapping",
    "plan.unknown_field": "unknown field",
    "plan.required": "required",
    "plan.not_text": "must be a non-empty text",
    "plan.process_required": "required: a mapping with process_key",
    "plan.must_be_mapping": "must be a mapping",
    "plan.bad_version": "must be a version number (1, 2, …)",
    "plan.mapping_required": "required: source element id → target element id",
    "plan.not_element_id": "not an element id",
    "plan.target_not_element_id": "the target must be an element id",
    "plan.data_not_mapping": "must be a mapping with rename and/or defaults",
    "plan.data_unknown": "unknown field (only rename and defaults: no code)",
    "plan.rename_not_mapping": "must be a mapping old field → new field",
    "plan.bad_field_name": "field names must look like 'district_score'",
    "plan.defaults_not_mapping": "must be a mapping field → value",
    "plan.default_not_plain": "a default is a plain value (text, number, true/false, list, mapping)",
    "plan.bad_select": "'all' or a mapping with units, regulations and/or dossiers",
    "plan.select_unknown": "unknown field (units, regulations, dossiers)",
    "plan.select_not_list": "must be a list of codes, ids or registration numbers",
    "plan.bad_deadline": "'target', 'keep', a rule like '60 days from 2026-05-22', or one per kind",
    "plan.deadline_unknown_kind": "unknown kind (one of {kinds})",
    "plan.deadline_not_text": "must be text: 'target', 'keep' or a rule",
    "plan.deadline_rule": "{technical}",
    # the plan checked against the deployed versions
    "plan.unmapped_wait_step": "'{element}' of {key} version {version} is a step dossiers wait at: map it to a "
                               "step of the target",
    "plan.not_source_element": "'{element}' is not an element of {key}",
    "plan.not_target_element": "the target '{target}' is not an element of {key}",
    "plan.target_not_user_task": "the target '{target}' is not a user task of {key}",
    "plan.source_not_deployed": "{key} has no such deployed version",
    "plan.source_version_missing": "version {version} is not deployed",
    "plan.target_not_deployed": "{key} is not deployed",
    "plan.target_version_not_deployed": "{key} version {version} is not deployed",
    "plan.regulation_unknown": "{regulation} is not in bpmn/regulations.yaml",
}
TECHNICAL_PARAMS = frozenset({"technical"})


@dataclass(frozen=True)
class PlanProblem:
    field: str
    code: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def message(self) -> str:
        return PLAN_PROBLEMS[self.code].format(**self.params)


class PlanInvalid(ValidationFailed):
    """The plan's problems by field (English, as the API answers) and coded, for pages to word."""

    def __init__(self, detail: str, problems: list[PlanProblem]) -> None:
        errors: dict[str, list[str]] = {}
        for problem in problems:
            errors.setdefault(problem.field, []).append(problem.message)
        super().__init__(detail, errors)
        self.plan_problems = problems
