"""Running a plan: a run record with one item per dossier, each dossier moved in its own transaction.

The item turns `migrated` in the very transaction that moves its dossier, so a run killed at any
point resumes with the items still `pending` and never moves a dossier twice. A dossier the plan
cannot move is `refused` with the reason; one whose move fails is `failed` with the error and left
exactly as it was; the others go on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...domain.access import Actor
from ...domain.errors import NotFound
from ...domain.migration_plan import parse_plan
from ...persistence.migration_models import MigrationItem, MigrationRun
from ...persistence.models import ProcessDefinition
from ..context import ServiceContext
from ..definitions.deploy import runtime_for
from . import moving
from .dry_run import Outcome, preview_one
from .plans import ResolvedPlan, require_designer, resolve
from .selection import Candidate, select_dossiers

Progress = Callable[[int, int, Outcome], None]  # (done so far, total, the dossier just handled)


class ItemTaken(Exception):
    """Another process handled this item first (a resumed run racing the original)."""


@dataclass(frozen=True)
class RunView:
    id: int
    plan_name: str
    status: str
    started_by: str
    started_at: datetime
    finished_at: datetime | None
    target: str
    counts: dict[str, int]
    items: list[dict[str, Any]]
    plan_title: str = ""
    target_name: str = ""


def start_run(ctx: ServiceContext, actor: Actor, text: str) -> int:
    """Record the run and its dossiers (all pending); `run_pending` moves them."""
    require_designer(actor)
    now = ctx.clock.now()
    with ctx.uow() as uow:
        session = uow.session
        resolved = resolve(ctx, session, text)
        run = MigrationRun(plan_name=resolved.plan.name, plan_text=text, plan_hash=resolved.plan.digest,
                           target_definition_id=resolved.target.id, status="running", started_by=actor.username,
                           acting_as=actor.describe(), started_at=now)
        session.add(run)
        session.flush()
        for candidate in select_dossiers(session, resolved):
            if candidate.dossier_id is None:
                continue  # a listed number that is no dossier: the dry run names it
            session.add(MigrationItem(run_id=run.id, dossier_id=candidate.dossier_id,
                                      registration_number=candidate.registration_number,
                                      status="refused" if candidate.refusal else "pending",
                                      error=candidate.refusal))
        uow.commit()
        return run.id


def run_pending(ctx: ServiceContext, actor: Actor, run_id: int, progress: Progress | None = None) -> RunView:
    """Move every pending dossier of the run (a fresh run, or one resumed after a crash)."""
    require_designer(actor)
    with ctx.uow() as uow:
        run = _run(uow.session, run_id)
        resolved = _resolved_for(ctx, uow.session, run)
        pending = list(uow.session.execute(select(MigrationItem.id, MigrationItem.dossier_id,
                                                  MigrationItem.registration_number)
                                           .where(MigrationItem.run_id == run_id, MigrationItem.status == "pending")
                                           .order_by(MigrationItem.id)))
    for done, (item_id, dossier_id, number) in enumerate(pending, start=1):
        now = ctx.clock.now()
        outcome = preview_one(ctx, resolved, Candidate(dossier_id, number), now,
                              _writer(ctx, resolved, item_id, run_id, actor, now), commit=True)
        if not outcome.migratable:
            _mark_not_moved(ctx, item_id, outcome, now)
        if progress is not None:
            progress(done, len(pending), outcome)
    _finish_when_done(ctx, run_id)
    return run_status(ctx, actor, run_id)


def _resolved_for(ctx: ServiceContext, session: Session, run: MigrationRun) -> ResolvedPlan:
    """The plan as it was started, on the target version recorded then (a later deploy changes nothing)."""
    resolved = resolve(ctx, session, run.plan_text)
    target = session.get(ProcessDefinition, run.target_definition_id)
    if target is None or target.id == resolved.target.id:
        return resolved
    return dataclasses.replace(resolved, target=target, target_runtime=runtime_for(ctx, target))


def _writer(ctx: ServiceContext, resolved: ResolvedPlan, item_id: int, run_id: int, actor: Actor,
            now: datetime) -> Callable[[Session, moving.Moved], list[moving.Landing]]:
    def write(session: Session, moved: moving.Moved) -> list[moving.Landing]:
        item = session.scalars(select(MigrationItem).where(MigrationItem.id == item_id)
                               .with_for_update(of=MigrationItem)).one()
        if item.status != "pending":
            raise ItemTaken(f"item {item_id} is already {item.status}")
        dossier, before, landing = moving.write(session, resolved, moved, now, actor.username, actor.describe(),
                                                run_id)
        item.status, item.snapshot, item.row_version_after = "migrated", before, dossier.row_version
        item.from_definition_id = moved.read.definition_id
        item.from_elements = [s.element_id for s in moved.came_from]
        item.to_elements = sorted({x.element_id for x in landing})
        item.done_at, item.error = now, None
        session.flush()
        ctx.fault_point("migrate")  # kill -9 tests: the process dies here, this dossier's transaction open
        return landing

    return write


def _mark_not_moved(ctx: ServiceContext, item_id: int, outcome: Outcome, now: datetime) -> None:
    with ctx.uow() as uow:
        item = uow.session.scalars(select(MigrationItem).where(MigrationItem.id == item_id)
                                   .with_for_update(of=MigrationItem)).one()
        if item.status != "pending":
            return  # another process moved it meanwhile
        item.status = "failed" if outcome.broken else "refused"
        item.error, item.done_at = outcome.reason, now
        item.from_elements = outcome.waiting_at
        uow.commit()


def _finish_when_done(ctx: ServiceContext, run_id: int) -> None:
    with ctx.uow() as uow:
        session = uow.session
        left = session.scalar(select(func.count()).select_from(MigrationItem).where(
            MigrationItem.run_id == run_id, MigrationItem.status == "pending"))
        run = _run(session, run_id)
        if not left and run.status != "finished":
            run.status, run.finished_at = "finished", ctx.clock.now()
            uow.commit()


def _run(session: Session, run_id: int) -> MigrationRun:
    run = session.get(MigrationRun, run_id)
    if run is None:
        raise NotFound(f"migration run {run_id} not found")
    return run


def run_status(ctx: ServiceContext, actor: Actor, run_id: int) -> RunView:
    require_designer(actor)
    with ctx.uow() as uow:
        session = uow.session
        run = _run(session, run_id)
        items = list(session.scalars(select(MigrationItem).where(MigrationItem.run_id == run_id)
                                     .order_by(MigrationItem.id)))
        counts = _counts(session, [run_id])[run_id]
        return _view(session, run, counts, [_item_view(i) for i in items])


def list_runs(ctx: ServiceContext, actor: Actor) -> list[RunView]:
    """The latest 50 runs with their counts (not their items)."""
    require_designer(actor)
    with ctx.uow() as uow:
        session = uow.session
        latest = list(session.scalars(select(MigrationRun).order_by(MigrationRun.id.desc()).limit(50)))
        counts = _counts(session, [r.id for r in latest])
        return [_view(session, run, counts[run.id], []) for run in latest]


STATUSES = ("pending", "migrated", "refused", "failed", "reverted")


def _counts(session: Session, run_ids: list[int]) -> dict[int, dict[str, int]]:
    counts = {run_id: dict.fromkeys((*STATUSES, "total"), 0) for run_id in run_ids}
    rows = session.execute(select(MigrationItem.run_id, MigrationItem.status, func.count())
                           .where(MigrationItem.run_id.in_(run_ids))
                           .group_by(MigrationItem.run_id, MigrationItem.status))
    for run_id, status, n in rows:
        counts[run_id][status] = n
        counts[run_id]["total"] += n
    return counts


def _view(session: Session, run: MigrationRun, counts: dict[str, int], items: list[dict[str, Any]]) -> RunView:
    target = session.get(ProcessDefinition, run.target_definition_id)
    return RunView(run.id, run.plan_name, run.status, run.started_by, run.started_at, run.finished_at,
                   f"{target.key}:{target.version}" if target else "?", counts, items,
                   plan_title=parse_plan(run.plan_text).title, target_name=target.name if target else "")


def _item_view(item: MigrationItem) -> dict[str, Any]:
    return {"dossier_id": item.dossier_id, "registration_number": item.registration_number, "status": item.status,
            "error": item.error, "from": item.from_elements or [], "to": item.to_elements or [],
            "done_at": item.done_at.isoformat() if item.done_at else None,
            "reverted_at": item.reverted_at.isoformat() if item.reverted_at else None,
            "reverted_by": item.reverted_by}
