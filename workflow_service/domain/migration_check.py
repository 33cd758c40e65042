"""A migration plan checked against the versions it names: every problem names its field.

- every element a dossier of a source version can wait at is mapped (else the plan is refused,
  naming the element and the version);
- every mapped source element exists in some source version, every target element in the target,
  and a target is a step a dossier can wait at (a user task or a multi-instance user task).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .errors import ValidationFailed
from .migration_plan import MigrationPlan


@dataclass(frozen=True)
class VersionElements:
    version: int
    all: frozenset[str]
    waiting: frozenset[str]


def check_plan(plan: MigrationPlan, sources: list[VersionElements], target_all: frozenset[str],
               target_waiting: frozenset[str]) -> None:
    errors: dict[str, list[str]] = {}
    for source in sources:
        for element in sorted(source.waiting - set(plan.mapping)):
            errors.setdefault(f"mapping.{element}", []).append(
                f"'{element}' of {plan.source_key} version {source.version} is a step dossiers wait at: "
                "map it to a step of the target")
    known = frozenset().union(*(s.all for s in sources)) if sources else frozenset()
    for element, target in plan.mapping.items():
        if element not in known:
            errors.setdefault(f"mapping.{element}", []).append(f"'{element}' is not an element of {plan.source_key}")
        if target not in target_all:
            errors.setdefault(f"mapping.{element}", []).append(
                f"the target '{target}' is not an element of {plan.target_key}")
        elif target not in target_waiting:
            errors.setdefault(f"mapping.{element}", []).append(
                f"the target '{target}' is not a user task of {plan.target_key}")
    if errors:
        field, messages = next(iter(errors.items()))
        raise ValidationFailed(f"the migration plan does not fit the versions: {field}: {messages[0]}", errors)


def deadline_summary(deadlines: Mapping[str, str]) -> str:
    values = set(deadlines.values())
    if len(values) == 1:
        return next(iter(values))
    return "; ".join(f"{kind}: {rule}" for kind, rule in deadlines.items())
