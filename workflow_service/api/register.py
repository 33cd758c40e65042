"""/api/v1/register: the public register of OCOP certificates (no sign-in), cacheable and rate-limited.

Answers carry `Cache-Control: public, max-age=300` and an ETag (a conditional GET answers 304), the
certificate's PDF `public, max-age=86400` with its SHA-256 as ETag;
throttling.py limits them per client address (OCOPFLOW_REGISTER_LIMIT)."""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from flask.wrappers import Response

from ..schemas.certificates import RegisterQuery
from ..schemas.documents import content_disposition
from ..services.certificates import register
from .common import api, ctx, query, reply

CACHE_SECONDS = 300
PDF_CACHE_SECONDS = 86_400
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
    found = register.search_register(ctx(), wanted)
    return cacheable(reply({"items": [item.as_json() for item in found.items], "total": found.total,
                            "total_exact": found.total_exact,
                            "limit": wanted.limit, "offset": wanted.offset}))


@api.get("/register/certificates/<certificate:number>")
def register_certificate(number: str) -> Response:
    cert = register.verify(ctx(), number)
    pdf = url_for("api.register_certificate_pdf", number=cert.number) if cert.has_pdf else None
    return cacheable(reply({**cert.as_json(), "certificate_pdf": pdf}))


@api.get("/register/certificates/<certificate:number>/certificate.pdf")
def register_certificate_pdf(number: str) -> Response:
    """The certificate as issued (it never changes once stored): cached a day, revalidated by its SHA-256."""
    document = register.certificate_pdf(ctx(), number)
    response = Response(document.content, mimetype="application/pdf", headers={
        "Content-Disposition": content_disposition(document.file_name),
        "Cache-Control": f"public, max-age={PDF_CACHE_SECONDS}"})
    response.set_etag(document.sha256)
    response.make_conditional(request)  # 304 without a body when If-None-Match matches
    return response
