"""OpenAPI paths of the certificate endpoints: the public register (no sign-in) and the officials' routes."""

from __future__ import annotations

from typing import Any

from ..schemas.certificates import (
    CertificateListQuery,
    DashboardQuery,
    InspectionBody,
    ReevaluationBody,
    RegisterQuery,
    RevocationBody,
)
from .openapi import COMPONENTS, JSON_BODY_ERRORS, PATHS, SIGNED_IN, json_body, ok, query, responses

NUMBER = [{"name": "number", "in": "path", "required": True, "description": "the certificate number, URL-quoted",
           "schema": {"type": "string", "minLength": 1, "maxLength": 200}}]
PUBLIC_CACHE = {"Cache-Control": {"schema": {"type": "string"}, "description": "public, max-age=300"},
                "ETag": {"schema": {"type": "string"}, "description": "send it back as If-None-Match: 304"}}


def _cached(description: str, csv: bool = False) -> dict[str, Any]:
    content: dict[str, Any] = {"application/json": {"schema": {}}}
    if csv:
        content["text/csv"] = {"schema": {"type": "string"}}
    return {"200": {"description": description, "headers": PUBLIC_CACHE, "content": content},
            "304": {"description": "Not modified (If-None-Match matched the ETag)"}}


COMPONENTS.update({"ReevaluationBody": ReevaluationBody, "InspectionBody": InspectionBody,
                   "RevocationBody": RevocationBody})
PATHS.update({
    "/register/certificates": {"get": {
        "summary": "The public register (no sign-in): valid and re-evaluating certificates, searched by product, "
                   "producer, province and star without regard to diacritics or case; format=csv downloads it. "
                   "Only public fields; rate-limited per address",
        "security": [], "parameters": query(RegisterQuery),
        "responses": responses(_cached(
            "A page of certificates, or the CSV file. `total` is counted up to offset + 1,000: when "
            "`total_exact` is false there are more than `total`", csv=True), 422, 429)}},
    "/register/certificates/{number}": {"get": {
        "summary": "Verify one certificate by number (no sign-in): its public fields and state, also when it "
                   "was revoked or expired (the QR code on the certificate points here)",
        "security": [], "parameters": NUMBER, "responses": responses(_cached(
            "The certificate; `certificate_pdf` is the address of its PDF (null when none was issued)"),
            404, 429)}},
    "/register/certificates/{number}/certificate.pdf": {"get": {
        "summary": "The certificate as a PDF, as issued with its recognition (no sign-in), for any certificate the "
                   "register knows: valid, re-evaluating, revoked or expired (its verification says which). "
                   "Cached a day, its SHA-256 as ETag; rate-limited per address",
        "security": [], "parameters": NUMBER, "responses": responses({
            "200": {"description": "The PDF", "headers": {
                "Cache-Control": {"schema": {"type": "string"}, "description": "public, max-age=86400"},
                "ETag": {"schema": {"type": "string"}, "description": "the SHA-256 of the PDF"},
                "Content-Disposition": {"schema": {"type": "string"}}},
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
            "304": {"description": "Not modified (If-None-Match matched the ETag)"}}, 404, 429)}},
    "/certificates": {"get": {
        "summary": "Certificates issued by dossiers you may see, by expiry day",
        "parameters": query(CertificateListQuery), "responses": responses(ok(), *SIGNED_IN, 422)}},
    "/certificates/dashboard": {"get": {
        "summary": "A province's certificates by star and by expiry quarter (its supervisors and chair); "
                   "format=csv exports it",
        "parameters": query(DashboardQuery),
        "responses": responses({"200": {"description": "The dashboard, or the CSV file", "content": {
            "application/json": {"schema": {}}, "text/csv": {"schema": {"type": "string"}}}}},
            *SIGNED_IN, 403, 404, 422)}},
    "/certificates/{number}": {"get": {
        "summary": "A certificate with its re-evaluation window and history (to those who see its dossier)",
        "parameters": NUMBER, "responses": responses(ok(), *SIGNED_IN, 404)}},
    "/certificates/{number}/re-evaluation": {"post": {
        "summary": "The producer (or the commune officer) files the re-evaluation dossier, 180 to 120 days "
                   "before expiry (422 naming the window otherwise)",
        "parameters": NUMBER, "requestBody": json_body("ReevaluationBody"),
        "responses": responses(ok(status="201"), *SIGNED_IN, *JSON_BODY_ERRORS, 403, 404, 409)}},
    "/certificates/{number}/inspections": {"post": {
        "summary": "The OCOP office opens a periodic or ad-hoc inspection: a task to the inspecting office",
        "parameters": NUMBER, "requestBody": json_body("InspectionBody"),
        "responses": responses(ok(status="201"), *SIGNED_IN, *JSON_BODY_ERRORS, 404, 409)}},
    "/certificates/{number}/revocations": {"post": {
        "summary": "The OCOP office opens a revocation on one of the six grounds; the province chair (3–4★) or "
                   "the Minister (5★) decides within 15 days of the finding",
        "parameters": NUMBER, "requestBody": json_body("RevocationBody"),
        "responses": responses(ok(status="201"), *SIGNED_IN, *JSON_BODY_ERRORS, 404, 409)}},
})
