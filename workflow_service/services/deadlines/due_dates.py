"""Due dates of tasks from their BPMN `deadline` property, resolved against the dossier.

`plan:<step>` reads the yearly plan of the dossier's units; `round:<level>` reads the round
schedule of the dossier's province (national defaults plus EvaluationRound rows) and keys on
the day the dossier was proposed to that level (`proposed_on`), never on the task's start.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.calendar import WorkingCalendar
from ...domain.clock import VN_TZ
from ...domain.deadlines import DeadlineUnresolved, RoundLevel, compute_due, deadline_status, parse_deadline
from ...domain.rounds import ExtraRound, RoundSchedule
from ...persistence.deadline_models import EvaluationRound
from ...persistence.models import Dossier
from .plan_dates import plan_step_date

MINISTRY_CODE = "VN"  # EvaluationRound rows of the Ministry carry this province_code


def round_schedule(session: Session, province_code: str) -> RoundSchedule:
    rows = session.scalars(select(EvaluationRound).where(
        EvaluationRound.province_code.in_((province_code, MINISTRY_CODE))))
    extra = [ExtraRound("province" if r.level == "province" else "ministry", r.proposals_by, r.closes_on)
             for r in rows
             if (r.level == "province" and r.province_code == province_code)
             or (r.level == "ministry" and r.province_code == MINISTRY_CODE)]
    return RoundSchedule(extra=extra)


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
        schedule = round_schedule(session, dossier.province_code)
        return schedule.round_for(level, proposed_on(dossier, level) or task_start).closes_on

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
