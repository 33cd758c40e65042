"""Import the administrative unit tree (CSV)."""

from __future__ import annotations

from ...domain.units import parse_units_csv
from ...persistence.models import UnitRow
from ..context import ServiceContext


def import_units(ctx: ServiceContext, csv_text: str) -> int:
    """Insert or update every unit of the file in one transaction; a bad file changes nothing."""
    units = parse_units_csv(csv_text)
    with ctx.uow() as uow:
        for unit in units:
            row = uow.session.get(UnitRow, unit.code) or UnitRow(code=unit.code)
            row.name, row.level, row.parent_code = unit.name, unit.level.value, unit.parent_code
            row.valid_from, row.valid_to = unit.valid_from, unit.valid_to
            uow.session.add(row)
        uow.commit()
    return len(units)
