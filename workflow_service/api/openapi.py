"""OpenAPI 3 document for /api/v1, built with apispec from the marshmallow schemas.

Query parameters come from the same schemas the routes load them with (schemas/queries.py), so their
types and ranges are the ones checked; each operation lists every status it can answer.
"""

from __future__ import annotations

from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask.wrappers import Response
from marshmallow import Schema

from ..schemas import accounts as a
from ..schemas import deadlines as d
from ..schemas import designer as g
from ..schemas import monitoring as m
from ..schemas import notifications as n
from ..schemas import queries as q
from ..schemas import resources as s
from .common import api, reply
from .json_body import JSON_MAX_BYTES, MAX_DEPTH, MAX_KEYS

PROBLEMS = {
    400: "The body is not valid JSON (or not UTF-8 text)",
    401: "No valid bearer token",
    403: "Your roles do not allow this",
    404: "No such resource among those you may see",
    409: "The resource's current state does not allow this",
    413: f"The body is larger than allowed ({JSON_MAX_BYTES} bytes for JSON)",
    415: "The body is not application/json",
    422: f"Validation failed: `errors` names each field (JSON at most {MAX_DEPTH} deep, {MAX_KEYS} keys)",
    429: "Too many attempts; try again later",
    503: "Not ready: `errors` names each check that failed (database, scheduler)",
}
JSON_BODY_ERRORS = (400, 413, 415, 422)
SIGNED_IN = (401,)


def responses(ok: dict[str, Any], *statuses: int) -> dict[str, Any]:
    """`ok` ({status: response}) plus a problem+json response for each error status."""
    result = dict(ok)
    for status in sorted(set(statuses)):
        result[str(status)] = {"description": PROBLEMS[status], "content": {"application/problem+json": {
            "schema": {"$ref": "#/components/schemas/Problem"}}}}
    return result


def ok(schema: str | None = None, status: str = "200", many: bool = False,
       description: str = "OK") -> dict[str, Any]:
    content: dict[str, Any] = {}
    if schema:
        ref: dict[str, Any] = {"$ref": f"#/components/schemas/{schema}"}
        content = {"application/json": {"schema": {"type": "array", "items": ref} if many else ref}}
    return {status: {"description": description, "content": content or {"application/json": {"schema": {}}}}}


def json_body(schema: str, example: dict[str, Any] | None = None) -> dict[str, Any]:
    media: dict[str, Any] = {"schema": {"$ref": f"#/components/schemas/{schema}"}}
    if example is not None:
        media["example"] = example
    return {"required": True, "content": {"application/json": media}}


def query(schema: type[Schema]) -> list[dict[str, Any]]:
    return [{"in": "query", "schema": schema}]


def path_id(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True,
            "schema": {"type": "integer", "format": "int64", "minimum": 1, "maximum": q.MAX_ID}}


def path_text(name: str, max_length: int = 120) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True,
            "schema": {"type": "string", "minLength": 1, "maxLength": max_length}}


TASK_ID = [path_text("task_id", 36)]
FILING_EXAMPLE = {"process_key": "ocop_evaluation", "commune": "18101", "kind": "first_time", "data": {
    "producer": {"name": "HTX Nông nghiệp Hương Khê", "type": "cooperative", "address": "Thôn 1, xã Hương Khê",
                 "phone": "0912 345 678"},
    "product": {"name": "Bưởi Phúc Trạch", "group": "food"}}}
TASK_ACTION = (*SIGNED_IN, 403, 404, 409)

PATHS: dict[str, dict[str, Any]] = {
    "/health": {"get": {"summary": "Liveness", "security": [], "responses": ok()}},
    "/ready": {"get": {"summary": "Readiness: the database answers and, where a scheduler is expected, its "
                                  "heartbeat is fresh (503 naming what is not ready)",
                       "security": [], "responses": responses(ok(), 503)}},
    "/openapi.json": {"get": {"summary": "This document", "security": [], "responses": ok()}},
    "/auth/token": {"post": {
        "summary": "Exchange username and password for an access token (15 min) and a refresh token (8 h); "
                   "429 with Retry-After after 5 failures per user or 20 per address in 15 minutes",
        "security": [], "requestBody": json_body("TokenRequest"),
        "responses": responses(ok("TokenPair"), *JSON_BODY_ERRORS, 401, 429)}},
    "/auth/refresh": {"post": {
        "summary": "Spend a refresh token for a new pair (rotation); a spent, expired or revoked one is 401, "
                   "and a spent one shown again ends every session of its user",
        "security": [], "requestBody": json_body("RefreshRequest"),
        "responses": responses(ok("TokenPair"), *JSON_BODY_ERRORS, 401)}},
    "/me/password": {"post": {
        "summary": "Change your password; every other session and token ends, a new pair is returned",
        "requestBody": json_body("PasswordChangeRequest"),
        "responses": responses(ok("TokenPair"), *SIGNED_IN, *JSON_BODY_ERRORS)}},
    "/users/{username}/revoke-sessions": {"post": {
        "summary": "End every session, access and refresh token of a user (admin; audited)",
        "parameters": [path_text("username")],
        "responses": responses(ok("Revoked"), *SIGNED_IN, 403, 404)}},
    "/process-definitions": {
        "get": {"summary": "Latest version of each process",
                "responses": responses(ok("Definition", many=True), *SIGNED_IN)},
        "post": {"summary": "Deploy a bundle (.bpmn + .dmn + form .json); 201 new version, 200 unchanged, "
                            "422 names each problem by file:line [element]",
                 "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                     "type": "object", "required": ["files"], "properties": {
                         "files": {"type": "array", "minItems": 1,
                                   "items": {"type": "string", "format": "binary"}}}}}}},
                 "responses": responses({**ok("Definition", "201"), **ok("Definition", description="Unchanged")},
                                        *SIGNED_IN, 403, 413, 422)}},
    "/process-definitions/{key}/versions": {"get": {
        "summary": "All versions with their running dossiers", "parameters": [path_text("key")],
        "responses": responses(ok("Definition", many=True), *SIGNED_IN, 404)}},
    "/dossiers": {
        "get": {"summary": "Dossiers within your units", "parameters": query(q.DossierQuery),
                "responses": responses(ok(), *SIGNED_IN, 422)},
        "post": {"summary": "File a dossier at a commune, under the regulation in force on the filing day; `data` must satisfy the process's registration form "
                            "(GET /tasks/{id} shows form schemas), checked before the process starts",
                 "requestBody": json_body("FileDossierRequest", FILING_EXAMPLE),
                 "responses": responses(ok("Dossier", "201"), *SIGNED_IN, *JSON_BODY_ERRORS, 403, 404, 409)}},
    "/dossiers/{dossier_id}": {"get": {
        "summary": "A dossier with state, score, stars, certificate, open tasks and history",
        "parameters": [path_id("dossier_id")], "responses": responses(ok("Dossier"), *SIGNED_IN, 404)}},
    "/tasks": {"get": {"summary": "Your tasks and the tasks you may claim, by due date",
                       "parameters": query(s.TaskQuery), "responses": responses(ok(), *SIGNED_IN, 422)}},
    "/tasks/{task_id}": {"get": {"summary": "A task with its form schema", "parameters": TASK_ID,
                                 "responses": responses(ok("TaskDetail"), *SIGNED_IN, 404)}},
    "/tasks/{task_id}/claim": {"post": {"summary": "Claim (409 if someone else has it)", "parameters": TASK_ID,
                                        "responses": responses(ok("Task"), *TASK_ACTION)}},
    "/tasks/{task_id}/unclaim": {"post": {"summary": "Give a claimed task back", "parameters": TASK_ID,
                                          "responses": responses(ok("Task"), *TASK_ACTION)}},
    "/tasks/{task_id}/complete": {"post": {
        "summary": "Complete with form data (validated against the step's form, 422 per field)",
        "parameters": TASK_ID, "requestBody": json_body("CompleteRequest"),
        "responses": responses(ok("Task"), *TASK_ACTION, *JSON_BODY_ERRORS)}},
    "/tasks/{task_id}/assign": {"post": {
        "summary": "Reassign (supervisor or chair)", "parameters": TASK_ID, "requestBody": json_body("AssignRequest"),
        "responses": responses(ok("Task"), *TASK_ACTION, *JSON_BODY_ERRORS)}},
    "/monitoring/tasks": {"get": {
        "summary": "Open tasks of a supervised unit's subtree by deadline status; format=csv|xlsx exports them",
        "parameters": query(m.MonitoringQuery),
        "responses": responses({"200": {"description": "The page, or the export file", "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/MonitoredTaskPage"}},
            "text/csv": {"schema": {"type": "string"}},
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                "schema": {"type": "string", "format": "binary"}}}}}, *SIGNED_IN, 403, 404, 422)}},
    "/monitoring/summary": {"get": {
        "summary": "Overdue/due-soon counts by unit and step, aging buckets, on-time rate per period "
                   "(from ≤ to, at most 36 periods)",
        "parameters": query(m.SummaryQuery),
        "responses": responses(ok("MonitoringSummary"), *SIGNED_IN, 403, 404, 422)}},
    "/notifications": {"get": {"summary": "My deadline notifications", "parameters": query(n.NotificationQuery),
                               "responses": responses(ok(), *SIGNED_IN, 422)}},
    "/notifications/{notification_id}/read": {"post": {
        "summary": "Mark one of my notifications read", "parameters": [path_id("notification_id")],
        "responses": responses(ok(), *SIGNED_IN, 404)}},
    "/dossiers/{dossier_id}/diagram": {"get": {
        "summary": "The dossier's BPMN with completed element ids and open steps (holder, offered to)",
        "parameters": [path_id("dossier_id")], "responses": responses(ok(), *SIGNED_IN, 404)}},
    "/process-definitions/{key}/versions/{version}/diagram": {"get": {
        "summary": "The BPMN XML of one version", "parameters": [path_text("key"), path_id("version")],
        "responses": responses(ok(), *SIGNED_IN, 404)}},
    "/process-definitions/validate": {"post": {
        "summary": "Check an edited diagram or decision table {key, base_version, xml, file?}: problems with element "
                   "ids, nothing stored",
        "requestBody": json_body("DiagramRequest"),
        "responses": responses(ok(), *SIGNED_IN, *JSON_BODY_ERRORS, 403, 404)}},
    "/process-definitions/{key}/compare": {"get": {
        "summary": "Changed, added and removed element ids between ?from= and ?to= versions",
        "parameters": [path_text("key"), *query(q.CompareQuery)],
        "responses": responses(ok(), *SIGNED_IN, 403, 404, 422)}},
}
COMPONENTS: dict[str, type[Schema]] = {
    "TokenRequest": s.TokenRequest, "TokenPair": a.TokenPairResponse, "RefreshRequest": a.RefreshRequest,
    "PasswordChangeRequest": a.PasswordChangeRequest, "Revoked": a.RevokedResponse, "Problem": s.ProblemSchema,
    "Definition": s.DefinitionSchema, "FileDossierRequest": s.FileDossierRequest, "Task": s.TaskSchema,
    "TaskDetail": s.TaskDetailSchema, "Dossier": s.DossierSchema, "CompleteRequest": s.CompleteRequest,
    "AssignRequest": s.AssignRequest, "MonitoredTaskPage": m.TaskPageSchema, "MonitoringSummary": m.SummarySchema,
    "DiagramRequest": g.DiagramRequest, "CorrectionRequest": d.CorrectionRequest, "RoundRequest": d.RoundRequest,
    "RescheduleRequest": d.RescheduleRequest,
}


def build_spec() -> dict[str, Any]:
    spec = APISpec(title="OCOP Flow API", version="1.0.0", openapi_version="3.0.3",
                   plugins=[MarshmallowPlugin()], servers=[{"url": "/api/v1"}],
                   security=[{"bearer": []}])
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
    for name, schema in COMPONENTS.items():
        spec.components.schema(name, schema=schema)
    for path, operations in PATHS.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


@api.get("/openapi.json")
def openapi() -> Response:
    return reply(build_spec())
