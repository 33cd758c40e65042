"""Admin page: open incidents (failed engine steps) with Retry and Resolve — the same services as
/api/v1/incidents."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from ..domain.errors import DomainError
from ..services.incidents import admin as incidents
from .messages import error_text
from .pages import register_page_errors
from .session import ctx, current_actor, login_required

bp = Blueprint("incidents", __name__, url_prefix="/admin/incidents", template_folder="templates")
register_page_errors(bp)


@bp.get("/")
@login_required
def index() -> ResponseReturnValue:
    status = request.args.get("status", "open")
    rows, total = incidents.list_incidents(ctx(), current_actor(), status if status in incidents.STATUSES else "open")
    return render_template("admin/incidents.html", incidents=rows, total=total, status=status)


@bp.post("/<id:incident_id>/retry")
@login_required
def retry(incident_id: int) -> ResponseReturnValue:
    try:
        incidents.retry_incident(ctx(), current_actor(), incident_id)
    except DomainError as err:
        if err.status in (403, 404):
            raise
        flash(_("Retry failed: %(error)s", error=error_text(err)), "error")
    else:
        flash(_("Incident %(id)s retried successfully.", id=incident_id), "success")
    return redirect(url_for("incidents.index"))


@bp.post("/<id:incident_id>/resolve")
@login_required
def resolve(incident_id: int) -> ResponseReturnValue:
    try:
        incidents.resolve_incident(ctx(), current_actor(), incident_id, request.form.get("reason", ""))
    except DomainError as err:
        if err.status in (403, 404):
            raise
        flash(error_text(err), "error")
    else:
        flash(_("Incident %(id)s resolved.", id=incident_id), "success")
    return redirect(url_for("incidents.index"))
