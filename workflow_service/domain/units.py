"""Administrative units (province, district, commune) and the tree they form over time."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .errors import NotFound, ValidationFailed


class Level(StrEnum):
    CENTRAL = "central"
    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"

    @property
    def rank(self) -> int:
        return list(Level).index(self)


def _covers(start: date | None, end: date | None, day: date) -> bool:
    return (start or date.min) <= day <= (end or date.max)


@dataclass(frozen=True)
class Period:
    """From `valid_from` to `valid_to` (both days included) the unit is called `name` and hangs under
    `parent_code`."""

    name: str
    parent_code: str | None
    valid_from: date | None = None
    valid_to: date | None = None


def overlaps(a: Period, b: Period) -> bool:
    return (a.valid_from or date.min) <= (b.valid_to or date.max) and (b.valid_from or date.min) <= (a.valid_to
                                                                                                     or date.max)


@dataclass(frozen=True)
class Unit:
    """A unit over its whole life. `periods` is its history (a commune under a district until 30/6/2025,
    under the province from 1/7/2025); without periods, `parent_code` holds all the time. `name` and
    `parent_code` are those of the latest period, `valid_from`/`valid_to` span all of them."""

    code: str
    name: str
    level: Level
    parent_code: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    periods: tuple[Period, ...] = ()

    def is_valid_on(self, day: date) -> bool:
        return _covers(self.valid_from, self.valid_to, day)

    def parent_on(self, day: date) -> str | None:
        if not self.periods:
            return self.parent_code
        return next((p.parent_code for p in self.periods if _covers(p.valid_from, p.valid_to, day)), None)

    def name_on(self, day: date) -> str:
        """What the unit was called that day (a commune renamed in the 2025 reform keeps its code)."""
        return next((p.name for p in self.periods if _covers(p.valid_from, p.valid_to, day)), self.name)

    def parent_codes(self) -> set[str]:
        """Every unit this one ever hung under."""
        codes = {p.parent_code for p in self.periods} | {self.parent_code}
        return {code for code in codes if code is not None}


def period_of(unit: Unit) -> Period:
    return Period(unit.name, unit.parent_code, unit.valid_from, unit.valid_to)


def with_periods(unit: Unit, periods: Iterable[Period]) -> Unit:
    """The unit with this history: name and parent of the latest period, validity spanning them all."""
    ordered = tuple(sorted(periods, key=lambda p: p.valid_from or date.min))
    latest = ordered[-1]
    starts, ends = [p.valid_from for p in ordered], [p.valid_to for p in ordered]
    return Unit(unit.code, latest.name, unit.level, latest.parent_code,
                None if None in starts else min(d for d in starts if d is not None),
                None if None in ends else max(d for d in ends if d is not None), ordered)


def merge_periods(old: Iterable[Period], new: Iterable[Period]) -> list[Period]:
    """A new code list's periods replace the stored periods they overlap; the others stay."""
    incoming = list(new)
    return [p for p in old if not any(overlaps(p, n) for n in incoming)] + incoming


class UnitTree:
    def __init__(self, units: Iterable[Unit]) -> None:
        self._units: dict[str, Unit] = {}
        self._children: dict[str, set[str]] = {}
        for unit in units:
            if unit.code in self._units:
                raise ValidationFailed(f"Duplicate unit code {unit.code}", {"code": [unit.code]})
            self._units[unit.code] = unit
            for parent_code in unit.parent_codes():
                self._children.setdefault(parent_code, set()).add(unit.code)

    def __contains__(self, code: object) -> bool:
        return code in self._units

    def get(self, code: str) -> Unit:
        try:
            return self._units[code]
        except KeyError:
            raise NotFound(f"Unknown administrative unit {code}") from None

    def ancestors(self, code: str, as_of: date) -> list[Unit]:
        """The unit and the units above it as the tree stood on `as_of`."""
        chain = [self.get(code)]
        seen = {code}  # a cycle in imported data must not hang the resolver
        while (parent_code := chain[-1].parent_on(as_of)) is not None and parent_code not in seen:
            parent = self._units.get(parent_code)
            if parent is None or not parent.is_valid_on(as_of):
                break
            chain.append(parent)
            seen.add(parent_code)
        return chain

    def unit_at_level(self, code: str, level: Level, as_of: date) -> Unit:
        chain = self.ancestors(code, as_of)
        for unit in chain:
            if unit.level == level:
                return unit
        path = " → ".join(f"{u.code} ({u.level})" for u in chain)
        message = f"unit {code} has no {level} unit above it on {as_of.isoformat()}"
        raise ValidationFailed(f"{message.capitalize()} (chain: {path})", {"unit_code": [message]})

    def is_within(self, code: str, ancestor_code: str, as_of: date) -> bool:
        return any(unit.code == ancestor_code for unit in self.ancestors(code, as_of))

    def descendants(self, code: str) -> set[str]:
        self.get(code)
        found = {code}
        pending = [code]
        while pending:
            for child in self._children.get(pending.pop(), ()):
                if child not in found:
                    found.add(child)
                    pending.append(child)
        return found


CSV_HEADER = ["code", "name", "level", "parent_code", "valid_from", "valid_to"]
_LEVELS = {level.value for level in Level}


def _parse_row(row: list[str]) -> tuple[Unit | None, list[str]]:
    if len(row) != len(CSV_HEADER):
        return None, [f"expected {len(CSV_HEADER)} columns, got {len(row)}"]
    code, name, level, parent, *period = (cell.strip() for cell in row)
    problems = [] if code else ["empty code"]
    if not name:
        problems.append("empty name")
    if level not in _LEVELS:
        problems.append(f"unknown level {level!r}")
    if parent and parent == code:
        problems.append("unit is its own parent")
    dates: list[date | None] = []
    for field, value in zip(("valid_from", "valid_to"), period):
        try:
            dates.append(date.fromisoformat(value) if value else None)
        except ValueError:
            problems.append(f"bad {field} {value!r} (expected yyyy-mm-dd)")
    if len(dates) == 2 and dates[0] and dates[1] and dates[0] > dates[1]:
        problems.append("valid_from is after valid_to")
    if problems:
        return None, problems
    return Unit(code, name, Level(level), parent or None, dates[0], dates[1]), []


def _repeat_problem(unit: Unit, earlier: list[tuple[int, Unit]]) -> str | None:
    """A code may repeat for another period of the same unit (a new parent or name), never overlapping."""
    for line, other in earlier:
        if other.level != unit.level:
            return f"duplicate code {unit.code} with another level than line {line}"
        if overlaps(period_of(other), period_of(unit)):
            return f"duplicate code {unit.code}: its period overlaps line {line}"
    return None


def parse_units_csv(text: str) -> list[Unit]:
    """Units of an official code list; a code on several rows is one unit with one period per row."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    if [cell.strip() for cell in next(reader, [])] != CSV_HEADER:
        raise ValidationFailed(f"Line 1: header must be {','.join(CSV_HEADER)}", {"line 1": ["bad header"]})
    rows: dict[str, list[tuple[int, Unit]]] = {}
    errors: dict[str, list[str]] = {}
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        unit, problems = _parse_row(row)
        if unit is not None and (problem := _repeat_problem(unit, rows.get(unit.code, []))):
            unit, problems = None, [problem]
        if unit is None:
            errors[f"line {reader.line_num}"] = problems
        else:
            rows.setdefault(unit.code, []).append((reader.line_num, unit))
    # Parents may appear later in the file, so they are checked once every row is read.
    for line, unit in (entry for entries in rows.values() for entry in entries):
        if unit.parent_code is not None and unit.parent_code not in rows:
            errors.setdefault(f"line {line}", []).append(f"parent {unit.parent_code} not in file")
    if errors:
        first = min(errors, key=lambda key: int(key.split()[1]))
        summary = f"{first.capitalize()}: {'; '.join(errors[first])}"
        raise ValidationFailed(f"Unit CSV has {len(errors)} bad row(s). {summary}", errors)
    return [entries[0][1] if len(entries) == 1 else with_periods(entries[0][1], [period_of(u) for _, u in entries])
            for entries in rows.values()]
