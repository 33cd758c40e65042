"""Write back an instance moved onto another version (services/migration): open task rows follow it.

A waiting task keeps its engine id across a migration, so its open row stays and takes the new
element's name, form, lane routing and deadline rule. A row whose element changed is a new step:
it starts now and gets its due date as a new task would (deadlines.clock.on_tasks_created); a row
of the same element keeps its start and is due by the new rule. A claim stays only when the same
people are still offered the task. Then sync_tasks adds and cancels rows as after any engine step.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.access import route_lane
from ...engine.runtime import Instance
from ...persistence.models import Dossier, TaskRow
from ..deadlines.calendar import working_calendar
from ..deadlines.clock import on_tasks_created, task_due
from .sync import record_certificate_outcome, sync_tasks


def rebind_tasks(session: Session, dossier: Dossier, instance: Instance, now: datetime) -> list[TaskRow]:
    """Rewrite the dossier's open rows for the moved instance; returns the open rows afterwards."""
    ready = {t.id: t for t in instance.ready_tasks()}
    open_rows = list(session.scalars(select(TaskRow).where(TaskRow.dossier_id == dossier.id,
                                                           TaskRow.status == "open")))
    new_steps: list[TaskRow] = []
    same_steps: list[TaskRow] = []
    due_before = {row.id: row.due_at for row in open_rows}
    for row in open_rows:
        task = ready.get(row.id)
        if task is None:
            continue  # sync_tasks cancels it
        offer = route_lane(task.lane or "", dossier.routing["units"], dossier.filed_by,
                           bool(dossier.routing.get("filer_is_applicant")), task.instance_input)
        if (offer.role, offer.unit_code, offer.candidate) != (row.role, row.unit_code, row.candidate):
            row.claimed_by, row.claimed_at = None, None
        if row.form_file != task.form_file:
            row.draft = None
        (new_steps if row.element_id != task.element_id else same_steps).append(row)
        row.element_id, row.name, row.form_file = task.element_id, task.name, task.form_file
        row.role, row.unit_code, row.candidate = offer.role, offer.unit_code, offer.candidate
        row.deadline_rule = task.properties.get("deadline")
    data = instance.data
    for row in new_steps:
        row.created_at = now
    on_tasks_created(session, dossier, new_steps, instance.runtime.bundle.user_tasks, now, data)
    calendar = working_calendar(session) if same_steps else None
    for row in same_steps:
        if calendar is not None and row.rescheduled_at is None:
            row.due_at = task_due(session, calendar, dossier, row, data)
    for row in [*new_steps, *same_steps]:
        if row.due_at != due_before[row.id]:
            row.escalation = "none"  # a new due date: due-soon and overdue notices are sent again
    sync_tasks(session, dossier, instance, now)
    record_certificate_outcome(session, dossier, now)
    return list(session.scalars(select(TaskRow).where(TaskRow.dossier_id == dossier.id, TaskRow.status == "open")
                                .order_by(TaskRow.created_at, TaskRow.id)))
