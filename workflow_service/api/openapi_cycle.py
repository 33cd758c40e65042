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
STARTED = responses(ok("CycleItem", "201"), *SIGNED_IN, *JSON_BODY_ERRORS, 403, 404, 409)

COMPONENTS.update({"RegisterIdeaRequest": c.RegisterIdeaRequest, "SubmitPlanRequest": c.SubmitPlanRequest,
                   "CycleItem": c.CycleItemSchema})
PATHS.update({
    "/ideas": {
        "get": {"summary": "Product ideas you may see, with status and selection decision",
                "parameters": query(c.IdeaQuery), "responses": responses(ok(), *SIGNED_IN, 422)},
        "post": {"summary": "A producer registers a product idea at their commune (`data`: forms/idea_registration"
                            ".json); the commune reviews it, the district (until 30/6/2025) or the province selects",
                 "requestBody": json_body("RegisterIdeaRequest", IDEA_EXAMPLE), "responses": STARTED}},
    "/ideas/{idea_id}": {"get": {
        "summary": "An idea with its status, selection decision, open tasks and history",
        "parameters": [path_id("idea_id")], "responses": responses(ok("CycleItem"), *SIGNED_IN, 404)}},
    "/business-plans": {
        "get": {"summary": "Business plans you may see, with status and approval decision",
                "parameters": query(c.PlanQuery), "responses": responses(ok(), *SIGNED_IN, 422)},
        "post": {"summary": "The producer of a selected idea submits its business plan (`data`: "
                            "forms/business_plan.json); 409 when the idea is not selected or has a plan",
                 "requestBody": json_body("SubmitPlanRequest", PLAN_EXAMPLE), "responses": STARTED}},
    "/business-plans/{plan_id}": {"get": {
        "summary": "A business plan with its status, approval decision, open tasks and history",
        "parameters": [path_id("plan_id")], "responses": responses(ok("CycleItem"), *SIGNED_IN, 404)}},
})

COMPONENTS.update({"ProducerReportRequest": c.ProducerReportRequest})
READERS = (*SIGNED_IN, 403, 404, 422)
PATHS.update({
    "/producer": {"get": {
        "summary": "The signed-in producer's ideas, business plans, dossiers, certificates and periodic reports",
        "responses": responses(ok(), *SIGNED_IN, 403)}},
    "/producer-reports": {"get": {
        "summary": "Producers' periodic reports: a producer's own, or those of producers in your units",
        "parameters": query(c.ProducerReportQuery), "responses": responses(ok(), *SIGNED_IN, 422)}},
    "/producer-reports/{report_id}/submit": {"post": {
        "summary": "The producer submits a periodic report (once)", "parameters": [path_id("report_id")],
        "requestBody": json_body("ProducerReportRequest"),
        "responses": responses(ok(), *SIGNED_IN, 403, 404, 409, *JSON_BODY_ERRORS)}},
    "/rewards": {"get": {
        "summary": "Rewards due by star for the products recognised in a year under a unit, at the amounts of "
                   "the nearest plan with a `rewards:` section (officers, chairs and supervisors of the unit)",
        "parameters": query(c.RewardsQuery), "responses": responses(ok(), *READERS)}},
    "/rewards/export": {"get": {
        "summary": "The rewards table as CSV or XLSX", "parameters": query(c.RewardsExportQuery),
        "responses": responses({"200": {"description": "The file", "content": {
            "text/csv": {"schema": {"type": "string"}},
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                "schema": {"type": "string", "format": "binary"}}}}}, *READERS)}},
})
