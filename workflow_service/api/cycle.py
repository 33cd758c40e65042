"""/api/v1/ideas and /api/v1/business-plans: the cycle's steps before the evaluation."""

from __future__ import annotations

from typing import Any

from flask.wrappers import Response

from ..domain.cycle import IDEA_SERIES, PLAN_SERIES
from ..schemas.cycle import IdeaQuery, PlanQuery, RegisterIdeaRequest, SubmitPlanRequest
from ..schemas.resources import DossierSummarySchema
from ..services.cycle import business_plans, ideas, views
from ..services.cycle.views import CycleDetail, CycleItem
from .common import api, body, ctx, current_actor, query, reply
from .routes import _dossier_view

_SUMMARY = DossierSummarySchema()


def item_view(item: CycleItem) -> dict[str, Any]:
    view: dict[str, Any] = _SUMMARY.dump(item.row)
    view.update(status=item.status, decision=item.decision, open_steps=sorted(item.open_steps))
    return view


def _detail(detail: CycleDetail) -> dict[str, Any]:
    view = _dossier_view(detail.item.row, detail.tasks, detail.history)
    view.update(status=detail.item.status, decision=detail.item.decision)
    return view


@api.post("/ideas")
def register_idea() -> Response:
    actor = current_actor()
    cmd = body(RegisterIdeaRequest())
    row = ideas.register_idea(ctx(), actor, cmd["commune"], cmd["data"])
    return reply(_detail(views.get_item(ctx(), actor, IDEA_SERIES, row.id)), 201)


@api.get("/ideas")
def list_ideas() -> Response:
    actor = current_actor()
    args = query(IdeaQuery())
    items = views.list_items(ctx(), actor, IDEA_SERIES, status=args["status"], statuses=ideas.IDEA_STATUSES,
                             own_only=args["mine"])
    if args["decision"] is not None:  # the feasible ideas a selection decision lists
        items = [i for i in items if i.decision and i.decision.get("number") == args["decision"]]
    return reply({"items": [item_view(i) for i in items]})


@api.get("/ideas/<id:idea_id>")
def get_idea(idea_id: int) -> Response:
    return reply(_detail(views.get_item(ctx(), current_actor(), IDEA_SERIES, idea_id)))


@api.post("/business-plans")
def submit_business_plan() -> Response:
    actor = current_actor()
    cmd = body(SubmitPlanRequest())
    row = business_plans.submit_business_plan(ctx(), actor, cmd["idea_id"], cmd["data"])
    return reply(_detail(views.get_item(ctx(), actor, PLAN_SERIES, row.id)), 201)


@api.get("/business-plans")
def list_business_plans() -> Response:
    actor = current_actor()
    args = query(PlanQuery())
    items = views.list_items(ctx(), actor, PLAN_SERIES, status=args["status"],
                             statuses=business_plans.PLAN_STATUSES, own_only=args["mine"], idea_id=args["idea_id"])
    return reply({"items": [item_view(i) for i in items]})


@api.get("/business-plans/<id:plan_id>")
def get_business_plan(plan_id: int) -> Response:
    return reply(_detail(views.get_item(ctx(), current_actor(), PLAN_SERIES, plan_id)))


