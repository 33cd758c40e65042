"""The rewards a unit's plan pays for the products recognised in a year, by star (Thanh Hóa 2021, II.4.4).

A product counts in the year its certificate was issued, under the unit where it was filed (the unit's
whole subtree, through time). The amounts come from the nearest plan covering the year that has a
`rewards:` section, looking from the unit upwards (a district without one uses its province's).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.access import Actor
from ...domain.cycle import PRODUCT_SERIES
from ...domain.errors import Forbidden, NotFound
from ...domain.plan_rewards import REWARD_STARS, RewardTable
from ...domain.roles import (
    COMMUNE_CHAIR,
    COMMUNE_OFFICER,
    DISTRICT_CHAIR,
    DISTRICT_OFFICER,
    PROVINCE_CHAIR,
    PROVINCE_OFFICE,
)
from ...persistence.models import Dossier, UnitRow
from ..context import ServiceContext
from ..deadlines.plan_dates import parsed, plans_covering
from ..units.tree import subtree_codes, unit_chain

# Officers and chairs read the rewards of their unit and every unit below it; supervisors and admins too.
READER_ROLES = frozenset({COMMUNE_OFFICER, COMMUNE_CHAIR, DISTRICT_OFFICER, DISTRICT_CHAIR, PROVINCE_OFFICE,
                          PROVINCE_CHAIR})


@dataclass(frozen=True)
class RewardRow:
    dossier_id: int
    registration_number: str
    commune: str
    producer_name: str
    product_name: str
    stars: int
    certificate_number: str
    issue_date: str
    amount: int


@dataclass(frozen=True)
class RewardsTable:
    unit: str
    unit_name: str
    year: int
    plan_id: int | None  # the plan the amounts come from; None: no plan covering the year sets rewards
    plan_source: str | None
    amounts: dict[int, int]
    rows: list[RewardRow]

    def by_star(self) -> list[tuple[int, int, int]]:
        """(stars, products, total VND) for 3★, 4★, 5★."""
        return [(s, sum(1 for r in self.rows if r.stars == s), sum(r.amount for r in self.rows if r.stars == s))
                for s in REWARD_STARS]

    @property
    def total(self) -> int:
        return sum(r.amount for r in self.rows)


def rewards_table(ctx: ServiceContext, actor: Actor, unit: str, year: int) -> RewardsTable:
    with ctx.uow() as uow:
        session = uow.session
        row = session.get(UnitRow, unit)
        if row is None:
            raise NotFound(f"unit {unit} not found")
        _require_reader(session, actor, unit)
        plan_id, source, table = _reward_plan(session, unit, year, min(date(year, 12, 31), row.valid_to or date.max))
        communes = subtree_codes(session, {unit})
        recognised = session.scalars(select(Dossier).where(
            Dossier.series == PRODUCT_SERIES, Dossier.commune_code.in_(communes), Dossier.stars >= min(REWARD_STARS))
            .order_by(Dossier.registration_number))
        rows = [_row(d, table) for d in recognised if _issued_in(d, year)]
        return RewardsTable(unit, row.name, year, plan_id, source, dict(table.as_dict()), rows)


def _require_reader(session: Session, actor: Actor, unit: str) -> None:
    if actor.is_admin:
        return
    roots = {g.unit_code for g in actor.grants if g.role in READER_ROLES} | actor.supervised_units
    if unit not in subtree_codes(session, roots):
        raise Forbidden(f"the rewards of unit {unit} are read by its officers, chairs and supervisors")


def _reward_plan(session: Session, unit: str, year: int, as_of: date
                 ) -> tuple[int | None, str | None, RewardTable]:
    for code in [u.code for u in unit_chain(session, unit).ancestors(unit, as_of)]:
        for plan in plans_covering(session, code, year):
            rewards = parsed(plan.document).rewards
            if rewards.amounts:
                return plan.id, plan.source, rewards
    return None, None, RewardTable()


def _issued_in(dossier: Dossier, year: int) -> bool:
    certificate = dossier.certificate or {}
    return str(certificate.get("issue_date", "")).startswith(f"{year}-")


def _row(dossier: Dossier, table: RewardTable) -> RewardRow:
    certificate = dossier.certificate or {}
    stars = int(dossier.stars or 0)
    return RewardRow(dossier.id, dossier.registration_number, dossier.commune_code, dossier.producer_name,
                     dossier.product_name, stars, str(certificate.get("number", "")),
                     str(certificate.get("issue_date", "")), table.amount_for(stars))
