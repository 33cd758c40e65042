"""Query strings and path values of /api/v1, with the types and ranges the OpenAPI document states.

Each schema validates a request's query (422 naming the parameter) and, through apispec, writes that
operation's query parameters, so the document and the check cannot drift apart.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..services.plans.reports import STATUSES as REPORT_STATUSES

MAX_ID = 2**31 - 1  # ids are INTEGER columns: 32-bit signed on PostgreSQL
MAX_OFFSET = 1_000_000
YEARS = validate.Range(min=2000, max=2100)
CODE = validate.Length(min=1, max=32)
KEY = validate.Length(min=1, max=120)


def _limit() -> fields.Integer:
    return fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


def _offset() -> fields.Integer:
    return fields.Integer(load_default=0, validate=validate.Range(min=0, max=MAX_OFFSET))


class DossierQuery(Schema):
    state = fields.String(load_default=None, validate=validate.OneOf(["running", "completed"]))
    limit = _limit()
    offset = _offset()


class YearQuery(Schema):
    year = fields.Integer(required=True, validate=YEARS)


class OptionalYearQuery(Schema):
    year = fields.Integer(load_default=None, validate=YEARS)


class PlanQuery(Schema):
    unit = fields.String(load_default=None, validate=CODE)
    year = fields.Integer(load_default=None, validate=YEARS)


class PlanImportQuery(Schema):
    replace = fields.Boolean(load_default=False)
    dry_run = fields.Boolean(load_default=False)


class ReportQuery(Schema):
    unit = fields.String(load_default=None, validate=CODE)
    status = fields.String(load_default=None, validate=validate.OneOf(REPORT_STATUSES))


class RoundQuery(Schema):
    province = fields.String(load_default=None, validate=CODE)
    level = fields.String(load_default=None, validate=validate.OneOf(("district", "province", "ministry")))


class CompareQuery(Schema):
    old = fields.Integer(required=True, data_key="from", validate=validate.Range(min=1, max=MAX_ID))
    new = fields.Integer(required=True, data_key="to", validate=validate.Range(min=1, max=MAX_ID))
