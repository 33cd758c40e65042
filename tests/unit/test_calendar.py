from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workflow_service.domain.calendar import (
    CalendarCorrection,
    PublicHolidays,
    WorkingCalendar,
    vietnam_public_holidays,
)

# One shared calendar: holiday years are loaded once and reused across examples.
NATIONAL = WorkingCalendar()
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))
counts = st.integers(min_value=0, max_value=300)


def test_weekdays_work_weekends_rest():
    assert NATIONAL.is_working_day(date(2026, 6, 10))  # Wednesday
    assert not NATIONAL.is_working_day(date(2026, 6, 13))  # Saturday
    assert not NATIONAL.is_working_day(date(2026, 6, 14))  # Sunday


def test_fixed_public_holidays_are_off():
    for day in (date(2026, 1, 1), date(2026, 4, 30), date(2026, 5, 1), date(2026, 9, 2)):
        assert not NATIONAL.is_working_day(day)


def test_tet_2027_as_the_holidays_package_lists_it():
    # Tết Nguyên Đán 2027 is Saturday 6/2; the package lists 4/2 (29 Tết, for the Saturday),
    # 5/2 (eve), 6-9/2 and 10/2 (for the Sunday). Weekdays off: 4, 5, 8, 9, 10 February.
    off = [d for d in (date(2027, 2, 1) + timedelta(k) for k in range(14)) if not NATIONAL.is_working_day(d)]
    assert off == [date(2027, 2, d) for d in (4, 5, 6, 7, 8, 9, 10, 13, 14)]


def test_both_sides_of_the_2026_national_day_swap():
    # Monday 31/8/2026 is given off in exchange for working Saturday 22/8/2026.
    assert not NATIONAL.is_working_day(date(2026, 8, 31))
    assert NATIONAL.is_working_day(date(2026, 8, 22))
    assert not NATIONAL.is_working_day(date(2026, 8, 29))  # an ordinary Saturday
    assert "22/08/2026" in (NATIONAL.reason_off(date(2026, 8, 31)) or "")


def test_swaps_across_new_year_are_seen_from_both_years():
    # 31/12/2018 off, worked back on Saturday 5/1/2019.
    assert not NATIONAL.is_working_day(date(2018, 12, 31))
    assert NATIONAL.is_working_day(date(2019, 1, 5))
    assert vietnam_public_holidays(2019).make_up_days[date(2019, 1, 5)] == "Làm bù cho ngày nghỉ 31/12/2018"


def test_corrections_override_the_national_calendar():
    calendar = WorkingCalendar(
        corrections=[
            CalendarCorrection(date(2026, 6, 15), "off", "Nghỉ bù theo quyết định của tỉnh"),
            CalendarCorrection(date(2026, 6, 20), "working", "Làm bù thứ Bảy"),
            CalendarCorrection(date(2026, 8, 22), "off", "Tỉnh không áp dụng làm bù"),
        ]
    )
    assert not calendar.is_working_day(date(2026, 6, 15))
    assert calendar.reason_off(date(2026, 6, 15)) == "Nghỉ bù theo quyết định của tỉnh"
    assert calendar.is_working_day(date(2026, 6, 20))
    assert not calendar.is_working_day(date(2026, 8, 22))
    assert calendar.reason_off(date(2026, 6, 10)) is None


def test_contradictory_corrections_are_refused():
    with pytest.raises(ValueError, match="contradictory corrections for 2026-06-15"):
        WorkingCalendar(
            corrections=[
                CalendarCorrection(date(2026, 6, 15), "off", "a"),
                CalendarCorrection(date(2026, 6, 15), "working", "b"),
            ]
        )


def test_correction_kind_is_checked():
    with pytest.raises(ValueError, match="'working' or 'off'"):
        CalendarCorrection(date(2026, 6, 15), "holiday", "x")  # type: ignore[arg-type]


def test_holiday_source_is_injectable():
    def source(year: int) -> PublicHolidays:
        return PublicHolidays(days_off={date(year, 3, 2): "test"}, make_up_days={date(year, 3, 7): "test"})

    calendar = WorkingCalendar(holidays_source=source)
    assert not calendar.is_working_day(date(2026, 3, 2))
    assert calendar.is_working_day(date(2026, 3, 7))  # a Saturday
    assert calendar.is_working_day(date(2026, 1, 1))  # the package is not consulted


def test_add_working_days_does_not_count_the_start_day():
    assert NATIONAL.add_working_days(date(2026, 6, 10), 1) == date(2026, 6, 11)
    assert NATIONAL.add_working_days(date(2026, 6, 12), 1) == date(2026, 6, 15)  # Fri → Mon


def test_zero_working_days_is_the_same_day_or_the_next_working_day():
    assert NATIONAL.add_working_days(date(2026, 6, 10), 0) == date(2026, 6, 10)
    assert NATIONAL.add_working_days(date(2026, 6, 13), 0) == date(2026, 6, 15)


def test_negative_working_days_are_refused():
    with pytest.raises(ValueError, match="n must be >= 0"):
        NATIONAL.add_working_days(date(2026, 6, 10), -1)


def test_fifteen_working_days_across_tet_2027():
    # Start Wed 3/2 (not counted). 4-10/2 are Tết and a weekend. Counting:
    # 11,12 (2) · 15-19 (7) · 22-26 (12) · 1/3, 2/3, 3/3 (15).
    assert NATIONAL.add_working_days(date(2027, 2, 3), 15) == date(2027, 3, 3)


def test_working_days_between_is_half_open_and_signed():
    assert NATIONAL.working_days_between(date(2026, 6, 10), date(2026, 6, 10)) == 0
    assert NATIONAL.working_days_between(date(2026, 6, 12), date(2026, 6, 15)) == 1
    assert NATIONAL.working_days_between(date(2027, 2, 3), date(2027, 3, 3)) == 15
    assert NATIONAL.working_days_between(date(2027, 3, 3), date(2027, 2, 3)) == -15


def test_calendar_days_and_months_ignore_working_days():
    assert NATIONAL.add_calendar_days(date(2027, 2, 3), 5) == date(2027, 2, 8)
    assert NATIONAL.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert NATIONAL.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert NATIONAL.add_months(date(2026, 5, 22), 36) == date(2029, 5, 22)


def test_next_working_day_is_strictly_after():
    assert NATIONAL.next_working_day(date(2026, 6, 10)) == date(2026, 6, 11)
    assert NATIONAL.next_working_day(date(2027, 2, 3)) == date(2027, 2, 11)
    assert NATIONAL.roll_forward(date(2027, 2, 3)) == date(2027, 2, 3)
    assert NATIONAL.roll_forward(date(2027, 2, 4)) == date(2027, 2, 11)


def test_a_calendar_without_working_days_fails_instead_of_looping():
    everything_off = WorkingCalendar(
        holidays_source=lambda year: PublicHolidays(
            days_off={date(year, 1, 1) + timedelta(k): "off" for k in range(366)}
        )
    )
    with pytest.raises(ValueError, match="no working day"):
        everything_off.next_working_day(date(2026, 6, 10))


@settings(max_examples=150, deadline=None)
@given(start=days, n=counts)
def test_result_is_a_working_day(start, n):
    assert NATIONAL.is_working_day(NATIONAL.add_working_days(start, n))


@settings(max_examples=150, deadline=None)
@given(start=days, n=counts)
def test_monotonic_in_n(start, n):
    assert NATIONAL.add_working_days(start, n) <= NATIONAL.add_working_days(start, n + 1)
    if n >= 1:
        assert NATIONAL.add_working_days(start, n) < NATIONAL.add_working_days(start, n + 1)


@settings(max_examples=150, deadline=None)
@given(start=days, n=st.integers(min_value=1, max_value=300))
def test_working_days_between_inverts_add_working_days(start, n):
    assert NATIONAL.working_days_between(start, NATIONAL.add_working_days(start, n)) == n


@settings(max_examples=150, deadline=None)
@given(start=days, n=counts)
def test_never_a_weekend_unless_a_make_up_day(start, n):
    result = NATIONAL.add_working_days(start, n)
    if result.weekday() >= 5:
        assert result in vietnam_public_holidays(result.year).make_up_days


corrections = st.lists(
    st.builds(
        CalendarCorrection,
        day=st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)),
        kind=st.sampled_from(["working", "off"]),
        reason=st.just("test"),
    ),
    max_size=30,
    unique_by=lambda c: c.day,
)


@settings(max_examples=100, deadline=None)
@given(fixes=corrections, start=st.dates(date(2025, 12, 1), date(2026, 12, 31)), n=st.integers(1, 60))
def test_properties_hold_with_province_corrections(fixes, start, n):
    calendar = WorkingCalendar(corrections=fixes)
    result = calendar.add_working_days(start, n)
    assert calendar.is_working_day(result)
    assert calendar.working_days_between(start, result) == n
    made_working = {c.day for c in fixes if c.kind == "working"}
    if result.weekday() >= 5:
        assert result in made_working or result in vietnam_public_holidays(result.year).make_up_days
