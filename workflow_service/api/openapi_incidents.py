"""OpenAPI paths and schemas of the incident endpoints (admins)."""

from __future__ import annotations

from typing import Any

from ..schemas.incidents import IncidentPageSchema, IncidentSchema, ResolveRequest
from .openapi import _EXTRA_SCHEMAS, _PATHS, _json_body, _ok

_ID = [{"name": "incident_id", "in": "path", "required": True, "schema": {"type": "integer"}}]
_QUERY: list[dict[str, Any]] = [
    {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["open", "resolved", "all"]}},
    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
    {"name": "offset", "in": "query", "schema": {"type": "integer"}}]

_EXTRA_SCHEMAS.update({"Incident": IncidentSchema, "IncidentPage": IncidentPageSchema,
                       "ResolveRequest": ResolveRequest})
_PATHS.update({
    "/incidents": {"get": {
        "summary": "Failed engine steps (a script past its time or size limit, or raising); admins only",
        "parameters": _QUERY, "responses": _ok("IncidentPage")}},
    "/incidents/{incident_id}": {"get": {"summary": "One incident (admin)", "parameters": _ID,
                                         "responses": _ok("Incident")}},
    "/incidents/{incident_id}/retry": {"post": {
        "summary": "Re-run the failed step on the dossier's latest state (admin); resolves it, or 422 and "
                   "one more attempt when it fails again",
        "parameters": _ID, "responses": _ok("Incident")}},
    "/incidents/{incident_id}/resolve": {"post": {
        "summary": "Close the incident with a reason (admin)", "parameters": _ID,
        "requestBody": _json_body("ResolveRequest"), "responses": _ok("Incident")}},
})
