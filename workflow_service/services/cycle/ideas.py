"""Producers register product ideas at their commune; the commune reviews, the selecting level decides."""

from __future__ import annotations

from typing import Any

from ...domain.access import Actor
from ...domain.cycle import IDEA_SERIES
from ...domain.errors import Forbidden
from ...domain.roles import APPLICANT, COMMUNE_OFFICER
from ...persistence.models import Dossier
from ..context import ServiceContext
from .starting import StartCycle, start_cycle_instance

IDEA_STATUSES = ("in_review", "not_forwarded", "selected", "not_selected")


def register_idea(ctx: ServiceContext, actor: Actor, commune: str, data: dict[str, Any]) -> Dossier:
    """A producer registers at their commune (the commune officer may register a paper form for one)."""
    if not (actor.holds(APPLICANT, commune) or actor.holds(COMMUNE_OFFICER, commune)):
        raise Forbidden(f"only a producer or the commune officer of commune {commune} registers ideas there")
    return start_cycle_instance(ctx, actor, StartCycle(
        IDEA_SERIES, commune, data, {}, producer_name=_name(data, "producer"), product_name=_name(data, "product")))


def _name(data: dict[str, Any], part: str) -> str:
    section = data.get(part)
    name = section.get("name") if isinstance(section, dict) else None
    return name if isinstance(name, str) else ""
