"""Keeping task due dates right as the dossier moves and as the calendar, plans and rounds change.

Called from routing.sync_tasks for every new task (in the transaction that creates it):
- the first task offered at province level records the day the dossier was proposed to the
  province (`dossiers.routing["proposed"]["province"]`), likewise "district" for the district level
  and "ministry" for the central level; `round:` deadlines key on that day;
- a task whose BPMN property `supplementFor` names a step pauses that step's clock: the step's
  task that just completed gets `paused_at` (unless the step says `deadlinePause=restart`);
- when the step is offered again it resumes with the time it had left (domain/pauses.py).

`refresh_open_due_dates` recomputes open tasks from the same persisted facts, so a calendar
correction, a plan import or a new round gives exactly the dates a fresh task would get.
Rescheduled tasks keep the date a person set.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.calendar import WorkingCalendar
from ...domain.clock import VN_TZ
from ...domain.deadlines import PlanStepDate, RoundClose, parse_deadline
from ...domain.pauses import resumed_due
from ...domain.roles import ROLE_LEVEL
from ...domain.units import Level
from ...engine.bundle import UserTaskDef
from ...persistence.models import Dossier, TaskRow
from .calendar import working_calendar
from .due_dates import resolve_due

PAUSE_PROPERTY = "deadlinePause"
SUPPLEMENT_PROPERTY = "supplementFor"
_PROPOSAL_LEVEL = {Level.DISTRICT: "district", Level.PROVINCE: "province", Level.CENTRAL: "ministry"}

RuleKind = Literal["period", "plan", "round"]


def on_tasks_created(session: Session, dossier: Dossier, created: list[TaskRow],
                     user_tasks: Mapping[str, UserTaskDef], now: datetime, data: dict[str, Any],
                     known: list[TaskRow] | None = None) -> None:
    """`known`: every task row of the dossier as read in this transaction (else they are queried)."""
    if not created:
        return  # most steps (and timer firings) create no task: no calendar read, no queries
    _record_proposals(dossier, created, now)
    for row in created:
        target = _properties(user_tasks, row.element_id).get(SUPPLEMENT_PROPERTY)
        if target:
            _pause(session, dossier.id, target, _properties(user_tasks, target), now, known)
    if not any(row.deadline_rule for row in created):
        return
    calendar = working_calendar(session)
    for row in created:
        row.due_at = task_due(session, calendar, dossier, row, data, known)


def _properties(user_tasks: Mapping[str, UserTaskDef], element_id: str) -> Mapping[str, str]:
    definition = user_tasks.get(element_id)
    return definition.properties if definition is not None else {}


def _record_proposals(dossier: Dossier, created: Iterable[TaskRow], now: datetime) -> None:
    proposed = dict((dossier.routing or {}).get("proposed") or {})
    for row in created:
        level = _PROPOSAL_LEVEL.get(ROLE_LEVEL.get(row.role))  # type: ignore[arg-type]
        if level is not None and level not in proposed:
            proposed[level] = now.astimezone(VN_TZ).isoformat()
    if proposed != (dossier.routing or {}).get("proposed", {}):
        dossier.routing = {**(dossier.routing or {}), "proposed": proposed}  # reassign: JSON is not tracked


def _pause(session: Session, dossier_id: int, element_id: str, properties: Mapping[str, str],
           now: datetime, known: list[TaskRow] | None) -> None:
    if properties.get(PAUSE_PROPERTY, "pause") != "pause":
        return  # "restart": the step's next task simply starts a new clock
    if known is not None:
        done = [r for r in known if r.element_id == element_id and r.status == "completed"]
        waiting = max(done, key=lambda r: (_instant(r.completed_at), r.created_at), default=None)
    else:
        waiting = session.scalars(select(TaskRow).where(
            TaskRow.dossier_id == dossier_id, TaskRow.element_id == element_id, TaskRow.status == "completed")
            .order_by(TaskRow.completed_at.desc(), TaskRow.created_at.desc()).limit(1)).first()
    if waiting is not None and waiting.due_at is not None and waiting.paused_at is None:
        waiting.paused_at = now


def task_due(session: Session, calendar: WorkingCalendar, dossier: Dossier, row: TaskRow,
             data: dict[str, Any], known: list[TaskRow] | None = None) -> datetime | None:
    if not row.deadline_rule:
        return None
    previous = _previous_run(session, row, known)
    if previous is not None and previous.paused_at is not None and previous.due_at is not None:
        try:
            rule = parse_deadline(row.deadline_rule)
        except ValueError:
            return None
        resumed = resumed_due(rule, previous.due_at, previous.paused_at, row.created_at, calendar)
        if resumed is not None:
            return resumed
    return resolve_due(session, calendar, dossier, row.deadline_rule, row.created_at, data)


def _previous_run(session: Session, row: TaskRow, known: list[TaskRow] | None = None) -> TaskRow | None:
    """The task of the same step that ran just before this one in the dossier."""
    if known is not None:
        runs = [r for r in known if r.element_id == row.element_id and r.id != row.id and r.status != "open"
                and r.created_at <= row.created_at]
        return max(runs, key=lambda r: (r.created_at, _instant(r.completed_at)), default=None)
    query = select(TaskRow).where(TaskRow.dossier_id == row.dossier_id, TaskRow.element_id == row.element_id,
                                  TaskRow.id != row.id, TaskRow.status != "open",
                                  TaskRow.created_at <= row.created_at)
    return session.scalars(query.order_by(TaskRow.created_at.desc(), TaskRow.completed_at.desc())
                           .limit(1)).first()


def _instant(value: datetime | None) -> datetime:
    """A closed task always has completed_at; a missing one sorts first, so max() stays total."""
    return value if value is not None else datetime.min.replace(tzinfo=VN_TZ)


def _kind(rule_text: str) -> RuleKind | None:
    try:
        rule = parse_deadline(rule_text)
    except ValueError:
        return None
    if isinstance(rule, PlanStepDate):
        return "plan"
    if isinstance(rule, RoundClose):
        return "round"
    return "period" if not rule_text.strip().lower().startswith("date:") else None


def refresh_open_due_dates(session: Session, calendar: WorkingCalendar, *, kinds: tuple[RuleKind, ...],
                           unit_code: str | None = None, province_code: str | None = None,
                           affected_from: date | None = None) -> int:
    """Recompute due_at of open, not rescheduled tasks of the given rule kinds; returns how many changed.

    unit_code: only dossiers routed through that unit (plans); province_code: only that
    province's dossiers (rounds); affected_from: only tasks due on or after that day, or with
    no date yet (a calendar change cannot move an earlier deadline).
    """
    query = (select(TaskRow).join(Dossier, Dossier.id == TaskRow.dossier_id)
             .where(TaskRow.status == "open", TaskRow.deadline_rule.is_not(None),
                    TaskRow.rescheduled_at.is_(None)))
    if province_code is not None:
        query = query.where(Dossier.province_code == province_code)
    if affected_from is not None:
        since = datetime.combine(affected_from - timedelta(days=1), datetime.min.time(), tzinfo=VN_TZ)
        query = query.where((TaskRow.due_at.is_(None)) | (TaskRow.due_at >= since))
    changed = 0
    for row in session.scalars(query.order_by(TaskRow.created_at, TaskRow.id)).all():
        if _kind(row.deadline_rule or "") not in kinds:
            continue
        dossier = row.dossier
        if unit_code is not None and unit_code not in ((dossier.routing or {}).get("units") or {}).values():
            continue
        due = task_due(session, calendar, dossier, row, dossier.data or {})
        if due != row.due_at:
            row.due_at = due
            changed += 1
    return changed
