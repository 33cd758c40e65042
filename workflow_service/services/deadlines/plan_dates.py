"""Reading imported yearly plans: which plan covers a unit's year, and a step's date from it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.plans import YearlyPlan, parse_plan
from ...persistence.deadline_models import YearlyPlan as PlanRow

# Plans are looked up from the dossier's own unit upwards (nearest plan wins).
LOOKUP_LEVELS = ("commune", "district", "province")
MAX_PLAN_YEARS = 10


@lru_cache(maxsize=256)
def parsed(document: str) -> YearlyPlan:
    """The stored YAML is the source of truth; it was valid when imported."""
    return parse_plan(document)


def last_year(row: PlanRow) -> int:
    return int((row.steps or {}).get("last_year", row.year))


def plans_covering(session: Session, unit_code: str, first: int, last: int | None = None) -> list[PlanRow]:
    """Plans of `unit_code` whose period shares a year with first..last."""
    last = first if last is None else last
    rows = session.scalars(select(PlanRow).where(
        PlanRow.unit_code == unit_code, PlanRow.year <= last, PlanRow.year >= first - MAX_PLAN_YEARS)
        .order_by(PlanRow.year))
    return [r for r in rows if last_year(r) >= first]


def plan_step_date(session: Session, units: Mapping[str, str], step_key: str, on: date) -> date | None:
    """The step's date from the nearest unit's plan for `on`'s year (commune → district → province).

    A recurring step gives its next occurrence on or after `on`. None when no plan dates it.
    """
    for level in LOOKUP_LEVELS:
        code = units.get(level)
        if not code:
            continue
        for row in plans_covering(session, code, on.year):
            plan = parsed(row.document)
            try:
                return plan.deadline_for(step_key, on)
            except KeyError:
                continue
    return None
