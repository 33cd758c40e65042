"""Task deadlines as a designer writes them, and a task's status against its deadline.

Periods ("N working days", "N days", "N months") count from the day after the task started
(Civil Code 2015, Art. 147) and end at 17:00 Vietnam time on their last day; a calendar-day or
month period whose last day is not a working day ends on the next working day (Art. 148(5)).
Fixed dates (a plan step, a round's close, a date in the dossier data) are taken as written:
they are decisions, not periods, and moving them would be a silent guess.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import suppress
from datetime import date, datetime, time
from typing import Literal

from .calendar import WorkingCalendar
from .clock import VN_TZ, require_aware
from .deadline_rules import (
    CalendarDays,
    DataFieldDate,
    DeadlineRule,
    FromDay,
    Months,
    PlanStepDate,
    RoundClose,
    RoundLevel,
    WorkingDays,
    parse_deadline,
)

__all__ = [
    "CalendarDays",
    "DataFieldDate",
    "DeadlineRule",
    "DeadlineStatus",
    "DeadlineUnresolved",
    "FromDay",
    "Months",
    "PlanStepDate",
    "RoundClose",
    "RoundLevel",
    "WorkingDays",
    "compute_due",
    "deadline_status",
    "parse_deadline",
]

OFFICE_CLOSE = time(17, 0)

DeadlineStatus = Literal["on_time", "due_soon", "overdue", "late"]


class DeadlineUnresolved(LookupError):
    """A valid rule whose date cannot be found (no plan step, no data field, no round)."""


def compute_due(
    rule: DeadlineRule,
    started_at: datetime,
    calendar: WorkingCalendar,
    *,
    plan_lookup: Callable[[str], date | None] | None = None,
    round_close: Callable[[RoundLevel, date], date] | None = None,
    data: Mapping[str, object] | None = None,
) -> datetime:
    """The instant (17:00 Vietnam time on the last day) a task started at `started_at` is due.

    `round_close(level, day)` receives the task's start day as the proposal date.
    """
    start = require_aware(started_at, "started_at").astimezone(VN_TZ).date()
    match rule:
        case WorkingDays(n):
            day = calendar.add_working_days(start, n)
        case CalendarDays(n):
            day = calendar.roll_forward(calendar.add_calendar_days(start, n))
        case Months(n):
            day = calendar.roll_forward(calendar.add_months(start, n))
        case PlanStepDate(key):
            found = plan_lookup(key) if plan_lookup is not None else None
            if found is None:
                raise DeadlineUnresolved(f"no yearly-plan date for step {key!r}")
            day = found
        case RoundClose(level):
            if round_close is None:
                raise DeadlineUnresolved(f"no round schedule to find the {level} round")
            day = round_close(level, start)
        case DataFieldDate(name):
            day = _date_from_data(name, data or {})
        case FromDay(period, anchor):
            return compute_due(period, datetime.combine(anchor, OFFICE_CLOSE, tzinfo=VN_TZ), calendar)
        case _:
            raise TypeError(f"not a deadline rule: {rule!r}")
    return datetime.combine(day, OFFICE_CLOSE, tzinfo=VN_TZ)


def _date_from_data(name: str, data: Mapping[str, object]) -> date:
    value: object = data
    for part in name.split("."):
        if not isinstance(value, Mapping) or part not in value:
            raise DeadlineUnresolved(f"data field {name!r} is missing")
        value = value[part]
    if isinstance(value, datetime):
        return require_aware(value, name).astimezone(VN_TZ).date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        with suppress(ValueError):
            return date.fromisoformat(value.strip())
    raise DeadlineUnresolved(f"data field {name!r} is not a date (YYYY-MM-DD): {value!r}")


DUE_SOON_WORKING_DAYS = 3  # default threshold; OCOPFLOW_DUE_SOON_DAYS overrides it for escalation


def deadline_status(
    due_at: datetime,
    now: datetime,
    calendar: WorkingCalendar | Callable[[], WorkingCalendar],
    completed_at: datetime | None = None,
    due_soon_working_days: int = DUE_SOON_WORKING_DAYS,
) -> DeadlineStatus:
    """on_time / due_soon / overdue for an open task; on_time / late for a completed one.

    "Due soon" means at most `due_soon_working_days` working days are left, counting the due
    day and not today; a task due later today is therefore due soon. `calendar` may be a function
    giving it: only an open task that is not overdue needs the calendar, so it is read only then.
    """
    due = require_aware(due_at, "due_at")
    if completed_at is not None:
        return "on_time" if require_aware(completed_at, "completed_at") <= due else "late"
    current = require_aware(now, "now")
    if current > due:
        return "overdue"
    today, due_day = current.astimezone(VN_TZ).date(), due.astimezone(VN_TZ).date()
    left = (calendar() if callable(calendar) else calendar).working_days_between(today, due_day)
    return "due_soon" if left <= due_soon_working_days else "on_time"


def due_soon_before(now: datetime, calendar: WorkingCalendar,
                    due_soon_working_days: int = DUE_SOON_WORKING_DAYS) -> datetime:
    """The instant before which an open, not yet overdue task is due soon (as deadline_status says):
    the start of the (n+1)-th working day after today, so queries can filter on due_at alone."""
    today = require_aware(now, "now").astimezone(VN_TZ).date()
    first_not_soon = calendar.add_working_days(today, due_soon_working_days + 1)
    return datetime.combine(first_not_soon, time(0, 0), tzinfo=VN_TZ)
