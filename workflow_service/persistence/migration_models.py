"""Migration runs: one row per run, one per dossier it moves, with the dossier's state before the move.

Defined on models.Base so metadata and Alembic see them (migrations/env.py imports this module)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base


class MigrationRun(Base):
    """A run of one plan: the plan text as run (a resumed run follows exactly the same plan)."""

    __tablename__ = "migration_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_name: Mapped[str] = mapped_column(String(120))
    plan_text: Mapped[str] = mapped_column(Text)
    plan_hash: Mapped[str] = mapped_column(String(64))
    target_definition_id: Mapped[int] = mapped_column(ForeignKey("process_definitions.id"))
    status: Mapped[str] = mapped_column(String(16), default="running")  # running / finished
    started_by: Mapped[str] = mapped_column(String(80))
    acting_as: Mapped[str] = mapped_column(String(120))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]


class MigrationItem(Base):
    """One dossier of a run. `snapshot` is the dossier as it was before (engine state, task and timer
    rows), kept to revert it; `row_version_after` tells whether the dossier moved on since."""

    __tablename__ = "migration_items"
    __table_args__ = (UniqueConstraint("run_id", "dossier_id"), Index("ix_migration_items_run", "run_id", "status"))
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("migration_runs.id"))
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    registration_number: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending/migrated/failed/skipped/reverted
    error: Mapped[str | None] = mapped_column(Text)
    from_definition_id: Mapped[int | None] = mapped_column(Integer)
    from_elements: Mapped[list[str] | None] = mapped_column(JSON)
    to_elements: Mapped[list[str] | None] = mapped_column(JSON)
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON, deferred=True)
    row_version_after: Mapped[int | None] = mapped_column(Integer)
    done_at: Mapped[datetime | None]
    reverted_at: Mapped[datetime | None]
    reverted_by: Mapped[str | None] = mapped_column(String(80))
