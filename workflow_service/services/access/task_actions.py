"""Which actions an actor may take on a task: pages show exactly these buttons, the services enforce them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ...domain.access import Actor, may_take
from ...persistence.models import TaskRow
from ..units.tree import subtree_codes
from .visibility import CHAIR_ROLES, offer_of


@dataclass(frozen=True)
class TaskActions:
    claim: bool = False
    release: bool = False
    fill: bool = False  # save a draft, attach files, complete: the holder's work
    reassign: bool = False

    @property
    def any(self) -> bool:
        return self.claim or self.release or self.fill or self.reassign


def reassigner_grant(session: Session, actor: Actor, row: TaskRow, commune_code: str) -> str | None:
    """The grant under which the actor may reassign the task (its unit's chair, a supervisor above it)."""
    for grant in actor.grants:
        if grant.role in CHAIR_ROLES and grant.unit_code == row.unit_code:
            return str(grant)
    supervised = subtree_codes(session, actor.supervised_units)
    if row.unit_code in supervised or commune_code in supervised:
        return next(str(g) for g in actor.grants if g.unit_code in supervised or g.role == "admin")
    return None


def allowed_actions(session: Session, actor: Actor, row: TaskRow, commune_code: str) -> TaskActions:
    if row.status != "open":
        return TaskActions()
    held = row.claimed_by == actor.username
    return TaskActions(
        claim=row.claimed_by is None and may_take(actor, offer_of(row)),
        release=held, fill=held,
        reassign=reassigner_grant(session, actor, row, commune_code) is not None)
