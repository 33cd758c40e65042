"""OpenAPI paths of the deadline endpoints (calendar, plans, rounds, reschedule, reports)."""

from __future__ import annotations

from typing import Any

from ..schemas import queries as q
from .openapi import JSON_BODY_ERRORS, PATHS, SIGNED_IN, TASK_ID, json_body, ok, path_id, query, responses

DAY = [{"name": "day", "in": "path", "required": True, "schema": {"type": "string", "format": "date"}}]
ADMIN = (*SIGNED_IN, 403)
PLAN_BODY: dict[str, Any] = {"required": True, "content": {"application/yaml": {"schema": {
    "type": "string", "minLength": 1, "description": "A yearly plan (see plans/*.yaml); at most 1 MiB"}}}}

PATHS.update({
    "/calendar": {"get": {"summary": "Non-working weekdays and working weekend days of a year, with reasons",
                          "parameters": query(q.YearQuery), "responses": responses(ok(), *SIGNED_IN, 422)}},
    "/calendar/corrections": {"get": {"summary": "Calendar corrections (admin)",
                                      "parameters": query(q.OptionalYearQuery),
                                      "responses": responses(ok(), *ADMIN, 422)}},
    "/calendar/corrections/{day}": {
        "get": {"summary": "One correction (admin)", "parameters": DAY,
                "responses": responses(ok(), *ADMIN, 404, 422)},
        "put": {"summary": "Mark a day working or off (admin); open due dates are recomputed",
                "parameters": DAY, "requestBody": json_body("CorrectionRequest"),
                "responses": responses(ok(), *ADMIN, *JSON_BODY_ERRORS)},
        "delete": {"summary": "Remove a correction (admin)", "parameters": DAY,
                   "responses": responses(ok(), *ADMIN, 404, 422)}},
    "/plans": {
        "get": {"summary": "Imported yearly plans", "parameters": query(q.PlanQuery),
                "responses": responses(ok(), *SIGNED_IN, 422)},
        "post": {"summary": "Import a plan (YAML body); 422 names each bad line, 409 if the unit has one",
                 "parameters": query(q.PlanImportQuery), "requestBody": PLAN_BODY,
                 "responses": responses({**ok(status="201"), **ok(description="Dry run: checked, not stored")},
                                        *ADMIN, 400, 404, 409, 413, 422)}},
    "/plans/{plan_id}": {"get": {"summary": "A plan with its steps and document", "parameters": [path_id("plan_id")],
                                 "responses": responses(ok(), *SIGNED_IN, 404)}},
    "/rounds": {
        "get": {"summary": "Declared evaluation rounds (extra province and Ministry rounds, district rounds)",
                "parameters": query(q.RoundQuery), "responses": responses(ok(), *SIGNED_IN, 422)},
        "post": {"summary": "Add a round: province or Ministry (admin); district — a district's own, or a "
                            "province's for all its districts (admin, district or province office)",
                 "requestBody": json_body("RoundRequest"),
                 "responses": responses(ok(status="201"), *ADMIN, *JSON_BODY_ERRORS, 409)}},
    "/tasks/{task_id}/reschedule": {"post": {
        "summary": "Set a new due date once, with a reason, before the due day (holder or supervisor)",
        "parameters": TASK_ID, "requestBody": json_body("RescheduleRequest"),
        "responses": responses(ok("Task"), *ADMIN, 404, 409, *JSON_BODY_ERRORS)}},
    "/reports": {"get": {"summary": "Periodic report tasks of your units", "parameters": query(q.ReportQuery),
                         "responses": responses(ok(), *SIGNED_IN, 404, 422)}},
    "/reports/{report_id}/complete": {"post": {
        "summary": "Mark a report as sent", "parameters": [path_id("report_id")],
        "responses": responses(ok(), *ADMIN, 404, 409)}},
})
