"""The clock of a step paused for a supplement resumes with exactly the time it had left."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from workflow_service.domain.calendar import WorkingCalendar
from workflow_service.domain.clock import VN_TZ
from workflow_service.domain.deadlines import (
    CalendarDays,
    PlanStepDate,
    RoundClose,
    WorkingDays,
    compute_due,
)
from workflow_service.domain.pauses import resumed_due

CALENDAR = WorkingCalendar()


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=VN_TZ)


def test_working_days_left_carry_over_across_tet() -> None:
    due = compute_due(WorkingDays(15), _at(date(2027, 1, 25)), CALENDAR)
    assert due.date() == date(2027, 2, 22)  # Tết 4–10 Feb is not counted
    # Paused on Fri 29 Jan after 4 working days (11 left); back on Mon 1 March.
    resumed = resumed_due(WorkingDays(15), due, _at(date(2027, 1, 29)), _at(date(2027, 3, 1)), CALENDAR)
    assert resumed == _at(date(2027, 3, 16), 17)


def test_calendar_days_left_carry_over_and_land_on_a_working_day() -> None:
    due = _at(date(2027, 3, 31), 17)
    resumed = resumed_due(CalendarDays(30), due, _at(date(2027, 3, 21)), _at(date(2027, 4, 1)), CALENDAR)
    assert resumed == _at(date(2027, 4, 12), 17)  # 1/4 + 10 days = Sun 11/4 → Mon 12/4


def test_a_step_late_when_paused_stays_late_and_fixed_dates_do_not_move() -> None:
    due = _at(date(2027, 3, 10), 17)
    assert resumed_due(WorkingDays(5), due, _at(date(2027, 3, 12)), _at(date(2027, 4, 1)), CALENDAR) == due
    for fixed in (PlanStepDate("x"), RoundClose("province")):
        assert resumed_due(fixed, due, _at(date(2027, 3, 1)), _at(date(2027, 3, 5)), CALENDAR) is None


@settings(max_examples=150, deadline=None)
@given(start=st.dates(date(2026, 1, 1), date(2028, 12, 31)), n=st.integers(1, 40),
       used=st.integers(0, 60), away=st.integers(0, 90))
def test_time_used_before_plus_time_used_after_is_the_whole_period(start: date, n: int, used: int,
                                                                  away: int) -> None:
    due = compute_due(WorkingDays(n), _at(start), CALENDAR)
    paused_day = start + timedelta(days=used)
    if paused_day > due.date():
        return
    resumed_day = paused_day + timedelta(days=away)
    resumed = resumed_due(WorkingDays(n), due, _at(paused_day), _at(resumed_day), CALENDAR)
    assert resumed is not None and CALENDAR.is_working_day(resumed.date())
    left = n - CALENDAR.working_days_between(start, paused_day)
    if left > 0:
        assert CALENDAR.working_days_between(resumed_day, resumed.date()) == left
    else:  # paused on its last day: due at the end of the day it comes back (or the next working day)
        assert resumed.date() == CALENDAR.roll_forward(resumed_day)
