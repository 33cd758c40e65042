"""Shared API plumbing: the v1 blueprint, the service context and the bearer-token actor."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, g, jsonify, request
from flask.wrappers import Response
from marshmallow import Schema

from ..domain.access import Actor
from ..domain.errors import Unauthorized
from ..services.accounts.tokens import actor_from_token
from ..services.context import ServiceContext
from .json_body import read_json

api = Blueprint("api", __name__, url_prefix="/api/v1")


def ctx() -> ServiceContext:
    context: ServiceContext = current_app.extensions["ocopflow"]
    return context


def current_actor() -> Actor:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("send 'Authorization: Bearer <token>' (POST /api/v1/auth/token)")
    actor = actor_from_token(ctx(), token.strip())
    g.actor = actor  # the access log names the user
    return actor


def query(schema: Schema) -> dict[str, Any]:
    """The query string loaded by `schema` (types and ranges checked, 422 naming the parameter)."""
    loaded: dict[str, Any] = schema.load(request.args.to_dict())
    return loaded


def body(schema: Schema) -> dict[str, Any]:
    """The JSON body loaded by `schema`; call it after current_actor() so strangers get 401 first."""
    loaded: dict[str, Any] = schema.load(read_json())
    return loaded


def reply(data: Any, status: int = 200) -> Response:
    response = jsonify(data)
    response.status_code = status
    return response
