"""Query strings and bodies of the certificate routes (public register, certificates, dashboard)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..domain.certificates import GROUND_CODES, STATES
from .queries import CODE, MAX_OFFSET

TEXT = validate.Length(min=1, max=200)


class RegisterQuery(Schema):
    q = fields.String(load_default=None, validate=TEXT, metadata={"description": "product or producer name; "
                                                                   "diacritics and case do not matter"})
    product = fields.String(load_default=None, validate=TEXT)
    producer = fields.String(load_default=None, validate=TEXT)
    province = fields.String(load_default=None, validate=TEXT, metadata={"description": "code or name"})
    stars = fields.Integer(load_default=None, validate=validate.OneOf([3, 4, 5]))
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=MAX_OFFSET))
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "csv"]))


class CertificateListQuery(Schema):
    state = fields.String(load_default=None, validate=validate.OneOf(STATES))
    province = fields.String(load_default=None, validate=CODE)
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=MAX_OFFSET))


class DashboardQuery(Schema):
    province = fields.String(required=True, validate=CODE)
    format = fields.String(load_default="json", validate=validate.OneOf(["json", "csv"]))


class ReevaluationBody(Schema):
    changes = fields.String(load_default=None, validate=validate.Length(max=5000))


class InspectionBody(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(["periodic", "ad_hoc"]))
    due_on = fields.Date(required=True)
    reason = fields.String(load_default=None, validate=validate.Length(max=5000))


class RevocationBody(Schema):
    ground = fields.String(required=True, validate=validate.OneOf(GROUND_CODES))
    finding_date = fields.Date(required=True)
    finding_by = fields.String(required=True, validate=validate.Length(min=1, max=300))
    finding_reference = fields.String(load_default=None, validate=validate.Length(max=200))
    description = fields.String(load_default=None, validate=validate.Length(max=5000))
    inspection_dossier_id = fields.Integer(load_default=None, validate=validate.Range(min=1, max=2**31 - 1))
