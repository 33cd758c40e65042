"""OpenAPI paths and schemas of the incident endpoints (admins)."""

from __future__ import annotations

from ..schemas.incidents import IncidentPageSchema, IncidentQuery, IncidentSchema, ResolveRequest
from .openapi import COMPONENTS, JSON_BODY_ERRORS, PATHS, SIGNED_IN, json_body, ok, path_id, query, responses

ADMIN = (*SIGNED_IN, 403)
ID = [path_id("incident_id")]

COMPONENTS.update({"Incident": IncidentSchema, "IncidentPage": IncidentPageSchema,
                   "ResolveRequest": ResolveRequest})
PATHS.update({
    "/incidents": {"get": {
        "summary": "Failed engine steps (a script past its time or size limit, or raising); admins only",
        "parameters": query(IncidentQuery), "responses": responses(ok("IncidentPage"), *ADMIN, 422)}},
    "/incidents/{incident_id}": {"get": {"summary": "One incident (admin)", "parameters": ID,
                                         "responses": responses(ok("Incident"), *ADMIN, 404)}},
    "/incidents/{incident_id}/retry": {"post": {
        "summary": "Re-run the failed step on the dossier's latest state (admin); resolves it, or 422 and "
                   "one more attempt when it fails again",
        "parameters": ID, "responses": responses(ok("Incident"), *ADMIN, 404, 409, 422)}},
    "/incidents/{incident_id}/resolve": {"post": {
        "summary": "Close the incident with a reason (admin)", "parameters": ID,
        "requestBody": json_body("ResolveRequest"),
        "responses": responses(ok("Incident"), *ADMIN, 404, 409, *JSON_BODY_ERRORS)}},
})
