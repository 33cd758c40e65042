"""Moving a run's dossiers outside the request that started it (a thread of this process).

The run is already recorded, so a process that dies leaves it resumable (`ocopflow migrate --resume`,
or POST …/resume). `inline` moves them before returning (tests, and the command line)."""

from __future__ import annotations

import logging
import threading

from ...domain.access import Actor
from ..context import ServiceContext
from .runs import run_pending

log = logging.getLogger("ocopflow.migration")


def execute(ctx: ServiceContext, actor: Actor, run_id: int, inline: bool) -> None:
    if inline:
        run_pending(ctx, actor, run_id)
        return
    threading.Thread(target=_in_background, args=(ctx, actor, run_id), daemon=True,
                     name=f"migration-run-{run_id}").start()


def _in_background(ctx: ServiceContext, actor: Actor, run_id: int) -> None:
    try:
        run_pending(ctx, actor, run_id)
    except Exception:  # the run stays resumable; its items say how far it got
        log.exception("migration run %s stopped", run_id)
