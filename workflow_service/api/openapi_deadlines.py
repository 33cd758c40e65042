"""OpenAPI paths of the deadline endpoints (calendar, plans, rounds, reschedule, reports)."""

from __future__ import annotations

from typing import Any

from .openapi import _PATHS, _TASK_ID, _ok


def _q(*names: str) -> list[dict[str, Any]]:
    return [{"name": n, "in": "query", "schema": {"type": "string"}} for n in names]


def _json(properties: dict[str, str], required: list[str]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "required": required,
        "properties": {k: {"type": "string", **({"format": "date"} if v == "date" else {})}
                       for k, v in properties.items()}}}}}


_DAY = [{"name": "day", "in": "path", "required": True, "schema": {"type": "string", "format": "date"}}]
_PATHS.update({
    "/calendar": {"get": {"summary": "Non-working weekdays and working weekend days of a year, with reasons",
                          "parameters": _q("year"), "responses": _ok(None)}},
    "/calendar/corrections": {"get": {"summary": "Calendar corrections (admin)", "parameters": _q("year"),
                                      "responses": _ok(None)}},
    "/calendar/corrections/{day}": {
        "get": {"summary": "One correction (admin)", "parameters": _DAY, "responses": _ok(None)},
        "put": {"summary": "Mark a day working or off (admin); open due dates are recomputed",
                "parameters": _DAY, "requestBody": _json({"kind": "str", "reason": "str"}, ["kind", "reason"]),
                "responses": _ok(None)},
        "delete": {"summary": "Remove a correction (admin)", "parameters": _DAY, "responses": _ok(None)}},
    "/plans": {
        "get": {"summary": "Imported yearly plans", "parameters": _q("unit", "year"), "responses": _ok(None)},
        "post": {"summary": "Import a plan (YAML body); 422 names each bad line, 409 if the unit has one",
                 "parameters": _q("replace", "dry_run"),
                 "requestBody": {"required": True, "content": {"application/yaml": {"schema": {"type": "string"}}}},
                 "responses": _ok(None, "201")}},
    "/plans/{plan_id}": {"get": {"summary": "A plan with its steps and document", "responses": _ok(None),
                                 "parameters": [{"name": "plan_id", "in": "path", "required": True,
                                                 "schema": {"type": "integer"}}]}},
    "/rounds": {
        "get": {"summary": "Extra evaluation rounds", "parameters": _q("province"), "responses": _ok(None)},
        "post": {"summary": "Add an extra round (admin)", "responses": _ok(None, "201"),
                 "requestBody": _json({"province": "str", "level": "str", "proposals_by": "date",
                                       "closes_on": "date"}, ["province", "level", "proposals_by", "closes_on"])}},
    "/tasks/{task_id}/reschedule": {"post": {
        "summary": "Set a new due date once, with a reason, before the due day (holder or supervisor)",
        "parameters": _TASK_ID, "requestBody": _json({"due_on": "date", "reason": "str"}, ["due_on", "reason"]),
        "responses": _ok("Task")}},
    "/reports": {"get": {"summary": "Periodic report tasks of your units", "parameters": _q("unit", "status"),
                         "responses": _ok(None)}},
    "/reports/{report_id}/complete": {"post": {
        "summary": "Mark a report as sent", "responses": _ok(None),
        "parameters": [{"name": "report_id", "in": "path", "required": True, "schema": {"type": "integer"}}]}},
})
