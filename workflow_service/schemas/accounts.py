"""Request and response bodies of signing in, refreshing, changing a password and revoking sessions."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class TokenPairResponse(Schema):
    access_token = fields.String(metadata={"description": "JWT; send as Authorization: Bearer …"})
    token_type = fields.String()
    expires_in = fields.Integer(metadata={"description": "seconds the access token lives"})
    refresh_token = fields.String(metadata={"description": "one use: POST /auth/refresh returns a new pair"})
    refresh_expires_in = fields.Integer()


class RefreshRequest(Schema):
    refresh_token = fields.String(required=True, validate=validate.Length(min=1, max=200))


class PasswordChangeRequest(Schema):
    current_password = fields.String(required=True, validate=validate.Length(min=1, max=200))
    new_password = fields.String(required=True, validate=validate.Length(min=8, max=200))


class RevokedResponse(Schema):
    username = fields.String()
    sessions_ended = fields.Boolean()
