"""The annual OCOP cycle before the evaluation: product ideas and business plans (ocop-domain.md §3).

Ideas and business plans run as processes like product dossiers do (the same task, deadline and
audit machinery), numbered in series of their own per commune and year: `001/YT-…` for an idea
(ý tưởng), `001/PA-…` for a business plan (phương án), beside the dossiers' `001/PĐK-…`.
What an idea's or a plan's data says about where it stands is decided here, once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from .errors import ValidationFailed
from .registration import REGISTRATION_MARK, registration_number
from .units import Level

IDEA_PROCESS = "ocop_idea_registration"
PLAN_PROCESS = "ocop_business_plan"
CYCLE_PROCESSES = frozenset({IDEA_PROCESS, PLAN_PROCESS})

# dossiers.series: each series numbers from 001 in each commune and year.
PRODUCT_SERIES = "product"
IDEA_SERIES = "idea"
PLAN_SERIES = "business_plan"
SERIES_MARK = {PRODUCT_SERIES: REGISTRATION_MARK, IDEA_SERIES: "YT", PLAN_SERIES: "PA"}
SERIES_PROCESS = {IDEA_SERIES: IDEA_PROCESS, PLAN_SERIES: PLAN_PROCESS}
# reg_seq of a series starts above its offset, so (commune, year, reg_seq) stays one unique key for all
# series; the number shown counts from 001 in each series.
SERIES_SEQ_OFFSET = {PRODUCT_SERIES: 0, IDEA_SERIES: 1_000_000, PLAN_SERIES: 2_000_000}

# The level that selects ideas and approves business plans: the district while the commune had one
# (until 30/6/2025), the province office afterwards (ocop-domain.md §2-§3).
SelectingLevel = Literal["district", "province"]

IdeaStatus = Literal["in_review", "not_forwarded", "selected", "not_selected"]
PlanStatus = Literal["in_evaluation", "revising", "approved", "not_approved", "implemented"]
# A plan in these states lets its producer file the evaluation dossier linked to it.
PLAN_FILEABLE: frozenset[str] = frozenset({"approved", "implemented"})


def cycle_number(series: str, seq: int, province_code: str, commune_code: str, year: int) -> str:
    """`NNN/<mark>-<province>-<commune>-<year>`, the registration number's shape for every series."""
    if series not in SERIES_MARK:
        raise ValidationFailed(f"unknown series {series!r}", {"series": ["unknown series"]})
    number = registration_number(seq, province_code, commune_code, year)
    return number.replace(f"/{REGISTRATION_MARK}-", f"/{SERIES_MARK[series]}-", 1)


def selecting_level(units: Mapping[str, str]) -> SelectingLevel:
    """The district when the commune hangs under one on the day (units by level), else the province."""
    return "district" if units.get(Level.DISTRICT.value) else "province"


def idea_status(data: Mapping[str, Any], completed: bool) -> IdeaStatus:
    if data.get("idea_forwarded") is False:
        return "not_forwarded"
    if "idea_selected" in data and completed:
        return "selected" if data.get("idea_selected") is True else "not_selected"
    return "in_review"


def plan_status(data: Mapping[str, Any], completed: bool, open_steps: set[str] | frozenset[str] = frozenset()
                ) -> PlanStatus:
    if data.get("plan_approved") is True:
        return "implemented" if completed else "approved"
    if data.get("plan_approved") is False:
        return "not_approved"
    if "revise_business_plan" in open_steps:
        return "revising"
    return "in_evaluation"


def selection_decision(data: Mapping[str, Any]) -> dict[str, Any] | None:
    """The selection decision that lists a feasible idea: its number, date and level."""
    if data.get("idea_selected") is not True:
        return None
    return {"number": data.get("selection_decision_number"), "date": data.get("selection_decision_date"),
            "level": data.get("selecting_level")}


def approval_decision(data: Mapping[str, Any]) -> dict[str, Any] | None:
    """The decision approving a business plan: its number, date and level."""
    if data.get("plan_approved") is not True:
        return None
    return {"number": data.get("approval_decision_number"), "date": data.get("approval_decision_date"),
            "level": data.get("selecting_level")}
