"""The unit tree: a commune's chain of units up to the centre, and every unit below a set of units."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.errors import ValidationFailed
from ...domain.roles import ROLE_LEVEL
from ...domain.units import Level, Unit, UnitTree
from ...persistence.models import UnitRow

MAX_DEPTH = 8


def unit_chain(session: Session, code: str) -> UnitTree:
    units: list[Unit] = []
    current: str | None = code
    while current is not None and len(units) < MAX_DEPTH:
        row = session.get(UnitRow, current)
        if row is None:
            break
        units.append(to_unit(row))
        current = row.parent_code
    return UnitTree(units)


def to_unit(row: UnitRow) -> Unit:
    return Unit(row.code, row.name, Level(row.level), row.parent_code, row.valid_from, row.valid_to)


def units_by_level(session: Session, commune_code: str, as_of: date, lanes: set[str]) -> dict[str, str]:
    """The dossier's unit at each level its process lanes need, resolved on the filing date."""
    tree = unit_chain(session, commune_code)
    resolved = {u.level.value: u.code for u in tree.ancestors(commune_code, as_of)}
    missing = sorted({ROLE_LEVEL[lane].value for lane in lanes if lane in ROLE_LEVEL} - set(resolved))
    if missing:
        chain = " → ".join(f"{code} ({level})" for level, code in resolved.items())
        raise ValidationFailed(
            f"commune {commune_code} has no {', '.join(missing)} unit above it on {as_of} (chain: {chain}),"
            " but the process has lanes at that level", {"commune": [f"no {m} unit" for m in missing]})
    return resolved


def subtree_codes(session: Session, roots: set[str]) -> set[str]:
    """All unit codes below `roots` (inclusive), via a recursive query."""
    if not roots:
        return set()
    tree = select(UnitRow.code).where(UnitRow.code.in_(roots)).cte("tree", recursive=True)
    tree = tree.union(select(UnitRow.code).where(UnitRow.parent_code == tree.c.code))
    return set(session.scalars(select(tree.c.code)))
