"""Certificate pages for signed-in users: the list and one certificate with its history, the forms that
start a re-evaluation (producer, commune officer), an inspection or a revocation (OCOP office), and the
province dashboard with its CSV — the same services as /api/v1/certificates."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from ..domain.certificates import REVOCATION_GROUNDS, STATES, VALID
from ..domain.errors import DomainError, ValidationFailed
from ..domain.roles import APPLICANT, COMMUNE_OFFICER, MINISTRY_OFFICE, PROVINCE_CHAIR, PROVINCE_OFFICE
from ..services.certificates import dashboard, records, starting
from ..services.certificates.lifecycle import SWEEPER
from ..services.certificates.views import Event
from .labels import person_name
from .messages import error_text
from .pages import register_page_errors
from .session import ctx, current_actor, login_required

bp = Blueprint("certificates", __name__, url_prefix="/certificates", template_folder="templates")
register_page_errors(bp)


@bp.get("/")
@login_required
def index() -> ResponseReturnValue:
    actor = current_actor()
    state = request.args.get("state") or None
    views, total = records.list_certificates(ctx(), actor, state=state if state in STATES else None, limit=200)
    provinces = sorted({g.unit_code for g in actor.grants if g.role == PROVINCE_CHAIR} | actor.supervised_units)
    return render_template("certificates/index.html", views=views, total=total, state=state, states=STATES,
                           provinces=provinces)


@bp.get("/dashboard")
@login_required
def province_dashboard() -> ResponseReturnValue:
    actor = current_actor()
    province = request.args.get("province", "").strip()
    if not province:
        mine = sorted({g.unit_code for g in actor.grants if g.role == PROVINCE_CHAIR} | actor.supervised_units)
        province = mine[0] if mine else ""
    board = dashboard.province_dashboard(ctx(), actor, province)
    if request.args.get("format") == "csv":
        response = Response(dashboard.dashboard_csv(board), mimetype="text/csv")
        response.headers["Content-Type"] = "text/csv; charset=utf-8"
        response.headers["Content-Disposition"] = f'attachment; filename="ocop-certificates-{board.province}.csv"'
        return response
    return render_template("certificates/dashboard.html", board=board)


def event_title(action: str) -> str:
    """A certificate event in the page's language (the register's own words are codes)."""
    titles: dict[str, str] = {"issued": _("Certificate issued"), "re_evaluation_started": _("Re-evaluation dossier filed"),
              "inspection_started": _("Inspection opened"), "revocation_started": _("Revocation opened"),
              "re_evaluation_decided": _("Re-evaluation decided"),
              "inspection_recorded": _("Inspection recorded on the certificate"),
              "revocation_decided": _("Revocation decided"), "expired": _("Certificate expired")}
    if action.startswith("notice_"):
        return str(_("Certificate notice sent"))
    return str(titles.get(action, action))


def event_note(event: Event) -> str:
    """The note the register wrote, worded for people; what someone typed (findings) stays as it is."""
    replaced = event.data.get("new_certificate") if event.action == "re_evaluation_decided" else None
    words: dict[tuple[str, str], str] = {("re_evaluation_decided", "not re-certified"): _("not re-certified"),
             ("revocation_decided", "revoked"): _("revoked"), ("revocation_decided", "not revoked"): _("not revoked"),
             ("expired", "36 months passed"): _("36 months passed"),
             ("expired", "re-evaluation not decided within 180 days of expiry"):
                 _("the re-evaluation was not decided within 180 days of expiry")}
    if replaced:
        return str(_("replaced by %(number)s", number=replaced))
    return str(words.get((event.action, event.note), event.note))


def event_actor(actor: str) -> str:
    return _("the service (scheduled)") if actor == SWEEPER else person_name(actor)


@bp.context_processor
def _page_helpers() -> dict[str, object]:
    return {"event_title": event_title, "event_note": event_note, "event_actor": event_actor}


@bp.get("/<certificate:number>")
@login_required
def detail(number: str) -> ResponseReturnValue:
    actor = current_actor()
    view = records.get_certificate(ctx(), actor, number)
    public = view.public
    may_reevaluate = public.state == VALID and (actor.holds(APPLICANT, view.commune_code)
                                                or actor.holds(COMMUNE_OFFICER, view.commune_code))
    office = public.listed and (actor.holds(PROVINCE_OFFICE, public.province_code)
                                or bool(actor.units_for(MINISTRY_OFFICE)))
    return render_template("certificates/detail.html", view=view, cert=public, may_reevaluate=may_reevaluate,
                           office=office, grounds=REVOCATION_GROUNDS, today=ctx().clock.now().date())


@bp.post("/<certificate:number>/re-evaluation")
@login_required
def reevaluate(number: str) -> ResponseReturnValue:
    return _start(number, lambda: starting.start_reevaluation(
        ctx(), current_actor(), number, request.form.get("changes", "").strip()[:5000] or None))


@bp.post("/<certificate:number>/inspections")
@login_required
def inspect(number: str) -> ResponseReturnValue:
    return _start(number, lambda: starting.start_inspection(
        ctx(), current_actor(), number, _choice("kind", ("periodic", "ad_hoc")), _day("due_on"),
        request.form.get("reason", "").strip()[:5000] or None))


@bp.post("/<certificate:number>/revocations")
@login_required
def revoke(number: str) -> ResponseReturnValue:
    return _start(number, lambda: starting.start_revocation(ctx(), current_actor(), number, starting.Revocation(
        ground=_choice("ground", tuple(g.code for g in REVOCATION_GROUNDS)), finding_date=_day("finding_date"),
        finding_by=_text("finding_by", 300), finding_reference=request.form.get("finding_reference", "")[:200] or None,
        description=request.form.get("description", "")[:5000] or None)))


def _start(number: str, start: object) -> ResponseReturnValue:
    try:
        dossier = start()  # type: ignore[operator]
    except DomainError as err:
        if err.status in (403, 404):
            raise
        flash(error_text(err), "error")
        return redirect(url_for("certificates.detail", number=number))
    flash(_("Dossier %(number)s opened.", number=dossier.registration_number), "success")
    return redirect(url_for("pages.dossier", dossier_id=dossier.id))


def _choice(name: str, allowed: tuple[str, ...]) -> str:
    value = request.form.get(name, "")
    if value not in allowed:
        raise ValidationFailed(_("Choose a value for %(field)s.", field=name), {name: ["required"]})
    return value


def _day(name: str) -> date:
    try:
        return date.fromisoformat(request.form.get(name, ""))
    except ValueError:
        raise ValidationFailed(_("%(field)s must be a date.", field=name), {name: ["not a date"]}) from None


def _text(name: str, length: int) -> str:
    value = request.form.get(name, "").strip()
    if not value:
        raise ValidationFailed(_("%(field)s is required.", field=name), {name: ["required"]})
    return value[:length]
