"""/api/v1/plans: import a yearly plan (YAML body) and read the imported plans."""

from __future__ import annotations

from typing import Any

from flask.wrappers import Response

from ..domain.errors import ValidationFailed
from ..schemas.queries import PlanImportQuery, PlanQuery
from ..schemas.resources import LocalDateTime
from ..services.plans import importing as plans
from .common import api, ctx, current_actor, query, reply
from .json_body import read_text

_INSTANT = LocalDateTime()


def _plan_view(row: Any, with_document: bool = False) -> dict[str, Any]:
    view = plans.plan_view(row, with_document)
    return view | {"imported_at": _INSTANT.serialize("imported_at", view)}


@api.post("/plans")
def import_plan() -> Response:
    actor = current_actor()
    flags = query(PlanImportQuery())
    text = read_text()
    if not text.strip():
        raise ValidationFailed("send the plan as the request body (YAML, Content-Type: application/yaml)",
                               {"body": ["empty"]})
    result = plans.import_plan(ctx(), actor, text, replace=flags["replace"], dry_run=flags["dry_run"])
    view: dict[str, Any] = {
        "id": result.plan_id, "unit": result.plan.unit, "year": result.plan.year,
        "last_year": result.plan.last_year, "source": result.plan.source, "dry_run": result.dry_run,
        "replaced": result.replaced, "tasks_filled": result.tasks_filled,
        "reports_created": result.reports_created,
        "steps": [{"key": s.key, "title": s.title, "responsible": s.responsible, "line": s.line,
                   **plans.schedule_view(s.schedule)} for s in result.plan.steps],
        "rewards": plans.rewards_view(result.plan.rewards)}
    return reply(view, 200 if result.dry_run else 201)


@api.get("/plans")
def list_plans() -> Response:
    current_actor()
    args = query(PlanQuery())
    rows = plans.list_plans(ctx(), args["unit"], args["year"])
    return reply({"items": [_plan_view(r) for r in rows]})


@api.get("/plans/<id:plan_id>")
def get_plan(plan_id: int) -> Response:
    current_actor()
    return reply(_plan_view(plans.get_plan(ctx(), plan_id), with_document=True))
