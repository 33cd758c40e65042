"""A migration plan checked against the versions it names: every problem names its field.

- every element a dossier of a source version can wait at is mapped (else the plan is refused,
  naming the element and the version);
- every mapped source element exists in some source version, every target element in the target,
  and a target is a step a dossier can wait at (a user task or a multi-instance user task).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .migration_plan import MigrationPlan
from .migration_plan_problems import PlanInvalid, PlanProblem


@dataclass(frozen=True)
class VersionElements:
    version: int
    all: frozenset[str]
    waiting: frozenset[str]


def check_plan(plan: MigrationPlan, sources: list[VersionElements], target_all: frozenset[str],
               target_waiting: frozenset[str]) -> None:
    found: list[PlanProblem] = []
    for source in sources:
        for element in sorted(source.waiting - set(plan.mapping)):
            found.append(PlanProblem(f"mapping.{element}", "plan.unmapped_wait_step",
                                     {"element": element, "key": plan.source_key, "version": source.version}))
    known = frozenset().union(*(s.all for s in sources)) if sources else frozenset()
    for element, target in plan.mapping.items():
        if element not in known:
            found.append(PlanProblem(f"mapping.{element}", "plan.not_source_element",
                                     {"element": element, "key": plan.source_key}))
        if target not in target_all:
            found.append(PlanProblem(f"mapping.{element}", "plan.not_target_element",
                                     {"target": target, "key": plan.target_key}))
        elif target not in target_waiting:
            found.append(PlanProblem(f"mapping.{element}", "plan.target_not_user_task",
                                     {"target": target, "key": plan.target_key}))
    if found:
        first = found[0]
        raise PlanInvalid(f"the migration plan does not fit the versions: {first.field}: {first.message}", found)


def deadline_summary(deadlines: Mapping[str, str]) -> str:
    values = set(deadlines.values())
    if len(values) == 1:
        return next(iter(values))
    return "; ".join(f"{kind}: {rule}" for kind, rule in deadlines.items())
