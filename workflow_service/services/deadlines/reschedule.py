"""Reschedule a task once (the apology-and-new-date rule of Vietnamese administration).

An agency that will miss a deadline apologises and sets a new date before the deadline; the
date may be reset only once. Here: the holder of the task or a supervisor of its unit, with a
reason, at least one day before the due day (the last day is too late to announce a new date),
to a later working day. The first due date is kept in `original_due_at`.
"""

from __future__ import annotations

from datetime import date, datetime

from ...domain.access import Actor
from ...domain.clock import VN_TZ
from ...domain.deadlines import OFFICE_CLOSE
from ...domain.errors import Conflict, Forbidden, ValidationFailed
from ...persistence.models import TaskRow
from ..access.visibility import visible_task
from ..audit.trail import audit
from ..context import ServiceContext
from ..units.tree import subtree_codes
from .calendar import working_calendar


def reschedule_task(ctx: ServiceContext, actor: Actor, task_id: str, due_on: date, reason: str) -> TaskRow:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationFailed.coded("reschedule.reason_required", {"reason": ["required"]})
    now = ctx.clock.now()
    with ctx.uow() as uow:
        session = uow.session
        row = visible_task(session, actor, task_id, lock=True)
        if row.status != "open":
            raise Conflict.coded("task.not_open", task=task_id, status=row.status)
        if row.claimed_by == actor.username:
            acting_as = f"{row.role}@{row.unit_code}"
        else:
            supervised = subtree_codes(session, actor.supervised_units)
            if row.unit_code not in supervised and row.dossier.commune_code not in supervised:
                raise Forbidden.coded("reschedule.forbidden")
            acting_as = next(str(g) for g in actor.grants if g.unit_code in supervised)
        if row.rescheduled_at is not None:
            raise Conflict.coded("reschedule.only_once", task=task_id, day=row.rescheduled_at.astimezone(VN_TZ).date())
        if row.due_at is None:
            raise Conflict.coded("reschedule.no_due_date", task=task_id)
        today, due_day = now.astimezone(VN_TZ).date(), row.due_at.astimezone(VN_TZ).date()
        if today >= due_day:
            raise Conflict.coded("reschedule.too_late", day=due_day)
        if due_on <= due_day:
            raise ValidationFailed.coded("reschedule.not_later", {"due_on": ["must be after the current due date"]},
                                         day=due_day)
        calendar = working_calendar(session)
        if not calendar.is_working_day(due_on):
            raise ValidationFailed.coded("reschedule.not_working_day", {"due_on": ["must be a working day"]},
                                         day=due_on, reason=calendar.reason_off(due_on))
        row.original_due_at, row.rescheduled_at, row.reschedule_reason = row.due_at, now, reason
        row.due_at = datetime.combine(due_on, OFFICE_CLOSE, tzinfo=VN_TZ)
        audit(session, actor=actor.username, acting_as=acting_as, action="reschedule", at=now,
              dossier_id=row.dossier_id, task_id=task_id,
              data={"from": row.original_due_at.isoformat(), "to": row.due_at.isoformat(), "reason": reason})
        uow.commit()
        return row
