"""Problems in a YAML file a designer wrote (a simulation scenario, a migration plan) in the page's language:
each code of domain/scenario_problems.py and domain/migration_plan_problems.py has its sentence here. The
path in the file (`steps[3] (council_scoring).by`) and the keys and values written are the file's own words
and stay in <code>; a parser's own English is shown only inside the collapsed technical details."""

from __future__ import annotations

from typing import Any, Protocol

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from ..domain.errors import DomainError, ValidationFailed
from ..domain.migration_plan_problems import TECHNICAL_PARAMS as PLAN_TECHNICAL
from ..domain.migration_plan_problems import PlanInvalid
from ..domain.scenario_problems import TECHNICAL_PARAMS as SCENARIO_TECHNICAL
from .messages import ERROR_TEXTS, TECHNICAL_PARAMS, error_text
from .migration_reasons import technical_details

SCENARIO_TEXTS: dict[str, Any] = {
    "scenario.too_large": _l("The scenario is larger than %(limit)s bytes."),
    "scenario.anchors": _l("Line %(line)s uses a YAML anchor or alias (& or *), which scenarios do not allow: "
                           "write the values out."),
    "scenario.yaml_invalid": _l("The text is not valid YAML (look near line %(line)s): check the indentation, "
                                "colons and brackets."),
    "scenario.not_a_document": _l("The scenario must be a mapping of fields (%(scenario_fields)s…)."),
    "scenario.incomplete": _l("The scenario is incomplete."),
    "scenario.not_a_mapping": _l("Must be a mapping of fields (name: value)."),
    "scenario.unknown_field": _l("Unknown field %(name)s; the fields here are: %(expected)s."),
    "scenario.missing_field": _l("Missing: write this field."),
    "scenario.not_text": _l("Must be a single value, not a list or a mapping."),
    "scenario.too_long": _l("Longer than %(limit)s characters."),
    "scenario.bad_date": _l("%(value)s is not a date: write it as yyyy-mm-dd, for example 2026-06-25."),
    "scenario.bad_actor": _l("%(value)s is neither a user name nor %(role_at_unit)s with a known role."),
    "scenario.bad_grant": _l("%(value)s is not %(role_at_unit)s with a known role."),
    "scenario.not_names": _l("Must be a list of user names."),
    "scenario.bad_version": _l("Must be a whole number from 1."),
    "scenario.too_many_given": _l("Must be a list of at most %(limit)s earlier runs (process, filing, steps)."),
    "scenario.before_given": _l("%(day)s is before the earlier run before it."),
    "scenario.bad_choice": _l("Must be one of %(choices)s."),
    "scenario.certificate_missing": _l("Missing: the number of the certificate the %(kind)s acts on."),
    "scenario.certificate_not_allowed": _l("Only a re-evaluation, an inspection or a revocation acts on a "
                                           "certificate."),
    "scenario.idea_mismatch": _l("A business plan names its selected idea (001/YT-…); no other filing does."),
    "scenario.filed_after": _l("Is after the filing date."),
    "scenario.steps_not_list": _l("Must be a list of steps."),
    "scenario.too_many_steps": _l("More than %(limit)s steps."),
    "scenario.step_before": _l("%(day)s is before the step or the filing before it."),
    "scenario.task_not_id": _l("Must be an element id of the process."),
    "scenario.by_missing": _l("Missing: who does the task (a user name or %(role_at_unit)s)."),
    "scenario.wait_with_action": _l("A step without a task only moves the clock: give it a task to act."),
    "scenario.data_list": _l("A list of data must hold one mapping per task (for example one sheet per member)."),
    "scenario.plans_not_list": _l("Must be a list of yearly plans (unit, year, source, steps)."),
    "scenario.units_not_list": _l("Must be a list of units."),
}

PLAN_TEXTS: dict[str, Any] = {
    "plan.too_large": _l("The plan is larger than %(limit)s bytes."),
    "plan.yaml_invalid": _l("The text is not valid YAML: check the indentation, colons and brackets."),
    "plan.not_a_mapping": _l("The plan must be a mapping of fields (%(plan_fields)s…)."),
    "plan.unknown_field": _l("Unknown field."),
    "plan.required": _l("Required."),
    "plan.not_text": _l("Must be a non-empty text."),
    "plan.process_required": _l("Required: a mapping with %(process_key)s."),
    "plan.must_be_mapping": _l("Must be a mapping of fields."),
    "plan.bad_version": _l("Must be a version number (1, 2, …)."),
    "plan.mapping_required": _l("Required: each source element id → its target element id."),
    "plan.not_element_id": _l("Not an element id."),
    "plan.target_not_element_id": _l("The target must be an element id."),
    "plan.data_not_mapping": _l("Must be a mapping with %(rename)s and/or %(defaults)s."),
    "plan.data_unknown": _l("Unknown field: only %(rename)s and %(defaults)s (no code)."),
    "plan.rename_not_mapping": _l("Must be a mapping old field → new field."),
    "plan.bad_field_name": _l("Field names look like %(field_example)s (letters, digits and _)."),
    "plan.defaults_not_mapping": _l("Must be a mapping field → value."),
    "plan.default_not_plain": _l("A default is a plain value (text, number, true/false, list, mapping)."),
    "plan.bad_select": _l("Write %(all)s, or a mapping with %(select_fields)s."),
    "plan.select_unknown": _l("Unknown field: the fields here are %(select_fields)s."),
    "plan.select_not_list": _l("Must be a list of codes, ids or registration numbers."),
    "plan.bad_deadline": _l("Write %(target)s, %(keep)s, a rule such as %(rule)s, or one per kind of dossier."),
    "plan.deadline_unknown_kind": _l("Unknown kind of dossier; the kinds are: %(kinds)s."),
    "plan.deadline_not_text": _l("Must be text: %(target)s, %(keep)s or a rule."),
    "plan.deadline_rule": _l("The deadline %(value)s is not understood; write for example %(rules)s."),
    "plan.unmapped_wait_step": _l("Dossiers of version %(version)s of %(key)s can wait at %(element)s: map it to "
                                  "a step of the target."),
    "plan.not_source_element": _l("%(element)s is not an element of %(key)s."),
    "plan.not_target_element": _l("The target %(target)s is not an element of %(key)s."),
    "plan.target_not_user_task": _l("The target %(target)s is not a user task of %(key)s (a step dossiers can "
                                    "wait at)."),
    "plan.source_not_deployed": _l("No deployed version of %(key)s matches the plan's source."),
    "plan.source_version_missing": _l("Version %(version)s is not deployed."),
    "plan.target_not_deployed": _l("The target process %(key)s is not deployed."),
    "plan.target_version_not_deployed": _l("Version %(version)s of the target process %(key)s is not deployed."),
    "plan.regulation_unknown": _l("The regulation %(regulation)s is not in the registry (bpmn/regulations.yaml)."),
}
NOT_WRITTEN_IN_CODE = frozenset({"limit", "line"})
# The file's own words a sentence names (keys, keywords, examples of its syntax), shown in <code>.
FILE_WORDS = {"scenario_fields": "name, process, filing, steps", "plan_fields": "name, source, target, mapping",
              "role_at_unit": "role@unit", "process_key": "process_key", "rename": "rename", "defaults": "defaults",
              "field_example": "district_score", "all": "all", "select_fields": "units, regulations, dossiers",
              "target": "target", "keep": "keep", "rule": "60 days from 2026-05-22",
              "rules": "15 working days, 30 days, 60 days from 2026-05-22"}  # numbers of the page's own sentence, not the file's words


class CodedProblem(Protocol):
    @property
    def field(self) -> str: ...
    @property
    def code(self) -> str: ...
    @property
    def params(self) -> dict[str, Any]: ...


def scenario_problem(problem: CodedProblem) -> Markup:
    return _line(problem, SCENARIO_TEXTS, SCENARIO_TECHNICAL)


def plan_problem(problem: CodedProblem) -> Markup:
    return _line(problem, PLAN_TEXTS, PLAN_TECHNICAL)


def _line(problem: CodedProblem, texts: dict[str, Any], technical: frozenset[str]) -> Markup:
    """`<code>where</code>: the sentence`, the file's values in <code>, the parser's English collapsed."""
    template = texts.get(problem.code)
    if template is None:
        sentence = escape(_("This is not valid."))
    else:
        params = {name: escape(value) if name in NOT_WRITTEN_IN_CODE else Markup("<code>{}</code>").format(value)
                  for name, value in {**FILE_WORDS, **problem.params}.items() if name not in technical}
        sentence = Markup(escape(str(template))) % params if params else escape(str(template))
    shown_where = problem.field and not problem.field.startswith("line ") and problem.field != "plan"
    where = Markup("<code>{}</code>: ").format(problem.field) if shown_where else Markup("")
    details = [technical_details(str(v)) for name, v in problem.params.items() if name in technical and v]
    return Markup(" ").join([where + sentence, *details])


def plan_refusal(err: ValidationFailed) -> list[Markup]:
    """Why a migration plan is refused, one line per problem in the page's language."""
    if isinstance(err, PlanInvalid):
        return [plan_problem(p) for p in err.plan_problems]
    return [coded_text(err.code, err.params, err.detail, _("The plan cannot be used as it is."))]


def coded_text(code: str | None, params: dict[str, Any] | None, english: str, fallback: str) -> Markup:
    """A coded error in the page's language, its English parameters collapsed; an error without a code as a
    plain sentence, its English only as technical detail."""
    if not code:
        return Markup("{} {}").format(fallback, technical_details(english))
    params = dict(params or {})
    template = ERROR_TEXTS.get(code)
    if code.startswith("simulation.") and template is not None:  # its parameters are the scenario's own words
        shown = {name: Markup("<code>{}</code>").format(value) for name, value in params.items()
                 if name not in TECHNICAL_PARAMS}
        sentence = Markup(escape(str(template))) % shown if shown else escape(str(template))
    else:
        sentence = escape(error_text(DomainError(english, code=code, params=params)))
    details = [technical_details(str(params[name])) for name in TECHNICAL_PARAMS if params.get(name)]
    return Markup(" ").join([sentence, *details])
