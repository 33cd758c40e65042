"""Escalate open tasks that became due soon or overdue: notify the holder and the supervisors once.

Run every minute by jobs/scheduler.py (`deadlines:sweep`) and directly by tests. One transaction
records each task's new escalation level together with its in-app notifications; a conditional
UPDATE on tasks.escalation makes concurrent sweeps notify each person once per change. E-mails
go out after the commit (see deadline_mail.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Select, select, update
from sqlalchemy.orm import Session

from ...config import EscalationSettings
from ...domain.calendar import WorkingCalendar
from ...domain.clock import VN_TZ
from ...domain.deadlines import deadline_status, due_soon_before
from ...domain.roles import SUPERVISOR
from ...persistence.deadline_models import Notification
from ...persistence.models import Dossier, RoleAssignment, TaskRow, UnitRow, User
from ..context import ServiceContext
from .calendar import working_calendar
from .mail import send_pending_emails

LEVELS = {"none": 0, "due_soon": 1, "overdue": 2}
KIND = {"due_soon": "task_due_soon", "overdue": "task_overdue"}


@dataclass(frozen=True)
class EscalationResult:
    escalated: int  # tasks whose escalation level went up
    notified: int  # notifications created
    emailed: int


def sweep_deadlines(ctx: ServiceContext, settings: EscalationSettings | None = None) -> EscalationResult:
    settings = settings or EscalationSettings()
    now = ctx.clock.now()
    with ctx.uow() as uow:
        session = uow.session
        escalated = notified = 0
        calendar = working_calendar(session)
        for task in session.scalars(_candidates(now, settings.due_soon_days, calendar)).all():
            if task.due_at is None:
                continue
            status = deadline_status(task.due_at, now, calendar, due_soon_working_days=settings.due_soon_days)
            if LEVELS.get(status, 0) <= LEVELS.get(task.escalation, 0):
                continue
            won = cast(CursorResult[Any], session.execute(
                update(TaskRow).where(TaskRow.id == task.id, TaskRow.escalation == task.escalation)
                .values(escalation=status))).rowcount
            if won != 1:
                continue  # another sweep escalated it first
            escalated += 1
            notified += _notify(session, task, status, now)
        uow.commit()
    emailed = send_pending_emails(ctx, settings.mail, now) if settings.mail else 0
    return EscalationResult(escalated, notified, emailed)


def _candidates(now: datetime, due_soon_days: int, calendar: WorkingCalendar) -> Select[TaskRow]:
    # Anything due after the last instant that still counts as "due soon" is on time: skip it in SQL.
    horizon = due_soon_before(now, calendar, due_soon_days)
    return (select(TaskRow).where(TaskRow.status == "open", TaskRow.due_at.is_not(None),
                                  TaskRow.due_at < horizon, TaskRow.escalation != "overdue",
                                  TaskRow.paused_at.is_(None))
            .order_by(TaskRow.id))


def _notify(session: Session, task: TaskRow, status: str, now: datetime) -> int:
    kind = KIND[status]
    already = set(session.scalars(select(Notification.recipient).where(Notification.task_id == task.id,
                                                                       Notification.kind == kind)))
    message = _message(task, status)
    recipients = sorted(set(recipients_for(session, task)) - already)
    for username in recipients:
        session.add(Notification(recipient=username, task_id=task.id, dossier_id=task.dossier_id, kind=kind,
                                 message=message, created_at=now))
    return len(recipients)


def recipients_for(session: Session, task: TaskRow) -> list[str]:
    """The holder (claimant, else the named candidate, else every holder of the task's role at its
    unit), the supervisors of the task's unit and those of the unit one level up."""
    if task.claimed_by or task.candidate:
        holders = [task.claimed_by or task.candidate or ""]
    else:
        holders = _holding(session, task.role, [task.unit_code])
    parent = session.scalar(select(UnitRow.parent_code).where(UnitRow.code == task.unit_code))
    supervisors = _holding(session, SUPERVISOR, [task.unit_code, *([parent] if parent else [])])
    return sorted(set(holders) | set(supervisors))


def _holding(session: Session, role: str, units: list[str]) -> list[str]:
    return list(session.scalars(select(User.username).join(RoleAssignment).where(
        RoleAssignment.role == role, RoleAssignment.unit_code.in_(units))))


def _message(task: TaskRow, status: str) -> str:
    dossier: Dossier = task.dossier
    due = task.due_at.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y") if task.due_at else "?"
    label = "Quá hạn (overdue)" if status == "overdue" else "Sắp đến hạn (due soon)"
    return f"{label}: {task.name} – hồ sơ {dossier.registration_number}, hạn {due}"
