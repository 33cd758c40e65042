"""marshmallow schemas for /api/v1/notifications."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from .resources import LocalDateTime


class NotificationQuery(Schema):
    unread = fields.Boolean(load_default=False)
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=1_000_000))


class NotificationSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    message = fields.String()
    task_id = fields.String(allow_none=True)
    dossier_id = fields.Integer(allow_none=True)
    created_at = LocalDateTime()
    read_at = LocalDateTime(allow_none=True)
    emailed_at = LocalDateTime(allow_none=True)
