"""marshmallow schemas for /api/v1/monitoring (query strings in, task rows and summaries out)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from ..domain.units import Level
from ..services.monitoring.task_list import STATUSES
from .resources import LocalDateTime


class MonitoringQuery(Schema):
    unit = fields.String(load_default=None, validate=validate.Length(min=1, max=32))
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    level = fields.String(load_default=None, validate=validate.OneOf([lv.value for lv in Level]))
    process_key = fields.String(load_default=None, data_key="process", validate=validate.Length(max=120))
    element_id = fields.String(load_default=None, data_key="step", validate=validate.Length(max=120))
    assignee = fields.String(load_default=None, validate=validate.Length(max=80))
    min_age = fields.Integer(load_default=None, validate=validate.Range(min=1, max=3650))
    max_age = fields.Integer(load_default=None, validate=validate.Range(min=1, max=3650),
                             metadata={"description": "overdue by at most this many working days"})
    due_soon_days = fields.Integer(load_default=3, validate=validate.Range(min=0, max=60))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=1_000_000))
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "csv", "xlsx"]))


class SummaryQuery(Schema):
    unit = fields.String(load_default=None, validate=validate.Length(min=1, max=32))
    period = fields.String(load_default="month", validate=validate.OneOf(["month", "quarter"]))
    start = fields.Date(load_default=None, data_key="from")
    end = fields.Date(load_default=None, data_key="to")


class MonitoredTaskSchema(Schema):
    id = fields.String(attribute="task.id")
    dossier_id = fields.Integer(attribute="task.dossier_id")
    registration_number = fields.String(attribute="task.dossier.registration_number")
    producer_name = fields.String(attribute="task.dossier.producer_name")
    product_name = fields.String(attribute="task.dossier.product_name")
    unit_code = fields.String(attribute="task.unit_code")
    unit_name = fields.String()
    element_id = fields.String(attribute="task.element_id")
    step = fields.String(attribute="task.name")
    role = fields.String(attribute="task.role")
    holder = fields.String(attribute="task.claimed_by", allow_none=True)
    candidate = fields.String(attribute="task.candidate", allow_none=True)
    created_at = LocalDateTime(attribute="task.created_at")
    due_at = LocalDateTime(attribute="task.due_at", allow_none=True)
    deadline_rule = fields.String(attribute="task.deadline_rule", allow_none=True)
    deadline_status = fields.String(allow_none=True)
    days_overdue = fields.Integer()


class TaskPageSchema(Schema):
    unit = fields.String()
    as_of = LocalDateTime()
    total = fields.Integer()
    limit = fields.Integer()
    offset = fields.Integer()
    items = fields.List(fields.Nested(MonitoredTaskSchema))


class OpenCountsSchema(Schema):
    key = fields.String()
    name = fields.String()
    overdue = fields.Integer()
    due_soon = fields.Integer()
    open = fields.Integer(allow_none=True)


class OnTimeRateSchema(Schema):
    period = fields.String()
    unit = fields.String(allow_none=True)
    completed = fields.Integer()
    on_time = fields.Integer()
    rate = fields.Float(allow_none=True)


class SummarySchema(Schema):
    unit = fields.String()
    unit_name = fields.String()
    as_of = LocalDateTime()
    period = fields.String()
    by_unit = fields.List(fields.Nested(OpenCountsSchema))
    by_step = fields.List(fields.Nested(OpenCountsSchema))
    aging = fields.Dict(keys=fields.String(), values=fields.Integer())
    on_time_by_unit = fields.List(fields.Nested(OnTimeRateSchema))
    trend = fields.List(fields.Nested(OnTimeRateSchema))
    open_incidents = fields.Integer(metadata={"description": "failed engine steps of the subtree's dossiers "
                                                             "waiting for an admin"})


def filter_args(query: dict[str, Any]) -> dict[str, Any]:
    """The loaded query minus what is not a MonitoringFilter field."""
    return {k: v for k, v in query.items() if k != "format"}
