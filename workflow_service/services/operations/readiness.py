"""Readiness: the database answers `SELECT 1`, and when a scheduler is expected its heartbeat is fresh."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..context import ServiceContext
from .heartbeat import last_beat

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Readiness:
    checks: dict[str, str]  # database: ok/unreachable; scheduler: ok/stale/missing/not expected
    problems: dict[str, list[str]] = field(default_factory=dict)  # what is not ready, by check

    @property
    def ready(self) -> bool:
        return not self.problems


def readiness(ctx: ServiceContext, *, scheduler_expected: bool, max_heartbeat_age: timedelta) -> Readiness:
    checks: dict[str, str] = {}
    problems: dict[str, list[str]] = {}
    try:
        with ctx.uow() as uow:
            uow.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except SQLAlchemyError as err:
        log.warning("readiness: database unreachable: %s", err.__class__.__name__)
        checks["database"] = "unreachable"
        problems["database"] = ["the database does not answer SELECT 1"]
    if not scheduler_expected:
        checks["scheduler"] = "not expected"
    elif checks["database"] != "ok":
        checks["scheduler"] = "unknown"
    else:
        beat = last_beat(ctx)
        if beat is None:
            checks["scheduler"] = "missing"
            problems["scheduler"] = ["no scheduler has swept the timers yet"]
        else:
            age = ctx.clock.now() - beat
            checks["scheduler"] = "ok" if age <= max_heartbeat_age else "stale"
            if age > max_heartbeat_age:
                seconds, limit = int(age.total_seconds()), int(max_heartbeat_age.total_seconds())
                problems["scheduler"] = [f"the last timer sweep was {seconds} s ago (at most {limit} s expected)"]
    return Readiness(checks, problems)
