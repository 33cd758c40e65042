"""Which regulation (and so which evaluation chain) is in force on a day, for a kind of dossier.

The registry is data (bpmn/regulations.yaml); this module only reads it and answers the rule: the
entry whose dates cover the filing day and whose kinds include the dossier's kind. Entries of the
same kind never overlap, so the answer is unique.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

from .errors import ValidationFailed

DOSSIER_KINDS = ("first_time", "upgrade", "re_evaluation")


@dataclass(frozen=True)
class Regulation:
    id: str  # "R2"
    title: str  # "QĐ 148/QĐ-TTg 2023"
    process_key: str
    valid_from: date
    valid_to: date | None  # last day in force (included); None: until further notice
    kinds: frozenset[str] = frozenset(DOSSIER_KINDS)
    version: int | None = None  # pins a deployed version; None: the latest

    def covers(self, day: date, kind: str) -> bool:
        return kind in self.kinds and self.valid_from <= day <= (self.valid_to or date.max)

    @property
    def span(self) -> str:
        return f"{self.valid_from.isoformat()} – {self.valid_to.isoformat() if self.valid_to else '…'}"


class Registry:
    def __init__(self, entries: Iterable[Regulation] = ()) -> None:
        self.entries = tuple(sorted(entries, key=lambda r: r.valid_from))
        for i, a in enumerate(self.entries):
            for b in self.entries[i + 1:]:
                shared = a.kinds & b.kinds
                if shared and b.valid_from <= (a.valid_to or date.max):
                    raise ValidationFailed(f"regulations {a.id} and {b.id} overlap for {', '.join(sorted(shared))}",
                                           {"regulations": [f"{a.id} ({a.span}) overlaps {b.id} ({b.span})"]})
                if a.id == b.id:
                    raise ValidationFailed(f"regulation id {a.id} is used twice", {"regulations": ["duplicate id"]})

    def __bool__(self) -> bool:
        return bool(self.entries)

    def in_force(self, day: date, kind: str) -> Regulation:
        """The regulation a `kind` dossier filed on `day` runs under; 422 naming the date when none."""
        found = next((r for r in self.entries if r.covers(day, kind)), None)
        if found is None:
            spans = "; ".join(f"{r.id} {r.title}: {r.span}" for r in self.entries if kind in r.kinds)
            message = f"no regulation is in force for a {kind} dossier filed on {day.isoformat()}"
            raise ValidationFailed.coded("filing.no_regulation", {"filed_on": [message]}, kind=kind, day=day,
                                         spans=spans or "no such dossier")
        return found

    def lists(self, process_key: str) -> bool:
        return any(r.process_key == process_key for r in self.entries)

    def for_key(self, process_key: str, day: date, kind: str) -> Regulation | None:
        """The entry naming this process, preferring one that covers the day and kind."""
        named = [r for r in self.entries if r.process_key == process_key]
        return next((r for r in named if r.covers(day, kind)), named[-1] if named else None)

    def get(self, regulation_id: str | None) -> Regulation | None:
        return next((r for r in self.entries if r.id == regulation_id), None)


def _entry(raw: Any, where: str) -> Regulation:
    if not isinstance(raw, dict):
        raise ValidationFailed(f"{where} must be a mapping", {where: ["not a mapping"]})
    problems: list[str] = []
    for field in ("id", "title", "process_key", "valid_from"):
        if not raw.get(field):
            problems.append(f"{field} is required")
    for field in ("valid_from", "valid_to"):
        if raw.get(field) is not None and not isinstance(raw[field], date):
            problems.append(f"{field} {raw[field]!r} is not a yyyy-mm-dd date")
    kinds = raw.get("kinds", list(DOSSIER_KINDS))
    if not isinstance(kinds, list) or not kinds or any(k not in DOSSIER_KINDS for k in kinds):
        problems.append(f"kinds must be a list of {', '.join(DOSSIER_KINDS)}")
    version = raw.get("version")
    if version is not None and (not isinstance(version, int) or version < 1):
        problems.append("version must be a positive whole number")
    unknown = set(raw) - {"id", "title", "process_key", "valid_from", "valid_to", "kinds", "version"}
    if unknown:
        problems.append(f"unknown field(s) {', '.join(sorted(unknown))}")
    if not problems and raw.get("valid_to") is not None and raw["valid_to"] < raw["valid_from"]:
        problems.append("valid_to is before valid_from")
    if problems:
        raise ValidationFailed(f"{where}: {'; '.join(problems)}", {where: problems})
    return Regulation(str(raw["id"]), str(raw["title"]), str(raw["process_key"]), raw["valid_from"],
                      raw.get("valid_to"), frozenset(kinds), version)


def parse_registry(text: str) -> Registry:
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise ValidationFailed(f"the regulation registry is not valid YAML: {err}", {"regulations": [str(err)]}) from None
    entries = document.get("regulations") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise ValidationFailed("the regulation registry needs a list `regulations`", {"regulations": ["missing"]})
    return Registry(_entry(raw, f"regulations[{i}]") for i, raw in enumerate(entries))
