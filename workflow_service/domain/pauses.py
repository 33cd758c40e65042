"""A task clock paused while the dossier is back with the producer for a supplement.

When the dossier returns, the step resumes with the time it had left, counted in the rule's own
unit: working days for "N working days", calendar days for "N days" and "N months". A fixed
date (plan step, round, data field) is a decision and does not move. A step that was already
late when it paused stays late: the pause does not forgive lateness.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from .calendar import WorkingCalendar
from .clock import VN_TZ, require_aware
from .deadline_rules import CalendarDays, DeadlineRule, Months, WorkingDays
from .deadlines import OFFICE_CLOSE

PAUSE_MODES = ("pause", "restart")


def resumed_due(rule: DeadlineRule, due_at: datetime, paused_at: datetime, resumed_at: datetime,
                calendar: WorkingCalendar) -> datetime | None:
    """The new due instant of a step resumed at `resumed_at`; None if the rule does not pause."""
    due, paused = require_aware(due_at, "due_at"), require_aware(paused_at, "paused_at")
    if not isinstance(rule, WorkingDays | CalendarDays | Months):
        return None
    if paused > due:
        return due
    due_day, paused_day = due.astimezone(VN_TZ).date(), paused.astimezone(VN_TZ).date()
    resume_day = require_aware(resumed_at, "resumed_at").astimezone(VN_TZ).date()
    if isinstance(rule, WorkingDays):
        day = calendar.add_working_days(resume_day, calendar.working_days_between(paused_day, due_day))
    else:
        day = calendar.roll_forward(resume_day + timedelta(days=(due_day - paused_day).days))
    return datetime.combine(day, OFFICE_CLOSE, tzinfo=VN_TZ)
