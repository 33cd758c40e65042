"""How a yearly plan dates a step: a fixed day, a window of months, or a recurrence.

Each parser raises ValueError with a message meant to be shown after the field name, e.g.
"'31/6/2019' is not a date (June has 30 days)".
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from typing import Literal

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_QUARTER_MONTH = {"first": 1, "second": 2, "last": 3}
# Recurring days must exist in every month they name; checked against a non-leap year.
_NON_LEAP = 2001

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_MONTH = re.compile(r"^(\d{1,2})/(\d{4})$")
_MONTH_RANGE = re.compile(r"^(\d{1,2})\s*-\s*(\d{1,2})/(\d{4})$")
_QUARTER = re.compile(r"^Q(\d)/(\d{4})$", re.IGNORECASE)
_MONTHLY = re.compile(r"^monthly before day (\d{1,2})$")
_QUARTERLY = re.compile(r"^quarterly before day (\d{1,2}) of (first|second|last) month$")
_YEARLY = re.compile(r"^yearly before (\d{1,2})/(\d{1,2})$")


@dataclass(frozen=True)
class FixedDate:
    day: date


@dataclass(frozen=True)
class Window:
    """Months `start.month`..`end.month` of one year; the step is due on the window's last day."""

    start: date
    end: date


@dataclass(frozen=True)
class Recurrence:
    """A step repeated every month, quarter or year, "before day N".

    Vietnamese plans write "trước ngày 20" for "by the 20th at the latest", so an occurrence
    is due ON day N, not on day N-1. For quarters, `month` is the month within the quarter
    (1-3); for years, the month of the year; unused for monthly steps.
    """

    period: Literal["monthly", "quarterly", "yearly"]
    day: int
    month: int = 0

    def occurrences(self, year: int) -> list[date]:
        if self.period == "monthly":
            return [date(year, m, self.day) for m in range(1, 13)]
        if self.period == "quarterly":
            return [date(year, q * 3 + self.month, self.day) for q in range(4)]
        return [date(year, self.month, self.day)]

    def next_on_or_after(self, day: date) -> date:
        """The first occurrence on or after `day` (possibly in the following year)."""
        return next(d for y in (day.year, day.year + 1) for d in self.occurrences(y) if d >= day)


Schedule = FixedDate | Window | Recurrence


def parse_dmy(text: str) -> date:
    """A d/m/yyyy date as Vietnamese plans write it ("10/4/2019")."""
    match = _DMY.match(text.strip())
    if match is None:
        raise ValueError(f"{text!r} is not a date written d/m/yyyy")
    day, month, year = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r} is not a date (there is no month {month})")
    last = monthrange(year, month)[1]
    if not 1 <= day <= last:
        name = MONTH_NAMES[month - 1] + (f" {year}" if month == 2 else "")
        raise ValueError(f"{text!r} is not a date ({name} has {last} days)")
    return date(year, month, day)


def parse_window(text: str) -> Window:
    """ "10/2019" (a month), "3-4/2025" (months 3 to 4) or "Q2/2025" (a quarter)."""
    cleaned = text.strip()
    if match := _MONTH.match(cleaned):
        first = last = int(match.group(1))
        year = int(match.group(2))
    elif match := _MONTH_RANGE.match(cleaned):
        first, last, year = (int(g) for g in match.groups())
    elif match := _QUARTER.match(cleaned):
        quarter, year = int(match.group(1)), int(match.group(2))
        if not 1 <= quarter <= 4:
            raise ValueError(f"{text!r}: a quarter is Q1 to Q4")
        first, last = quarter * 3 - 2, quarter * 3
    else:
        raise ValueError(f"{text!r} is not a window; write '10/2019', '3-4/2025' or 'Q2/2025'")
    for month in (first, last):
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r}: there is no month {month}")
    if first > last:
        raise ValueError(f"{text!r}: the window ends before it starts")
    return Window(date(year, first, 1), date(year, last, monthrange(year, last)[1]))


def parse_recurrence(text: str) -> Recurrence:
    """ "monthly before day 20", "quarterly before day 25 of last month", "yearly before 15/12"."""
    cleaned = " ".join(text.split()).lower()
    if match := _MONTHLY.match(cleaned):
        rule = Recurrence("monthly", int(match.group(1)))
        months = list(range(1, 13))
    elif match := _QUARTERLY.match(cleaned):
        rule = Recurrence("quarterly", int(match.group(1)), _QUARTER_MONTH[match.group(2)])
        months = [q * 3 + rule.month for q in range(4)]
    elif match := _YEARLY.match(cleaned):
        rule = Recurrence("yearly", int(match.group(1)), int(match.group(2)))
        if not 1 <= rule.month <= 12:
            raise ValueError(f"{text!r}: there is no month {rule.month}")
        months = [rule.month]
    else:
        raise ValueError(
            f"{text!r} is not a recurrence; write 'monthly before day 20', "
            "'quarterly before day 25 of last month' or 'yearly before 15/12'"
        )
    shortest = min(monthrange(_NON_LEAP, m)[1] for m in months)
    if not 1 <= rule.day <= shortest:
        raise ValueError(
            f"{text!r}: day {rule.day} does not exist in every month it names (at most {shortest})"
        )
    return rule
