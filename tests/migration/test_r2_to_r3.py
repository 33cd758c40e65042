"""The July 2025 reform: a dossier filed on 20/6/2025 under R2 and waiting at the district on 6/7/2025 is
migrated to R3 (dry run, then a run) and finishes at the province with its whole history and scores;
reverting it before it moves on restores it exactly; after it moved on, revert is refused."""

from __future__ import annotations

from typing import Any

from flask import Flask

from tests.conftest import Api
from tests.engine.evaluation_steps import ADVISORY_OK, CHAIR_APPROVES, NOTIFY, OFFICE_OK, SCORE_78
from workflow_service.domain.clock import FixedClock
from workflow_service.services.accounts.users import load_actor
from workflow_service.services.migration.dry_run import dry_run, outcome_view
from workflow_service.services.migration.revert import revert_dossier
from workflow_service.services.migration.runs import run_pending, start_run

from .helpers import R2_TO_R3, at, ctx_of, file_r2_at_district, open_tasks


def _finish_at_province(api: Api, dossier_id: int) -> None:
    [check] = open_tasks(api, dossier_id)
    assert api.do("office.hatinh", check["id"], OFFICE_OK[1]).status_code == 200
    [advisory] = open_tasks(api, dossier_id)
    assert api.do("advisory.hatinh", advisory["id"], ADVISORY_OK[1]).status_code == 200
    sheets = dict(zip(["council1.hatinh", "council2.hatinh", "council3.hatinh"], SCORE_78[1], strict=True))
    for task in open_tasks(api, dossier_id):
        assert api.do(task["candidate"], task["id"], sheets[task["candidate"]]).status_code == 200
    [chair] = open_tasks(api, dossier_id)
    assert api.do("chair.hatinh", chair["id"], CHAIR_APPROVES[1]).status_code == 200
    [notify] = open_tasks(api, dossier_id)
    assert api.do("office.hatinh", notify["id"], NOTIFY[1]).status_code == 200


def _state(api: Api, dossier_id: int) -> dict[str, Any]:
    view = api.get("admin", f"/dossiers/{dossier_id}").json
    return {k: view[k] for k in ("process_key", "version", "regulation", "state", "data", "tasks", "score", "stars")}


def test_a_district_dossier_continues_at_the_province_and_finishes_there(app: Flask, api: Api,
                                                                          clock: FixedClock) -> None:
    at(clock, 2025, 6, 20)
    dossier = file_r2_at_district(api)
    [district] = open_tasks(api, dossier["id"])
    assert (district["element_id"], district["role"], district["unit_code"]) == ("district_check", "district_officer", "444")
    at(clock, 2025, 7, 6, api=api)
    ctx, designer = ctx_of(app), load_actor(ctx_of(app), "designer")

    preview = dry_run(ctx, designer, R2_TO_R3)
    [row] = [outcome_view(o) for o in preview.outcomes if o.dossier_id == dossier["id"]]
    assert row["migratable"] and row["waiting_at"] == ["district_check"]
    assert [(x["element_id"], x["offered_to"], x["holder"]) for x in row["lands_at"]] == [
        ("office_check", "province_office@42", None)]
    assert _state(api, dossier["id"])["process_key"] == "ocop_qd148_2023"  # the dry run changed nothing

    run_id = start_run(ctx, designer, R2_TO_R3)
    status = run_pending(ctx, designer, run_id)
    assert status.status == "finished" and status.counts["migrated"] >= 1, status
    after = _state(api, dossier["id"])
    assert (after["process_key"], after["regulation"]) == ("ocop_qd1489_2025", "R3")
    [check] = [t for t in after["tasks"] if t["status"] == "open"]
    assert (check["element_id"], check["role"], check["unit_code"]) == ("office_check", "province_office", "42")
    assert after["data"]["local_raw_materials"] is True  # the commune's assessment is kept

    _finish_at_province(api, dossier["id"])
    done = api.get("admin", f"/dossiers/{dossier['id']}").json
    assert (done["state"], done["stars"], done["score"]) == ("completed", 4, 78.0)
    actions = [(h["action"], h.get("data", {}).get("element")) for h in done["history"] if h["action"] not in ("claim", "document")]
    assert actions == [("file", None), ("complete", "commune_review"), ("migrate", None),
                       *[("complete", e) for e in ("office_check", "advisory_review", "council_scoring",
                                                   "council_scoring", "council_scoring")],
                       ("certificate_issued", None),  # the record, written in the chair's step
                       *[("complete", e) for e in ("chair_decision", "notify_result")]]
    migrate = next(h for h in done["history"] if h["action"] == "migrate")
    assert migrate["actor"] == "designer" and migrate["data"]["from"]["elements"] == ["district_check"]
    assert migrate["data"]["to"]["elements"] == ["office_check"] and migrate["data"]["plan"] == "r2-to-r3-2025"


def test_revert_restores_exactly_and_is_refused_once_the_dossier_moved_on(app: Flask, api: Api,
                                                                          clock: FixedClock) -> None:
    at(clock, 2025, 6, 20)
    dossier = file_r2_at_district(api)
    [district] = open_tasks(api, dossier["id"])
    assert api.post("officer.huongkhe.district", f"/tasks/{district['id']}/claim").status_code == 200
    before = _state(api, dossier["id"])
    at(clock, 2025, 7, 6, api=api)
    ctx, designer = ctx_of(app), load_actor(ctx_of(app), "designer")
    run_id = start_run(ctx, designer, R2_TO_R3)
    run_pending(ctx, designer, run_id)
    moved = _state(api, dossier["id"])
    assert moved["process_key"] == "ocop_qd1489_2025"
    [check] = [t for t in moved["tasks"] if t["status"] == "open"]
    assert check["claimed_by"] is None  # the district officer's claim does not follow to the province

    revert_dossier(ctx, designer, run_id, dossier["id"])
    assert _state(api, dossier["id"]) == before  # state, tasks, deadlines, holder

    second = start_run(ctx, designer, R2_TO_R3)
    run_pending(ctx, designer, second)
    [check] = open_tasks(api, dossier["id"])
    assert api.do("office.hatinh", check["id"], OFFICE_OK[1]).status_code == 200
    refused = api.post("designer", f"/migrations/runs/{second}/dossiers/{dossier['id']}/revert")
    assert refused.status_code == 409, refused.json
    assert "moved on" in refused.json["detail"] and "office_check" in refused.json["detail"]
