"""The public register pages (no sign-in): search with a CSV download, and the verification page of one
certificate (the QR code on the certificate PDF points to it). Same service as /api/v1/register."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask.wrappers import Response
from flask_babel import gettext as _
from marshmallow import ValidationError

from ..domain.certificates import STATES
from ..schemas.certificates import RegisterQuery
from ..services.certificates import register
from .pages import register_page_errors
from .session import ctx

bp = Blueprint("register", __name__, url_prefix="/register", template_folder="templates")
register_page_errors(bp)

PAGE_SIZE = 20


def _page(html: str, status: int = 200) -> Response:
    """Revalidated by ETag: the page carries the visitor's CSRF token, so it is never shared."""
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "private, no-cache"
    response.add_etag()
    response.make_conditional(request)
    return response


@bp.get("/")
def index() -> ResponseReturnValue:
    raw = {k: v for k, v in request.args.items() if v.strip() and k in ("q", "province", "stars", "offset")}
    try:
        args: dict[str, Any] = RegisterQuery().load({**raw, "limit": PAGE_SIZE})
        errors: dict[str, Any] = {}
    except ValidationError as err:
        args, errors = RegisterQuery().load({"limit": PAGE_SIZE}), dict(err.messages)  # type: ignore[arg-type]
    wanted = register.RegisterFilter(q=args["q"], province=args["province"], stars=args["stars"],
                                     limit=PAGE_SIZE, offset=args["offset"])
    found = register.search_register(ctx(), wanted)
    shown = {k: v for k, v in raw.items() if k != "offset" and k not in errors}
    labels = {"q": _("Product or producer"), "province": _("Province (name or code)"), "stars": _("Stars"),
              "offset": _("Pages")}
    return _page(render_template("register/index.html", items=found.items, total=found.total,
                                 total_exact=found.total_exact, offset=wanted.offset,
                                 size=PAGE_SIZE, shown=shown, errors=[labels.get(f, f) for f in errors]))


@bp.get("/certificates/<certificate:number>")
def certificate(number: str) -> ResponseReturnValue:
    cert = register.verify(ctx(), number)
    return _page(render_template("register/certificate.html", cert=cert, states=STATES))
