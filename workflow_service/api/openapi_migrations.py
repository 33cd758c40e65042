"""OpenAPI paths and schemas of the migration endpoints (designers and admins)."""

from __future__ import annotations

from ..schemas.migration import DryRunQuery, PlanRequest, RunSchema, ShippedPlanSchema
from .openapi import COMPONENTS, JSON_BODY_ERRORS, PATHS, SIGNED_IN, json_body, ok, path_id, query, responses

DESIGNER = (*SIGNED_IN, 403)
RUN = [path_id("run_id")]
PLAN = json_body("MigrationPlanRequest", {"file": "r2_to_r3_2025.yaml"})

COMPONENTS.update({"MigrationPlanRequest": PlanRequest, "MigrationRun": RunSchema,
                   "ShippedMigrationPlan": ShippedPlanSchema})
PATHS.update({
    "/migrations/plans": {"get": {
        "summary": "The migration plans shipped in bpmn/migrations", "responses": responses(
            ok("ShippedMigrationPlan", many=True), *DESIGNER)}},
    "/migrations/validate": {"post": {
        "summary": "Check a plan against the deployed versions: 422 naming each field (an unmapped waiting "
                   "element, an unknown element id, bad YAML)", "requestBody": PLAN,
        "responses": responses(ok(), *DESIGNER, 404, *JSON_BODY_ERRORS)}},
    "/migrations/dry-run": {"post": {
        "summary": "Every affected dossier: where it waits, where it would land, who would hold the task, its "
                   "new deadline, or why it cannot migrate; nothing is written (format=csv for a file)",
        "parameters": query(DryRunQuery), "requestBody": PLAN,
        "responses": responses({"200": {"description": "The dry run", "content": {
            "application/json": {"schema": {}}, "text/csv": {"schema": {"type": "string"}}}}},
            *DESIGNER, 404, *JSON_BODY_ERRORS)}},
    "/migrations/runs": {
        "get": {"summary": "The latest migration runs with their counts",
                "responses": responses(ok("MigrationRun", many=True), *DESIGNER)},
        "post": {"summary": "Start a run of the plan (202): one transaction per dossier; follow it with "
                            "GET /migrations/runs/{run_id}", "requestBody": PLAN,
                 "responses": responses(ok("MigrationRun", "202"), *DESIGNER, 404, *JSON_BODY_ERRORS)}},
    "/migrations/runs/{run_id}": {"get": {
        "summary": "A run's progress: counts by status and every dossier with its error, if any",
        "parameters": RUN, "responses": responses(ok("MigrationRun"), *DESIGNER, 404)}},
    "/migrations/runs/{run_id}/resume": {"post": {
        "summary": "Continue a run whose process stopped: only its pending dossiers, none twice",
        "parameters": RUN, "responses": responses(ok("MigrationRun", "202"), *DESIGNER, 404)}},
    "/migrations/runs/{run_id}/dossiers/{dossier_id}/revert": {"post": {
        "summary": "Put a migrated dossier back exactly as it was; 409 with the reason once it has moved on",
        "parameters": [*RUN, path_id("dossier_id")],
        "responses": responses(ok(), *DESIGNER, 404, 409)}},
})
