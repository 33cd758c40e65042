"""/api/v1/reports: periodic report tasks of a unit, and completing one."""

from __future__ import annotations

from typing import Any

from flask.wrappers import Response

from ..schemas.queries import ReportQuery
from ..schemas.resources import LocalDateTime
from ..services.plans import reports
from .common import api, ctx, current_actor, query, reply

_INSTANT = LocalDateTime()


def _view(view: reports.ReportView) -> dict[str, Any]:
    row = view.row
    return {"id": row.id, "plan_id": row.plan_id, "unit": row.unit_code, "role": row.role, "step": row.step_key,
            "title": row.title, "period": row.period, "status": row.status,
            "due_at": _INSTANT.serialize("due_at", row), "completed_at": _INSTANT.serialize("completed_at", row),
            "completed_by": row.completed_by, "deadline_status": view.deadline_status}


@api.get("/reports")
def list_reports() -> Response:
    actor = current_actor()
    args = query(ReportQuery())
    views = reports.list_reports(ctx(), actor, args["unit"], args["status"])
    return reply({"items": [_view(v) for v in views]})


@api.post("/reports/<id:report_id>/complete")
def complete_report(report_id: int) -> Response:
    return reply(_view(reports.complete_report(ctx(), current_actor(), report_id)))
