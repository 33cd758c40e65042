"""Every error leaves the API as application/problem+json (RFC 9457) with field-level details."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, g, json
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from ..domain.errors import DomainError

log = logging.getLogger(__name__)


def problem(status: int, title: str, detail: str, errors: dict[str, Any] | None = None) -> Response:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    return Response(json.dumps(body, ensure_ascii=False), status=status,
                    mimetype="application/problem+json")


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain(err: DomainError) -> Response:
        return problem(err.status, err.title, err.detail, err.errors)

    @app.errorhandler(ValidationError)
    def _invalid(err: ValidationError) -> Response:
        messages = err.messages if isinstance(err.messages, dict) else {"body": err.messages}
        return problem(422, "Validation failed", "the request body is invalid", messages)

    @app.errorhandler(429)
    def _too_many(err: HTTPException) -> Response:
        # Sign-in throttling (throttling.py): no password is checked until the window ends.
        retry_after = g.get("sign_in_retry_after")
        detail = "too many failed sign-in attempts"
        if retry_after:
            detail += f"; try again in {retry_after} seconds"
        response = problem(429, "Too many requests", detail, {"username": [detail]})
        if retry_after:
            response.headers["Retry-After"] = str(retry_after)
        return response

    @app.errorhandler(HTTPException)
    def _http(err: HTTPException) -> Response:
        return problem(err.code or 500, err.name, err.description or err.name)

    @app.errorhandler(Exception)
    def _unexpected(err: Exception) -> Response:
        log.exception("unhandled error")
        return problem(500, "Internal error", "the action failed and nothing was changed")
