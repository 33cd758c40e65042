"""Due dates of tasks from their BPMN `deadline` property, resolved against the dossier.

`plan:<step>` reads the yearly plan of the dossier's units; `round:<level>` reads the round
schedule of the dossier's province (national defaults plus EvaluationRound rows) and keys on
the day the dossier was proposed to that level (`proposed_on`), never on the task's start.
`round:district` has no national rounds: the dossier's district's rounds are the `district-evaluation`
date of the yearly plans of its units (its regular round) and the district rounds its district or
its province declared.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.calendar import WorkingCalendar
from ...domain.clock import VN_TZ
from ...domain.deadline_rules import ROUND_LEVELS
from ...domain.deadlines import DeadlineUnresolved, RoundLevel, compute_due, deadline_status, parse_deadline
from ...domain.rounds import ExtraRound, RoundSchedule
from ...persistence.deadline_models import EvaluationRound
from ...persistence.models import Dossier
from .plan_dates import plan_step_date

MINISTRY_CODE = "VN"  # EvaluationRound rows of the Ministry carry this province_code
DISTRICT_PLAN_STEP = "district-evaluation"  # the plan step that dates a district's regular round


def round_schedule(session: Session, province_code: str, units: Mapping[str, str] | None = None,
                   proposed: date | None = None) -> RoundSchedule:
    """The rounds a dossier of the province can join; district rounds need its `units` and proposal day."""
    district = (units or {}).get("district")
    holders = {"province": {province_code}, "ministry": {MINISTRY_CODE},
               "district": {province_code, district} if district else set()}
    rows = session.scalars(select(EvaluationRound).where(
        EvaluationRound.province_code.in_((province_code, MINISTRY_CODE))))
    extra = [ExtraRound(level, r.proposals_by, r.closes_on, r.name or "")
             for r in rows for level in ROUND_LEVELS if r.level == level and r.unit_code in holders[level]]
    if district and units is not None and proposed is not None:
        extra += _planned_district_rounds(session, units, proposed)
    return RoundSchedule(extra=extra)


def _planned_district_rounds(session: Session, units: Mapping[str, str], proposed: date) -> list[ExtraRound]:
    """The plans' district evaluation of the proposal's year and the next: open until its last day."""
    days = {plan_step_date(session, units, DISTRICT_PLAN_STEP, on)
            for on in (proposed, date(proposed.year + 1, 1, 1))}
    return [ExtraRound("district", day, day, f"Cấp huyện – theo kế hoạch năm {day.year}")
            for day in sorted(d for d in days if d is not None)]


def proposed_on(dossier: Dossier, level: str) -> date | None:
    """The day (Vietnam time) the dossier was first offered to a task of `level`, if it was."""
    stamp = ((dossier.routing or {}).get("proposed") or {}).get(level)
    return datetime.fromisoformat(stamp).astimezone(VN_TZ).date() if stamp else None


def resolve_due(session: Session, calendar: WorkingCalendar, dossier: Dossier, rule_text: str | None,
                started_at: datetime, data: dict[str, Any]) -> datetime | None:
    """None when the task has no deadline or its source (a plan, a data field) is not known yet."""
    if not rule_text:
        return None
    start_day = started_at.astimezone(VN_TZ).date()
    units = (dossier.routing or {}).get("units") or {}

    def plan_lookup(key: str) -> date | None:
        return plan_step_date(session, units, key, start_day)

    def round_close(level: RoundLevel, task_start: date) -> date:
        proposed = proposed_on(dossier, level) or task_start
        return round_schedule(session, dossier.province_code, units, proposed).round_for(level, proposed).closes_on

    try:
        return compute_due(parse_deadline(rule_text), started_at, calendar, plan_lookup=plan_lookup,
                           round_close=round_close, data=data)
    except (DeadlineUnresolved, LookupError, ValueError):
        return None


def status(due: datetime | None, now: datetime, completed_at: datetime | None,
           calendar: WorkingCalendar | Callable[[], WorkingCalendar]) -> str | None:
    if due is None:
        return None
    return deadline_status(due, now, calendar, completed_at=completed_at)
