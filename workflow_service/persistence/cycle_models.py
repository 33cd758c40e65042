"""Tables of the annual cycle besides the process instances: producers' periodic reports.

Defined on models.Base so metadata and Alembic see them (migrations/env.py imports this module)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base


class ProducerReport(Base):
    """A periodic report a producer owes (a plan's recurring step whose responsible role is `applicant`),
    for producers with an approved business plan or a recognised product in the plan's unit."""

    __tablename__ = "producer_reports"
    __table_args__ = (UniqueConstraint("producer", "step_key", "period"),
                      Index("ix_producer_reports_open", "status", "commune_code", "due_at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("yearly_plans.id"))
    producer: Mapped[str] = mapped_column(String(80), index=True)  # the producer's user name
    commune_code: Mapped[str] = mapped_column(String(32))
    step_key: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(300))
    period: Mapped[str] = mapped_column(String(20))  # e.g. 2019-09
    due_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default="open")  # open / submitted
    content: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    submitted_at: Mapped[datetime | None]
