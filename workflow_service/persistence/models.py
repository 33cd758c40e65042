"""Typed SQLAlchemy 2.0 models. Timestamps are stored as UTC and returned tz-aware."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[datetime]):
    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware one")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON}  # noqa: RUF012 - read by SQLAlchemy


class UnitRow(Base):
    __tablename__ = "units"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(16))
    parent_code: Mapped[str | None] = mapped_column(String(32), index=True)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class UnitPeriodRow(Base):
    """A unit's name and parent over one period; `units` keeps the latest ones and the whole span.
    A unit without period rows hangs under `units.parent_code` all the time."""

    __tablename__ = "unit_periods"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_code: Mapped[str] = mapped_column(ForeignKey("units.code", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_code: Mapped[str | None] = mapped_column(String(32), index=True)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(254))  # deadline e-mails go here when SMTP is set up
    # Embedded in every session cookie and token; bumping it (sign-out, password change, admin revoke)
    # ends them all (persistence/sessions.py holds the refresh tokens and sign-in counters).
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    grants: Mapped[list[RoleAssignment]] = relationship(back_populates="user", cascade="all, delete-orphan",
                                                        lazy="selectin")


class RoleAssignment(Base):
    __tablename__ = "role_assignments"
    __table_args__ = (UniqueConstraint("user_id", "role", "unit_code"),
                      Index("ix_role_unit", "role", "unit_code"))
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(40))
    unit_code: Mapped[str] = mapped_column(ForeignKey("units.code"))
    user: Mapped[User] = relationship(back_populates="grants")


class ProcessDefinition(Base):
    __tablename__ = "process_definitions"
    __table_args__ = (UniqueConstraint("key", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), index=True)
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    files: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)  # large; read on cache miss only
    deployed_at: Mapped[datetime]
    deployed_by: Mapped[str] = mapped_column(String(80))


class Dossier(Base):
    __tablename__ = "dossiers"
    # PostgreSQL: room on each page for the row's next version (migration 0020_dossier_storage)
    __table_args__ = (UniqueConstraint("commune_code", "reg_year", "reg_seq"), {"postgresql_with": {"fillfactor": 70}})
    id: Mapped[int] = mapped_column(primary_key=True)
    registration_number: Mapped[str] = mapped_column(String(80), unique=True)
    reg_year: Mapped[int] = mapped_column(Integer)
    reg_seq: Mapped[int] = mapped_column(Integer)
    definition_id: Mapped[int] = mapped_column(ForeignKey("process_definitions.id"), index=True)
    commune_code: Mapped[str] = mapped_column(ForeignKey("units.code"), index=True)
    province_code: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="running", index=True)
    producer_name: Mapped[str] = mapped_column(String(300), default="")
    product_name: Mapped[str] = mapped_column(String(300), default="")
    score: Mapped[float | None] = mapped_column(Float)
    stars: Mapped[int | None] = mapped_column(Integer)
    certificate: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    routing: Mapped[dict[str, Any]] = mapped_column(JSON)  # unit code per level, the producer's login
    state: Mapped[str] = mapped_column(Text, deferred=True)  # engine state; read only to step it
    serializer_version: Mapped[str] = mapped_column(String(16))
    filed_at: Mapped[datetime]
    filed_by: Mapped[str] = mapped_column(String(80), index=True)  # a producer lists what they filed
    filed_on: Mapped[date | None] = mapped_column(Date)  # the day the commune received it, when earlier
    regulation: Mapped[str | None] = mapped_column(String(40))  # registry entry id, e.g. "R4"
    # The numbering series (domain/cycle.py): "product" dossiers, or the cycle's "idea" and "business_plan"
    # instances, which run as processes too; reg_seq of those is offset (SERIES_SEQ_OFFSET) to keep the
    # commune/year/seq key unique across series.
    series: Mapped[str] = mapped_column(String(16), default="product", server_default="product")
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"), index=True)  # the idea behind it
    business_plan_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"), index=True)
    completed_at: Mapped[datetime | None]
    row_version: Mapped[int] = mapped_column(Integer, default=1)
    # registration number, producer and product folded (domain.search.fold): "mat ong" finds "Mật ong"
    search_text: Mapped[str] = mapped_column(String(800), default="", server_default="")
    definition: Mapped[ProcessDefinition] = relationship(lazy="joined")
    __mapper_args__ = {"version_id_col": row_version}  # noqa: RUF012 - read by SQLAlchemy


class TaskRow(Base):
    __tablename__ = "tasks"
    __table_args__ = (Index("ix_tasks_inbox", "status", "role", "unit_code", "due_at", "created_at", "id"),
                      Index("ix_tasks_unit_due", "status", "unit_code", "due_at", "id"),
                      Index("ix_tasks_claimed", "claimed_by", "status"))
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    element_id: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(40))
    unit_code: Mapped[str] = mapped_column(String(32))
    form_file: Mapped[str] = mapped_column(String(200))
    candidate: Mapped[str | None] = mapped_column(String(80))  # only this user may take it
    status: Mapped[str] = mapped_column(String(20), default="open")
    claimed_by: Mapped[str | None] = mapped_column(String(80), index=True)
    claimed_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]
    completed_by: Mapped[str | None] = mapped_column(String(80))
    due_at: Mapped[datetime | None]
    deadline_rule: Mapped[str | None] = mapped_column(String(120))
    draft: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Deadline bookkeeping: the escalation already sent (none/due_soon/overdue) so each is sent once,
    # the clock pause of a supplement request, and the one allowed reschedule.
    escalation: Mapped[str] = mapped_column(String(16), default="none")
    paused_at: Mapped[datetime | None]
    original_due_at: Mapped[datetime | None]
    rescheduled_at: Mapped[datetime | None]
    reschedule_reason: Mapped[str | None] = mapped_column(Text)
    dossier: Mapped[Dossier] = relationship(lazy="joined")


class AuditEntry(Base):
    """Append-only: database triggers reject UPDATE and DELETE (see the migration).

    Hash-chained per dossier (dossier_id NULL: the system chain): `hash` covers the fields and
    `prev_hash`, the hash of the chain's record before it (domain/audit_chain.py)."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_chain", "dossier_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"))
    task_id: Mapped[str | None] = mapped_column(String(36))
    actor: Mapped[str] = mapped_column(String(80))
    acting_as: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime]
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str | None] = mapped_column(String(64))  # None: the first record of its chain
    hash: Mapped[str] = mapped_column(String(64))


class Attachment(Base):
    """A file attached to a dossier; bytes live under the instance folder by sha256, never by user name."""

    __tablename__ = "attachments"
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    task_id: Mapped[str | None] = mapped_column(String(36))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by: Mapped[str] = mapped_column(String(80))
    uploaded_at: Mapped[datetime]
    kind: Mapped[str | None] = mapped_column(String(32))  # what a filing attachment is: mau02, papers


class Incident(Base):
    """A failed engine step (script, condition, decision): open until an admin retries or resolves it."""

    __tablename__ = "incidents"
    __table_args__ = (Index("ix_incidents_open", "status", "subject"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(160))  # what failed: task:<id>, timers:<dossier>, file:…
    action: Mapped[str] = mapped_column(String(16))  # file / complete / timer
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"), index=True)  # none for a filing
    definition_id: Mapped[int] = mapped_column(ForeignKey("process_definitions.id"))
    task_id: Mapped[str | None] = mapped_column(String(36))
    element_id: Mapped[str | None] = mapped_column(String(120))
    error: Mapped[str] = mapped_column(Text)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the step's input, to retry it
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open / resolved
    opened_at: Mapped[datetime]
    opened_by: Mapped[str] = mapped_column(String(120))  # whose action failed (a user or a scheduler)
    last_failed_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[str | None] = mapped_column(String(80))
    resolution: Mapped[str | None] = mapped_column(Text)
