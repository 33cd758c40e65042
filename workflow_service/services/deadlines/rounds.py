"""Evaluation rounds (đợt) declared beside the national ones.

- `province`: an extra round of one province (admin); `ministry`: a national one, unit "VN" (admin).
- `district` (the R2 chain, QĐ 148/2023): a round of one district, or of every district of a province
  (unit: the province) — seasonal products get their own rounds. Declared by an admin, the district's
  office (`district_officer@<district>`) or the province's OCOP office (`province_office@<province>`),
  and only while the district existed (districts end on 30/6/2025).

The yearly national rounds are built in (domain/rounds.py). Adding a round recomputes, in the same
transaction, the open `round:` tasks it may concern.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...domain.access import Actor
from ...domain.errors import Conflict, Forbidden, NotFound, ValidationFailed
from ...domain.roles import DISTRICT_OFFICER, PROVINCE_OFFICE
from ...domain.rounds import LEVELS, ExtraRound
from ...domain.units import Level, Unit
from ...persistence.deadline_models import EvaluationRound
from ...persistence.models import UnitRow
from ..audit.trail import audit
from ..context import ServiceContext
from ..units.tree import to_unit, unit_chain
from .calendar import working_calendar
from .clock import refresh_open_due_dates
from .due_dates import MINISTRY_CODE

NAME_CHARS = 200


@dataclass(frozen=True)
class NewRound:
    unit: str
    level: str
    proposals_by: date
    closes_on: date
    name: str = ""
    unit_field: str = "unit"  # the request's name for the unit ("province" in older clients)


def list_rounds(ctx: ServiceContext, province: str | None = None, level: str | None = None
                ) -> list[EvaluationRound]:
    """Rounds concerning the province's dossiers (its own, its districts', the Ministry's), or all."""
    query = select(EvaluationRound).order_by(EvaluationRound.proposals_by, EvaluationRound.id)
    if province:
        query = query.where(EvaluationRound.province_code.in_((province, MINISTRY_CODE)))
    if level:
        query = query.where(EvaluationRound.level == level)
    with ctx.uow() as uow:
        return list(uow.session.scalars(query))


def add_round(ctx: ServiceContext, actor: Actor, cmd: NewRound) -> tuple[EvaluationRound, int]:
    """Returns the round and how many open tasks got a new due date."""
    if cmd.level not in LEVELS:
        raise ValidationFailed(f"level must be one of {', '.join(LEVELS)}", {"level": ["unknown level"]})
    may_declare_district = actor.is_admin or bool(actor.units_for(DISTRICT_OFFICER) | actor.units_for(PROVINCE_OFFICE))
    if not (actor.is_admin or (cmd.level == "district" and may_declare_district)):
        raise Forbidden(f"only an admin may add {cmd.level} rounds" if cmd.level != "district" else
                        "district rounds are added by an admin, the district's office or the province's office")
    try:
        ExtraRound(cmd.level, cmd.proposals_by, cmd.closes_on)
    except ValueError as err:
        raise ValidationFailed(str(err), {"closes_on": [str(err)]}) from None
    name = " ".join(cmd.name.split())
    if len(name) > NAME_CHARS:
        raise ValidationFailed(f"the name is longer than {NAME_CHARS} characters", {"name": ["too long"]})
    now = ctx.clock.now()
    with ctx.uow() as uow:
        session = uow.session
        province = _province_of(session, cmd)
        if cmd.level == "district" and not actor.is_admin:
            _require_declarer(actor, cmd.unit, province)
        row = EvaluationRound(province_code=province, unit_code=cmd.unit, level=cmd.level, name=name or None,
                              proposals_by=cmd.proposals_by, closes_on=cmd.closes_on)
        session.add(row)
        try:
            session.flush()
        except IntegrityError:
            raise Conflict(f"{cmd.unit} already has a {cmd.level} round for proposals by "
                           f"{cmd.proposals_by:%d/%m/%Y}") from None
        changed = refresh_open_due_dates(
            session, working_calendar(session), kinds=("round",),
            province_code=None if cmd.level == "ministry" else province)
        audit(session, actor=actor.username, acting_as=actor.describe(), action="round_add", at=now,
              data={"province": province, "unit": cmd.unit, "level": cmd.level, "name": name,
                    "proposals_by": cmd.proposals_by.isoformat(), "closes_on": cmd.closes_on.isoformat(),
                    "tasks_rescheduled": changed})
        uow.commit()
        return row, changed


def _province_of(session: Session, cmd: NewRound) -> str:
    """The province whose dossiers the round concerns; refuses a unit that cannot hold it."""
    field = cmd.unit_field
    if cmd.level == "ministry":
        if cmd.unit != MINISTRY_CODE:
            raise ValidationFailed(f"Ministry rounds are national: use {field} {MINISTRY_CODE!r}",
                                   {field: [f"must be {MINISTRY_CODE}"]})
        return MINISTRY_CODE
    try:
        unit = unit_chain(session, cmd.unit).get(cmd.unit)
    except NotFound:
        raise ValidationFailed(f"{cmd.unit!r} is not a unit", {field: ["unknown unit"]}) from None
    if cmd.level == "province":
        if unit.level != Level.PROVINCE:
            raise ValidationFailed(f"{cmd.unit!r} is not a province", {field: ["not a province"]})
        return unit.code
    if unit.level == Level.PROVINCE:
        _require_districts(session, unit, cmd, field)
        return unit.code
    if unit.level != Level.DISTRICT:
        raise ValidationFailed(f"{cmd.unit!r} ({unit.name}) is not a district or a province",
                               {field: ["not a district or a province"]})
    for day in (cmd.proposals_by, cmd.closes_on):
        if not unit.is_valid_on(day):
            raise ValidationFailed(
                f"district {unit.code} ({unit.name}) {_span(unit)}: a round on {day:%d/%m/%Y} is outside it",
                {field: [f"not a district on {day:%d/%m/%Y}"]})
    chain = unit_chain(session, cmd.unit).ancestors(cmd.unit, cmd.proposals_by)
    province = next((u.code for u in chain if u.level == Level.PROVINCE), None)
    if province is None:
        raise ValidationFailed(f"district {unit.code} has no province above it", {field: ["no province"]})
    return province


def _require_districts(session: Session, province: Unit, cmd: NewRound, field: str) -> None:
    rows = session.scalars(select(UnitRow).where(UnitRow.level == Level.DISTRICT.value,
                                                 UnitRow.parent_code == province.code))
    if not any(to_unit(r).is_valid_on(cmd.proposals_by) and to_unit(r).is_valid_on(cmd.closes_on) for r in rows):
        raise ValidationFailed(
            f"province {province.code} ({province.name}) has no district from {cmd.proposals_by:%d/%m/%Y} "
            f"to {cmd.closes_on:%d/%m/%Y} to hold a district round", {field: ["no districts then"]})


def _require_declarer(actor: Actor, unit: str, province: str) -> None:
    if unit in actor.units_for(DISTRICT_OFFICER) or province in actor.units_for(PROVINCE_OFFICE):
        return
    raise Forbidden(f"district rounds of {unit} are declared by {DISTRICT_OFFICER}@{unit} or "
                    f"{PROVINCE_OFFICE}@{province}")


def _span(unit: Unit) -> str:
    start = f"{unit.valid_from:%d/%m/%Y}" if unit.valid_from else "…"
    end = f"{unit.valid_to:%d/%m/%Y}" if unit.valid_to else "…"
    return f"exists from {start} to {end}"
