"""How a yearly plan dates a step: fixed days, windows of months, recurrences — the grammar and its errors."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workflow_service.domain.plan_schedules import (
    Recurrence,
    Window,
    parse_dmy,
    parse_recurrence,
    parse_window,
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/6/2019", "'31/6/2019' is not a date (June has 30 days)"),
        ("29/2/2019", "'29/2/2019' is not a date (February 2019 has 28 days)"),
        ("1/13/2019", "'1/13/2019' is not a date (there is no month 13)"),
        ("2019-06-30", "'2019-06-30' is not a date written d/m/yyyy"),
        ("0/6/2019", "(June has 30 days)"),
    ],
)
def test_bad_dates(text, message):
    with pytest.raises(ValueError) as caught:
        parse_dmy(text)
    assert message in str(caught.value)


def test_leap_day_is_a_date_in_a_leap_year():
    assert parse_dmy("29/2/2024") == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("text", "window"),
    [
        ("10/2019", Window(date(2019, 10, 1), date(2019, 10, 31))),
        ("2/2024", Window(date(2024, 2, 1), date(2024, 2, 29))),
        ("3-4/2025", Window(date(2025, 3, 1), date(2025, 4, 30))),
        ("3 - 4/2025", Window(date(2025, 3, 1), date(2025, 4, 30))),
        ("Q2/2025", Window(date(2025, 4, 1), date(2025, 6, 30))),
        ("q4/2025", Window(date(2025, 10, 1), date(2025, 12, 31))),
        ("1-12/2021", Window(date(2021, 1, 1), date(2021, 12, 31))),
    ],
)
def test_windows(text, window):
    assert parse_window(text) == window


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("13/2019", "there is no month 13"),
        ("4-3/2025", "the window ends before it starts"),
        ("Q5/2025", "a quarter is Q1 to Q4"),
        ("Quý II/2025", "is not a window"),
    ],
)
def test_bad_windows(text, message):
    with pytest.raises(ValueError, match=message):
        parse_window(text)


def test_recurrences():
    assert parse_recurrence("monthly before day 20") == Recurrence("monthly", 20)
    assert parse_recurrence("Quarterly  before day 25 of last month") == Recurrence("quarterly", 25, 3)
    assert parse_recurrence("quarterly before day 10 of first month").occurrences(2026) == [
        date(2026, m, 10) for m in (1, 4, 7, 10)
    ]
    assert parse_recurrence("yearly before 15/12").occurrences(2026) == [date(2026, 12, 15)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("monthly before day 29", "at most 28"),
        ("quarterly before day 31 of last month", "at most 30"),
        ("quarterly before day 25", "is not a recurrence"),
        ("yearly before 29/2", "at most 28"),
        ("yearly before 1/13", "there is no month 13"),
        ("monthly before day 0", "at most 28"),
        ("every month", "is not a recurrence"),
    ],
)
def test_bad_recurrences(text, message):
    with pytest.raises(ValueError, match=message):
        parse_recurrence(text)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_any_real_date_parses_back(day):
    assert parse_dmy(f"{day.day}/{day.month}/{day.year}") == day


@given(
    day=st.integers(1, 28),
    on=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
)
def test_next_monthly_occurrence_is_the_first_on_or_after(day, on):
    rule = Recurrence("monthly", day)
    found = rule.next_on_or_after(on)
    assert found >= on and found.day == day
    assert (found - on).days < 31
