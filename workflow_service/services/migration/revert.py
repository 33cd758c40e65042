"""Reverting a migrated dossier: exactly as before (engine state, version, regulation, task and timer rows,
deadlines, holders), only when it has not moved on since — no step completed, no timer fired, no later
migration (the dossier's row_version is still the one the migration wrote)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from ...domain.access import Actor
from ...domain.clock import VN_TZ
from ...domain.errors import Conflict, NotFound
from ...persistence.migration_models import MigrationItem, MigrationRun
from ...persistence.models import AuditEntry, Dossier
from ..audit.trail import audit
from ..context import ServiceContext
from . import snapshot
from .plans import require_designer

_NOT_A_STEP = ("claim", "unclaim", "assign", "reschedule")  # these do not move the dossier on


def revert_dossier(ctx: ServiceContext, actor: Actor, run_id: int, dossier_id: int) -> dict[str, object]:
    require_designer(actor)
    now = ctx.clock.now()
    with ctx.uow() as uow:
        session = uow.session
        item = session.scalars(select(MigrationItem).where(MigrationItem.run_id == run_id,
                                                           MigrationItem.dossier_id == dossier_id)
                               .options(undefer(MigrationItem.snapshot)).with_for_update(of=MigrationItem)).first()
        if item is None:
            raise NotFound(f"dossier {dossier_id} is not part of migration run {run_id}")
        if item.status != "migrated" or item.snapshot is None:
            raise Conflict.coded("migration.not_migrated", dossier=dossier_id, run=run_id, state=item.status)
        dossier = session.scalars(select(Dossier).where(Dossier.id == dossier_id).options(undefer(Dossier.state))
                                  .with_for_update(of=Dossier).execution_options(populate_existing=True)).one()
        if dossier.row_version != item.row_version_after:
            raise Conflict.coded("migration.moved_on", number=item.registration_number,
                                 since=_since(session, dossier_id))
        run = session.get(MigrationRun, run_id)
        snapshot.restore(session, dossier, item.snapshot)
        audit(session, actor=actor.username, acting_as=actor.describe(), action="migration_revert", at=now,
              dossier_id=dossier_id, data={"run": run_id, "plan": run.plan_name if run else None,
                                           "back_to": item.from_elements or [],
                                           "regulation": dossier.regulation})
        item.status, item.reverted_at, item.reverted_by = "reverted", now, actor.username
        session.flush()
        uow.commit()
        return {"dossier_id": dossier_id, "status": "reverted", "waiting_at": item.from_elements or []}


def _since(session: Session, dossier_id: int) -> str:
    """What happened after the migration, in the words of the audit trail."""
    migrated = session.scalars(select(AuditEntry.id).where(AuditEntry.dossier_id == dossier_id,
                                                           AuditEntry.action == "migrate")
                               .order_by(AuditEntry.id.desc()).limit(1)).first()
    later = session.scalars(select(AuditEntry).where(AuditEntry.dossier_id == dossier_id,
                                                     AuditEntry.id > (migrated or 0),
                                                     AuditEntry.action.not_in(_NOT_A_STEP))
                            .order_by(AuditEntry.id)).first()
    if later is None:
        return "its state changed"
    step = later.data.get("element") if isinstance(later.data, dict) else None
    return f"{later.action}{' of ' + step if step else ''} by {later.actor} at {later.at.astimezone(VN_TZ):%d/%m/%Y %H:%M}"
