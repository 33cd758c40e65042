"""Deadline rules as a process designer writes them: "15 working days", "plan:<step>", …

`parse_deadline` turns the text into a typed rule or says exactly what is wrong with it;
deadlines.compute_due turns a rule into an instant.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

MAX_PERIOD = 1000

RoundLevel = Literal["district", "province", "ministry"]
ROUND_LEVELS: tuple[RoundLevel, ...] = ("district", "province", "ministry")


@dataclass(frozen=True)
class WorkingDays:
    n: int


@dataclass(frozen=True)
class CalendarDays:
    n: int


@dataclass(frozen=True)
class Months:
    n: int


@dataclass(frozen=True)
class PlanStepDate:
    step_key: str


@dataclass(frozen=True)
class RoundClose:
    level: RoundLevel


@dataclass(frozen=True)
class DataFieldDate:
    field: str


@dataclass(frozen=True)
class FromDay:
    """A period counted from a fixed day, not from the task's start: "60 days from 2026-05-22"
    (a transition limit, e.g. QĐ 26/2026's 60 days for dossiers filed under the old decision)."""

    period: WorkingDays | CalendarDays | Months
    start: date


DeadlineRule = WorkingDays | CalendarDays | Months | PlanStepDate | RoundClose | DataFieldDate | FromDay

_UNITS: dict[str, type[WorkingDays | CalendarDays | Months]] = {
    "working day": WorkingDays,
    "working days": WorkingDays,
    "ngày làm việc": WorkingDays,
    "day": CalendarDays,
    "days": CalendarDays,
    "ngày": CalendarDays,
    "month": Months,
    "months": Months,
    "tháng": Months,
}
_ISO_DURATION = re.compile(r"^P(?=\d|T)[\dYMWDTHS.,]*$", re.IGNORECASE)
_PERIOD = re.compile(r"^(-?\d+)\s+(\S.*)$")
_STEP_KEY = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_FIELD = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")
_FROM_DAY = re.compile(r"^(.*?\S)\s+(?:from|kể từ|từ)\s+(\d{4}-\d{2}-\d{2})$", re.IGNORECASE)


def parse_deadline(text: str) -> DeadlineRule:
    """Parse "15 working days", "45 days", "36 months", "plan:<step>", "round:district",
    "round:province", "round:ministry" or "date:<field>"; raise ValueError saying exactly what is wrong."""
    cleaned = " ".join(unicodedata.normalize("NFC", text).split())
    if not cleaned:
        raise ValueError("deadline is empty; write e.g. '15 working days'")
    if _ISO_DURATION.match(cleaned):
        raise ValueError(
            f"deadline {text!r}: ISO 8601 durations are not accepted; "
            "write e.g. '1 days' (calendar) or '1 working days'"
        )
    anchored = _FROM_DAY.match(cleaned)
    if anchored:
        return _parse_from_day(text, anchored.group(1), anchored.group(2))
    prefix, colon, rest = cleaned.partition(":")
    if colon:
        return _parse_reference(cleaned, prefix.strip().lower(), rest.strip())
    match = _PERIOD.match(cleaned)
    if match is None:
        raise ValueError(
            f"deadline {text!r} is not understood; write 'N working days', 'N days', 'N months', "
            "'plan:<step key>', 'round:province', 'round:ministry', 'date:<field>' or "
            "'N days from YYYY-MM-DD'"
        )
    number, unit = int(match.group(1)), match.group(2).lower()
    if unit not in _UNITS:
        raise ValueError(
            f"deadline {text!r}: unknown unit {match.group(2)!r}; "
            "use 'working days', 'days' (calendar days) or 'months'"
        )
    if match.group(1).startswith("-"):
        raise ValueError(f"deadline {text!r}: a deadline cannot be negative")
    if number > MAX_PERIOD:
        raise ValueError(f"deadline {text!r}: {number} is more than the maximum {MAX_PERIOD}")
    return _UNITS[unit](number)


def _parse_from_day(text: str, period_text: str, day_text: str) -> FromDay:
    try:
        start = date.fromisoformat(day_text)
    except ValueError:
        raise ValueError(f"deadline {text!r}: {day_text!r} is not a date (YYYY-MM-DD)") from None
    period = parse_deadline(period_text)
    if isinstance(period, WorkingDays | CalendarDays | Months):
        return FromDay(period, start)
    raise ValueError(f"deadline {text!r}: only a period ('60 days', '15 working days') counts from a day")


def _parse_reference(text: str, kind: str, target: str) -> DeadlineRule:
    if kind == "plan":
        if not _STEP_KEY.match(target):
            raise ValueError(f"deadline {text!r}: step key must look like 'district-evaluation'")
        return PlanStepDate(target)
    if kind == "round":
        for level in ROUND_LEVELS:
            if target == level:
                return RoundClose(level)
        raise ValueError(f"deadline {text!r}: round must be 'district', 'province' or 'ministry'")
    if kind == "date":
        if not _FIELD.match(target):
            raise ValueError(f"deadline {text!r}: field must be a name like 'expiry_date'")
        return DataFieldDate(target)
    raise ValueError(f"deadline {text!r}: unknown kind {kind!r}; use 'plan:', 'round:' or 'date:'")
