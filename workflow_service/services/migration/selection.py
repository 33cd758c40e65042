"""Which dossiers a plan affects: running dossiers of the source process, narrowed by the plan's selection.

Dossiers of the source process on a version the plan does not name are listed too (they cannot
migrate, and the dry run says why), as are listed dossiers that do not exist or run something else.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ...domain.migration_reasons import reason
from ...persistence.models import Dossier, ProcessDefinition
from ..units.tree import subtree_codes
from .plans import ResolvedPlan


@dataclass(frozen=True)
class Candidate:
    dossier_id: int | None
    registration_number: str
    refusal: str | None = None  # set when it cannot be a candidate at all


def select_dossiers(session: Session, resolved: ResolvedPlan) -> list[Candidate]:
    plan, chosen = resolved.plan, resolved.plan.selection
    query = (select(Dossier.id, Dossier.registration_number, Dossier.status, ProcessDefinition.key)
             .join(ProcessDefinition, ProcessDefinition.id == Dossier.definition_id))
    if chosen.units:
        query = query.where(Dossier.commune_code.in_(subtree_codes(session, set(chosen.units))))
    if chosen.regulations:
        query = query.where(Dossier.regulation.in_(chosen.regulations))
    if chosen.dossiers:
        ids = [int(d) for d in chosen.dossiers if d.isdigit()]
        query = query.where(or_(Dossier.id.in_(ids), Dossier.registration_number.in_(chosen.dossiers)))
    else:
        query = query.where(ProcessDefinition.key == plan.source_key, Dossier.status == "running")
    found = []
    seen: set[str] = set()
    for dossier_id, number, status, key in session.execute(query.order_by(Dossier.id)):
        seen.update((str(dossier_id), number))
        refusal = None
        if key != plan.source_key:
            refusal = reason("migration.other_process", key=key, source=plan.source_key).english()
        elif status != "running":
            refusal = reason("migration.not_running", status=status).english()
        found.append(Candidate(dossier_id, number, refusal))
    found += [Candidate(None, listed, reason("migration.no_such_dossier").english()) for listed in chosen.dossiers if listed not in seen]
    return found
