"""Requests and queries of the cycle's endpoints: ideas, business plans, producers' reports, rewards."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..services.cycle.business_plans import PLAN_STATUSES
from ..services.cycle.ideas import IDEA_STATUSES
from .queries import CODE, MAX_ID, YEARS
from .resources import DossierSchema


class RegisterIdeaRequest(Schema):
    commune = fields.String(required=True, validate=CODE)
    data = fields.Dict(keys=fields.String(), required=True)  # checked by forms/idea_registration.json


class SubmitPlanRequest(Schema):
    idea_id = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_ID))
    data = fields.Dict(keys=fields.String(), required=True)  # checked by forms/business_plan.json


class IdeaQuery(Schema):
    status = fields.String(load_default=None, validate=validate.OneOf(IDEA_STATUSES))
    mine = fields.Boolean(load_default=False)
    decision = fields.String(load_default=None, validate=validate.Length(min=1, max=200))  # the ideas it lists


class PlanQuery(Schema):
    status = fields.String(load_default=None, validate=validate.OneOf(PLAN_STATUSES))
    mine = fields.Boolean(load_default=False)
    idea_id = fields.Integer(load_default=None, validate=validate.Range(min=1, max=MAX_ID))


class ProducerReportQuery(Schema):
    status = fields.String(load_default=None, validate=validate.OneOf(["open", "submitted"]))


class ProducerReportRequest(Schema):
    summary = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    output = fields.String(load_default=None, validate=validate.Length(max=500))  # quantity produced
    revenue_million_vnd = fields.Float(load_default=None, validate=validate.Range(min=0, max=1_000_000))


class RewardsQuery(Schema):
    unit = fields.String(required=True, validate=CODE)
    year = fields.Integer(required=True, validate=YEARS)


class RewardsExportQuery(RewardsQuery):
    format = fields.String(load_default="csv", validate=validate.OneOf(["csv", "xlsx"]))


class DecisionSchema(Schema):
    number = fields.String(allow_none=True)
    date = fields.String(allow_none=True)
    level = fields.String(allow_none=True)  # district or province


class CycleItemSchema(DossierSchema):
    """An idea or business plan: the dossier view with where it stands and the decision that settled it."""

    cycle_status = fields.String(data_key="status")  # "state" already reads the row's status attribute
    decision = fields.Nested(DecisionSchema, allow_none=True)
