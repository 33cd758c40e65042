from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from workflow_service.domain.calendar import WorkingCalendar
from workflow_service.domain.clock import VN_TZ, FixedClock, OffsetClock, SystemClock
from workflow_service.domain.deadlines import (
    CalendarDays,
    DataFieldDate,
    DeadlineUnresolved,
    Months,
    PlanStepDate,
    RoundClose,
    WorkingDays,
    compute_due,
    deadline_status,
    parse_deadline,
)
from workflow_service.domain.plans import parse_plan
from workflow_service.domain.rounds import RoundSchedule

CALENDAR = WorkingCalendar()
PLANS = Path(__file__).resolve().parents[2] / "plans"


def vn(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("15 working days", WorkingDays(15)),
        ("1 working day", WorkingDays(1)),
        ("  15   Working Days ", WorkingDays(15)),
        ("0 working days", WorkingDays(0)),
        ("15 ngày làm việc", WorkingDays(15)),
        ("45 days", CalendarDays(45)),
        ("1 day", CalendarDays(1)),
        ("45 ngày", CalendarDays(45)),
        ("36 months", Months(36)),
        ("plan:district-evaluation", PlanStepDate("district-evaluation")),
        ("round:province", RoundClose("province")),
        ("round:ministry", RoundClose("ministry")),
        ("round:district", RoundClose("district")),
        ("date:certificate.expiry_date", DataFieldDate("certificate.expiry_date")),
    ],
)
def test_parse_deadline_accepts_the_designer_forms(text, rule):
    assert parse_deadline(text) == rule


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("P1D", "ISO 8601 durations are not accepted"),
        ("PT5H", "ISO 8601 durations are not accepted"),
        ("15 work days", "unknown unit 'work days'"),
        ("15 business days", "unknown unit 'business days'"),
        ("-3 days", "cannot be negative"),
        ("+3 days", "is not understood"),
        ("1.5 days", "is not understood"),
        ("days", "is not understood"),
        ("", "deadline is empty"),
        ("1001 working days", "more than the maximum 1000"),
        ("plan:", "step key must look like"),
        ("plan:District Evaluation", "step key must look like"),
        ("round:commune", "round must be 'district', 'province' or 'ministry'"),
        ("date:expiry-date", "field must be a name"),
        ("due:15/6/2021", "unknown kind 'due'"),
    ],
)
def test_parse_deadline_says_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(".", r"\.")):
        parse_deadline(text)


def test_commune_task_of_15_working_days_across_tet_2027():
    # Started Wed 3/2/2027 (not counted). Off per the holidays package: Thu 4/2 (29 Tết),
    # Fri 5/2 (eve), Sat 6 – Sun 7 (Tết, weekend), Mon 8 – Wed 10/2 (Tết days 3-5).
    # Working days: 11/2 (1), 12/2 (2), 15-19/2 (3-7), 22-26/2 (8-12), 1/3 (13), 2/3 (14), 3/3 (15).
    due = compute_due(parse_deadline("15 working days"), vn(2027, 2, 3, 9, 30), CALENDAR)
    assert due == vn(2027, 3, 3, 17, 0)
    assert due.tzinfo == VN_TZ


def test_the_start_day_is_the_local_day_in_vietnam():
    # 20:00 UTC on 2/2 is 03:00 on 3/2 in Vietnam.
    started = datetime(2027, 2, 2, 20, 0, tzinfo=UTC)
    assert compute_due(WorkingDays(15), started, CALENDAR) == vn(2027, 3, 3, 17, 0)


def test_naive_start_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        compute_due(WorkingDays(1), datetime(2027, 2, 3, 9, 0), CALENDAR)


def test_calendar_days_roll_forward_past_the_2026_national_day_break():
    # Mon 24/8 + 5 days = Sat 29/8; Mon 31/8 (swap), 1/9 and 2/9 are off → Thu 3/9.
    assert compute_due(CalendarDays(5), vn(2026, 8, 24, 8), CALENDAR) == vn(2026, 9, 3, 17)


def test_calendar_days_on_a_working_day_stay():
    assert compute_due(CalendarDays(45), vn(2026, 6, 1, 8), CALENDAR) == vn(2026, 7, 16, 17)


def test_months_clamp_to_month_end_then_roll_forward():
    # 31/1/2026 + 1 month = Sat 28/2/2026 → Mon 2/3/2026.
    assert compute_due(Months(1), vn(2026, 1, 31, 8), CALENDAR) == vn(2026, 3, 2, 17)


def test_plan_step_date_is_taken_as_written():
    plan = parse_plan((PLANS / "ha-tinh-2019.yaml").read_text(encoding="utf-8"))
    lookup = plan.deadline_lookup()
    # 31/3/2019 is a Sunday: a date the plan sets is not moved.
    due = compute_due(parse_deadline("plan:district-plans"), vn(2019, 3, 1, 8), CALENDAR, plan_lookup=lookup)
    assert due == vn(2019, 3, 31, 17)
    with pytest.raises(DeadlineUnresolved, match="no yearly-plan date for step 'nope'"):
        compute_due(PlanStepDate("nope"), vn(2019, 3, 1, 8), CALENDAR, plan_lookup=lookup)
    with pytest.raises(DeadlineUnresolved):
        compute_due(PlanStepDate("district-plans"), vn(2019, 3, 1, 8), CALENDAR)


def test_round_close_uses_the_start_day_as_the_proposal_day():
    schedule = RoundSchedule()

    def close(level, day):
        return schedule.round_for(level, day).closes_on

    assert compute_due(RoundClose("province"), vn(2026, 4, 30, 16), CALENDAR, round_close=close) == vn(
        2026, 6, 30, 17
    )
    assert compute_due(RoundClose("province"), vn(2026, 5, 1, 8), CALENDAR, round_close=close) == vn(
        2026, 12, 30, 17
    )
    with pytest.raises(DeadlineUnresolved, match="no round schedule"):
        compute_due(RoundClose("ministry"), vn(2026, 5, 1, 8), CALENDAR)


@pytest.mark.parametrize(
    "value",
    [date(2029, 5, 22), "2029-05-22", datetime(2029, 5, 21, 20, 0, tzinfo=UTC)],
)
def test_date_field_from_dossier_data(value):
    data = {"certificate": {"expiry_date": value}}
    due = compute_due(DataFieldDate("certificate.expiry_date"), vn(2026, 5, 22, 8), CALENDAR, data=data)
    assert due == vn(2029, 5, 22, 17)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "is missing"),
        ({"certificate": "x"}, "is missing"),
        ({"certificate": {"expiry_date": "22/05/2029"}}, "is not a date"),
        ({"certificate": {"expiry_date": 20290522}}, "is not a date"),
    ],
)
def test_date_field_problems(data, message):
    with pytest.raises(DeadlineUnresolved, match=message):
        compute_due(DataFieldDate("certificate.expiry_date"), vn(2026, 5, 22, 8), CALENDAR, data=data)


def test_status_of_an_open_task():
    due = vn(2026, 6, 19, 17)  # Friday
    assert deadline_status(due, vn(2026, 6, 15, 9), CALENDAR) == "on_time"  # Mon: 4 working days left
    assert deadline_status(due, vn(2026, 6, 16, 9), CALENDAR) == "due_soon"  # Tue: 3 left
    assert deadline_status(due, vn(2026, 6, 19, 16, 59), CALENDAR) == "due_soon"  # due later today
    assert deadline_status(due, vn(2026, 6, 19, 17, 0), CALENDAR) == "due_soon"
    assert deadline_status(due, vn(2026, 6, 19, 17, 1), CALENDAR) == "overdue"


def test_due_soon_counts_working_days_not_calendar_days():
    due = vn(2027, 2, 11, 17)  # first working day after Tết 2027
    # On Wed 3/2 only one working day (11/2) is left although eight calendar days remain.
    assert deadline_status(due, vn(2027, 2, 3, 9), CALENDAR, due_soon_working_days=1) == "due_soon"
    assert deadline_status(due, vn(2027, 2, 3, 9), CALENDAR, due_soon_working_days=0) == "on_time"


def test_status_of_a_completed_task():
    due = vn(2026, 6, 19, 17)
    later = vn(2026, 7, 1, 9)
    assert deadline_status(due, later, CALENDAR, completed_at=vn(2026, 6, 19, 17)) == "on_time"
    assert deadline_status(due, later, CALENDAR, completed_at=vn(2026, 6, 19, 17, 1)) == "late"


def test_status_refuses_naive_datetimes():
    with pytest.raises(ValueError, match="timezone-aware"):
        deadline_status(vn(2026, 6, 19, 17), datetime(2026, 6, 15, 9), CALENDAR)


def test_fixed_clock_moves_only_when_told():
    clock = FixedClock(vn(2027, 2, 3, 9))
    assert clock.now() == vn(2027, 2, 3, 9)
    clock.advance(timedelta(days=1))
    assert clock.now() == vn(2027, 2, 4, 9)
    with pytest.raises(ValueError, match="timezone-aware"):
        FixedClock(datetime(2027, 2, 3, 9))


def test_offset_clock_runs_on_from_its_start():
    ticks = [100.0]
    clock = OffsetClock(vn(2027, 2, 3, 9), monotonic=lambda: ticks[0])
    assert clock.now() == vn(2027, 2, 3, 9)
    ticks[0] += 90.5
    assert clock.now() == vn(2027, 2, 3, 9, 1, 30, 500000)


def test_system_clock_is_aware_and_in_vietnam_time():
    now = SystemClock().now()
    assert now.tzinfo == VN_TZ
    assert now.utcoffset() == timedelta(hours=7)


def test_a_period_from_a_fixed_day_counts_from_that_day_not_from_the_task() -> None:
    """QĐ 26/2026's transition: 60 days from 22/5/2026 (first time, upgrade), 30 for a re-evaluation."""
    from workflow_service.domain.deadlines import CalendarDays, FromDay, compute_due, parse_deadline

    assert parse_deadline("60 days from 2026-05-22") == FromDay(CalendarDays(60), date(2026, 5, 22))
    calendar = WorkingCalendar()
    started = datetime(2026, 6, 10, 3, 0, tzinfo=UTC)
    assert compute_due(parse_deadline("60 days from 2026-05-22"), started, calendar).date() == date(2026, 7, 21)
    assert compute_due(parse_deadline("30 ngày kể từ 2026-05-22"), started, calendar).date() == date(2026, 6, 22)
    for wrong, said in [("60 days from 2026-02-30", "not a date"), ("plan:x from 2026-05-22", "only a period")]:
        with pytest.raises(ValueError, match=said):
            parse_deadline(wrong)
