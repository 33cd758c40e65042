"""The producer's pages: their landing (ideas, plans, dossiers, certificates, reports), registering an idea,
submitting a business plan, sending a periodic report; and the rewards table for officers."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from ..domain.errors import DomainError, ValidationFailed
from ..domain.roles import APPLICANT
from ..services.cycle import business_plans, ideas, producer
from ..services.cycle.forms import cycle_start_form
from ..services.plans.producer_reports import submit_producer_report
from .form_fields import build_form, parse_submission
from .messages import error_text
from .pages import pages
from .session import ctx, current_actor, login_required


def status_labels() -> dict[str, str]:
    return {"in_review": _("Under review"), "not_forwarded": _("Not forwarded by the commune"),
            "selected": _("Selected"), "not_selected": _("Not selected"), "in_evaluation": _("Being evaluated"),
            "revising": _("To be revised"), "approved": _("Approved"), "not_approved": _("Not approved"),
            "implemented": _("Implemented"), "open": _("To send"), "submitted": _("Sent")}


@pages.get("/producer")
@login_required
def producer_page() -> ResponseReturnValue:
    overview = producer.producer_overview(ctx(), current_actor())
    planned = {p.row.idea_id for p in overview.plans if p.status != "not_approved"}
    return render_template("producer.html", overview=overview, planned=planned, labels=status_labels())


@pages.route("/ideas/new", methods=["GET", "POST"])
@login_required
def new_idea() -> ResponseReturnValue:
    actor = current_actor()
    communes = sorted(actor.units_for(APPLICANT))
    if not communes:
        flash(_("Only a producer registers product ideas."), "error")
        return redirect(url_for("pages.index"))
    schema = cycle_start_form(ctx(), "idea")
    commune = request.form.get("commune", communes[0])
    if request.method == "GET":
        return _idea_page(schema, {}, {}, communes, commune)
    data, errors = parse_submission(schema, request.form)
    if commune not in communes:
        errors["commune"] = [_("Choose one of your communes.")]
    if errors:
        return _idea_page(schema, data, errors, communes, commune, 422)
    try:
        row = ideas.register_idea(ctx(), actor, commune, data)
    except ValidationFailed as err:
        flash(_("The idea was not registered: some fields need attention."), "error")
        return _idea_page(schema, data, err.errors, communes, commune, 422)
    flash(_("Idea registered: %(number)s.", number=row.registration_number), "success")
    return redirect(url_for("pages.producer_page"))


def _idea_page(schema: dict[str, Any], values: dict[str, Any], errors: dict[str, list[str]], communes: list[str],
               commune: str, status: int = 200) -> ResponseReturnValue:
    return render_template("idea_new.html", form=build_form(schema, values, errors), communes=communes,
                           commune=commune, commune_errors=errors.get("commune", [])), status


@pages.route("/business-plans/new", methods=["GET", "POST"])
@login_required
def new_business_plan() -> ResponseReturnValue:
    actor = current_actor()
    if not actor.units_for(APPLICANT):
        flash(_("Only a producer submits business plans."), "error")
        return redirect(url_for("pages.index"))
    idea_id = request.values.get("idea", type=int) or 0
    schema = cycle_start_form(ctx(), "business_plan")
    if request.method == "GET":
        return _plan_page(schema, {}, {}, idea_id)
    data, errors = parse_submission(schema, request.form)
    if errors:
        return _plan_page(schema, data, errors, idea_id, 422)
    try:
        row = business_plans.submit_business_plan(ctx(), actor, idea_id, data)
    except ValidationFailed as err:
        flash(_("The business plan was not submitted: some fields need attention."), "error")
        return _plan_page(schema, data, err.errors, idea_id, 422)
    except DomainError as err:
        flash(error_text(err), "error")
        return _plan_page(schema, data, {}, idea_id, err.status)
    flash(_("Business plan submitted: %(number)s.", number=row.registration_number), "success")
    return redirect(url_for("pages.producer_page"))


def _plan_page(schema: dict[str, Any], values: dict[str, Any], errors: dict[str, list[str]], idea_id: int,
               status: int = 200) -> ResponseReturnValue:
    return render_template("business_plan_new.html", form=build_form(schema, values, errors),
                           idea_id=idea_id), status


@pages.post("/producer/reports/<id:report_id>")
@login_required
def send_producer_report(report_id: int) -> ResponseReturnValue:
    summary = request.form.get("summary", "").strip()[:5000]
    if not summary:
        flash(_("Write what the report says before sending it."), "error")
        return redirect(url_for("pages.producer_page"), 303)
    submit_producer_report(ctx(), current_actor(), report_id, {"summary": summary})
    flash(_("Report sent."), "success")
    return redirect(url_for("pages.producer_page"), 303)
