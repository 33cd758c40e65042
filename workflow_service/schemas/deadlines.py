"""marshmallow schemas for calendar corrections, yearly plans, evaluation rounds and reschedules."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from .resources import LocalDateTime


class CorrectionRequest(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(("working", "off")))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=300))


class CorrectionSchema(Schema):
    date = fields.Date(attribute="day")
    kind = fields.String()
    reason = fields.String()
    created_by = fields.String()
    created_at = LocalDateTime()


class CalendarDaySchema(Schema):
    date = fields.Date(attribute="day")
    reason = fields.String()
    source = fields.String()


class RoundRequest(Schema):
    province = fields.String(required=True, validate=validate.Length(min=1, max=32))
    level = fields.String(required=True, validate=validate.OneOf(("province", "ministry")))
    proposals_by = fields.Date(required=True)
    closes_on = fields.Date(required=True)


class RoundSchema(Schema):
    id = fields.Integer()
    province = fields.String(attribute="province_code")
    level = fields.String()
    proposals_by = fields.Date()
    closes_on = fields.Date()


class RescheduleRequest(Schema):
    due_on = fields.Date(required=True)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))
