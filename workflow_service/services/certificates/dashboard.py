"""The province dashboard: certificates by star and by expiry quarter, for the province's supervisors
and its chair (the units whose decisions they are); exportable as CSV."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from ...domain.access import Actor
from ...domain.certificates import LISTED_STATES, STATES, effective_state, expiry_quarter
from ...domain.errors import Forbidden, NotFound
from ...domain.roles import PROVINCE_CHAIR
from ...persistence.certificate_models import Certificate
from ...persistence.models import UnitRow
from ..context import ServiceContext
from ..units.tree import subtree_codes
from .register import today

STARS = (3, 4, 5)


@dataclass(frozen=True)
class Dashboard:
    province: str
    province_name: str
    as_of: str
    by_star: dict[int, int]  # listed (valid or re-evaluating) certificates
    by_state: dict[str, int]
    by_quarter: list[tuple[str, dict[int, int]]]  # expiry quarter → listed certificates by star

    def as_json(self) -> dict[str, object]:
        return {"province": {"code": self.province, "name": self.province_name}, "as_of": self.as_of,
                "by_star": {str(s): n for s, n in self.by_star.items()}, "by_state": self.by_state,
                "by_expiry_quarter": [{"quarter": q, "by_star": {str(s): n for s, n in counts.items()},
                                       "total": sum(counts.values())} for q, counts in self.by_quarter]}


def may_see_dashboard(ctx: ServiceContext, actor: Actor, province: str) -> bool:
    if actor.holds(PROVINCE_CHAIR, province):
        return True
    with ctx.uow() as uow:
        return province in subtree_codes(uow.session, actor.supervised_units)


def province_dashboard(ctx: ServiceContext, actor: Actor, province: str) -> Dashboard:
    if not may_see_dashboard(ctx, actor, province):
        raise Forbidden(f"only the supervisors and the chair of province {province} see its dashboard")
    day = today(ctx)
    with ctx.uow() as uow:
        session = uow.session
        name = session.scalar(select(UnitRow.name).where(UnitRow.code == province, UnitRow.level == "province"))
        if name is None:
            raise NotFound(f"province {province} not found")
        rows = session.execute(select(Certificate.state, Certificate.listed_until, Certificate.stars,
                                      Certificate.expiry_date).where(Certificate.province_code == province)).all()
    by_state: Counter[str] = Counter()
    by_star: Counter[int] = Counter()
    quarters: dict[str, Counter[int]] = {}
    for state, listed_to, stars, expiry in rows:
        current = effective_state(state, listed_to, day)
        by_state[current] += 1
        if current in LISTED_STATES:
            by_star[stars] += 1
            quarters.setdefault(expiry_quarter(expiry), Counter())[stars] += 1
    return Dashboard(province, name, day.isoformat(), {s: by_star[s] for s in STARS},
                     {s: by_state[s] for s in STATES},
                     [(q, {s: quarters[q][s] for s in STARS}) for q in sorted(quarters)])


def dashboard_csv(board: Dashboard) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["expiry_quarter", "3_stars", "4_stars", "5_stars", "total"])
    for quarter, counts in board.by_quarter:
        writer.writerow([quarter, *(counts[s] for s in STARS), sum(counts.values())])
    writer.writerow(["all", *(board.by_star[s] for s in STARS), sum(board.by_star.values())])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
