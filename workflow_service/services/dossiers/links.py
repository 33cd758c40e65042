"""An evaluation dossier filed from an approved business plan: which plan and idea it is linked to."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.access import Actor
from ...domain.cycle import PLAN_FILEABLE, PLAN_SERIES, plan_status
from ...domain.errors import Conflict, Forbidden, NotFound
from ...domain.roles import APPLICANT, COMMUNE_OFFICER
from ...persistence.models import Dossier
from ..access.visibility import visible_dossiers


@dataclass(frozen=True)
class CycleLinks:
    idea_id: int | None = None
    business_plan_id: int | None = None


def links_for(session: Session, actor: Actor, commune: str, business_plan_id: int | None) -> CycleLinks:
    """The plan (and its idea) a new dossier comes from: the filer's own approved plan at the same commune."""
    if business_plan_id is None:
        return CycleLinks()
    plan = session.scalars(select(Dossier).where(Dossier.id == business_plan_id, Dossier.series == PLAN_SERIES,
                                                 visible_dossiers(session, actor))).first()
    if plan is None:
        raise NotFound(f"business plan {business_plan_id} not found")
    if plan.commune_code != commune:
        raise Conflict(f"business plan {plan.registration_number} belongs to commune {plan.commune_code}, "
                       f"not {commune}")
    own = plan.filed_by == actor.username and actor.holds(APPLICANT, commune)
    if not (own or actor.holds(COMMUNE_OFFICER, commune) or actor.is_admin):
        raise Forbidden(f"only the producer of business plan {plan.registration_number} files from it")
    status = plan_status(plan.data or {}, plan.status == "completed")
    if status not in PLAN_FILEABLE:
        raise Conflict(f"business plan {plan.registration_number} is {status.replace('_', ' ')}: "
                       "only an approved plan leads to an evaluation dossier")
    return CycleLinks(plan.idea_id, plan.id)
