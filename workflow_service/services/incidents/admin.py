"""What an admin does with incidents. Only the `admin` role; every retry and resolve is audited.

A retry re-runs the failed step on the dossier's latest state, in the name of whoever's step failed
(the task's holder, the filer) or as the scheduler for timers: after the process or its data was
fixed, or for a transient failure. Success resolves the incident; another failure counts an attempt
on it and answers 422 again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from ...domain.access import Actor
from ...domain.errors import Conflict, Forbidden, NotFound, ValidationFailed
from ...engine.runtime import EngineStepFailed
from ...persistence.models import Incident
from ..accounts.users import load_actor
from ..audit.trail import audit
from ..context import ServiceContext
from ..dossiers.filing import FileDossier, file_dossier
from ..tasks.completion import complete_task
from ..timers.firing import DossierBusy, step_dossier

STATUSES = ("open", "resolved", "all")
_REASON_CHARS = 1000


def _require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise Forbidden.coded("incident.admin_only")


def list_incidents(ctx: ServiceContext, actor: Actor, status: str = "open", limit: int = 50,
                   offset: int = 0) -> tuple[list[Incident], int]:
    _require_admin(actor)
    if status not in STATUSES:
        raise ValidationFailed.coded("incident.bad_status", {"status": ["unknown status"]}, statuses=", ".join(STATUSES))
    query = select(Incident)
    if status != "all":
        query = query.where(Incident.status == status)
    with ctx.uow() as uow:
        total = uow.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = uow.session.scalars(query.order_by(Incident.last_failed_at.desc(), Incident.id.desc())
                                   .limit(min(limit, 200)).offset(offset))
        return list(rows), total


def count_open(ctx: ServiceContext) -> int:
    with ctx.uow() as uow:
        return uow.session.scalar(select(func.count(Incident.id)).where(Incident.status == "open")) or 0


def get_incident(ctx: ServiceContext, actor: Actor, incident_id: int) -> Incident:
    _require_admin(actor)
    with ctx.uow() as uow:
        incident = uow.session.get(Incident, incident_id)
        if incident is None:
            raise NotFound(f"incident {incident_id} not found")
        return incident


def retry_incident(ctx: ServiceContext, actor: Actor, incident_id: int) -> Incident:
    """Re-run the failed step. Raises what the step raises (422 when it fails again: one more attempt)."""
    incident = _open_incident(ctx, actor, incident_id)
    outcome = _rerun(ctx, actor, incident)
    return _close(ctx, actor, incident_id, "incident_retry", f"retried: {outcome}")


def resolve_incident(ctx: ServiceContext, actor: Actor, incident_id: int, reason: str) -> Incident:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed.coded("incident.reason_required", {"reason": ["required"]})
    if len(reason) > _REASON_CHARS:
        raise ValidationFailed.coded("incident.reason_too_long", {"reason": [f"at most {_REASON_CHARS} characters"]},
                                     limit=_REASON_CHARS)
    _open_incident(ctx, actor, incident_id)
    return _close(ctx, actor, incident_id, "incident_resolve", reason)


def _open_incident(ctx: ServiceContext, actor: Actor, incident_id: int) -> Incident:
    incident = get_incident(ctx, actor, incident_id)
    if incident.status != "open":
        raise Conflict.coded("incident.already", incident=incident_id, status=incident.status)
    return incident


def _rerun(ctx: ServiceContext, actor: Actor, incident: Incident) -> str:
    payload: dict[str, Any] = incident.payload or {}
    if incident.action == "complete" and incident.task_id:
        holder = load_actor(ctx, incident.opened_by)
        complete_task(ctx, holder, incident.task_id, payload.get("data"), retried_by=actor.username)
        return f"task {incident.task_id} completed"
    if incident.action == "file":
        filer = load_actor(ctx, incident.opened_by)
        dossier = file_dossier(ctx, filer, FileDossier(
            str(payload["process_key"]), str(payload["commune"]), str(payload["kind"]), dict(payload["data"])),
            retried_by=actor.username)
        return f"dossier {dossier.registration_number} filed"
    if incident.action == "timer" and incident.dossier_id is not None:
        try:
            fired = step_dossier(ctx, incident.dossier_id, f"admin:{actor.username}", ctx.clock.now(),
                                 retry_of=incident.id)
        except DossierBusy as err:
            raise Conflict.coded("incident.dossier_busy", dossier=incident.dossier_id) from err
        except EngineStepFailed as err:
            raise ValidationFailed.coded("incident.timers_failed_again", {"incident": [str(err)]},
                                         dossier=incident.dossier_id, element=err.element_id, error=str(err)) from err
        return f"{len(fired)} timer(s) fired"
    raise Conflict.coded("incident.not_retriable", incident=incident.id, action=incident.action)


def _close(ctx: ServiceContext, actor: Actor, incident_id: int, action: str, reason: str) -> Incident:
    now: datetime = ctx.clock.now()
    with ctx.uow() as uow:
        session = uow.session
        incident = session.scalars(select(Incident).where(Incident.id == incident_id).with_for_update()).one()
        if incident.status != "open":
            raise Conflict.coded("incident.already", incident=incident_id, status=incident.status)
        if action == "incident_retry":
            incident.attempts += 1
        incident.status, incident.resolved_at, incident.resolved_by = "resolved", now, actor.username
        incident.resolution = reason
        audit(session, actor=actor.username, acting_as="admin", action=action, at=now,
              dossier_id=incident.dossier_id, task_id=incident.task_id,
              data={"incident": incident_id, "reason": reason})
        uow.commit()
        return incident
