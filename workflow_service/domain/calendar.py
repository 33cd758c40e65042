"""Working-day calendar for Vietnamese public administration (ngày làm việc).

A working day is Monday–Friday, not a public holiday and not a day the province declared off;
announced make-up days (usually a Saturday worked in exchange for a bridge day off) are working
days. Working days and calendar days have separate functions and are never mixed.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

import holidays

DayKind = Literal["working", "off"]
# A calendar with no working day in a whole year is a data error, not something to loop on.
_MAX_SEARCH_DAYS = 400


@dataclass(frozen=True)
class CalendarCorrection:
    """A province's correction to the national calendar for one day."""

    day: date
    kind: DayKind
    reason: str

    def __post_init__(self) -> None:
        if self.kind not in ("working", "off"):
            raise ValueError(f"correction kind must be 'working' or 'off', got {self.kind!r}")


@dataclass(frozen=True)
class PublicHolidays:
    """One year of the national calendar: days off (named) and weekend days worked instead."""

    days_off: Mapping[date, str] = field(default_factory=dict)
    make_up_days: Mapping[date, str] = field(default_factory=dict)


HolidaySource = Callable[[int], PublicHolidays]


def vietnam_public_holidays(year: int) -> PublicHolidays:
    """National holidays from the `holidays` package, including both sides of a day swap.

    The package lists a swapped bridge day as a holiday ("Ngày nghỉ (thay cho ngày 22/08/2026)")
    and the Saturday worked for it in `weekend_workdays`. Neighbouring years are loaded so a
    swap across New Year (e.g. 31/12/2018 off for Saturday 5/1/2019) is seen from both years.
    """
    national = holidays.country_holidays("VN", years=(year - 1, year, year + 1), language="vi")
    days_off = {day: name for day, name in national.items() if day.year == year}
    make_up: dict[date, str] = {}
    for day in sorted(national.weekend_workdays):
        if day.year != year:
            continue
        stamp = day.strftime("%d/%m/%Y")
        swapped = [d for d, name in national.items() if stamp in name]
        make_up[day] = f"Làm bù cho ngày nghỉ {swapped[0].strftime('%d/%m/%Y')}" if swapped else "Ngày làm bù"
    return PublicHolidays(days_off=days_off, make_up_days=make_up)


class WorkingCalendar:
    def __init__(
        self,
        holidays_source: HolidaySource = vietnam_public_holidays,
        corrections: Iterable[CalendarCorrection] = (),
    ) -> None:
        self._source = holidays_source
        self._years: dict[int, PublicHolidays] = {}
        self._corrections: dict[date, CalendarCorrection] = {}
        for correction in corrections:
            known = self._corrections.get(correction.day)
            if known is not None and known.kind != correction.kind:
                raise ValueError(
                    f"contradictory corrections for {correction.day.isoformat()}: "
                    f"{known.kind} ({known.reason}) and {correction.kind} ({correction.reason})"
                )
            self._corrections[correction.day] = correction

    def _national(self, year: int) -> PublicHolidays:
        if year not in self._years:
            self._years[year] = self._source(year)
        return self._years[year]

    def is_working_day(self, d: date) -> bool:
        correction = self._corrections.get(d)
        if correction is not None:
            return correction.kind == "working"
        national = self._national(d.year)
        if d in national.make_up_days:
            return True
        return d.weekday() < 5 and d not in national.days_off

    def reason_off(self, d: date) -> str | None:
        """Why `d` is not a working day (None if it is one)."""
        if self.is_working_day(d):
            return None
        correction = self._corrections.get(d)
        if correction is not None:
            return correction.reason
        name = self._national(d.year).days_off.get(d)
        return name if name is not None else ("Thứ Bảy" if d.weekday() == 5 else "Chủ Nhật")

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after `d`."""
        candidate = d
        for _ in range(_MAX_SEARCH_DAYS):
            candidate += timedelta(days=1)
            if self.is_working_day(candidate):
                return candidate
        raise ValueError(f"no working day within {_MAX_SEARCH_DAYS} days after {d.isoformat()}")

    def roll_forward(self, d: date) -> date:
        """`d` itself if it is a working day, else the next working day."""
        return d if self.is_working_day(d) else self.next_working_day(d)

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start`; the start day itself is never counted.

        n = 0 means "the same day": `start` if it is a working day, else the next working day,
        so a zero-day deadline never lands on a day the office is closed.
        """
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        if n == 0:
            return self.roll_forward(start)
        day = start
        for _ in range(n):
            day = self.next_working_day(day)
        return day

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in the half-open range (a, b]: a is not counted, b is.

        Negative when b is before a, so that for n >= 1
        `working_days_between(s, add_working_days(s, n)) == n`.
        """
        if b < a:
            return -self.working_days_between(b, a)
        return sum(1 for k in range(1, (b - a).days + 1) if self.is_working_day(a + timedelta(k)))

    @staticmethod
    def add_calendar_days(start: date, n: int) -> date:
        return start + timedelta(days=n)

    @staticmethod
    def add_months(start: date, n: int) -> date:
        """Same day-of-month n months later, clamped to the month's last day (31/1 + 1 → 28/2)."""
        index = start.year * 12 + start.month - 1 + n
        year, month = divmod(index, 12)
        return date(year, month + 1, min(start.day, monthrange(year, month + 1)[1]))
