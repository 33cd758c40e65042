"""File a dossier, read dossiers within the actor's units."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...domain.access import Actor
from ...domain.errors import Conflict, Forbidden, NotFound, ValidationFailed
from ...domain.registration import registration_number
from ...domain.roles import APPLICANT, COMMUNE_OFFICER, DISTRICT_COUNCIL, PROVINCE_COUNCIL
from ...domain.units import Level
from ...engine.runtime import SERIALIZER_VERSION, EngineStepFailed
from ...persistence.models import AuditEntry, Dossier, RoleAssignment, TaskRow, User
from ..access.visibility import visible_dossiers
from ..audit.trail import audit
from ..context import ServiceContext
from ..definitions.deploy import latest_definition, runtime_for
from ..instances.sync import sync_tasks
from ..tasks.forms import validate_form
from ..units.tree import units_by_level

KINDS = ("first_time", "upgrade", "re_evaluation")


@dataclass(frozen=True)
class FileDossier:
    process_key: str
    commune: str
    kind: str
    data: dict[str, Any]


def file_dossier(ctx: ServiceContext, actor: Actor, cmd: FileDossier) -> Dossier:
    if cmd.kind not in KINDS:
        raise ValidationFailed(f"kind must be one of {', '.join(KINDS)}", {"kind": ["unknown kind"]})
    if not (actor.holds(APPLICANT, cmd.commune) or actor.holds(COMMUNE_OFFICER, cmd.commune)):
        raise Forbidden(f"only the producer or the commune officer of commune {cmd.commune} files there")
    for attempt in range(3):
        try:
            return _file_once(ctx, actor, cmd)
        except IntegrityError:  # two filings took the same registration sequence; take the next one
            if attempt == 2:
                raise Conflict("could not allocate a registration number, try again") from None
    raise AssertionError("unreachable")


def _file_once(ctx: ServiceContext, actor: Actor, cmd: FileDossier) -> Dossier:
    now = ctx.clock.now()
    with ctx.uow() as uow:
        session = uow.session
        definition = latest_definition(session, cmd.process_key)
        runtime = runtime_for(ctx, definition)
        if runtime.bundle.start_form:
            validate_form(runtime.bundle.forms[runtime.bundle.start_form], cmd.data, runtime.bundle.start_form)
        lanes = {t.lane for t in runtime.bundle.user_tasks.values() if t.lane}
        units = units_by_level(session, cmd.commune, now.date(), lanes)
        if units.get(Level.COMMUNE.value) != cmd.commune:
            raise ValidationFailed(f"{cmd.commune} is not a commune valid on {now.date()}",
                                   {"commune": ["not a commune"]})
        council = _council_members(session, PROVINCE_COUNCIL, units.get(Level.PROVINCE.value))
        if PROVINCE_COUNCIL in lanes and not council:
            raise ValidationFailed(f"province {units.get('province')} has no council members to score",
                                   {"commune": ["the province council has no members"]})
        councils = {"council_members": council}
        if DISTRICT_COUNCIL in lanes:  # the older chains (QĐ 1048/2019, QĐ 148/2023) score at the district too
            councils["district_council_members"] = _council_members(session, DISTRICT_COUNCIL,
                                                                    units.get(Level.DISTRICT.value))
            if not councils["district_council_members"]:
                raise ValidationFailed(f"district {units.get('district')} has no council members to score",
                                       {"commune": ["the district council has no members"]})
        seq = 1 + (session.scalar(select(func.max(Dossier.reg_seq)).where(
            Dossier.commune_code == cmd.commune, Dossier.reg_year == now.year)) or 0)
        number = registration_number(seq, units.get(Level.PROVINCE.value, "-"), cmd.commune, now.year)
        start_data = {**cmd.data, "kind": cmd.kind, "commune": cmd.commune,
                      "registration_number": number, **councils}
        try:
            instance = runtime.start(start_data, now=now)
        except EngineStepFailed as err:
            raise ValidationFailed(f"the process failed at {err.element_id}: {err}", {}) from err
        dossier = Dossier(
            registration_number=number, reg_year=now.year, reg_seq=seq, definition_id=definition.id,
            commune_code=cmd.commune, province_code=units.get(Level.PROVINCE.value, ""), kind=cmd.kind,
            producer_name=str((cmd.data.get("producer") or {}).get("name", "")),
            product_name=str((cmd.data.get("product") or {}).get("name", "")),
            data={}, routing={"units": units, "filer_is_applicant": actor.holds(APPLICANT, cmd.commune)},
            state="", serializer_version=SERIALIZER_VERSION, filed_at=now, filed_by=actor.username)
        session.add(dossier)
        session.flush()
        sync_tasks(session, dossier, instance, now)
        dossier.state = runtime.dump(instance)
        role = APPLICANT if actor.holds(APPLICANT, cmd.commune) else COMMUNE_OFFICER
        audit(session, actor=actor.username, acting_as=f"{role}@{cmd.commune}", action="file", at=now,
              dossier_id=dossier.id, data={"kind": cmd.kind, "data": cmd.data,
                                           "process": f"{definition.key}:{definition.version}"})
        uow.commit()
        return dossier


def _council_members(session: Session, role: str, unit: str | None) -> list[str]:
    if unit is None:
        return []
    return list(session.scalars(select(User.username).join(RoleAssignment).where(
        RoleAssignment.role == role, RoleAssignment.unit_code == unit).order_by(User.username)))


def get_dossier(ctx: ServiceContext, actor: Actor, dossier_id: int) -> tuple[Dossier, list[TaskRow],
                                                                              list[AuditEntry]]:
    with ctx.uow() as uow:
        session = uow.session
        dossier = session.scalars(select(Dossier).where(Dossier.id == dossier_id,
                                                        visible_dossiers(session, actor))).first()
        if dossier is None:
            raise NotFound(f"dossier {dossier_id} not found")
        tasks = list(session.scalars(select(TaskRow).where(TaskRow.dossier_id == dossier_id)
                                     .order_by(TaskRow.created_at, TaskRow.id)))
        history = list(session.scalars(select(AuditEntry).where(AuditEntry.dossier_id == dossier_id)
                                       .order_by(AuditEntry.id)))
        return dossier, tasks, history


def list_dossiers(ctx: ServiceContext, actor: Actor, *, status: str | None = None, limit: int = 50,
                  offset: int = 0) -> tuple[list[Dossier], int]:
    with ctx.uow() as uow:
        session = uow.session
        query = select(Dossier).where(visible_dossiers(session, actor))
        if status:
            query = query.where(Dossier.status == status)
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = list(session.scalars(query.order_by(Dossier.id.desc()).limit(limit).offset(offset)))
        return rows, total
