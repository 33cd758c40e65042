"""/api/v1/register: the public register of OCOP certificates (no sign-in), cacheable and rate-limited.

Answers carry `Cache-Control: public, max-age=300` and an ETag (a conditional GET answers 304);
throttling.py limits them per client address (OCOPFLOW_REGISTER_LIMIT)."""

from __future__ import annotations

from typing import Any

from flask import request
from flask.wrappers import Response

from ..schemas.certificates import RegisterQuery
from ..services.certificates import register
from .common import api, ctx, query, reply

CACHE_SECONDS = 300
CSV_TYPE = "text/csv; charset=utf-8"


def register_filter(args: dict[str, Any]) -> register.RegisterFilter:
    return register.RegisterFilter(q=args["q"], product=args["product"], producer=args["producer"],
                                   province=args["province"], stars=args["stars"], limit=args["limit"],
                                   offset=args["offset"])


def cacheable(response: Response) -> Response:
    response.headers["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    response.add_etag()
    response.make_conditional(request)  # 304 without a body when If-None-Match matches
    return response


@api.get("/register/certificates")
def register_certificates() -> Response:
    args = query(RegisterQuery())
    wanted = register_filter(args)
    if args["format"] == "csv":
        response = Response(register.register_csv(ctx(), wanted), mimetype="text/csv")
        response.headers["Content-Type"] = CSV_TYPE
        response.headers["Content-Disposition"] = 'attachment; filename="ocop-certificates.csv"'
        return cacheable(response)
    items, total = register.search_register(ctx(), wanted)
    return cacheable(reply({"items": [item.as_json() for item in items], "total": total,
                            "limit": wanted.limit, "offset": wanted.offset}))


@api.get("/register/certificates/<path:number>")
def register_certificate(number: str) -> Response:
    return cacheable(reply(register.verify(ctx(), number).as_json()))
