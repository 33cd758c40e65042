"""The audit trail: one append-only record per action, written in the action's transaction.

`audit()` is the only writer. It links the record into its chain (the dossier's, or the system chain
for records without a dossier): it reads the chain's last hash and stores its own hash over the
record's fields and that link, before the use case commits.

No fork: two transactions must not both read the same last hash. On SQLite every use case holds
the database write lock from BEGIN IMMEDIATE. On PostgreSQL the read happens under a lock held to
commit: the dossier row (FOR UPDATE; complete_task and timer firing already hold it, and every other
caller locks its task first, the same order as complete_task), or for the system chain a
transaction-level advisory lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, select
from sqlalchemy.orm import Session

from ...domain.audit_chain import canonical_data, record_hash
from ...persistence.models import AuditEntry, Dossier

SYSTEM_CHAIN_LOCK = 0x0C0F_A0D1  # pg_advisory_xact_lock key of the system chain

# Built once: every action runs these, and building a statement costs more than sending it. They run
# on the session's connection (its transaction), as Core: the ORM's per-statement work is not needed.
_ENTRIES = cast(Table, AuditEntry.__table__)
_INSERT = insert(_ENTRIES)
_DOSSIER_HEAD = (select(_ENTRIES.c.hash).where(_ENTRIES.c.dossier_id == bindparam("dossier_id"))
                 .order_by(_ENTRIES.c.id.desc()).limit(1))
_SYSTEM_HEAD = select(_ENTRIES.c.hash).where(_ENTRIES.c.dossier_id.is_(None)).order_by(_ENTRIES.c.id.desc()).limit(1)
_LOCK_DOSSIER = select(Dossier.id).where(Dossier.id == bindparam("dossier_id")).with_for_update(of=Dossier)
_LOCK_SYSTEM = select(func.pg_advisory_xact_lock(SYSTEM_CHAIN_LOCK))


def audit(session: Session, *, actor: str, acting_as: str, action: str, at: datetime,
          dossier_id: int | None = None, task_id: str | None = None, data: dict[str, Any] | None = None,
          chain_locked: bool = False) -> None:
    """`chain_locked`: this transaction already wrote the dossier row (flushed), so it holds its lock.

    The record is inserted at once (not at the next flush), after what the session holds pending,
    so the dossier it names exists and the next record of the transaction chains to it."""
    stored = canonical_data(data)
    prev_hash = chain_head(session, dossier_id, chain_locked)
    digest = record_hash(dossier_id=dossier_id, task_id=task_id, actor=actor, acting_as=acting_as,
                         action=action, at=at, data=stored, prev_hash=prev_hash)
    session.connection().execute(_INSERT, {"dossier_id": dossier_id, "task_id": task_id, "actor": actor, "acting_as": acting_as,
                              "action": action, "at": at, "data": stored, "prev_hash": prev_hash, "hash": digest})


@dataclass(frozen=True)
class Record:
    """One record for `audit_many`: the same fields `audit` takes."""

    actor: str
    acting_as: str
    action: str
    at: datetime
    dossier_id: int
    task_id: str | None = None
    data: dict[str, Any] | None = None


# Each dossier's head by one backward probe of ix_audit_entries_chain (dossier_id, id), whatever the
# planner believes of the table's size: a GROUP BY over the dossiers' entries read all their records,
# and on a table the statistics call small the planner scanned all of it.
_DOSSIERS = cast(Table, Dossier.__table__)
_HEADS = select(_DOSSIERS.c.id, select(_ENTRIES.c.hash).where(_ENTRIES.c.dossier_id == _DOSSIERS.c.id)
                .order_by(_ENTRIES.c.id.desc()).limit(1).scalar_subquery()
                ).where(_DOSSIERS.c.id.in_(bindparam("ids", expanding=True)))


def audit_many(session: Session, records: list[Record]) -> None:
    """Records of many dossiers' chains in one go (a batch of timer firings): one read of their
    heads, one INSERT. The caller holds every one of these dossiers' rows locked (FOR UPDATE)."""
    if not records:
        return
    session.flush()
    heads: dict[int, str | None] = dict(session.execute(
        _HEADS, {"ids": sorted({r.dossier_id for r in records})}).all())
    rows = []
    for record in records:
        stored = canonical_data(record.data)
        prev_hash = heads.get(record.dossier_id)
        digest = record_hash(dossier_id=record.dossier_id, task_id=record.task_id, actor=record.actor,
                             acting_as=record.acting_as, action=record.action, at=record.at, data=stored,
                             prev_hash=prev_hash)
        heads[record.dossier_id] = digest  # the next record of the same dossier chains to this one
        rows.append({"dossier_id": record.dossier_id, "task_id": record.task_id, "actor": record.actor,
                     "acting_as": record.acting_as, "action": record.action, "at": record.at, "data": stored,
                     "prev_hash": prev_hash, "hash": digest})
    session.execute(_INSERT, rows)


def chain_head(session: Session, dossier_id: int | None, locked: bool = False) -> str | None:
    """The hash of the chain's last record (None for an empty chain), read under the chain's lock.

    Pending changes are flushed first (as autoflush would): the dossier row a new dossier's first
    record names, and the lock order of the caller's writes."""
    session.flush()
    if not locked and session.get_bind().dialect.name == "postgresql":
        if dossier_id is None:
            session.execute(_LOCK_SYSTEM)
        else:
            session.execute(_LOCK_DOSSIER, {"dossier_id": dossier_id})
    connection = session.connection()  # Core statements: no ORM work per call (they run on every action)
    if dossier_id is None:
        return connection.scalar(_SYSTEM_HEAD)
    return connection.scalar(_DOSSIER_HEAD, {"dossier_id": dossier_id})
