"""Task counts the supervisors' summary reads instead of the tasks (services/monitoring/counts.py).

Database triggers on `tasks` (migration 0018_perf) append a delta for every change that moves a task
between buckets, in the transaction that changes the task; a scheduler job folds the deltas into
`task_counts`. A bucket's count is its `task_counts.n` plus its deltas, so a read is exact at any
moment, and writers never wait on each other (deltas are only inserted).

kind "open": open tasks of a unit and step (element id and name) due on `day` (Vietnam date;
NO_DEADLINE for none). kind "done": tasks with a deadline completed in the month starting `day`,
on time or not (element id and name empty).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base

NO_DEADLINE = date(9999, 12, 31)


class TaskCount(Base):
    __tablename__ = "task_counts"
    __table_args__ = (UniqueConstraint("kind", "unit_code", "element_id", "name", "day", "on_time",
                                       name="uq_task_counts_bucket"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    unit_code: Mapped[str] = mapped_column(String(32))
    element_id: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(300))
    day: Mapped[date] = mapped_column(Date)
    on_time: Mapped[bool] = mapped_column(Boolean)
    n: Mapped[int] = mapped_column(Integer)


class TaskCountDelta(Base):
    __tablename__ = "task_count_deltas"
    __table_args__ = (Index("ix_task_count_deltas_unit", "kind", "unit_code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    unit_code: Mapped[str] = mapped_column(String(32))
    element_id: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(300))
    day: Mapped[date] = mapped_column(Date)
    on_time: Mapped[bool] = mapped_column(Boolean)
    delta: Mapped[int] = mapped_column(Integer)
