"""The SQL cutoffs of the monitoring queries agree with the task's deadline status rule."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from workflow_service.domain.calendar import WorkingCalendar
from workflow_service.domain.clock import VN_TZ
from workflow_service.domain.deadlines import deadline_status
from workflow_service.services.monitoring.task_list import cutoffs_at

CALENDAR = WorkingCalendar()
instants = st.datetimes(min_value=datetime(2025, 12, 1), max_value=datetime(2027, 12, 31),
                        timezones=st.just(VN_TZ))


def vn(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


@settings(max_examples=300, deadline=None)
@given(now=instants, ahead=st.integers(min_value=-40 * 24, max_value=40 * 24), threshold=st.integers(0, 6))
def test_status_from_cutoffs_is_the_deadline_status(now: datetime, ahead: int, threshold: int) -> None:
    due = now + timedelta(hours=ahead)
    cut = cutoffs_at(now, threshold, CALENDAR)
    assert cut.status(due) == deadline_status(due, now, CALENDAR, due_soon_working_days=threshold)


@settings(max_examples=300, deadline=None)
@given(now=instants, late_days=st.integers(min_value=0, max_value=90), n=st.integers(1, 30))
def test_age_cutoff_selects_exactly_the_tasks_that_old(now: datetime, late_days: int, n: int) -> None:
    due = (now - timedelta(days=late_days)).replace(hour=17, minute=0, second=0, microsecond=0)
    cut = cutoffs_at(now, 3, CALENDAR)
    assert (cut.days_overdue(due) >= n) == (due < cut.overdue_by_at_least(n))


def test_age_counts_working_days_across_tet() -> None:
    # Due Thursday 4/2/2027; offices close 5–10/2 for Tết 2027, so twelve calendar days later
    # (Tuesday 16/2) the task is late by four working days: 11, 12, 15 and 16 February.
    cut = cutoffs_at(vn(2027, 2, 16, 9, 0), 3, CALENDAR)
    assert cut.days_overdue(vn(2027, 2, 4, 17, 0)) == 4
    assert cut.overdue_by_at_least(4) > vn(2027, 2, 4, 17, 0) >= cut.overdue_by_at_least(5)


def test_a_task_late_since_this_evening_is_one_day_overdue_and_one_due_later_is_not() -> None:
    cut = cutoffs_at(vn(2026, 11, 23, 17, 30), 3, CALENDAR)
    assert cut.days_overdue(vn(2026, 11, 23, 17, 0)) == 1
    assert cut.days_overdue(vn(2026, 11, 23, 18, 0)) == 0
    assert cut.status(vn(2026, 11, 23, 18, 0)) == "due_soon"
