"""A run over many dossiers (R3 → R4 on 22/5/2026): one broken dossier is named and left exactly as it was
while the others migrate; a run that stops half-way resumes and moves nobody twice; the transition
limits (60 days from 22/5/2026, 30 for a re-evaluation) become the new steps' deadlines."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import func, select, text, update

from tests.conftest import Api
from tests.engine.evaluation_steps import FILING
from workflow_service.domain.clock import FixedClock
from workflow_service.persistence.models import AuditEntry, Dossier, TaskRow
from workflow_service.services.accounts.users import load_actor
from workflow_service.services.dossiers.filing import FileDossier, file_dossier
from workflow_service.services.migration.dry_run import dry_run, outcome_view
from workflow_service.services.migration.runs import run_pending, run_status, start_run

from .helpers import R3_TO_R4, at, ctx_of

COUNT = 50


class Crash(Exception):
    """The run's process dies between two dossiers."""


def _file_r3(app: Flask, count: int) -> list[int]:
    ctx = ctx_of(app)
    producer = load_actor(ctx, "producer.huongkhe")
    kinds = ["first_time", "upgrade", "re_evaluation"]
    return [file_dossier(ctx, producer, FileDossier(None, "18101", kinds[i % 3], FILING)).id for i in range(count)]


def _row(app: Flask, dossier_id: int) -> dict[str, Any]:
    with ctx_of(app).uow() as uow:
        dossier = uow.session.get(Dossier, dossier_id)
        assert dossier is not None
        tasks = [(t.id, t.element_id, t.status, t.due_at) for t in uow.session.scalars(
            select(TaskRow).where(TaskRow.dossier_id == dossier_id))]
        state = uow.session.scalar(select(Dossier.state).where(Dossier.id == dossier_id))
        return {"definition": dossier.definition_id, "regulation": dossier.regulation, "state": state,
                "row_version": dossier.row_version, "tasks": tasks}


def test_a_broken_dossier_is_named_and_left_as_it_was_while_the_others_migrate(
        app: Flask, api: Api, clock: FixedClock) -> None:
    at(clock, 2026, 5, 20)
    ids = _file_r3(app, COUNT)
    broken = ids[17]
    with ctx_of(app).uow() as uow:
        uow.session.execute(update(Dossier).where(Dossier.id == broken).values(state='{"broken": true}'))
        uow.commit()
    before = _row(app, broken)
    at(clock, 2026, 5, 22)
    ctx, designer = ctx_of(app), load_actor(ctx_of(app), "designer")

    preview = dry_run(ctx, designer, R3_TO_R4)
    assert preview.counts == {"affected": COUNT, "migratable": COUNT - 1, "cannot": 1}
    views = {o.dossier_id: outcome_view(o) for o in preview.outcomes}
    assert not views[broken]["migratable"] and views[broken]["reason"]
    due = {v["lands_at"][0]["due_at"] for i, v in views.items() if i != broken and i % 3 != 0}
    assert due == {"2026-07-21T17:00:00+07:00"}  # 60 days from 22/5/2026 (first time, upgrade)
    due_re = {v["lands_at"][0]["due_at"] for i, v in views.items() if i != broken and i % 3 == 0}
    assert due_re == {"2026-06-22T17:00:00+07:00"}  # 30 days: Sunday 21/6 rolls to Monday

    status = run_pending(ctx, designer, start_run(ctx, designer, R3_TO_R4))
    assert status.status == "finished"
    assert (status.counts["migrated"], status.counts["failed"]) == (COUNT - 1, 1)
    [failed] = [i for i in status.items if i["status"] == "failed"]
    assert failed["dossier_id"] == broken and failed["error"]
    assert _row(app, broken) == before
    moved = api.get("officer.huongkhe", f"/dossiers/{ids[0]}").json
    assert (moved["process_key"], moved["regulation"]) == ("ocop_evaluation", "R4")
    [task] = [t for t in moved["tasks"] if t["status"] == "open"]
    assert (task["element_id"], task["deadline_rule"]) == ("commune_review", "60 days from 2026-05-22")


def test_a_run_killed_half_way_resumes_and_moves_nobody_twice(app: Flask, clock: FixedClock) -> None:
    at(clock, 2026, 5, 20)
    ids = _file_r3(app, COUNT)
    at(clock, 2026, 5, 22)
    ctx, designer = ctx_of(app), load_actor(ctx_of(app), "designer")
    run_id = start_run(ctx, designer, R3_TO_R4)

    def crash_after_20(done: int, _total: int, _outcome: object) -> None:
        if done == 20:
            raise Crash

    try:
        run_pending(ctx, designer, run_id, progress=crash_after_20)
    except Crash:
        pass
    half = run_status(ctx, designer, run_id)
    assert (half.status, half.counts["migrated"], half.counts["pending"]) == ("running", 20, COUNT - 20)

    seen: list[int] = []
    done = run_pending(ctx, designer, run_id, progress=lambda n, total, o: seen.append(total))
    assert (done.status, done.counts["migrated"]) == ("finished", COUNT)
    assert set(seen) == {COUNT - 20}
    with ctx.uow() as uow:
        per_dossier = dict(uow.session.execute(select(AuditEntry.dossier_id, func.count()).where(
            AuditEntry.action == "migrate").group_by(AuditEntry.dossier_id)).all())
        assert per_dossier == dict.fromkeys(ids, 1)
        assert uow.session.execute(text("select count(*) from tasks where status = 'open'")).scalar() == COUNT
