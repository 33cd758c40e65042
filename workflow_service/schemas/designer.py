"""marshmallow schemas for the designer endpoints."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from .queries import MAX_ID


class DiagramRequest(Schema):
    key = fields.String(required=True, validate=validate.Length(min=1, max=120))
    base_version = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_ID))
    xml = fields.String(required=True, validate=validate.Length(min=1, max=2**20))
    file = fields.String(validate=validate.Length(min=1, max=200), metadata={
        "description": "the uploaded file's name: a .bpmn replaces the version's process model, a .dmn "
                       "replaces (or adds) that decision table; problems name this file"})
