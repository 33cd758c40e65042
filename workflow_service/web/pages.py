"""The `pages` blueprint at "/" (templates and static files for every page) and its HTML errors."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..domain.errors import DomainError, NotFound, Unauthorized
from .messages import error_text, http_text

pages = Blueprint("pages", __name__, template_folder="templates", static_folder="static",
                  static_url_path="/static")


def register_page_errors(bp: Blueprint) -> None:
    """Errors in a page blueprint become HTML pages (the API keeps problem+json)."""

    @bp.errorhandler(Unauthorized)
    def _signed_out(err: Unauthorized) -> ResponseReturnValue:
        return redirect(url_for("pages.login", next=request.full_path.rstrip("?")))

    @bp.errorhandler(NotFound)
    def _not_found(err: NotFound) -> ResponseReturnValue:
        return render_template("error.html", code=404, message=_("Not found.")), 404

    @bp.errorhandler(DomainError)
    def _domain(err: DomainError) -> ResponseReturnValue:
        return render_template("error.html", code=err.status, message=error_text(err)), err.status

    @bp.errorhandler(CSRFError)
    def _csrf(err: CSRFError) -> ResponseReturnValue:
        flash(_("The form expired or was not sent from this site. Please try again."), "error")
        return render_template("error.html", code=400,
                               message=_("The form expired or was not sent from this site.")), 400

    @bp.errorhandler(HTTPException)
    def _http(err: HTTPException) -> ResponseReturnValue:
        code = err.code or 500
        return render_template("error.html", code=code, message=http_text(err)), code


register_page_errors(pages)


@pages.get("/")
def index() -> ResponseReturnValue:
    """Each role lands where its work is (session.landing_endpoint)."""
    from .session import landing_endpoint, signed_in_actor

    actor = signed_in_actor()
    if actor is None:
        return redirect(url_for("pages.login"))
    return redirect(url_for(landing_endpoint(actor)))
