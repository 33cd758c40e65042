"""OpenAPI paths and schemas of the annual cycle: ideas, business plans, producers' reports, rewards."""

from __future__ import annotations

from typing import Any

from ..schemas import cycle as c
from .openapi import COMPONENTS, JSON_BODY_ERRORS, PATHS, SIGNED_IN, json_body, ok, path_id, query, responses

IDEA_EXAMPLE = {"commune": "18101", "data": {
    "producer": {"name": "HTX Nông nghiệp Hương Khê", "type": "cooperative", "address": "Thôn 1, xã Hương Khê",
                 "phone": "0912 345 678"},
    "product": {"name": "Cam Khe Mây sấy", "group": "food", "description": "Cam Khe Mây sấy dẻo, đóng hộp."}}}
PLAN_EXAMPLE: dict[str, Any] = {"idea_id": 1, "data": {"plan": {
    "title": "Phương án sản xuất cam sấy", "objectives": "Xưởng sấy 2 tấn/năm", "investment_million_vnd": 600,
    "duration_months": 12}}}
STARTED = responses(ok("Dossier", "201"), *SIGNED_IN, *JSON_BODY_ERRORS, 403, 404, 409)

COMPONENTS.update({"RegisterIdeaRequest": c.RegisterIdeaRequest, "SubmitPlanRequest": c.SubmitPlanRequest,
                   "ProducerReportRequest": c.ProducerReportRequest})
PATHS.update({
    "/ideas": {
        "get": {"summary": "Product ideas you may see, with status and selection decision",
                "parameters": query(c.IdeaQuery), "responses": responses(ok(), *SIGNED_IN, 422)},
        "post": {"summary": "A producer registers a product idea at their commune (`data`: forms/idea_registration"
                            ".json); the commune reviews it, the district (until 30/6/2025) or the province selects",
                 "requestBody": json_body("RegisterIdeaRequest", IDEA_EXAMPLE), "responses": STARTED}},
    "/ideas/{idea_id}": {"get": {
        "summary": "An idea with its status, selection decision, open tasks and history",
        "parameters": [path_id("idea_id")], "responses": responses(ok("Dossier"), *SIGNED_IN, 404)}},
    "/business-plans": {
        "get": {"summary": "Business plans you may see, with status and approval decision",
                "parameters": query(c.PlanQuery), "responses": responses(ok(), *SIGNED_IN, 422)},
        "post": {"summary": "The producer of a selected idea submits its business plan (`data`: "
                            "forms/business_plan.json); 409 when the idea is not selected or has a plan",
                 "requestBody": json_body("SubmitPlanRequest", PLAN_EXAMPLE), "responses": STARTED}},
    "/business-plans/{plan_id}": {"get": {
        "summary": "A business plan with its status, approval decision, open tasks and history",
        "parameters": [path_id("plan_id")], "responses": responses(ok("Dossier"), *SIGNED_IN, 404)}},
})
