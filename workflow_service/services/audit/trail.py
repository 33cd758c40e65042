"""The audit trail: one append-only record per action, written in the action's transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ...persistence.models import AuditEntry


def audit(session: Session, *, actor: str, acting_as: str, action: str, at: datetime,
          dossier_id: int | None = None, task_id: str | None = None, data: dict[str, Any] | None = None) -> None:
    session.add(AuditEntry(dossier_id=dossier_id, task_id=task_id, actor=actor, acting_as=acting_as,
                           action=action, at=at, data=data or {}))
