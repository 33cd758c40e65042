"""Producers submit a business plan for their selected idea; the selecting level evaluates and approves."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ...domain.access import Actor
from ...domain.cycle import IDEA_SERIES, PLAN_SERIES, idea_status, plan_status
from ...domain.errors import Conflict, Forbidden
from ...domain.roles import APPLICANT, COMMUNE_OFFICER
from ...persistence.models import Dossier
from ..context import ServiceContext
from .starting import StartCycle, load_instance, start_cycle_instance

PLAN_STATUSES = ("in_evaluation", "revising", "approved", "not_approved", "implemented")


def submit_business_plan(ctx: ServiceContext, actor: Actor, idea_id: int, data: dict[str, Any]) -> Dossier:
    """Only for a selected idea, by its producer (or the commune officer for a paper submission), once:
    a second plan while one is running or approved is a conflict (a plan not approved may be followed)."""
    with ctx.uow() as uow:
        session = uow.session
        idea = load_instance(session, actor, IDEA_SERIES, idea_id)
        commune = idea.commune_code
        if not ((idea.filed_by == actor.username and actor.holds(APPLICANT, commune))
                or actor.holds(COMMUNE_OFFICER, commune)):
            raise Forbidden.coded("cycle.not_the_producer", number=idea.registration_number)
        status = idea_status(idea.data or {}, idea.status == "completed")
        if status != "selected":
            raise Conflict.coded("cycle.idea_not_selected", number=idea.registration_number,
                                 state=status.replace("_", " "))
        for plan in session.scalars(select(Dossier).where(Dossier.series == PLAN_SERIES, Dossier.idea_id == idea.id)):
            if plan_status(plan.data or {}, plan.status == "completed") != "not_approved":
                raise Conflict.coded("cycle.plan_exists", number=idea.registration_number,
                                     plan=plan.registration_number)
        idea_data = dict(idea.data or {})
        system = {"idea_id": idea.id, "idea_number": idea.registration_number,
                  "producer": idea_data.get("producer"), "product": idea_data.get("product")}
        names = (idea.producer_name, idea.product_name)
    return start_cycle_instance(ctx, actor, StartCycle(PLAN_SERIES, commune, data, system, idea_id=idea_id,
                                                       producer_name=names[0], product_name=names[1]))
