"""The unit tree: a commune's chain of units up to the centre, and every unit below a set of units."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from ...domain.errors import ValidationFailed
from ...domain.roles import ROLE_LEVEL
from ...domain.units import Level, Period, Unit, UnitTree
from ...persistence.models import UnitPeriodRow, UnitRow
from ..context import ServiceContext

MAX_DEPTH = 8


def unit_chain(session: Session, code: str) -> UnitTree:
    """The unit and every unit it ever hung under, level by level (a few small queries)."""
    units: dict[str, Unit] = {}
    pending = {code}
    for _ in range(MAX_DEPTH):
        pending -= set(units)
        if not pending:
            break
        rows = list(session.scalars(select(UnitRow).where(UnitRow.code.in_(pending))))
        history: dict[str, list[Period]] = {}
        for p in session.scalars(select(UnitPeriodRow).where(UnitPeriodRow.unit_code.in_(pending))):
            history.setdefault(p.unit_code, []).append(Period(p.name, p.parent_code, p.valid_from, p.valid_to))
        for periods in history.values():  # in Python: databases disagree on where NULL (open start) sorts
            periods.sort(key=lambda p: p.valid_from or date.min)
        pending = set()
        for row in rows:
            unit = to_unit(row, history.get(row.code, ()))
            units[unit.code] = unit
            pending |= unit.parent_codes()
    return UnitTree(units.values())


def to_unit(row: UnitRow, periods: Iterable[Period] = ()) -> Unit:
    return Unit(row.code, row.name, Level(row.level), row.parent_code, row.valid_from, row.valid_to,
                tuple(periods))


def units_by_level(session: Session, commune_code: str, as_of: date, lanes: set[str]) -> dict[str, str]:
    """The dossier's unit at each level its process lanes need, resolved on the filing date."""
    tree = unit_chain(session, commune_code)
    if not tree.get(commune_code).is_valid_on(as_of):
        unit = tree.get(commune_code)
        span = f"{unit.valid_from or '…'} – {unit.valid_to or '…'}"
        raise ValidationFailed.coded("filing.unit_not_on_day", {"commune": [f"not a unit on {as_of}"]},
                                     unit=commune_code, name=unit.name, day=as_of, span=span)
    resolved = {u.level.value: u.code for u in tree.ancestors(commune_code, as_of)}
    missing = sorted({ROLE_LEVEL[lane].value for lane in lanes if lane in ROLE_LEVEL} - set(resolved))
    if missing:
        chain = " → ".join(f"{code} ({level})" for level, code in resolved.items())
        raise ValidationFailed.coded("filing.no_unit_above", {"commune": [f"no {m} unit" for m in missing]},
                                     commune=commune_code, levels=", ".join(missing), day=as_of, chain=chain)
    return resolved


def subtree_codes(session: Session, roots: set[str]) -> set[str]:
    """All unit codes ever below `roots` (inclusive, every period), via a recursive query."""
    if not roots:
        return set()
    edges = union(select(UnitRow.code.label("child"), UnitRow.parent_code.label("parent")),
                  select(UnitPeriodRow.unit_code, UnitPeriodRow.parent_code)).subquery("edges")
    tree = select(UnitRow.code).where(UnitRow.code.in_(roots)).cte("tree", recursive=True)
    tree = tree.union(select(edges.c.child).where(edges.c.parent == tree.c.code))
    return set(session.scalars(select(tree.c.code)))


def unit_names(session: Session, codes: Iterable[str]) -> dict[str, str]:
    """The current name of each known unit code (pages show names, the code on hover)."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    return {code: name for code, name in session.execute(select(UnitRow.code, UnitRow.name).where(UnitRow.code.in_(wanted)))}


def names_of(ctx: ServiceContext, codes: Iterable[str]) -> dict[str, str]:
    with ctx.uow() as uow:
        return unit_names(uow.session, codes)
