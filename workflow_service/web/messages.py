"""Errors in the page's language: each message code of domain/messages.py has its text here, and its
parameters are written for people (unit names, role titles, dd/mm/yyyy dates). An error without a code
gets a plain sentence for its kind, never the service's English detail."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from ..domain.errors import DomainError, ValidationFailed
from ..domain.problems import ENGINE_WORDED, BundleProblem
from .labels import TASK_STATUS, local_date, role_title, unit_name

ERROR_TEXTS: dict[str, Any] = {
    "task.not_offered": _l("This task is for the %(role)s of %(unit)s; you cannot take it."),
    "task.already_claimed": _l("Someone else has just claimed this task."),
    "task.not_claimed_by_you": _l("You do not hold this task."),
    "task.not_open": _l("This task is already %(status)s."),
    "task.claim_before_complete": _l("Claim the task before completing it."),
    "task.held_by_other": _l("%(user)s holds this task; only the holder completes it."),
    "task.claim_before_draft": _l("Claim the task before saving a draft."),
    "task.claim_before_attach": _l("Claim the task before attaching files."),
    "task.not_ready": _l("This step no longer waits for input; reload the dossier."),
    "task.assignee_lacks_role": _l("%(user)s is not a %(role)s of %(unit)s."),
    "task.reassign_forbidden": _l("Only a supervisor of the unit or its chair may reassign a task."),
    "task.dossier_changed": _l("The dossier changed while you were completing the task; please try again."),
    "task.step_failed": _l("The process could not continue after this task, so nothing was changed. "
                           "The administrator has been told (incident %(incident)s)."),
    "form.not_an_object": _l("The form could not be read."),
    "form.invalid": _l("Some fields need attention."),
    "attachment.type_not_allowed": _l("Only %(types)s files can be attached."),
    "attachment.empty": _l("The file is empty."),
    "attachment.too_large": _l("The file is larger than %(mib)s MiB."),
    "attachment.content_mismatch": _l("The file's content is not a .%(ext)s file."),
    "filing.unknown_kind": _l("Choose the kind of evaluation."),
    "filing.not_your_commune": _l("Only the producer or the commune officer of %(commune)s files dossiers there."),
    "filing.number_busy": _l("No registration number could be given just now; please try again."),
    "filing.step_failed": _l("The dossier was not filed: the process failed at its first steps. "
                             "The administrator has been told (incident %(incident)s)."),
    "filing.not_a_commune": _l("%(commune)s is not a commune on %(day)s."),
    "filing.no_province_council": _l("The council of %(province)s has no members to score dossiers yet."),
    "filing.no_district_council": _l("The council of %(district)s has no members to score dossiers yet."),
    "filing.unit_not_on_day": _l("%(unit)s did not exist on %(day)s."),
    "filing.no_unit_above": _l("On %(day)s %(commune)s lacks a level of units above it that this process needs."),
    "filing.process_required": _l("Choose the process."),
    "filing.no_regulation": _l("No regulation is in force for this kind of dossier on %(day)s."),
    "filing.other_regulation": _l("Another regulation is in force on %(day)s; only an administrator may file "
                                  "under this process."),
    "filing.override_reason": _l("Another regulation is in force on %(day)s: give the reason for choosing "
                                 "this process."),
    "filing.earlier_day_officer_only": _l("Only the commune officer registers a dossier received on an "
                                          "earlier day."),
    "filing.day_in_future": _l("The day the dossier was received (%(day)s) is after today."),
    "filing.process_not_deployed": _l("The process of %(title)s is not deployed yet; no dossier can be filed "
                                      "under it."),
    "monitoring.forbidden": _l("Supervision is for supervisors and chairs."),
    "monitoring.choose_unit": _l("Choose the unit to supervise."),
    "monitoring.unit_not_supervised": _l("You do not supervise %(unit)s."),
    "monitoring.export_too_many": _l("%(total)s tasks match; narrow the filters to at most %(limit)s to export."),
    "monitoring.bad_period": _l("Choose month or quarter."),
    "monitoring.from_after_to": _l("The start of the range is after its end."),
    "monitoring.too_many_periods": _l("At most %(limit)s periods at once."),
    "designer.role_required": _l("Process design is for process designers."),
    "designer.file_name": _l("The file must be a .bpmn or .dmn file."),
    "deploy.role_required": _l("Only a process designer deploys processes."),
    "deploy.too_large": _l("The process files are larger than 5 MiB."),
    "deploy.invalid": _l("The process cannot be deployed: fix the problems listed."),
    "migration.not_migrated": _l("This run did not migrate dossier %(dossier)s, or it was put back already."),
    "migration.moved_on": _l("Dossier %(number)s has moved on since the migration; it can no longer be put back."),
    "incident.admin_only": _l("Incidents are for administrators."),
    "incident.bad_status": _l("Unknown status."),
    "incident.reason_required": _l("Say why the incident is resolved."),
    "incident.reason_too_long": _l("The reason is longer than %(limit)s characters."),
    "incident.already": _l("Incident %(incident)s was already handled."),
    "incident.dossier_busy": _l("The dossier is being processed right now; try again in a moment."),
    "incident.timers_failed_again": _l("The timers of the dossier failed again."),
    "incident.not_retriable": _l("This incident cannot be retried; resolve it."),
    "password.too_short": _l("The new password needs at least 8 characters."),
    "password.unchanged": _l("The new password must differ from the current one."),
    "password.wrong": _l("The current password is wrong."),
    "reschedule.reason_required": _l("Give the reason for the new date."),
    "reschedule.forbidden": _l("Only the holder of the task or a supervisor of its unit may move its deadline."),
    "reschedule.only_once": _l("The deadline was already moved on %(day)s; it is moved only once."),
    "reschedule.no_due_date": _l("This task has no deadline to move."),
    "reschedule.too_late": _l("A new date must be set before the due day, %(day)s."),
    "reschedule.not_later": _l("The new date must be after the current due date, %(day)s."),
    "reschedule.not_working_day": _l("%(day)s is not a working day."),
    "certificate.due_in_past": _l("The inspection's deadline is already past."),
    "certificate.finding_in_future": _l("The date of the conclusion is after today."),
    "cycle.not_the_producer": _l("Only the producer of idea %(number)s submits its business plan."),
    "cycle.idea_not_selected": _l("Idea %(number)s was not selected: only a selected idea leads to a business plan."),
    "cycle.plan_exists": _l("Idea %(number)s already has business plan %(plan)s."),
    "simulation.no_user": _l("There is no user %(user)s in the demo data or the scenario's users."),
    "simulation.nobody_holds": _l("Nobody holds %(grant)s: declare a user for it under users:."),
    "simulation.not_in_inbox": _l("%(user)s has no open step %(element)s in their inbox; the steps open now, and "
                                  "to whom, are in the technical details."),
    "simulation.dossier_finished": _l("%(user)s has no open step %(element)s in their inbox: the dossier is "
                                      "finished."),
    "simulation.timer_failed": _l("The process failed at %(element)s when a timer fired."),
    "simulation.timer_step_failed": _l("A step after a timer failed."),
    "simulation.no_idea": _l("There is no idea numbered %(number)s in the simulation: register it in an earlier "
                             "run (given:)."),
    "simulation.data_required": _l("The filing's data needs %(name)s."),
    "simulation.data_not_date": _l("The filing's %(name)s is not a date (yyyy-mm-dd)."),
    "simulation.other_process": _l("The scenario runs the process %(key)s, not the chosen %(chosen)s."),
    "simulation.process_not_deployed": _l("The process %(key)s is not deployed: deploy it or upload its .bpmn "
                                          "file."),
    "simulation.version_not_deployed": _l("Version %(version)s of %(key)s is not deployed: deploy it or upload "
                                          "its .bpmn file."),
    "simulation.too_many_files": _l("Upload at most %(limit)s files."),
    "simulation.files_too_large": _l("The uploaded files are larger than 5 MiB."),
    "simulation.bad_file": _l("%(name)s is not a .bpmn, .dmn or form .json file."),
    "simulation.several_bpmn": _l("Upload at most one .bpmn file (the process model)."),
    "simulation.units_refused": _l("The scenario's units cannot be loaded."),
    "simulation.user_refused": _l("The scenario's user %(user)s cannot be added."),
    "simulation.plan_refused": _l("The scenario's yearly plan %(number)s cannot be loaded."),
}
# Parameters of a coded error that hold a service's or the engine's own English: technical detail only.
TECHNICAL_PARAMS = ("error", "offers")

class PageInputError(ValidationFailed):
    """Raised by a page with its message already in the page's language."""


PROBLEM_TEXTS: dict[str, Any] = {
    "task.not_in_lane": _l("This user task is not in a lane named after a role; put it in the lane of the role "
                           "that does it."),
    "task.no_form": _l("This user task has no form: choose its form file in the properties."),
    "form.missing": _l("The form «%(form)s» is neither in this process nor among the service's forms; check "
                       "its name."),
    "form.bad_name": _l("The form file name «%(form)s» must be a plain file name."),
    "form.not_a_schema": _l("The form «%(form)s» is not a valid JSON Schema."),
    "lane.unnamed": _l("This lane has no name; name it after a role."),
    "lane.not_a_role": _l("The lane «%(name)s» is not a role; choose the lane's role in the properties."),
    "flow.several_outgoing": _l("This task has %(n)s outgoing flows; a task may have only one: add an exclusive "
                                "gateway after it and put the conditions on the gateway's flows."),
    "decision.missing": _l("This task calls the decision «%(decision)s», which no decision table of the process "
                           "defines; use one of: %(available)s."),
    "decision.unknown_input": _l("The decision reads «%(name)s», which no form field, script or decision of the "
                                 "process sets."),
    "expression.juel": _l("This is written for Camunda (JUEL): «%(written)s»; write it as a Python expression: "
                          "%(python)s"),
    "expression.invalid": _l("«%(written)s» is not a valid expression: write a Python expression over the "
                             "process data, for example score, or a test such as >= 90."),
    "deadline.invalid": _l("The deadline «%(value)s» is not understood; write for example 15 working days, "
                           "30 days, 2 months or round:province."),
    "bundle.too_large": _l("The process files are larger than 5 MiB."),
    "process.id_changed": _l("The process id changed from «%(old)s» to «%(new)s»; keep the id to deploy a new "
                             "version of this process."),
    "process.none": _l("The file has no process: export the process model, not only a collaboration or a "
                       "diagram."),
    "process.several_executable": _l("The file has %(n)s processes (%(names)s); exactly one must be marked "
                                     "executable: tick «Executable» on the pool that runs and untick the others."),
    "bundle.one_bpmn": _l("A process needs exactly one .bpmn file; %(n)s were sent."),
    "deadline.pause_value": _l("The deadline during a supplement must be «pause» or «restart», not "
                               "«%(value)s»."),
    "deadline.supplement_target": _l("This step supplements «%(value)s», which is not a user task of this "
                                     "process."),
    "data.missing_reference": _l("This element has a data association with %(missing)s, which is not a data "
                                 "object or data store of this file (the modeler left it out of the export); add "
                                 "the data object or delete the association."),
    "xml.doctype": _l("«%(file)s» declares a DOCTYPE or entities, which process files never need; export it "
                      "again without them."),
    "xml.wrong_kind": _l("«%(file)s» is not a %(expected)s file: it starts with <%(root)s>, a %(expected)s "
                         "export starts with <definitions>."),
    "xml.unreadable": _l("«%(file)s» is not well-formed XML: it may be cut short or edited by hand; look at the "
                         "line shown."),
    "engine.unreadable": _l("The process engine cannot read «%(file)s»; check that it is a complete BPMN 2.0 or "
                            "DMN export."),
    "engine.rejected": _l("The process engine does not accept this element; the technical details say why."),
    "script.rejected": _l("This script cannot run as written; the technical details say why."),
    "timer.invalid": _l("The timer's value (%(kind)s) is not valid: write an ISO 8601 text in quotes, for "
                        "example 'P3D' or '2026-12-31T17:00:00'."),
}


def problem_dict(problem: BundleProblem) -> dict[str, Any]:
    """A bundle problem for the designer's page: where it is, and what to do in the page's language; the
    engine's or the XML parser's own English, when it words the problem, as `technical` (shown collapsed)."""
    found = problem.as_dict()
    template = PROBLEM_TEXTS.get(problem.code or "")
    if template is None:  # a problem without a code: said to come from the engine, its words as detail
        found["message"] = _("The process engine does not accept this; the technical details say why.")
        found["technical"] = problem.message
        return found
    if problem.code in ENGINE_WORDED:
        found["technical"] = problem.message
    params = dict(problem.params)
    text = str(template) % params if params else str(template)
    if problem.code == "decision.unknown_input" and params.get("close"):
        text += " " + _("Did you mean %(names)s?", names=params["close"])
    found["message"] = text
    return found


UNIT_PARAMS = ("unit", "commune", "district", "province")


def _for_people(name: str, value: Any) -> Any:
    if name in UNIT_PARAMS and isinstance(value, str):
        return unit_name(value)
    if name == "role" and isinstance(value, str):
        return role_title(value)
    if name == "status" and isinstance(value, str):
        return str(TASK_STATUS.get(value, value))
    if isinstance(value, date | datetime):
        return local_date(value)
    return value


def error_text(err: DomainError) -> str:
    """The error in the page's language."""
    if isinstance(err, PageInputError):
        return str(err.detail)
    template = ERROR_TEXTS.get(err.code or "")
    if template is not None:
        params = {name: _for_people(name, value) for name, value in err.params.items()}
        return str(template) % params if params else str(template)
    return status_text(err.status)


def field_errors(err: DomainError) -> dict[str, list[str]]:
    """Per field: a form's own messages (made friendly next to each field), else the error's text."""
    if err.code == "form.invalid" or isinstance(err, PageInputError):
        return dict(err.errors)
    return {name: [error_text(err)] for name in err.errors}


def status_text(status: int) -> str:
    texts: dict[int, str] = {
        400: _("The request could not be carried out."),
        401: _("Sign in first."),
        403: _("You may not do this."),
        404: _("Not found."),
        405: _("This page does not take that action."),
        409: _("This could not be done now: the data changed meanwhile. Reload the page and try again."),
        413: _("The file or form sent is too large."),
        422: _("Some data is not valid."),
        429: _("Too many requests; wait a moment and try again."),
    }
    return texts.get(status) or str(_("Something went wrong on our side; please try again later."))


def http_text(err: HTTPException) -> str:
    return status_text(err.code or 500)
