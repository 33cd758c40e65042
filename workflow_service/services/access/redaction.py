"""What of a visible dossier an actor reads: council members' sheets only by their readers.

The rows handed out are detached from the session before anything is masked, so a masked value can
never be flushed back; the audit trail itself is never changed (it is append-only), only its view."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ...domain.access import Actor
from ...domain.visibility import aggregate_only, may_read_dossier_sheets, may_read_sheet
from ...persistence.models import AuditEntry, Dossier, TaskRow


@dataclass(frozen=True)
class HistoryEntry:
    """One audit entry as this actor may read it: a redacted entry keeps its step and time only."""

    id: int
    at: datetime
    actor: str | None
    acting_as: str
    action: str
    task_id: str | None
    data: dict[str, Any]
    redacted: bool = False


def sheet_hidden(actor: Actor, row: TaskRow) -> bool:
    """True when row is a council member's sheet the actor may not read (its own holder always may)."""
    if actor.username in (row.claimed_by, row.candidate, row.completed_by):
        return False
    return not may_read_sheet(actor, row.role, row.unit_code)


def mask_task(session: Session, row: TaskRow) -> None:
    """Hide who holds a member's sheet and what they drafted (the step, its unit and dates remain)."""
    if row in session:
        session.expunge(row)
    row.candidate = row.claimed_by = row.completed_by = None
    row.claimed_at = None
    row.draft = None


def dossier_for(session: Session, actor: Actor, dossier: Dossier) -> Dossier:
    """The dossier with its data reduced to the aggregate (score, stars) unless the actor reads sheets."""
    if not may_read_dossier_sheets(actor, dossier.routing.get("units", {})):
        if dossier in session:
            session.expunge(dossier)
        dossier.data = aggregate_only(dossier.data or {})
    return dossier


def read_dossier(session: Session, actor: Actor, dossier: Dossier, tasks: list[TaskRow],
                 history: Iterable[AuditEntry]) -> tuple[Dossier, list[TaskRow], list[HistoryEntry]]:
    hidden = {t.id for t in tasks if sheet_hidden(actor, t)}
    for row in tasks:
        if row.id in hidden:
            mask_task(session, row)
    return dossier_for(session, actor, dossier), tasks, [history_entry(e, e.task_id in hidden) for e in history]


def history_entry(entry: AuditEntry, redacted: bool) -> HistoryEntry:
    if redacted:
        return HistoryEntry(entry.id, entry.at, None, entry.acting_as, entry.action, entry.task_id,
                            {}, True)
    return HistoryEntry(entry.id, entry.at, entry.actor, entry.acting_as, entry.action, entry.task_id,
                        dict(entry.data or {}))
