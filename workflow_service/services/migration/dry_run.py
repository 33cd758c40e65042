"""The dry run: every affected dossier, where it waits, where it would land, who would hold the task and
when it would be due, or why it cannot migrate. Nothing is written (each dossier's write is rolled back)."""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.access import Actor
from ...domain.clock import VN_TZ
from ...domain.migration_check import deadline_summary
from ...domain.migration_reasons import reason as why
from ...engine.migration import NotMigratable
from ...persistence.models import TaskRow
from ..context import ServiceContext
from . import moving
from .plans import ResolvedPlan, require_designer, resolve
from .selection import Candidate, select_dossiers

log = logging.getLogger("ocopflow.migration")


@dataclass(frozen=True)
class Outcome:
    dossier_id: int | None
    registration_number: str
    migratable: bool
    waiting_at: list[str]  # element ids (a multi-instance step: "council_scoring (1/3 done)")
    landing: list[moving.Landing] = field(default_factory=list)
    reason: str | None = None
    broken: bool = False  # an error, not a rule of the plan: the dossier's state could not be moved


@dataclass(frozen=True)
class Preview:
    plan: dict[str, Any]
    outcomes: list[Outcome]

    @property
    def counts(self) -> dict[str, int]:
        ok = sum(1 for o in self.outcomes if o.migratable)
        return {"affected": len(self.outcomes), "migratable": ok, "cannot": len(self.outcomes) - ok}


def plan_summary(resolved: ResolvedPlan) -> dict[str, Any]:
    plan = resolved.plan
    return {"name": plan.name, "title": plan.title, "sha256": plan.digest,
            "source": {"process_key": plan.source_key,
                       "versions": sorted(d.version for d in resolved.sources.values())},
            "target": {"process_key": resolved.target.key, "version": resolved.target.version,
                       "regulation": resolved.regulation},
            "mapping": dict(plan.mapping), "rename": dict(plan.renames), "defaults": dict(plan.defaults),
            "deadline": dict(plan.deadlines), "deadline_summary": deadline_summary(plan.deadlines)}


def validate_plan(ctx: ServiceContext, actor: Actor, text: str) -> dict[str, Any]:
    require_designer(actor)
    with ctx.uow() as uow:
        return plan_summary(resolve(ctx, uow.session, text))


def dry_run(ctx: ServiceContext, actor: Actor, text: str) -> Preview:
    require_designer(actor)
    now = ctx.clock.now()
    with ctx.uow() as uow:
        resolved = resolve(ctx, uow.session, text)
        candidates = select_dossiers(uow.session, resolved)
    outcomes = [preview_one(ctx, resolved, c, now, lambda s, m: moving.write(
        s, resolved, m, now, actor.username, actor.describe(), None)[2]) for c in candidates]
    return Preview(plan_summary(resolved), outcomes)


Writer = Callable[[Session, moving.Moved], list[moving.Landing]]


def preview_one(ctx: ServiceContext, resolved: ResolvedPlan, candidate: Candidate, now: datetime,
                writer: Writer, commit: bool = False) -> Outcome:
    """Move one dossier; `commit` keeps the write (a run), otherwise it is rolled back (a dry run)."""
    if candidate.dossier_id is None or candidate.refusal:
        return Outcome(candidate.dossier_id, candidate.registration_number, False, [], reason=candidate.refusal)
    waiting: list[str] = []
    broken = False
    for _attempt in range(3):
        try:
            with ctx.uow() as uow:
                waiting = _open_elements(uow.session, candidate.dossier_id)
                read = moving.read(uow.session, resolved, candidate.dossier_id, now)
            moved = moving.move(ctx, resolved, read, now)
            waiting = [s.element_id + (f" ({s.done}/{s.total} done)" if s.kind == "multi" else "")
                       for s in moved.came_from]
            with ctx.uow() as uow:
                landing = writer(uow.session, moved)
                if commit:
                    uow.commit()
            return Outcome(candidate.dossier_id, candidate.registration_number, True, waiting, landing)
        except moving.DossierMoved:
            continue  # a task of the dossier completed meanwhile: move it again from its fresh state
        except NotMigratable as err:
            reason = str(err)
        except Exception as err:  # a broken dossier is reported and left as it was; the others go on
            log.exception("dossier %s could not be migrated", candidate.dossier_id)
            reason = why("migration.broken", technical=f"{type(err).__name__}: {err}").english()
            broken = True
        return Outcome(candidate.dossier_id, candidate.registration_number, False, waiting, reason=reason,
                       broken=broken)
    return Outcome(candidate.dossier_id, candidate.registration_number, False, waiting,
                   reason=why("migration.kept_changing").english())


def _open_elements(session: Session, dossier_id: int) -> list[str]:
    return sorted(set(session.scalars(select(TaskRow.element_id).where(TaskRow.dossier_id == dossier_id,
                                                                       TaskRow.status == "open"))))


def outcome_view(outcome: Outcome) -> dict[str, Any]:
    return {"dossier_id": outcome.dossier_id, "registration_number": outcome.registration_number,
            "migratable": outcome.migratable, "waiting_at": outcome.waiting_at, "reason": outcome.reason,
            "lands_at": [{"element_id": x.element_id, "name": x.name, "offered_to": x.offered_to,
                          "candidate": x.candidate, "holder": x.holder,
                          "due_at": x.due_at.astimezone(VN_TZ).isoformat() if x.due_at else None,
                          "deadline_rule": x.deadline_rule} for x in outcome.landing]}


CSV_HEADER = ["dossier_id", "registration_number", "migratable", "waiting_at", "lands_at", "offered_to",
              "holder", "due_at", "deadline_rule", "reason"]


def preview_csv(preview: Preview) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for o in preview.outcomes:
        view = outcome_view(o)
        lands = view["lands_at"]
        writer.writerow([_cell(v) for v in (
            o.dossier_id, o.registration_number, "yes" if o.migratable else "no", " ".join(o.waiting_at),
            " ".join(x["element_id"] for x in lands), " ".join(sorted({x["offered_to"] for x in lands})),
            " ".join(sorted({x["holder"] for x in lands if x["holder"]})),
            " ".join(sorted({x["due_at"] for x in lands if x["due_at"]})),
            " ".join(sorted({x["deadline_rule"] for x in lands if x["deadline_rule"]})), o.reason or "")])
    return out.getvalue()


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text  # no formulas in a spreadsheet
