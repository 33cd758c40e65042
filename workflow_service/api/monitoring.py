"""/api/v1/monitoring: a supervisor's overdue and due-soon tasks, their export, and the summary."""

from __future__ import annotations

from flask.wrappers import Response

from ..domain.clock import VN_TZ
from ..schemas.monitoring import MonitoringQuery, SummaryQuery, SummarySchema, TaskPageSchema, filter_args
from ..services.monitoring import (
    export as monitoring_export,
)
from ..services.monitoring import (
    summary as monitoring_summary,
)
from ..services.monitoring import (
    task_list as monitoring,
)
from .common import api, ctx, current_actor, query, reply


@api.get("/monitoring/tasks")
def monitored_tasks() -> Response:
    actor = current_actor()
    args = query(MonitoringQuery())
    flt = monitoring.MonitoringFilter(**filter_args(args))
    if args["format"] == "json":
        return reply(TaskPageSchema().dump(monitoring.monitored_tasks(ctx(), actor, flt)))
    return export_response(*monitoring.tasks_for_export(ctx(), actor, flt), flt.status, args["format"])


def export_response(unit: str, items: list[monitoring.MonitoredTask], status: str | None,
                    extension: str) -> Response:
    today = ctx().clock.now().astimezone(VN_TZ).date()
    content, content_type, name = monitoring_export.export_file(unit, items, status, today, extension)
    return Response(content, content_type=content_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "Cache-Control": "no-store"})


@api.get("/monitoring/summary")
def summary() -> Response:
    actor = current_actor()
    args = query(SummaryQuery())
    result = monitoring_summary.summarize(ctx(), actor, args["unit"], args["period"], args["start"], args["end"])
    return reply(SummarySchema().dump(result))
