"""Choosing the chain a dossier is filed under from the regulation registry.

`choose_chain` is the one call filing makes: the filing day (today by the service clock, or the
earlier day a commune officer received a paper dossier), the regulation in force on it for the
dossier's kind, and the deployed process version that regulation runs. A process named in the
registry other than the one in force needs an admin and a reason (an override, audited with the
filing); a process the registry does not name (a test or pilot process) is filed as asked.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.access import Actor
from ...domain.clock import VN_TZ
from ...domain.errors import Conflict, Forbidden, NotFound, ValidationFailed
from ...domain.regulations import Registry, Regulation, parse_registry
from ...domain.roles import COMMUNE_OFFICER
from ...persistence.models import ProcessDefinition
from ..context import ServiceContext
from ..definitions.deploy import latest_definition


@dataclass(frozen=True)
class ChainRequest:
    process_key: str | None
    commune: str
    kind: str
    filed_on: date | None = None
    override_reason: str | None = None


@dataclass(frozen=True)
class ChainChoice:
    definition: ProcessDefinition
    regulation: Regulation | None
    filed_on: date  # the day the units and the regulation are resolved on
    in_force: Regulation | None = None  # set when an admin overrode it
    override_reason: str | None = None

    @property
    def regulation_id(self) -> str | None:
        return self.regulation.id if self.regulation else None

    def audit_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"regulation": self.regulation_id, "filed_on": self.filed_on.isoformat()}
        if self.override_reason is not None:
            data["override"] = {"in_force": self.in_force.id if self.in_force else None,
                                "reason": self.override_reason}
        return data


def registry(ctx: ServiceContext) -> Registry:
    path = ctx.regulations_file
    if path is None or not path.is_file():
        return Registry()
    return _parsed(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _parsed(path: Path, mtime_ns: int) -> Registry:  # mtime in the key: an edited file is read again
    return parse_registry(path.read_text(encoding="utf-8"))


def regulation_title(ctx: ServiceContext, regulation_id: str | None) -> str | None:
    entry = registry(ctx).get(regulation_id)
    return entry.title if entry else regulation_id


def choose_chain(ctx: ServiceContext, session: Session, actor: Actor, req: ChainRequest) -> ChainChoice:
    day = _filing_day(ctx, actor, req)
    entries = registry(ctx)
    if req.process_key is None:
        if not entries:
            raise ValidationFailed.coded("filing.process_required", {"process_key": ["required"]})
        regulation = entries.in_force(day, req.kind)
        return ChainChoice(_deployed(session, regulation, day), regulation, day)
    if not entries.lists(req.process_key):
        return ChainChoice(latest_definition(session, req.process_key), None, day)
    # Anyone but an admin gets the 422 naming the day when no regulation covers it.
    in_force = _in_force_or_none(entries, day, req.kind) if actor.is_admin else entries.in_force(day, req.kind)
    if in_force is not None and in_force.process_key == req.process_key:
        return ChainChoice(_deployed(session, in_force, day), in_force, day)
    what = f"{in_force.id} ({in_force.title}, process {in_force.process_key})" if in_force else "no regulation"
    if not actor.is_admin:
        message = f"{what} is in force on {day.isoformat()}; only an admin may file under {req.process_key}"
        raise Forbidden.coded("filing.other_regulation", {"process_key": [message]}, what=what, day=day,
                              process=req.process_key)
    reason = (req.override_reason or "").strip()
    if not reason:
        raise ValidationFailed.coded("filing.override_reason",
                                     {"override_reason": ["required when the process differs from the one in force"]},
                                     what=what, day=day)
    chosen = entries.for_key(req.process_key, day, req.kind)
    assert chosen is not None  # the registry lists the key
    return ChainChoice(_deployed(session, chosen, day), chosen, day, in_force, reason)


def _filing_day(ctx: ServiceContext, actor: Actor, req: ChainRequest) -> date:
    today = ctx.clock.now().astimezone(VN_TZ).date()
    if req.filed_on is None:
        return today
    if not (actor.holds(COMMUNE_OFFICER, req.commune) or actor.is_admin):
        raise Forbidden.coded("filing.earlier_day_officer_only", {"filed_on": ["only the commune officer may give it"]})
    if req.filed_on > today:
        raise ValidationFailed.coded("filing.day_in_future", {"filed_on": ["in the future"]}, day=req.filed_on,
                                     today=today)
    return req.filed_on


def _in_force_or_none(entries: Registry, day: date, kind: str) -> Regulation | None:
    try:
        return entries.in_force(day, kind)
    except ValidationFailed:
        return None


def _deployed(session: Session, regulation: Regulation, day: date) -> ProcessDefinition:
    try:
        if regulation.version is None:
            return latest_definition(session, regulation.process_key)
        found = session.scalars(select(ProcessDefinition).where(
            ProcessDefinition.key == regulation.process_key,
            ProcessDefinition.version == regulation.version)).first()
        if found is None:
            raise NotFound("")
        return found
    except NotFound:
        version = f" version {regulation.version}" if regulation.version else ""
        message = (f"{regulation.id} ({regulation.title}, {regulation.span}) runs process "
                   f"'{regulation.process_key}'{version}, which is not deployed: no dossier filed on "
                   f"{day.isoformat()} can run under it yet")
        raise Conflict.coded("filing.process_not_deployed", {"process_key": [message]}, regulation=regulation.id,
                             title=regulation.title, span=regulation.span, process=regulation.process_key,
                             version=version, day=day) from None
