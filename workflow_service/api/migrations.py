"""/api/v1/migrations: validate a plan, dry-run it (JSON or CSV), start and follow a run, revert a dossier.

Designers and admins only (403 for everyone else). A run is recorded at once (202) and moved in a
background thread of this process; `POST …/resume` continues one whose process died. In the testing
environment the run is moved before the answer, so tests need no waiting.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask.wrappers import Response

from ..domain.access import Actor
from ..schemas.migration import DryRunQuery, PlanRequest, RunSchema, ShippedPlanSchema
from ..services.migration import background, plans, revert, runs
from ..services.migration import dry_run as previews
from .common import api, body, ctx, current_actor, query, reply


def _plan_text(actor: Actor) -> str:
    plans.require_designer(actor)  # 403 before the body says anything
    loaded = body(PlanRequest())
    return plans.plan_text(ctx(), loaded.get("plan"), loaded.get("file"))


@api.get("/migrations/plans")
def shipped_plans() -> Response:
    plans.require_designer(current_actor())
    return reply(ShippedPlanSchema(many=True).dump(plans.shipped_plans(ctx())))


@api.post("/migrations/validate")
def validate_plan() -> Response:
    actor = current_actor()
    return reply({"valid": True, "plan": previews.validate_plan(ctx(), actor, _plan_text(actor))})


@api.post("/migrations/dry-run")
def dry_run() -> Response:
    actor = current_actor()
    wanted = query(DryRunQuery())["format"]
    preview = previews.dry_run(ctx(), actor, _plan_text(actor))
    if wanted == "csv":
        response = current_app.response_class(previews.preview_csv(preview), mimetype="text/csv")
        response.headers["Content-Disposition"] = f'attachment; filename="{preview.plan["name"]}-dry-run.csv"'
        return response
    return reply({"plan": preview.plan, "counts": preview.counts,
                  "dossiers": [previews.outcome_view(o) for o in preview.outcomes]})


@api.post("/migrations/runs")
def start_run() -> Response:
    actor = current_actor()
    run_id = runs.start_run(ctx(), actor, _plan_text(actor))
    return _executing(actor, run_id)


@api.get("/migrations/runs")
def list_runs() -> Response:
    return reply(RunSchema(many=True).dump(runs.list_runs(ctx(), current_actor())))


@api.get("/migrations/runs/<id:run_id>")
def run_status(run_id: int) -> Response:
    return reply(RunSchema().dump(runs.run_status(ctx(), current_actor(), run_id)))


@api.post("/migrations/runs/<id:run_id>/resume")
def resume_run(run_id: int) -> Response:
    actor = current_actor()
    runs.run_status(ctx(), actor, run_id)  # 403/404 before anything starts
    return _executing(actor, run_id)


@api.post("/migrations/runs/<id:run_id>/dossiers/<id:dossier_id>/revert")
def revert_dossier(run_id: int, dossier_id: int) -> Response:
    return reply(revert.revert_dossier(ctx(), current_actor(), run_id, dossier_id))


def _executing(actor: Actor, run_id: int) -> Response:
    background.execute(ctx(), actor, run_id, inline=current_app.extensions["ocopflow.settings"].env == "testing")
    view: dict[str, Any] = RunSchema().dump(runs.run_status(ctx(), actor, run_id))
    return reply(view, 202)
