"""Request ids and structured logs: every request gets an id (a sane incoming X-Request-ID, else a new
one), answered in X-Request-ID, carried by every log line written while the request runs (a logging
filter reads it from a contextvar) and by one JSON access-log line per request (logger ocopflow.access).
OCOPFLOW_LOG_FORMAT=json (production's default) writes one JSON object per line, text a plain line."""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, TextIO

from flask import Flask, Response, g, request

REQUEST_ID: ContextVar[str | None] = ContextVar("ocopflow_request_id", default=None)
SANE_ID = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}\Z")
ACCESS_FIELDS = ("method", "path", "status", "duration_ms", "user")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
access_log = logging.getLogger("ocopflow.access")


class RequestIdFilter(logging.Filter):
    """Stamps each record with the current request's id (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = REQUEST_ID.get()
        return True


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is when a line is logged (test and command runners swap it)."""

    _override: TextIO | None = None

    @property
    def stream(self) -> TextIO:
        return self._override or sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        self._override = None if value is sys.stderr else value


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname, "logger": record.name, "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None)}
        entry.update({key: getattr(record, key) for key in ACCESS_FIELDS if hasattr(record, key)})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(log_format: str) -> logging.Handler:
    """One handler on the root logger (stderr), installed once per process; the format is reset.
    Our loggers (ocopflow.*, workflow_service.*) log INFO; libraries keep the root's WARNING."""
    root = logging.getLogger()
    handler = next((h for h in root.handlers if getattr(h, "ocopflow", False)), None)
    if handler is None:
        handler = StderrHandler()
        handler.ocopflow = True  # type: ignore[attr-defined]
        handler.addFilter(RequestIdFilter())
        root.addHandler(handler)
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    for name in ("ocopflow", "workflow_service"):
        if logging.getLogger(name).level == logging.NOTSET:
            logging.getLogger(name).setLevel(logging.INFO)
    return handler


def request_id_from(header: str | None) -> str:
    return header if header and SANE_ID.match(header) else uuid.uuid4().hex


def init_request_log(app: Flask) -> None:
    @app.before_request
    def _begin() -> None:
        g.request_id = request_id_from(request.headers.get("X-Request-ID"))
        g.request_id_token = REQUEST_ID.set(g.request_id)
        g.request_started = time.perf_counter()

    @app.after_request
    def _finish(response: Response) -> Response:
        request_id = g.get("request_id") or request_id_from(None)
        response.headers["X-Request-ID"] = request_id
        started = g.get("request_started")
        duration = round((time.perf_counter() - started) * 1000, 1) if started is not None else None
        actor = g.get("actor")
        access_log.info("%s %s %s", request.method, request.path, response.status_code, extra={
            "method": request.method, "path": request.path, "status": response.status_code,
            "duration_ms": duration, "user": getattr(actor, "username", None), "request_id": request_id})
        return response

    @app.teardown_request
    def _end(_error: BaseException | None) -> None:
        token = g.pop("request_id_token", None)
        if token is not None:
            REQUEST_ID.reset(token)
