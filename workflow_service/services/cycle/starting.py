"""Starting an idea or a business plan: the same steps as filing a dossier, in the series of its own.

The engine runs with no transaction open; the instance, its first tasks (due dates from the yearly plans)
and the audit record are written in one transaction. A commune that no longer hangs under a district
sends its ideas and plans to the province (domain/cycle.selecting_level)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ...domain.access import Actor
from ...domain.clock import VN_TZ
from ...domain.cycle import SERIES_PROCESS, SERIES_SEQ_OFFSET, cycle_number, selecting_level
from ...domain.errors import Conflict, NotFound, ValidationFailed
from ...domain.roles import APPLICANT, COMMUNE_OFFICER, DISTRICT_CHAIR, DISTRICT_OFFICER
from ...domain.units import Level
from ...engine.runtime import SERIALIZER_VERSION, EngineStepFailed, ProcessRuntime
from ...persistence.models import Dossier, ProcessDefinition
from ..access.visibility import visible_dossiers
from ..audit.trail import audit
from ..context import ServiceContext
from ..definitions.deploy import runtime_for
from ..incident_log.record import FailedStep, record_failure
from ..instances.sync import record_certificate_outcome, sync_tasks
from ..tasks.forms import validate_form
from ..units.tree import units_by_level

# Lanes used only while a commune hangs under a district: never required of the unit chain.
DISTRICT_LANES = frozenset({DISTRICT_OFFICER, DISTRICT_CHAIR})
NUMBER_ATTEMPTS = 10


@dataclass(frozen=True)
class StartCycle:
    series: str  # domain/cycle.py: IDEA_SERIES or PLAN_SERIES
    commune: str
    data: dict[str, Any]  # what the producer entered (checked by the start form)
    system_data: dict[str, Any]  # what the service adds (the idea a plan comes from, names copied from it)
    idea_id: int | None = None
    producer_name: str = ""
    product_name: str = ""


def start_cycle_instance(ctx: ServiceContext, actor: Actor, cmd: StartCycle) -> Dossier:
    for attempt in range(NUMBER_ATTEMPTS):
        try:
            return _start_once(ctx, actor, cmd)
        except IntegrityError:  # another start took the same number; take the next one
            if attempt == NUMBER_ATTEMPTS - 1:
                raise Conflict("could not allocate a number, try again") from None
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class _Prepared:
    definition: ProcessDefinition
    runtime: ProcessRuntime
    units: dict[str, str]
    seq: int
    number: str
    start_data: dict[str, Any]
    year: int


def _prepare(ctx: ServiceContext, cmd: StartCycle) -> _Prepared:
    """Everything the start reads, in a short transaction closed before the engine runs."""
    day = ctx.clock.now().astimezone(VN_TZ).date()
    key = SERIES_PROCESS[cmd.series]
    with ctx.uow() as uow:
        session = uow.session
        definition = session.scalars(select(ProcessDefinition).where(ProcessDefinition.key == key)
                                     .order_by(ProcessDefinition.version.desc()).limit(1)).first()
        if definition is None:
            raise Conflict(f"process {key} is not deployed")
        runtime = runtime_for(ctx, definition)
        if runtime.bundle.start_form:
            validate_form(runtime.bundle.forms[runtime.bundle.start_form], cmd.data, runtime.bundle.start_form)
        lanes = {t.lane for t in runtime.bundle.user_tasks.values() if t.lane} - DISTRICT_LANES
        units = units_by_level(session, cmd.commune, day, lanes)
        if units.get(Level.COMMUNE.value) != cmd.commune:
            raise ValidationFailed(f"{cmd.commune} is not a commune valid on {day}", {"commune": ["not a commune"]})
        offset = SERIES_SEQ_OFFSET[cmd.series]
        last = session.scalar(select(func.max(Dossier.reg_seq)).where(
            Dossier.commune_code == cmd.commune, Dossier.reg_year == day.year, Dossier.series == cmd.series))
        seq = (last or offset) + 1
        number = cycle_number(cmd.series, seq - offset, units.get(Level.PROVINCE.value, "-"), cmd.commune, day.year)
        start_data = {**cmd.data, **cmd.system_data, "commune": cmd.commune, "registration_number": number,
                      "selecting_level": selecting_level(units)}
        return _Prepared(definition, runtime, units, seq, number, start_data, day.year)


def _start_once(ctx: ServiceContext, actor: Actor, cmd: StartCycle) -> Dossier:
    now = ctx.clock.now()
    prepared = _prepare(ctx, cmd)
    try:
        instance = prepared.runtime.start(prepared.start_data, now=now)
    except EngineStepFailed as err:
        incident = record_failure(ctx, FailedStep(
            subject=f"file:{prepared.definition.id}:{actor.username}:{cmd.commune}", action="file",
            definition_id=prepared.definition.id, actor=actor.username, error=str(err), element_id=err.element_id,
            payload={"process_key": prepared.definition.key, "commune": cmd.commune, "data": cmd.data}))
        raise ValidationFailed(f"the process failed at '{err.element_id}': {err} (incident {incident})",
                               {"data": [f"step '{err.element_id}' failed: {err}"]}) from err
    state = prepared.runtime.dump(instance)
    with ctx.uow() as uow:
        session = uow.session
        row = Dossier(
            registration_number=prepared.number, reg_year=prepared.year,
            reg_seq=prepared.seq, definition_id=prepared.definition.id, commune_code=cmd.commune,
            province_code=prepared.units.get(Level.PROVINCE.value, ""), kind=cmd.series, series=cmd.series,
            producer_name=cmd.producer_name[:300], product_name=cmd.product_name[:300], data={},
            routing={"units": prepared.units, "filer_is_applicant": actor.holds(APPLICANT, cmd.commune)},
            state="", serializer_version=SERIALIZER_VERSION, filed_at=now, filed_by=actor.username,
            idea_id=cmd.idea_id)
        session.add(row)
        session.flush()
        sync_tasks(session, row, instance, now)
        record_certificate_outcome(session, row, now)
        row.state = state
        role = next((f"{r}@{cmd.commune}" for r in (APPLICANT, COMMUNE_OFFICER) if actor.holds(r, cmd.commune)),
                    actor.describe())
        audit(session, actor=actor.username, acting_as=role, action=f"register_{cmd.series}", at=now,
              dossier_id=row.id, data={"series": cmd.series, "number": prepared.number, "data": cmd.data,
                                       "process": f"{prepared.definition.key}:{prepared.definition.version}",
                                       **({"idea_id": cmd.idea_id} if cmd.idea_id else {})})
        uow.commit()
        return row


def load_instance(session: Session, actor: Actor, series: str, instance_id: int) -> Dossier:
    """An idea or plan the actor may see (anything else is not found)."""
    row = session.scalars(select(Dossier).where(Dossier.id == instance_id, Dossier.series == series,
                                                visible_dossiers(session, actor))).first()
    if row is None:
        raise NotFound(f"{series.replace('_', ' ')} {instance_id} not found")
    return row
