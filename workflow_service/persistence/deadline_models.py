"""Tables of deadlines: calendar corrections, yearly plans, rounds, timers, notifications, report tasks.

Defined on models.Base so metadata and Alembic see them (migrations/env.py imports this module)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base


class CalendarCorrection(Base):
    """A day that differs from the holidays package: a make-up working day or an extra day off."""

    __tablename__ = "calendar_corrections"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "working" or "off"
    reason: Mapped[str] = mapped_column(String(300), default="")
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime]


class YearlyPlan(Base):
    """An imported yearly plan of one unit; steps are the parsed YAML steps (key, title, due/window/recurrence)."""

    __tablename__ = "yearly_plans"
    __table_args__ = (UniqueConstraint("unit_code", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_code: Mapped[str] = mapped_column(ForeignKey("units.code"))
    year: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(500))
    steps: Mapped[dict[str, Any]] = mapped_column(JSON)
    document: Mapped[str] = mapped_column(Text)  # the YAML as imported
    imported_at: Mapped[datetime]
    imported_by: Mapped[str] = mapped_column(String(80))


class EvaluationRound(Base):
    """A round beside the national ones: a province's extra round, the Ministry's (province and unit
    "VN"), or a district round (level "district") held by one district or by a province for all of its
    districts (`unit_code` the district or the province). `province_code`: whose dossiers it concerns."""

    __tablename__ = "evaluation_rounds"
    __table_args__ = (UniqueConstraint("unit_code", "level", "proposals_by",
                                       name="uq_evaluation_rounds_unit_level_proposals_by"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    province_code: Mapped[str] = mapped_column(String(32))
    unit_code: Mapped[str] = mapped_column(String(32))
    level: Mapped[str] = mapped_column(String(16))  # "district", "province" or "ministry"
    name: Mapped[str | None] = mapped_column(String(200))
    proposals_by: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)


class TimerRow(Base):
    """A BPMN timer waiting in a dossier. fired_at is set in the same transaction that steps the engine."""

    __tablename__ = "timers"
    __table_args__ = (Index("ix_timers_pending", "status", "due_at"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    element_id: Mapped[str] = mapped_column(String(120))
    due_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending / fired / cancelled
    fired_at: Mapped[datetime | None]
    fired_by: Mapped[str | None] = mapped_column(String(120))  # scheduler process that fired it


class Notification(Base):
    """In-app notification; the unique key makes each escalation reach each person once."""

    __tablename__ = "notifications"
    __table_args__ = (UniqueConstraint("recipient", "task_id", "kind"),
                      Index("ix_notifications_inbox", "recipient", "read_at", "created_at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(80))
    task_id: Mapped[str | None] = mapped_column(String(36))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"))
    kind: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    read_at: Mapped[datetime | None]
    emailed_at: Mapped[datetime | None]


class ReportTask(Base):
    """A periodic report a unit owes (generated from its yearly plan's recurring steps)."""

    __tablename__ = "report_tasks"
    __table_args__ = (UniqueConstraint("unit_code", "step_key", "period"),
                      Index("ix_report_tasks_open", "status", "unit_code", "due_at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("yearly_plans.id"))
    unit_code: Mapped[str] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(String(40))
    step_key: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(300))
    period: Mapped[str] = mapped_column(String(20))  # e.g. 2025-03, 2025-Q2, 2025-H1, 2025
    due_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default="open")
    completed_at: Mapped[datetime | None]
    completed_by: Mapped[str | None] = mapped_column(String(80))
    escalation: Mapped[str] = mapped_column(String(16), default="none")


class SchedulerHeartbeat(Base):
    """The last timer sweep of one scheduler process (host:pid); readiness checks the newest is fresh."""

    __tablename__ = "scheduler_heartbeats"
    worker: Mapped[str] = mapped_column(String(120), primary_key=True)
    beat_at: Mapped[datetime]
