"""What a scenario expects after a step (or at the end) and how an observed value is compared with it.

After a step: `open` (the element ids open next), and of those open tasks `role`, `unit`, `holder`
(who has claimed it), `candidates` (who may take it), `due` (its due day) and `deadline_rule`; `data`
(fields of the dossier's data) and `status` (running / completed). The outcome compares `status` and
any field of the dossier's data (stars, score, recognised_by, certificate…). A mapping expected is a
subset to find; a list of ids or names is compared as a set; 42 and "42" are the same unit code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Expectation = dict[str, Any]
EXPECT_FIELDS = ("open", "role", "unit", "holder", "candidates", "due", "deadline_rule", "data", "status")
SET_FIELDS = ("open", "candidates")


@dataclass(frozen=True)
class Mismatch:
    where: str  # "filing", "step 3 (office_check)", "outcome"
    field: str
    expected: Any
    got: Any
    element_id: str | None = None  # the step's task, where a diagram marks the failure

    def as_dict(self) -> dict[str, Any]:
        return {"step": self.where, "field": self.field, "expected": self.expected, "got": self.got,
                "element_id": self.element_id}

    def __str__(self) -> str:
        return f"{self.where}: {self.field} expected {self.expected!r}, got {self.got!r}"


def compare(where: str, expected: Expectation, observed: dict[str, Any],
            element_id: str | None = None) -> list[Mismatch]:
    """Every expected field whose observed value differs; fields of `data` are named data.<field>."""
    found: list[Mismatch] = []
    for name, want in expected.items():
        if name == "data" and isinstance(want, dict):
            data = observed.get("data") or {}
            found += [Mismatch(where, f"data.{k}", v, data.get(k), element_id) for k, v in want.items()
                      if not matches(v, data.get(k))]
            continue
        got = observed.get(name)
        if name in SET_FIELDS and isinstance(want, list):
            if not isinstance(got, list) or sorted(map(str, set(want))) != sorted(map(str, set(got))):
                found.append(Mismatch(where, name, sorted(map(str, want)), got, element_id))
        elif not matches(want, got):
            found.append(Mismatch(where, name, want, got, element_id))
    return found


def matches(expected: Any, got: Any) -> bool:
    if isinstance(expected, dict):
        return isinstance(got, dict) and all(matches(v, got.get(k)) for k, v in expected.items())
    if isinstance(expected, list):
        return isinstance(got, list) and len(got) == len(expected) and all(
            matches(e, g) for e, g in zip(expected, got, strict=True))
    if isinstance(expected, bool) or isinstance(got, bool):
        return expected is got
    if _number(expected) and _number(got):
        return float(expected) == float(got)
    if isinstance(expected, int | str) and isinstance(got, int | str):
        return str(expected) == str(got)
    return bool(expected == got)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
