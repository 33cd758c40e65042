"""A dossier's diagram with its state: which steps are done, which are open and who holds them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import undefer

from ...domain.access import Actor
from ...domain.errors import NotFound
from ...persistence.models import Dossier, ProcessDefinition, TaskRow
from ..access.redaction import sheet_hidden
from ..access.visibility import visible_dossiers
from ..context import ServiceContext
from ..definitions.deploy import bpmn_of, runtime_for


@dataclass(frozen=True)
class DossierDiagram:
    key: str
    version: int
    xml: str
    completed: list[str]
    current: list[dict[str, Any]]


def dossier_diagram(ctx: ServiceContext, actor: Actor, dossier_id: int) -> DossierDiagram:
    """Visible exactly when the dossier is (anything else is not found, as GET /dossiers/<id>)."""
    with ctx.uow() as uow:
        session = uow.session
        dossier = session.scalars(select(Dossier).options(undefer(Dossier.state))
                                  .where(Dossier.id == dossier_id, visible_dossiers(session, actor))).first()
        if dossier is None:
            raise NotFound(f"dossier {dossier_id} not found")
        definition = session.scalars(select(ProcessDefinition).options(undefer(ProcessDefinition.files))
                                     .where(ProcessDefinition.id == dossier.definition_id)).one()
        open_tasks = list(session.scalars(select(TaskRow).where(
            TaskRow.dossier_id == dossier_id, TaskRow.status == "open")
            .order_by(TaskRow.created_at, TaskRow.id)))
        completed = runtime_for(ctx, definition).load(dossier.state, now=ctx.clock.now()).completed_elements()
        _name, xml = bpmn_of(definition)
        current = [{
            "element_id": t.element_id,
            "name": t.name,
            "holder": None if hidden else t.claimed_by,
            "offered_to": f"{t.role}@{t.unit_code}",
            "candidate": None if hidden else t.candidate,
            "due_at": t.due_at.isoformat() if t.due_at else None,
        } for t, hidden in ((t, sheet_hidden(actor, t)) for t in open_tasks)]
        open_ids = {t.element_id for t in open_tasks}
        return DossierDiagram(definition.key, definition.version, xml,
                              [e for e in completed if e not in open_ids], current)
