"""/api/v1/dossiers/<id>/documents: the dossier's official PDFs, for whoever sees the dossier."""

from __future__ import annotations

from flask.wrappers import Response

from ..schemas.documents import DocumentSchema, content_disposition
from ..services.documents import reading as documents
from .common import api, ctx, current_actor, reply


@api.get("/dossiers/<id:dossier_id>/documents")
def list_documents(dossier_id: int) -> Response:
    rows = documents.list_documents(ctx(), current_actor(), dossier_id)
    return reply({"items": DocumentSchema(many=True).dump(rows)})


@api.get("/dossiers/<id:dossier_id>/documents/<id:document_id>")
def download_document(dossier_id: int, document_id: int) -> Response:
    row = documents.open_document(ctx(), current_actor(), dossier_id, document_id)
    return Response(row.content, mimetype="application/pdf", headers={
        "Content-Disposition": content_disposition(row.file_name), "ETag": f'"{row.sha256}"',
        "Cache-Control": "private, no-store"})
