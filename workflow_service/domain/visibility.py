"""Who sees what: the one table of dossier reach per role and of who reads council members' sheets.

services/access turns these rules into SQL and views; docs/decisions/who-sees-what.md explains them and
tests/security/test_authorization_matrix.py checks every endpoint and page against them.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any

from .access import Actor
from .roles import (
    ADMIN,
    APPLICANT,
    CENTRAL_COUNCIL,
    COMMUNE_CHAIR,
    COMMUNE_OFFICER,
    DESIGNER,
    DISTRICT_CHAIR,
    DISTRICT_COUNCIL,
    DISTRICT_OFFICER,
    MINISTER,
    MINISTRY_ADVISORY,
    MINISTRY_OFFICE,
    PROVINCE_ADVISORY,
    PROVINCE_CHAIR,
    PROVINCE_COUNCIL,
    PROVINCE_OFFICE,
    ROLE_LEVEL,
    SUPERVISOR,
)


class Reach(Enum):
    """Which dossiers a grant role@unit opens (besides the dossiers the user filed, which everyone sees)."""

    OWN = "own"          # only the dossiers the user filed or is the applicant of
    UNIT = "unit"        # every dossier of the unit (the dossier's commune or province)
    REACHED = "reached"  # dossiers that reached the unit: a task was offered to role@unit
    SUBTREE = "subtree"  # every dossier in the unit's subtree
    NONE = "none"        # no dossier through this role


DOSSIER_REACH: dict[str, Reach] = {
    APPLICANT: Reach.OWN,  # a producer never sees another producer's dossier, even in the same commune
    COMMUNE_OFFICER: Reach.UNIT,
    COMMUNE_CHAIR: Reach.UNIT,
    DISTRICT_OFFICER: Reach.REACHED,
    DISTRICT_COUNCIL: Reach.REACHED,
    DISTRICT_CHAIR: Reach.REACHED,
    PROVINCE_OFFICE: Reach.UNIT,
    PROVINCE_ADVISORY: Reach.UNIT,
    PROVINCE_COUNCIL: Reach.UNIT,
    PROVINCE_CHAIR: Reach.UNIT,
    MINISTRY_OFFICE: Reach.REACHED,
    MINISTRY_ADVISORY: Reach.REACHED,
    CENTRAL_COUNCIL: Reach.REACHED,
    MINISTER: Reach.REACHED,
    SUPERVISOR: Reach.SUBTREE,
    ADMIN: Reach.SUBTREE,
    DESIGNER: Reach.NONE,
}

# Council steps where each member fills an individual scoresheet (a multi-instance task, one per
# member). Their task data, drafts, attachments and history entries are read only by the council
# itself, its office and its chair (and admins); everyone else sees the step, its time and the
# aggregate result (score, stars), never a member's name or marks.
SHEET_READERS: dict[str, tuple[str, ...]] = {
    PROVINCE_COUNCIL: (PROVINCE_COUNCIL, PROVINCE_OFFICE, PROVINCE_CHAIR),
    DISTRICT_COUNCIL: (DISTRICT_COUNCIL, DISTRICT_OFFICER, DISTRICT_CHAIR),
}
# Process data holding the members' sheets (the multi-instance output of council_scoring).
SHEET_DATA_KEYS: frozenset[str] = frozenset({"council_sheets", "council_sheet", "council_member"})


def reach(role: str) -> Reach:
    return DOSSIER_REACH.get(role, Reach.NONE)


def is_sheet_step(task_role: str) -> bool:
    return task_role in SHEET_READERS


def may_read_sheet(actor: Actor, task_role: str, task_unit: str) -> bool:
    """May the actor read a member's sheet of a step offered to task_role@task_unit?"""
    if not is_sheet_step(task_role) or actor.is_admin:
        return True
    return any(actor.holds(role, task_unit) for role in SHEET_READERS[task_role])


def sheet_grants(actor: Actor) -> list[tuple[str, str]]:
    """The (sheet step role, unit) pairs whose sheets the actor reads (admins read all: see is_admin)."""
    return [(step, g.unit_code) for step, readers in SHEET_READERS.items()
            for g in actor.grants if g.role in readers]


def may_read_dossier_sheets(actor: Actor, units_by_level: Mapping[str, str]) -> bool:
    """Sheets in a dossier's data: readable when the actor reads every council step the dossier routes to."""
    steps = [(step, units_by_level.get(ROLE_LEVEL[step].value)) for step in SHEET_READERS]
    return all(may_read_sheet(actor, step, unit) for step, unit in steps if unit)


def aggregate_only(data: Mapping[str, Any]) -> dict[str, Any]:
    """A dossier's data without the members' sheets: the average score, stars, band remain."""
    return {k: v for k, v in data.items() if k not in SHEET_DATA_KEYS}
