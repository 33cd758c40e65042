"""The /api/v1 endpoints: thin parse → one service call → serialize."""

from __future__ import annotations

from typing import Any

from flask import g, request
from flask.wrappers import Response

from ..domain.calendar import WorkingCalendar
from ..domain.errors import ValidationFailed
from ..schemas.queries import DossierQuery
from ..schemas.resources import (
    AssignRequest,
    AuditSchema,
    CompleteRequest,
    DefinitionSchema,
    DossierSummarySchema,
    FileDossierRequest,
    TaskQuery,
    TaskSchema,
)
from ..services.deadlines import due_dates
from ..services.deadlines.calendar import current_calendar
from ..services.definitions import deploy as definitions
from ..services.dossiers import filing as dossiers
from ..services.regulations.registry import regulation_title
from ..services.tasks import actions as tasks
from .common import api, body, ctx, current_actor, query, reply


@api.get("/health")
def health() -> Response:
    return reply({"status": "ok"})


@api.get("/process-definitions")
def list_definitions() -> Response:
    current_actor()
    return reply(DefinitionSchema(many=True).dump(definitions.list_definitions(ctx())))


@api.post("/process-definitions")
def deploy() -> Response:
    actor = current_actor()
    uploads = request.files.getlist("files")
    if not uploads:
        raise ValidationFailed("upload the bundle as multipart field 'files' (repeat it per file)",
                               {"files": ["missing"]})
    files = {(u.filename or "").rsplit("/", 1)[-1]: u.read() for u in uploads}
    deployment = definitions.deploy_bundle(ctx(), actor, files)
    return reply(DefinitionSchema().dump(deployment.definition) | {"created": deployment.created},
                 201 if deployment.created else 200)


@api.get("/process-definitions/<key>/versions")
def versions(key: str) -> Response:
    current_actor()
    rows = definitions.list_versions(ctx(), key)
    return reply([DefinitionSchema().dump(d) | {"running_dossiers": n} for d, n in rows])


@api.post("/dossiers")
def file_dossier() -> Response:
    actor = current_actor()
    cmd = body(FileDossierRequest())
    dossier = dossiers.file_dossier(ctx(), actor, dossiers.FileDossier(**cmd))
    view = dossiers.get_dossier(ctx(), actor, dossier.id)
    return reply(_dossier_view(*view), 201)


@api.get("/dossiers")
def list_dossiers() -> Response:
    actor = current_actor()
    args = query(DossierQuery())
    rows, total = dossiers.list_dossiers(ctx(), actor, status=args["state"], limit=args["limit"],
                                         offset=args["offset"])
    items = [_with_regulation(item) for item in DossierSummarySchema(many=True).dump(rows)]
    return reply({"items": items, "total": total})


@api.get("/dossiers/<id:dossier_id>")
def get_dossier(dossier_id: int) -> Response:
    actor = current_actor()
    return reply(_dossier_view(*dossiers.get_dossier(ctx(), actor, dossier_id)))


# Rows come from the services; the schemas say which of their fields the API shows.
def _dossier_view(dossier: Any, task_rows: list[Any], history: list[Any]) -> dict[str, Any]:
    view: dict[str, Any] = _with_regulation(DossierSummarySchema().dump(dossier))
    view["data"] = dossier.data
    view["open_tasks"] = [_task_view(t) for t in task_rows if t.status == "open"]
    view["tasks"] = [_task_view(t) for t in task_rows]
    view["history"] = AuditSchema(many=True).dump(history)
    return view


def _with_regulation(view: dict[str, Any]) -> dict[str, Any]:
    view["regulation_title"] = regulation_title(ctx(), view.get("regulation"))
    return view


_TASK = TaskSchema()


def _task_view(row: Any) -> dict[str, Any]:
    view: dict[str, Any] = _TASK.dump(row)
    # The calendar is read only for an open task not yet overdue (a completed one needs none).
    view["deadline_status"] = due_dates.status(row.due_at, ctx().clock.now(), row.completed_at, _calendar)
    return view


def _calendar() -> WorkingCalendar:
    if "working_calendar" not in g:  # once per request: one small query, then the shared cache
        g.working_calendar = current_calendar(ctx())
    calendar: WorkingCalendar = g.working_calendar
    return calendar


@api.get("/tasks")
def list_tasks() -> Response:
    actor = current_actor()
    rows = tasks.list_tasks(ctx(), actor, tasks.TaskFilter(**query(TaskQuery())))
    return reply({"items": [_task_view(r) for r in rows]})


@api.get("/tasks/<task_id>")
def get_task(task_id: str) -> Response:
    actor = current_actor()
    row, form = tasks.get_task(ctx(), actor, task_id)
    return reply(_task_view(row) | {"form_schema": form, "draft": row.draft})


@api.post("/tasks/<task_id>/claim")
def claim(task_id: str) -> Response:
    return reply(_task_view(tasks.claim_task(ctx(), current_actor(), task_id)))


@api.post("/tasks/<task_id>/unclaim")
def unclaim(task_id: str) -> Response:
    return reply(_task_view(tasks.unclaim_task(ctx(), current_actor(), task_id)))


@api.post("/tasks/<task_id>/complete")
def complete(task_id: str) -> Response:
    actor = current_actor()
    data = body(CompleteRequest())["data"]
    return reply(_task_view(tasks.complete_task(ctx(), actor, task_id, data)))


@api.post("/tasks/<task_id>/assign")
def assign(task_id: str) -> Response:
    actor = current_actor()
    username = body(AssignRequest())["username"]
    return reply(_task_view(tasks.assign_task(ctx(), actor, task_id, username)))
