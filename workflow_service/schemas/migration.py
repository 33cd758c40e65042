"""marshmallow schemas for /api/v1/migrations: a plan (its YAML text or a shipped file), runs, items."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..domain.migration_plan import MAX_PLAN_BYTES
from .resources import LocalDateTime


class PlanRequest(Schema):
    plan = fields.String(validate=validate.Length(min=1, max=MAX_PLAN_BYTES),
                         metadata={"description": "the plan's YAML (bpmn/migrations/*.yaml shows the shape)"})
    file = fields.String(validate=validate.Length(min=1, max=120),
                         metadata={"description": "or the file name of a shipped plan in bpmn/migrations"})

    @validates_schema
    def _one_of(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if ("plan" in data) == ("file" in data):
            raise ValidationError("send either plan (YAML text) or file (a shipped plan)", "plan")


class DryRunQuery(Schema):
    format = fields.String(load_default="json", validate=validate.OneOf(("json", "csv")))


class ShippedPlanSchema(Schema):
    file = fields.String()
    name = fields.String()
    title = fields.String()


class RunItemSchema(Schema):
    dossier_id = fields.Integer()
    registration_number = fields.String()
    status = fields.String(metadata={"description": "pending, migrated, refused, failed or reverted"})
    error = fields.String(allow_none=True, metadata={"description": "why it was refused or failed"})
    from_ = fields.List(fields.String(), data_key="from", attribute="from")
    to = fields.List(fields.String())
    done_at = fields.String(allow_none=True)
    reverted_at = fields.String(allow_none=True)
    reverted_by = fields.String(allow_none=True)


class RunSchema(Schema):
    id = fields.Integer()
    plan_name = fields.String()
    status = fields.String(metadata={"description": "running or finished"})
    started_by = fields.String()
    started_at = LocalDateTime()
    finished_at = LocalDateTime(allow_none=True)
    target = fields.String(metadata={"description": "process_key:version"})
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    items = fields.List(fields.Nested(RunItemSchema))
