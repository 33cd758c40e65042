"""Shared API plumbing: the v1 blueprint, the service context and the bearer-token actor."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, request
from flask.wrappers import Response
from marshmallow import Schema

from ..domain.access import Actor
from ..domain.errors import Unauthorized
from ..services.accounts.tokens import actor_from_token
from ..services.context import ServiceContext

api = Blueprint("api", __name__, url_prefix="/api/v1")


def ctx() -> ServiceContext:
    context: ServiceContext = current_app.extensions["ocopflow"]
    return context


def current_actor() -> Actor:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("send 'Authorization: Bearer <token>' (POST /api/v1/auth/token)")
    return actor_from_token(ctx(), token.strip())


def body(schema: Schema) -> dict[str, Any]:
    payload = request.get_json(silent=True)
    if payload is None:
        payload = {}
    loaded: dict[str, Any] = schema.load(payload)
    return loaded


def reply(data: Any, status: int = 200) -> Response:
    response = jsonify(data)
    response.status_code = status
    return response
