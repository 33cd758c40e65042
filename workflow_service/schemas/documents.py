"""marshmallow schemas for a dossier's official documents, and the download's Content-Disposition."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from marshmallow import Schema, fields

from ..domain.documents import TITLES, DocumentKind, ascii_name
from .resources import LocalDateTime

KINDS = [kind.value for kind in DocumentKind]


class DocumentSchema(Schema):
    id = fields.Integer()
    dossier_id = fields.Integer()
    kind = fields.String(metadata={"enum": KINDS, "description": "mau_01, mau_02, mau_03 (Phụ lục III), "
                                   "recognition_decision, certificate or revocation_decision"})
    title = fields.Method("_title", metadata={"description": "what the document is, in Vietnamese"})
    file_name = fields.String(metadata={"description": "the download's name (Vietnamese)"})
    size = fields.Integer(metadata={"description": "bytes"})
    sha256 = fields.String(metadata={"description": "SHA-256 of the PDF's bytes, also in the audit trail"})
    created_at = LocalDateTime()
    created_by = fields.String(metadata={"description": "whose step issued it"})

    def _title(self, row: Any) -> str:
        return TITLES.get(DocumentKind(row.kind), row.kind) if row.kind in KINDS else str(row.kind)


class DocumentPageSchema(Schema):
    items = fields.List(fields.Nested(DocumentSchema))


def content_disposition(file_name: str) -> str:
    """RFC 6266: the Vietnamese name as filename* (UTF-8), an ASCII spelling for older clients."""
    return f"attachment; filename=\"{ascii_name(file_name)}\"; filename*=UTF-8''{quote(file_name, safe='')}"
