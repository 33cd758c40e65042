"""Every error leaves the API as application/problem+json (RFC 9457) with field-level details.

Error bodies are bounded: at most MAX_FIELDS fields, MAX_MESSAGES messages per field, and every name and
message cut to MAX_TEXT characters, so a hostile body with a million unknown keys gets a small answer.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, g, json, request
from marshmallow import ValidationError
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from ..domain.errors import DomainError
from ..services.context import CommitState, commit_state

log = logging.getLogger(__name__)

MAX_FIELDS = 50
MAX_MESSAGES = 5
MAX_TEXT = 200
RETRY_AFTER_SECONDS = 5  # told to clients while the database is unreachable
UNAVAILABLE_PAGE = ("<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>503</title>"
                    "<h1>Dịch vụ tạm thời gián đoạn / Service temporarily unavailable</h1>"
                    "<p>{}</p></html>")
# What the client is told depends on how far the request got before the database went away.
UNAVAILABLE_DETAIL: dict[CommitState, tuple[str, str]] = {
    "none": ("the database is unavailable; nothing was changed, try again shortly",
             "Vui lòng thử lại sau ít phút. Please try again in a moment."),
    "committing": (("the database connection broke while saving: the action may or may not have been "
                    "recorded; reload and check before repeating it"),
                   ("Mất kết nối khi đang lưu: thao tác có thể đã được ghi nhận hoặc chưa — tải lại trang để "
                    "kiểm tra trước khi làm lại. The action may or may not have been saved: reload and check "
                    "before repeating it.")),
    "committed": (("the action was recorded, but the database went away before the answer was complete; "
                   "reload to see it"),
                  ("Thao tác đã được ghi nhận nhưng chưa hiển thị được kết quả — tải lại trang sau ít phút. "
                   "The action was saved: reload in a moment to see it.")),
}


def _cut(text: object, limit: int = MAX_TEXT) -> str:
    value = str(text)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _messages(value: Any) -> list[str]:
    if isinstance(value, dict):  # nested marshmallow errors: flatten to "sub: message"
        return [_cut(f"{k}: {m}") for k, v in list(value.items())[:MAX_MESSAGES] for m in _messages(v)][:MAX_MESSAGES]
    if isinstance(value, (list, tuple)):
        return [_cut(m) for item in value[:MAX_MESSAGES] for m in _messages(item)][:MAX_MESSAGES]
    return [_cut(value)]


def bounded_errors(errors: dict[str, Any]) -> dict[str, list[str]]:
    """The first MAX_FIELDS fields with their first messages, names and messages cut to MAX_TEXT."""
    bounded: dict[str, list[str]] = {}
    for name, value in errors.items():
        if len(bounded) == MAX_FIELDS:
            bounded["…"] = [f"{len(errors) - MAX_FIELDS} more fields not shown"]
            break
        bounded[_cut(name, 80)] = _messages(value)
    return bounded


def problem(status: int, title: str, detail: str, errors: dict[str, Any] | None = None,
            headers: dict[str, str] | None = None, problems: list[dict[str, Any]] | None = None,
            code: str | None = None) -> Response:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status, "detail": _cut(detail, 500)}
    if code:  # the message code (domain/messages.py): clients translate it as the pages do
        body["code"] = code
    if errors:
        body["errors"] = bounded_errors(errors)
    if problems:  # a bundle's problems, each with file, line, element id: at most MAX_FIELDS
        body["problems"] = [{k: _cut(v, 1000) if isinstance(v, str) else v for k, v in p.items()}
                            for p in problems[:MAX_FIELDS]]
    return Response(json.dumps(body, ensure_ascii=False), status=status, headers=headers,
                    mimetype="application/problem+json")


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def _domain(err: DomainError) -> Response:
        return problem(err.status, err.title, err.detail, err.errors, problems=err.problems, code=err.code)

    @app.errorhandler(ValidationError)
    def _invalid(err: ValidationError) -> Response:
        messages = err.messages if isinstance(err.messages, dict) else {"body": err.messages}
        return problem(422, "Validation failed", "the request is invalid", messages)

    @app.errorhandler(429)
    def _too_many(err: HTTPException) -> Response:
        # Sign-in throttling (throttling.py): no password is checked until the window ends.
        retry_after = g.get("sign_in_retry_after")
        register = g.get("throttled") == "register"  # the public register's per-address limit
        detail = "too many requests to the public register" if register else "too many failed sign-in attempts"
        if retry_after:
            detail += f"; try again in {retry_after} seconds"
        response = problem(429, "Too many requests", detail, {} if register else {"username": [detail]})
        if retry_after:
            response.headers["Retry-After"] = str(retry_after)
        return response

    @app.errorhandler(HTTPException)
    def _http(err: HTTPException) -> Response:
        # Keep what the exception says about itself (Allow on 405, Retry-After on 429), not its HTML type.
        headers = {k: v for k, v in err.get_headers() if k.lower() != "content-type"}
        return problem(err.code or 500, err.name, err.description or err.name, headers=headers)

    @app.errorhandler(OperationalError)
    @app.errorhandler(DisconnectionError)
    @app.errorhandler(PoolTimeout)
    def _database_unavailable(err: Exception) -> Response:
        # The database is down, restarting or out of connections: nothing was committed, try again.
        log.warning("database unavailable: %s", _cut(err, 300))
        return unavailable()

    @app.errorhandler(Exception)
    def _unexpected(err: Exception) -> Response:
        log.exception("unhandled error")
        return problem(500, "Internal error", "the action failed and nothing was changed")


def unavailable() -> Response:
    """503 with Retry-After: problem+json for the API, a plain page (no template, no database) for pages."""
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    detail, page = UNAVAILABLE_DETAIL[commit_state()]
    if request.path.startswith("/api/"):
        return problem(503, "Service unavailable", detail, headers=headers)
    return Response(UNAVAILABLE_PAGE.format(page), status=503, headers=headers, mimetype="text/html")
