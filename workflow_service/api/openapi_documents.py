"""OpenAPI paths and schemas of a dossier's documents."""

from __future__ import annotations

from ..schemas.documents import DocumentPageSchema, DocumentSchema
from .openapi import COMPONENTS, PATHS, SIGNED_IN, ok, path_id, responses

COMPONENTS.update({"Document": DocumentSchema, "DocumentPage": DocumentPageSchema})
PATHS.update({
    "/dossiers/{dossier_id}/documents": {"get": {
        "summary": "The dossier's official documents (Mẫu 01/02 from filing, Mẫu 03 after the commune's step, "
                   "the recognition decision and certificate at recognition, a revocation decision), each with "
                   "the SHA-256 recorded in the audit trail; 404 when you do not see the dossier",
        "parameters": [path_id("dossier_id")],
        "responses": responses(ok("DocumentPage"), *SIGNED_IN, 404)}},
    "/dossiers/{dossier_id}/documents/{document_id}": {"get": {
        "summary": "One document as application/pdf, its Vietnamese file name in Content-Disposition "
                   "(filename*, RFC 6266)",
        "parameters": [path_id("dossier_id"), path_id("document_id")],
        "responses": responses({"200": {"description": "The PDF", "headers": {
            "Content-Disposition": {"schema": {"type": "string"}}}, "content": {
            "application/pdf": {"schema": {"type": "string", "format": "binary"}}}}}, *SIGNED_IN, 404)}},
})
