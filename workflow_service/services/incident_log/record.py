"""Write (or count again) the incident of a failed engine step.

Called after the failed step's transaction was rolled back, so the dossier keeps its previous state
and only the incident row and its audit entry are written. A step that fails again while its
incident is open adds an attempt to that incident instead of opening another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...persistence.models import Incident
from ..audit.trail import audit
from ..context import ServiceContext

_ERROR_CHARS = 4000


@dataclass(frozen=True)
class FailedStep:
    subject: str  # task:<task id> · timers:<dossier id> · file:<definition id>:<user>:<commune>
    action: str  # file / complete / timer
    definition_id: int
    actor: str
    error: str
    element_id: str | None = None
    dossier_id: int | None = None
    task_id: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)


def record_failure(ctx: ServiceContext, step: FailedStep) -> int:
    """The id of the open incident for this step, after counting this failure."""
    now = ctx.clock.now()
    error = step.error[:_ERROR_CHARS]
    with ctx.uow() as uow:
        session = uow.session
        incident = session.scalars(select(Incident).where(
            Incident.status == "open", Incident.subject == step.subject,
            Incident.element_id == step.element_id if step.element_id else Incident.element_id.is_(None))
            .with_for_update()).first()
        if incident is None:
            incident = Incident(subject=step.subject, action=step.action, dossier_id=step.dossier_id,
                                definition_id=step.definition_id, task_id=step.task_id,
                                element_id=step.element_id, error=error, payload=step.payload, attempts=1,
                                status="open", opened_at=now, opened_by=step.actor, last_failed_at=now)
            session.add(incident)
        else:
            incident.attempts += 1
            incident.error, incident.payload, incident.last_failed_at = error, step.payload, now
        session.flush()
        audit(session, actor=step.actor, acting_as=step.action, action="incident", at=now,
              dossier_id=step.dossier_id, task_id=step.task_id,
              data={"incident": incident.id, "element": step.element_id, "error": error,
                    "attempts": incident.attempts})
        uow.commit()
        return incident.id


def has_open_incident(session: Session, subject: str) -> bool:
    return session.scalar(select(Incident.id).where(
        Incident.status == "open", Incident.subject == subject).limit(1)) is not None
