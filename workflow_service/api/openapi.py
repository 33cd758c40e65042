"""OpenAPI 3 document for /api/v1, built with apispec from the marshmallow schemas."""

from __future__ import annotations

from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask.wrappers import Response

from ..schemas import monitoring as m
from ..schemas import resources as s
from .common import api, reply

_PROBLEM = {"description": "Problem", "content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}}


def _ok(schema: str | None, status: str = "200", many: bool = False) -> dict[str, Any]:
    content: dict[str, Any] = {}
    if schema:
        ref: dict[str, Any] = {"$ref": f"#/components/schemas/{schema}"}
        content = {"application/json": {"schema": {"type": "array", "items": ref} if many else ref}}
    return {status: {"description": "OK", "content": content}, "4XX": _PROBLEM}


def _json_body(schema: str) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {
        "schema": {"$ref": f"#/components/schemas/{schema}"}}}}


_TASK_ID = [{"name": "task_id", "in": "path", "required": True, "schema": {"type": "string"}}]
_PATHS: dict[str, dict[str, Any]] = {
    "/health": {"get": {"summary": "Liveness", "security": [], "responses": _ok(None)}},
    "/auth/token": {"post": {"summary": "Exchange username and password for a bearer token", "security": [],
                             "requestBody": _json_body("TokenRequest"), "responses": _ok("TokenResponse")}},
    "/process-definitions": {
        "get": {"summary": "Latest version of each process", "responses": _ok("Definition", many=True)},
        "post": {"summary": "Deploy a bundle (.bpmn + .dmn + form .json); 201 new version, 200 unchanged",
                 "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object", "properties": {
                     "files": {"type": "array", "items": {"type": "string", "format": "binary"}}}}}}},
                 "responses": {**_ok("Definition", "201"), "200": {"description": "Unchanged"}}}},
    "/process-definitions/{key}/versions": {"get": {
        "summary": "All versions with their running dossiers",
        "parameters": [{"name": "key", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": _ok("Definition", many=True)}},
    "/dossiers": {
        "get": {"summary": "Dossiers within your units", "responses": _ok(None)},
        "post": {"summary": "File a dossier at a commune, under the regulation in force on the filing day",
                 "requestBody": _json_body("FileDossierRequest"),
                 "responses": _ok("Dossier", "201")}},
    "/dossiers/{dossier_id}": {"get": {
        "summary": "A dossier with state, score, stars, certificate, open tasks and history",
        "parameters": [{"name": "dossier_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
        "responses": _ok("Dossier")}},
    "/tasks": {"get": {"summary": "Your tasks and the tasks you may claim, by due date",
                       "parameters": [{"name": n, "in": "query", "schema": {"type": "string"}}
                                      for n in ("scope", "process_key", "element_id", "dossier_id", "limit",
                                                "offset")],
                       "responses": _ok(None)}},
    "/tasks/{task_id}": {"get": {"summary": "A task with its form schema", "parameters": _TASK_ID,
                                 "responses": _ok("Task")}},
    "/tasks/{task_id}/claim": {"post": {"summary": "Claim (409 if someone else has it)",
                                        "parameters": _TASK_ID, "responses": _ok("Task")}},
    "/tasks/{task_id}/unclaim": {"post": {"summary": "Give a claimed task back", "parameters": _TASK_ID,
                                          "responses": _ok("Task")}},
    "/tasks/{task_id}/complete": {"post": {"summary": "Complete with form data (validated, 422 per field)",
                                           "parameters": _TASK_ID, "requestBody": _json_body("CompleteRequest"),
                                           "responses": _ok("Task")}},
    "/tasks/{task_id}/assign": {"post": {"summary": "Reassign (supervisor or chair)", "parameters": _TASK_ID,
                                         "requestBody": _json_body("AssignRequest"), "responses": _ok("Task")}},
    "/monitoring/tasks": {"get": {
        "summary": "Open tasks of a supervised unit's subtree by deadline status; format=csv|xlsx exports them",
        "parameters": [{"name": n, "in": "query", "schema": {"type": "string"}}
                       for n in ("unit", "status", "level", "process", "step", "assignee", "min_age",
                                 "due_soon_days", "limit", "offset", "format")],
        "responses": _ok("MonitoredTaskPage")}},
    "/monitoring/summary": {"get": {
        "summary": "Overdue/due-soon counts by unit and step, aging buckets, on-time rate per period",
        "parameters": [{"name": n, "in": "query", "schema": {"type": "string"}}
                       for n in ("unit", "period", "from", "to")],
        "responses": _ok("MonitoringSummary")}},
    "/dossiers/{dossier_id}/diagram": {"get": {
        "summary": "The dossier's BPMN with completed element ids and open steps (holder, offered to)",
        "parameters": [{"name": "dossier_id", "in": "path", "required": True, "schema": {"type": "integer"}}],
        "responses": _ok(None)}},
    "/process-definitions/{key}/versions/{version}/diagram": {"get": {
        "summary": "The BPMN XML of one version",
        "parameters": [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}}
                       for n in ("key", "version")],
        "responses": _ok(None)}},
    "/process-definitions/validate": {"post": {
        "summary": "Check an edited diagram {key, base_version, xml}: problems with element ids, nothing stored",
        "responses": _ok(None)}},
    "/process-definitions/{key}/compare": {"get": {
        "summary": "Changed, added and removed element ids between ?from= and ?to= versions",
        "parameters": [{"name": "key", "in": "path", "required": True, "schema": {"type": "string"}}]
        + [{"name": n, "in": "query", "required": True, "schema": {"type": "integer"}} for n in ("from", "to")],
        "responses": _ok(None)}},
}


def build_spec() -> dict[str, Any]:
    spec = APISpec(title="OCOP Flow API", version="1.0.0", openapi_version="3.0.3",
                   plugins=[MarshmallowPlugin()], servers=[{"url": "/api/v1"}],
                   security=[{"bearer": []}])
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})
    for name, schema in (("TokenRequest", s.TokenRequest), ("TokenResponse", s.TokenResponse),
                         ("Problem", s.ProblemSchema), ("Definition", s.DefinitionSchema),
                         ("FileDossierRequest", s.FileDossierRequest), ("Task", s.TaskSchema),
                         ("Dossier", s.DossierSchema), ("CompleteRequest", s.CompleteRequest),
                         ("AssignRequest", s.AssignRequest), ("MonitoredTaskPage", m.TaskPageSchema),
                         ("MonitoringSummary", m.SummarySchema)):
        spec.components.schema(name, schema=schema)
    for path, operations in _PATHS.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


@api.get("/openapi.json")
def openapi() -> Response:
    return reply(build_spec())
