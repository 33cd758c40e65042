"""Message codes of the errors a user can meet, with the English text the API answers.

A service raises `Conflict.coded("task.already_claimed", task=task_id)`; the API keeps answering the
English `detail` below (filled with the parameters) and adds the code; pages translate the code
themselves (web/messages.py) and write the parameters for people. Parameter names carry their kind to
the pages: `unit` / `commune` / `province` / `district` are unit codes, `role` a role code, `day` a
date, `user` a user name. A test checks that every code here has a translation on the pages.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # tasks
    "task.not_offered": "task {task} is offered to {role}@{unit}, not to you",
    "task.already_claimed": "task {task} is already claimed",
    "task.not_claimed_by_you": "task {task} is not claimed by you",
    "task.not_open": "task {task} is {status}",
    "task.claim_before_complete": "task {task} must be claimed by you before it is completed",
    "task.held_by_other": "task {task} must be claimed by you before it is completed (claimed by {user})",
    "task.claim_before_draft": "task {task} must be claimed by you before you save a draft",
    "task.claim_before_attach": "task {task} must be claimed by you before you attach files",
    "task.not_ready": "{reason}",
    "task.assignee_lacks_role": "{user} does not hold {role}@{unit}",
    "task.reassign_forbidden": "only a supervisor of the unit or its chair may reassign a task",
    "task.dossier_changed": "the dossier changed while completing the task, try again",
    "task.step_failed": "the process could not continue after this task at '{element}': {error} "
                        "(incident {incident}; nothing was changed)",
    # forms
    "form.not_an_object": "form data must be a JSON object",
    "form.invalid": "the data does not satisfy form '{form}' ({fields})",
    # attachments
    "attachment.type_not_allowed": "only {types} files can be attached",
    "attachment.empty": "the file is empty",
    "attachment.too_large": "the file is larger than {mib} MiB",
    "attachment.content_mismatch": "the file's content is not a .{ext} file",
    # filing
    "filing.unknown_kind": "kind must be one of {kinds}",
    "filing.not_your_commune": "only the producer or the commune officer of commune {commune} files there",
    "filing.number_busy": "could not allocate a registration number, try again",
    "filing.step_failed": "the process failed at '{element}': {error} (incident {incident}; no dossier was filed)",
    "filing.not_a_commune": "{commune} is not a commune valid on {day}",
    "filing.no_province_council": "province {province} has no council members to score",
    "filing.no_district_council": "district {district} has no council members to score",
    "filing.unit_not_on_day": "unit {unit} ({name}) did not exist on {day} (valid {span})",
    "filing.no_unit_above": "commune {commune} has no {levels} unit above it on {day} (chain: {chain}), "
                            "but the process has lanes at that level",
    "filing.process_required": "process_key is required: no regulation registry is deployed",
    "filing.no_regulation": "no regulation is in force for a {kind} dossier filed on {day} (the registry covers {spans})",
    "filing.other_regulation": "{what} is in force on {day}; only an admin may file under {process}",
    "filing.override_reason": "{what} is in force on {day}: overriding it needs an override_reason",
    "filing.earlier_day_officer_only": "only the commune officer (or an admin) registers a dossier received "
                                       "on an earlier day",
    "filing.day_in_future": "filed_on {day} is after today ({today})",
    "filing.process_not_deployed": "{regulation} ({title}, {span}) runs process '{process}'{version}, which is "
                                   "not deployed: no dossier filed on {day} can run under it yet",
    # supervision
    "monitoring.forbidden": "monitoring is for supervisors and chairs",
    "monitoring.choose_unit": "choose the unit to monitor",
    "monitoring.unit_not_supervised": "you do not supervise unit {unit}",
    "monitoring.export_too_many": "{total} tasks match; narrow the filters to at most {limit} to export",
    "monitoring.bad_period": "period must be month or quarter",
    "monitoring.from_after_to": "from must not be after to",
    "monitoring.too_many_periods": "at most {limit} periods at once",
    # designer and deployment
    "designer.role_required": "the process designer needs the designer role",
    "designer.file_name": "the file must be a .bpmn or .dmn file name",
    "deploy.role_required": "deploying process definitions needs the designer role",
    "deploy.too_large": "bundle is larger than 5 MiB",
    "deploy.invalid": "the bundle cannot be deployed: {problem}",
    "migration.not_migrated": "dossier {dossier} was not migrated by run {run} (it is {state})",
    "migration.moved_on": "dossier {number} has moved on since the migration ({since}); it can no longer be reverted",
    # incidents
    "incident.admin_only": "only an admin may see and act on incidents",
    "incident.bad_status": "status must be one of {statuses}",
    "incident.reason_required": "say why the incident is resolved",
    "incident.reason_too_long": "the reason is longer than {limit} characters",
    "incident.already": "incident {incident} is already {status}",
    "incident.dossier_busy": "dossier {dossier} is being stepped right now, try again",
    "incident.timers_failed_again": "the timers of dossier {dossier} failed again at '{element}': {error}",
    "incident.not_retriable": "incident {incident} ({action}) cannot be retried; resolve it",
    # accounts
    "password.too_short": "password must have at least 8 characters",
    "password.unchanged": "the new password must differ from the current one",
    "password.wrong": "the current password is wrong",
    # deadlines
    "reschedule.reason_required": "give the reason for the new date",
    "reschedule.forbidden": "only the holder of the task or a supervisor of its unit may reschedule it",
    "reschedule.only_once": "task {task} was already rescheduled on {day:%d/%m/%Y}; a due date is reset only once",
    "reschedule.no_due_date": "task {task} has no due date to reschedule",
    "reschedule.too_late": "a new date must be set before the due day {day:%d/%m/%Y}",
    "reschedule.not_later": "the new date must be after the current due date {day:%d/%m/%Y}",
    "reschedule.not_working_day": "{day:%d/%m/%Y} is not a working day ({reason})",
    # certificates and the annual cycle
    "certificate.due_in_past": "due_on is in the past",
    "certificate.finding_in_future": "finding_date is in the future",
    "cycle.not_the_producer": "only the producer of idea {number} submits its business plan",
    "cycle.idea_not_selected": "idea {number} is {state}: only a selected idea leads to a business plan",
    "cycle.plan_exists": "idea {number} already has business plan {plan}",
    # simulation: what stops a scenario, what the simulation page refuses
    "simulation.no_user": "no user '{user}' in the demo data or the scenario's users",
    "simulation.nobody_holds": "nobody holds {grant}: declare a user for it under users:",
    "simulation.not_in_inbox": "{user} has no open '{element}' in their inbox; open now: {offers}",
    "simulation.dossier_finished": "{user} has no open '{element}' in their inbox; open now: nothing (the "
                                   "dossier is finished)",
    "simulation.timer_failed": "the process failed at '{element}' when a timer fired: {error}",
    "simulation.timer_step_failed": "a timer's step failed",
    "simulation.no_idea": "no idea numbered {number} in the world: register it in a given run",
    "simulation.data_required": "data.{name} is required",
    "simulation.data_not_date": "data.{name} is not a date (yyyy-mm-dd)",
    "simulation.other_process": "the scenario runs process '{key}', not '{chosen}'",
    "simulation.process_not_deployed": "'{key}' is not deployed: deploy it or upload its .bpmn",
    "simulation.version_not_deployed": "version {version} of '{key}' is not deployed: deploy it or upload its .bpmn",
    "simulation.too_many_files": "at most {limit} files",
    "simulation.files_too_large": "the uploaded files are larger than 5 MiB",
    "simulation.bad_file": "{name!r} is not a .bpmn, .dmn or form .json file",
    "simulation.several_bpmn": "upload at most one .bpmn (the process model)",
    "simulation.units_refused": "the scenario's units cannot be loaded: {error}",
    "simulation.user_refused": "users.{user}: {error}",
    "simulation.plan_refused": "plans[{number}]: {error}",
}
