"""POST /api/v1/tasks/<id>/reschedule: a new due date, once, with a reason."""

from __future__ import annotations

from flask.wrappers import Response

from ..schemas.deadlines import RescheduleRequest
from ..services.deadlines.reschedule import reschedule_task
from .common import api, body, ctx, current_actor, reply
from .routes import _task_view


@api.post("/tasks/<task_id>/reschedule")
def reschedule(task_id: str) -> Response:
    actor = current_actor()
    payload = body(RescheduleRequest())
    row = reschedule_task(ctx(), actor, task_id, payload["due_on"], payload["reason"])
    return reply(_task_view(row))
