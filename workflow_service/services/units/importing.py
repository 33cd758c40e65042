"""Import the administrative unit tree (CSV official code lists with validity dates)."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ...domain.units import Period, Unit, merge_periods, parse_units_csv, period_of, with_periods
from ...persistence.models import UnitPeriodRow, UnitRow
from ..context import ServiceContext


def import_units(ctx: ServiceContext, csv_text: str) -> int:
    """Insert or update every unit of the file in one transaction; a bad file changes nothing.

    A list covers some period: its rows replace the stored periods of the same codes that they
    overlap and keep the others, so the pre-2025 list and the 2025 list may be imported one after
    the other and a commune keeps its district before 1/7/2025 and its province after."""
    units = parse_units_csv(csv_text)
    with ctx.uow() as uow:
        for unit in units:
            _store(uow.session, unit)
        uow.commit()
    return len(units)


def stored_periods(session: Session, row: UnitRow) -> list[Period]:
    rows = session.scalars(select(UnitPeriodRow).where(UnitPeriodRow.unit_code == row.code))
    periods = [Period(p.name, p.parent_code, p.valid_from, p.valid_to) for p in rows]
    return periods or [Period(row.name, row.parent_code, row.valid_from, row.valid_to)]


def _store(session: Session, unit: Unit) -> None:
    incoming = list(unit.periods) or [period_of(unit)]
    row = session.get(UnitRow, unit.code)
    if row is None:
        row = UnitRow(code=unit.code)
        periods = incoming
    else:
        periods = merge_periods(stored_periods(session, row), incoming)
    merged = with_periods(unit, periods)
    row.name, row.level, row.parent_code = merged.name, merged.level.value, merged.parent_code
    row.valid_from, row.valid_to = merged.valid_from, merged.valid_to
    session.add(row)
    session.flush()
    session.execute(delete(UnitPeriodRow).where(UnitPeriodRow.unit_code == unit.code))
    if len(merged.periods) > 1:  # one period is the units row itself
        session.add_all(UnitPeriodRow(unit_code=unit.code, name=p.name, parent_code=p.parent_code,
                                      valid_from=p.valid_from, valid_to=p.valid_to) for p in merged.periods)
