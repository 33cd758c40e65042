"""Who may see and act on what: the actor, their grants, and the routing of lanes to units."""

from __future__ import annotations

from dataclasses import dataclass

from .roles import ADMIN, APPLICANT, COMMUNE_OFFICER, DESIGNER, ROLE_LEVEL, SUPERVISOR, RoleGrant


@dataclass(frozen=True)
class Actor:
    username: str
    grants: tuple[RoleGrant, ...]

    def holds(self, role: str, unit_code: str) -> bool:
        return RoleGrant(role, unit_code) in self.grants

    def units_for(self, role: str) -> set[str]:
        return {g.unit_code for g in self.grants if g.role == role}

    @property
    def is_admin(self) -> bool:
        return any(g.role == ADMIN for g in self.grants)

    @property
    def is_designer(self) -> bool:
        return any(g.role in (DESIGNER, ADMIN) for g in self.grants)

    @property
    def supervised_units(self) -> set[str]:
        return {g.unit_code for g in self.grants if g.role in (SUPERVISOR, ADMIN)}

    def describe(self, role: str | None = None, unit_code: str | None = None) -> str:
        if role and unit_code:
            return f"{role}@{unit_code}"
        return ",".join(str(g) for g in self.grants) or "-"


@dataclass(frozen=True)
class Offer:
    """To whom a task is offered: holders of role@unit, or only `candidate` among them."""

    role: str
    unit_code: str
    candidate: str | None = None


def route_lane(lane: str, unit_at_level: dict[str, str], filer: str, filer_is_applicant: bool,
               instance_input: object) -> Offer:
    """Offer a lane's task at the dossier's unit of the lane's level.

    Producer tasks go to the producer who filed; a dossier filed on paper by the commune
    officer has no producer account, so the commune officer acts for the producer.
    A multi-instance task over user names (the council) goes to that member only.
    """
    if lane == APPLICANT:
        if filer_is_applicant:
            return Offer(APPLICANT, unit_at_level[ROLE_LEVEL[APPLICANT].value], filer)
        return Offer(COMMUNE_OFFICER, unit_at_level[ROLE_LEVEL[COMMUNE_OFFICER].value])
    candidate = instance_input if isinstance(instance_input, str) else None
    return Offer(lane, unit_at_level[ROLE_LEVEL[lane].value], candidate)


def may_take(actor: Actor, offer: Offer) -> bool:
    return actor.holds(offer.role, offer.unit_code) and offer.candidate in (None, actor.username)
