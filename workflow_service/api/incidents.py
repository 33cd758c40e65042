"""/api/v1/incidents: failed engine steps, for admins to retry or resolve."""

from __future__ import annotations

from flask import request
from flask.wrappers import Response

from ..schemas.incidents import IncidentQuery, IncidentSchema, ResolveRequest
from ..services.incidents import admin as incidents
from .common import api, body, ctx, current_actor, reply


@api.get("/incidents")
def list_incidents() -> Response:
    actor = current_actor()
    query = IncidentQuery().load(request.args.to_dict())
    rows, total = incidents.list_incidents(ctx(), actor, query["status"], query["limit"], query["offset"])
    return reply({"items": IncidentSchema(many=True).dump(rows), "total": total})


@api.get("/incidents/<id:incident_id>")
def get_incident(incident_id: int) -> Response:
    return reply(IncidentSchema().dump(incidents.get_incident(ctx(), current_actor(), incident_id)))


@api.post("/incidents/<id:incident_id>/retry")
def retry_incident(incident_id: int) -> Response:
    return reply(IncidentSchema().dump(incidents.retry_incident(ctx(), current_actor(), incident_id)))


@api.post("/incidents/<id:incident_id>/resolve")
def resolve_incident(incident_id: int) -> Response:
    actor = current_actor()
    payload = body(ResolveRequest())
    return reply(IncidentSchema().dump(incidents.resolve_incident(ctx(), actor, incident_id, payload["reason"])))
