"""Extra evaluation rounds (đợt bổ sung) a province, or the Ministry, configures.

The yearly rounds of QĐ 26/2026 are built in (domain/rounds.py); rows here add rounds for one
province (level "province") or nationally (level "ministry", province code "VN"). Adding a
round recomputes the open `round:` tasks it may concern, in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ...domain.access import Actor
from ...domain.errors import Conflict, Forbidden, ValidationFailed
from ...domain.rounds import ExtraRound
from ...persistence.deadline_models import EvaluationRound
from ...persistence.models import UnitRow
from ..audit.trail import audit
from ..context import ServiceContext
from .calendar import working_calendar
from .clock import refresh_open_due_dates
from .due_dates import MINISTRY_CODE


@dataclass(frozen=True)
class NewRound:
    province: str
    level: str
    proposals_by: date
    closes_on: date


def list_rounds(ctx: ServiceContext, province: str | None = None) -> list[EvaluationRound]:
    query = select(EvaluationRound).order_by(EvaluationRound.proposals_by, EvaluationRound.id)
    if province:
        query = query.where(EvaluationRound.province_code.in_((province, MINISTRY_CODE)))
    with ctx.uow() as uow:
        return list(uow.session.scalars(query))


def add_round(ctx: ServiceContext, actor: Actor, cmd: NewRound) -> tuple[EvaluationRound, int]:
    """Returns the round and how many open tasks got a new due date."""
    if not actor.is_admin:
        raise Forbidden("only an admin may add evaluation rounds")
    try:
        ExtraRound("province" if cmd.level == "province" else "ministry", cmd.proposals_by, cmd.closes_on)
    except ValueError as err:
        raise ValidationFailed(str(err), {"closes_on": [str(err)]}) from None
    if cmd.level not in ("province", "ministry"):
        raise ValidationFailed("level must be 'province' or 'ministry'", {"level": ["unknown level"]})
    now = ctx.clock.now()
    with ctx.uow() as uow:
        session = uow.session
        if cmd.level == "ministry" and cmd.province != MINISTRY_CODE:
            raise ValidationFailed(f"Ministry rounds are national: use province {MINISTRY_CODE!r}",
                                   {"province": [f"must be {MINISTRY_CODE}"]})
        unit = session.get(UnitRow, cmd.province)
        if cmd.level == "province" and (unit is None or unit.level != "province"):
            raise ValidationFailed(f"{cmd.province!r} is not a province", {"province": ["not a province"]})
        row = EvaluationRound(province_code=cmd.province, level=cmd.level, proposals_by=cmd.proposals_by,
                              closes_on=cmd.closes_on)
        session.add(row)
        try:
            session.flush()
        except IntegrityError:
            raise Conflict(f"{cmd.province} already has a {cmd.level} round for proposals by "
                           f"{cmd.proposals_by:%d/%m/%Y}") from None
        changed = refresh_open_due_dates(
            session, working_calendar(session), kinds=("round",),
            province_code=cmd.province if cmd.level == "province" else None)
        audit(session, actor=actor.username, acting_as=actor.describe(), action="round_add", at=now,
              data={"province": cmd.province, "level": cmd.level, "proposals_by": cmd.proposals_by.isoformat(),
                    "closes_on": cmd.closes_on.isoformat(), "tasks_rescheduled": changed})
        uow.commit()
        return row, changed
