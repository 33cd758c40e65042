"""marshmallow schemas for calendar corrections, yearly plans, evaluation rounds and reschedules."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

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
    """`unit` holds the round: a province, "VN" (Ministry), a district, or a province for all its
    districts (level "district"). `province` is the older name of `unit` and is still accepted."""

    unit = fields.String(validate=validate.Length(min=1, max=32))
    province = fields.String(validate=validate.Length(min=1, max=32))
    level = fields.String(required=True, validate=validate.OneOf(("district", "province", "ministry")))
    name = fields.String(load_default="", validate=validate.Length(max=200))
    proposals_by = fields.Date(required=True)
    closes_on = fields.Date(required=True)

    @validates_schema
    def _one_unit(self, data: dict[str, Any], **_: Any) -> None:
        if "unit" not in data and "province" not in data:
            raise ValidationError("name the unit holding the round", "unit")
        if "unit" in data and "province" in data and data["unit"] != data["province"]:
            raise ValidationError("give `unit` only (`province` is its older name)", "province")

    @post_load
    def _unit_field(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        legacy = "unit" not in data
        return {**{k: v for k, v in data.items() if k != "province"},
                "unit": data["province"] if legacy else data["unit"], "unit_field": "province" if legacy else "unit"}


class RoundSchema(Schema):
    id = fields.Integer()
    province = fields.String(attribute="province_code")
    unit = fields.String(attribute="unit_code")
    level = fields.String()
    name = fields.String(allow_none=True)
    proposals_by = fields.Date()
    closes_on = fields.Date()


class RescheduleRequest(Schema):
    due_on = fields.Date(required=True)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))
