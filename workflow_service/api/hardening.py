"""What every /api/v1 request and answer gets, wired onto the app before the blueprint is registered.

- `<id:…>` path segments: integers 1..2^31-1 (an INTEGER id column); anything else matches no route
  (404), so an id past the column's range never reaches the database.
- JSON parsed with limits (json_body.LimitedJSONProvider).
- Answers carry nosniff and a CSP that allows nothing (JSON is data, never a document to render).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from flask.wrappers import Response
from werkzeug.routing import IntegerConverter, Map, PathConverter

from ..schemas.queries import MAX_ID
from .json_body import LimitedJSONProvider

API_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Cache-Control": "no-store",
}


class IdConverter(IntegerConverter):
    """A database id: 1..MAX_ID (PostgreSQL INTEGER; SQLite would take more, PostgreSQL would fail)."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        super().__init__(url_map, min=1, max=MAX_ID)


class CertificateNumberConverter(PathConverter):
    """A certificate number may hold slashes ("12/QĐ-UBND", URL-quoted or not), but never ends in one of
    the actions on a certificate, so GET /certificates/X/revocations is not certificate "X/revocations"
    (nor the register's X/certificate.pdf certificate "X/certificate.pdf")."""

    regex = r"[^/].*?(?<!/re-evaluation)(?<!/inspections)(?<!/revocations)(?<!/certificate\.pdf)"


def init_api(app: Flask) -> None:
    app.url_map.converters["id"] = IdConverter
    app.url_map.converters["certificate"] = CertificateNumberConverter
    provider = LimitedJSONProvider(app)
    provider.ensure_ascii = False
    app.json = provider

    @app.after_request
    def _api_headers(response: Response) -> Response:
        if request.path == "/api" or request.path.startswith("/api/"):
            for name, value in API_HEADERS.items():
                if name == "Cache-Control":
                    response.headers.setdefault(name, value)
                else:  # also over the page headers web/ may have set on an unrouted /api path
                    response.headers[name] = value
        return response
