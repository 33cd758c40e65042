"""File a dossier, read dossiers within the actor's units."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...domain.access import Actor
from ...domain.cycle import CYCLE_PROCESSES, PRODUCT_SERIES
from ...domain.errors import Conflict, Forbidden, NotFound, ValidationFailed
from ...domain.registration import REGISTRATION_MARK, registration_number
from ...domain.roles import ADMIN, APPLICANT, COMMUNE_OFFICER, DISTRICT_COUNCIL, PROVINCE_COUNCIL
from ...domain.search import dossier_search_text
from ...domain.units import Level
from ...engine.runtime import SERIALIZER_VERSION, EngineStepFailed, ProcessRuntime
from ...persistence.models import AuditEntry, Dossier, RoleAssignment, TaskRow, User
from ..access.redaction import HistoryEntry, read_dossier
from ..access.visibility import visible_dossiers
from ..audit.trail import audit
from ..context import ServiceContext
from ..definitions.deploy import runtime_for
from ..documents.issuing import issue_after_step
from ..incident_log.record import FailedStep, record_failure
from ..instances.sync import record_certificate_outcome, sync_tasks
from ..regulations.registry import ChainRequest, choose_chain
from ..tasks.forms import validate_form
from ..units.tree import units_by_level
from .links import CycleLinks, links_for

KINDS = ("first_time", "upgrade", "re_evaluation")
# Opened from a certificate by the OCOP office (services/certificates), never through POST /dossiers.
CERTIFICATE_KINDS = ("inspection", "revocation")
NUMBER_MARKS = {"inspection": "KT", "revocation": "TH"}  # kiểm tra, thu hồi; dossiers are PĐK


@dataclass(frozen=True)
class FileDossier:
    process_key: str | None  # None: the regulation registry chooses by the filing day and kind
    commune: str
    kind: str
    data: dict[str, Any]
    filed_on: date | None = None  # a paper dossier the commune received on an earlier day
    override_reason: str | None = None  # an admin filing under another chain than the one in force
    business_plan_id: int | None = None  # the approved business plan the product comes from (links its idea)


# Each round of colliding filings in one commune lets at least one through, so this many producers
# may file in one commune at the same instant and all get a number (bench/scaleout.py: 3 let 4% fail).
NUMBER_ATTEMPTS = 10


def file_dossier(ctx: ServiceContext, actor: Actor, cmd: FileDossier, retried_by: str | None = None) -> Dossier:
    """`retried_by`: the admin re-running this filing from its incident (audited with it)."""
    if cmd.kind not in KINDS:
        raise ValidationFailed.coded("filing.unknown_kind", {"kind": ["unknown kind"]}, kinds=", ".join(KINDS))
    if cmd.process_key in CYCLE_PROCESSES:
        raise ValidationFailed(f"{cmd.process_key} is not an evaluation chain: ideas and business plans have "
                               "their own endpoints", {"process_key": ["not an evaluation chain"]})
    if not (actor.holds(APPLICANT, cmd.commune) or actor.holds(COMMUNE_OFFICER, cmd.commune) or actor.is_admin):
        raise Forbidden.coded("filing.not_your_commune", commune=cmd.commune)
    return _file_numbered(ctx, actor, cmd, retried_by, None)


def file_for_certificate(ctx: ServiceContext, actor: Actor, cmd: FileDossier, acting_as: str) -> Dossier:
    """An inspection or revocation of a certificate, opened by the OCOP office: the caller checked who
    may open it, and services.certificate_records checks it again in the filing's transaction."""
    if cmd.kind not in CERTIFICATE_KINDS:
        raise ValidationFailed(f"kind must be one of {', '.join(CERTIFICATE_KINDS)}", {"kind": ["unknown kind"]})
    return _file_numbered(ctx, actor, cmd, None, acting_as)


def _file_numbered(ctx: ServiceContext, actor: Actor, cmd: FileDossier, retried_by: str | None,
                   acting_as: str | None) -> Dossier:
    for attempt in range(NUMBER_ATTEMPTS):
        try:
            dossier = _file_once(ctx, actor, cmd, retried_by, acting_as)
        except IntegrityError:  # two filings took the same registration sequence; take the next one
            if attempt == NUMBER_ATTEMPTS - 1:
                raise Conflict.coded("filing.number_busy") from None
            continue
        issue_after_step(ctx, dossier.id)  # Mẫu 01 and 02, rendered after the filing committed
        return dossier
    raise AssertionError("unreachable")


def _file_once(ctx: ServiceContext, actor: Actor, cmd: FileDossier, retried_by: str | None,
               acting_as: str | None) -> Dossier:
    now = ctx.clock.now()
    plan = _plan(ctx, actor, cmd)
    try:  # no transaction is open while the engine (and any script) runs
        instance = plan.runtime.start(plan.start_data, now=now)
    except EngineStepFailed as err:
        incident = record_failure(ctx, FailedStep(
            subject=f"file:{plan.definition_id}:{actor.username}:{cmd.commune}", action="file",
            definition_id=plan.definition_id, actor=actor.username, error=str(err), element_id=err.element_id,
            payload={"process_key": cmd.process_key, "commune": cmd.commune, "kind": cmd.kind, "data": cmd.data}))
        raise ValidationFailed.coded("filing.step_failed", {"process_key": [f"step '{err.element_id}' failed: {err}"]},
                                     element=err.element_id, error=str(err), incident=incident) from err
    state = plan.runtime.dump(instance)
    with ctx.uow() as uow:
        session = uow.session
        units = plan.units
        dossier = Dossier(
            registration_number=plan.number, reg_year=plan.day.year, reg_seq=plan.seq,
            definition_id=plan.definition_id,
            commune_code=cmd.commune, province_code=units.get(Level.PROVINCE.value, ""), kind=cmd.kind,
            producer_name=_name_of(cmd.data, "producer"), product_name=_name_of(cmd.data, "product"),
            search_text=dossier_search_text(plan.number, _name_of(cmd.data, "producer"),
                                            _name_of(cmd.data, "product")),
            data={}, routing={"units": units, "filer_is_applicant": actor.holds(APPLICANT, cmd.commune)},
            state="", serializer_version=SERIALIZER_VERSION, filed_at=now, filed_by=actor.username,
            filed_on=cmd.filed_on, regulation=plan.regulation, series=PRODUCT_SERIES,
            idea_id=plan.links.idea_id, business_plan_id=plan.links.business_plan_id)
        session.add(dossier)
        session.flush()
        sync_tasks(session, dossier, instance, now)
        record_certificate_outcome(session, dossier, now)
        dossier.state = state
        role = acting_as or next((f"{r}@{cmd.commune}" for r in (APPLICANT, COMMUNE_OFFICER)
                                  if actor.holds(r, cmd.commune)),
                                 next((str(g) for g in actor.grants if g.role == ADMIN), ""))
        entry: dict[str, Any] = {"kind": cmd.kind, "data": cmd.data, "process": plan.process, **plan.chain_audit}
        if plan.links.business_plan_id is not None:
            entry.update(business_plan_id=plan.links.business_plan_id, idea_id=plan.links.idea_id)
        if retried_by:
            entry["retried_by"] = retried_by
        audit(session, actor=actor.username, acting_as=role, action="file", at=now,
              dossier_id=dossier.id, data=entry)
        uow.commit()
        return dossier


@dataclass(frozen=True)
class _Plan:
    definition_id: int
    process: str
    runtime: ProcessRuntime
    units: dict[str, str]
    seq: int
    number: str
    start_data: dict[str, Any]
    day: date  # the filing day: it chose the regulation, the unit chain and the number's year
    regulation: str | None
    chain_audit: dict[str, Any]
    links: CycleLinks


def _plan(ctx: ServiceContext, actor: Actor, cmd: FileDossier) -> _Plan:
    """Everything the filing reads, in a short transaction of its own (closed before the engine runs)."""
    with ctx.uow() as uow:
        session = uow.session
        chain = choose_chain(ctx, session, actor, ChainRequest(cmd.process_key, cmd.commune, cmd.kind,
                                                               cmd.filed_on, cmd.override_reason))
        definition, day = chain.definition, chain.filed_on
        runtime = runtime_for(ctx, definition)
        if runtime.bundle.start_form:  # the registration form, checked before the engine sees the data
            validate_form(runtime.bundle.forms[runtime.bundle.start_form], cmd.data, runtime.bundle.start_form)
        lanes = {t.lane for t in runtime.bundle.user_tasks.values() if t.lane}
        units = units_by_level(session, cmd.commune, day, lanes)
        if units.get(Level.COMMUNE.value) != cmd.commune:
            raise ValidationFailed.coded("filing.not_a_commune", {"commune": ["not a commune"]},
                                         commune=cmd.commune, day=day)
        council = _council_members(session, units.get(Level.PROVINCE.value))
        if PROVINCE_COUNCIL in lanes and not council:
            raise ValidationFailed.coded("filing.no_province_council", {"commune": ["the province council has no members"]},
                                         province=units.get("province"))
        councils = {"council_members": council}
        if DISTRICT_COUNCIL in lanes:  # the older chains (QĐ 1048/2019, QĐ 148/2023) score at the district too
            councils["district_council_members"] = _council_members(session, units.get(Level.DISTRICT.value),
                                                                    DISTRICT_COUNCIL)
            if not councils["district_council_members"]:
                raise ValidationFailed.coded("filing.no_district_council",
                                             {"commune": ["the district council has no members"]},
                                             district=units.get("district"))
        links = links_for(session, actor, cmd.commune, cmd.business_plan_id)
        seq = 1 + (session.scalar(select(func.max(Dossier.reg_seq)).where(
            Dossier.commune_code == cmd.commune, Dossier.reg_year == day.year,
            Dossier.series == PRODUCT_SERIES)) or 0)
        number = registration_number(seq, units.get(Level.PROVINCE.value, "-"), cmd.commune, day.year,
                                     NUMBER_MARKS.get(cmd.kind, REGISTRATION_MARK))
        start_data = {**cmd.data, "kind": cmd.kind, "commune": cmd.commune, "registration_number": number,
                      **councils}
        return _Plan(definition.id, f"{definition.key}:{definition.version}", runtime, units, seq, number,
                     start_data, day, chain.regulation_id, chain.audit_data(), links)


def _name_of(data: dict[str, Any], part: str) -> str:
    """data[part]["name"] when the data has that shape (a process without a start form may not)."""
    section = data.get(part)
    name = section.get("name") if isinstance(section, dict) else None
    return name[:300] if isinstance(name, str) else ""


def _council_members(session: Session, unit: str | None, role: str = PROVINCE_COUNCIL) -> list[str]:
    if unit is None:
        return []
    return list(session.scalars(select(User.username).join(RoleAssignment).where(
        RoleAssignment.role == role, RoleAssignment.unit_code == unit).order_by(User.username)))


def get_dossier(ctx: ServiceContext, actor: Actor, dossier_id: int) -> tuple[Dossier, list[TaskRow],
                                                                              list[HistoryEntry]]:
    """The dossier, its tasks and history as the actor may read them (members' sheets masked)."""
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
        return read_dossier(session, actor, dossier, tasks, history)


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
