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


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    level: Level
    parent_code: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None

    def is_valid_on(self, day: date) -> bool:
        return (self.valid_from or date.min) <= day <= (self.valid_to or date.max)


class UnitTree:
    def __init__(self, units: Iterable[Unit]) -> None:
        self._units: dict[str, Unit] = {}
        self._children: dict[str, set[str]] = {}
        for unit in units:
            if unit.code in self._units:
                raise ValidationFailed(f"Duplicate unit code {unit.code}", {"code": [unit.code]})
            self._units[unit.code] = unit
            if unit.parent_code is not None:
                self._children.setdefault(unit.parent_code, set()).add(unit.code)

    def __contains__(self, code: object) -> bool:
        return code in self._units

    def get(self, code: str) -> Unit:
        try:
            return self._units[code]
        except KeyError:
            raise NotFound(f"Unknown administrative unit {code}") from None

    def ancestors(self, code: str, as_of: date) -> list[Unit]:
        chain = [self.get(code)]
        seen = {code}  # a cycle in imported data must not hang the resolver
        while (parent_code := chain[-1].parent_code) is not None and parent_code not in seen:
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


def _parse_row(row: list[str], seen: set[str]) -> tuple[Unit | None, list[str]]:
    if len(row) != len(CSV_HEADER):
        return None, [f"expected {len(CSV_HEADER)} columns, got {len(row)}"]
    code, name, level, parent, *period = (cell.strip() for cell in row)
    problems = [] if code else ["empty code"]
    if code and code in seen:
        problems.append(f"duplicate code {code}")
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


def parse_units_csv(text: str) -> list[Unit]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    if [cell.strip() for cell in next(reader, [])] != CSV_HEADER:
        raise ValidationFailed(f"Line 1: header must be {','.join(CSV_HEADER)}", {"line 1": ["bad header"]})
    rows: list[tuple[int, Unit]] = []
    errors: dict[str, list[str]] = {}
    seen: set[str] = set()
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        unit, problems = _parse_row(row, seen)
        seen.add(row[0].strip())
        if unit is None:
            errors[f"line {reader.line_num}"] = problems
        else:
            rows.append((reader.line_num, unit))
    # Parents may appear later in the file, so they are checked once every row is read.
    for line, unit in rows:
        if unit.parent_code is not None and unit.parent_code not in seen:
            errors.setdefault(f"line {line}", []).append(f"parent {unit.parent_code} not in file")
    if errors:
        first = min(errors, key=lambda key: int(key.split()[1]))
        summary = f"{first.capitalize()}: {'; '.join(errors[first])}"
        raise ValidationFailed(f"Unit CSV has {len(errors)} bad row(s). {summary}", errors)
    return [unit for _, unit in rows]
