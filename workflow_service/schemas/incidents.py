"""marshmallow schemas for /api/v1/incidents."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from .resources import LocalDateTime


class IncidentQuery(Schema):
    status = fields.String(load_default="open", validate=validate.OneOf(("open", "resolved", "all")))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0))


class ResolveRequest(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=1000))


class IncidentSchema(Schema):
    id = fields.Integer()
    action = fields.String(metadata={"description": "the failed step: file, complete or timer"})
    dossier_id = fields.Integer(allow_none=True)
    definition_id = fields.Integer()
    task_id = fields.String(allow_none=True)
    element_id = fields.String(allow_none=True)
    error = fields.String()
    attempts = fields.Integer()
    status = fields.String(metadata={"description": "open or resolved"})
    opened_at = LocalDateTime()
    opened_by = fields.String()
    last_failed_at = LocalDateTime()
    resolved_at = LocalDateTime(allow_none=True)
    resolved_by = fields.String(allow_none=True)
    resolution = fields.String(allow_none=True)


class IncidentPageSchema(Schema):
    items = fields.List(fields.Nested(IncidentSchema))
    total = fields.Integer()
