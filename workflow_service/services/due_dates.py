"""Due dates for new tasks from their BPMN `deadline` property (working-day calendar, rounds)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ..domain.calendar import WorkingCalendar
from ..domain.deadlines import DeadlineUnresolved, compute_due, deadline_status, parse_deadline
from ..domain.rounds import RoundSchedule

CALENDAR = WorkingCalendar()
ROUNDS = RoundSchedule()


def due_at(rule_text: str | None, started_at: datetime, data: dict[str, Any]) -> datetime | None:
    """None when the task has no deadline or its source (a plan, a data field) is not known yet."""
    if not rule_text:
        return None
    try:
        return compute_due(parse_deadline(rule_text), started_at, CALENDAR, round_close=_round_close,
                           data=data)
    except (DeadlineUnresolved, ValueError):
        return None


def _round_close(level: Any, proposed_on: date) -> date:
    return ROUNDS.round_for(level, proposed_on).closes_on


def status(due: datetime | None, now: datetime, completed_at: datetime | None) -> str | None:
    if due is None:
        return None
    return deadline_status(due, now, CALENDAR, completed_at=completed_at)
