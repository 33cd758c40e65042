"""Designer pages for migrations: choose or paste a plan, dry-run it (table, CSV), start a run and follow
it (the page polls the run's status), revert a migrated dossier. The same services as /api/v1/migrations."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from markupsafe import Markup, escape

from ..domain.errors import DomainError, ValidationFailed
from ..services.migration import background, names, plans, revert, runs
from ..services.migration import dry_run as previews
from .filing import kind_labels
from .i18n import content_text
from .input_problems import plan_refusal
from .labels import deadline_rule_text, grant_title
from .messages import error_text
from .migration_reasons import reason_text
from .pages import register_page_errors
from .session import ctx, current_actor, login_required

bp = Blueprint("migrations", __name__, url_prefix="/designer/migrations", template_folder="templates")
register_page_errors(bp)
_WAITING = re.compile(r"(?P<id>\S+)(?: \((?P<done>\d+)/(?P<total>\d+) done\))?")


def step_label(element: str, steps: Mapping[str, str]) -> Markup:
    """A step by its name, its id beside it in <code>; a council step waiting for some sheets says how many."""
    found = _WAITING.fullmatch(element)
    element_id = found["id"] if found else element
    label = Markup("{} <code>{}</code>").format(content_text(steps.get(element_id, "")), element_id) \
        if steps.get(element_id) else Markup("<code>{}</code>").format(element_id)
    if found and found["done"]:
        label += " " + _("(%(done)s of %(total)s done)", done=found["done"], total=found["total"])
    return label


def offered_label(offered_to: str) -> str:
    """"province_office@42" → the role's title and the unit's name."""
    role, _sep, unit = offered_to.partition("@")
    return str(grant_title(role, unit))


def deadline_label(deadlines: Mapping[str, str]) -> Markup:
    """The plan's deadline choice: the new version's deadlines, the old ones kept, or a rule (in words, as
    written on hover)."""
    def one(choice: str) -> Markup:
        if choice == "target":
            return escape(_("as the new version sets them"))
        if choice == "keep":
            return escape(_("kept as they were"))
        return Markup('<span title="{}">{}</span>').format(choice, deadline_rule_text(choice))
    if len(set(deadlines.values())) == 1:
        return one(next(iter(deadlines.values())))
    kinds = kind_labels()
    return Markup("; ").join(Markup("{}: {}").format(kinds.get(kind, kind), one(choice))
                             for kind, choice in deadlines.items())


@bp.context_processor
def _page_helpers() -> dict[str, Any]:
    return {"step_label": step_label, "offered_label": offered_label, "deadline_label": deadline_label,
            "reason_text": lambda text, steps: reason_text(text, lambda element: step_label(element, steps))}


def _form_plan() -> str:
    pasted = request.form.get("plan", "").strip()
    return plans.plan_text(ctx(), pasted or None, None if pasted else request.form.get("file", ""))


def _index(status: int = 200, **extra: Any) -> ResponseReturnValue:
    actor = current_actor()
    plans.require_designer(actor)
    page = {"shipped": plans.shipped_plans(ctx()), "runs": runs.list_runs(ctx(), actor),
            "chosen_file": request.form.get("file", ""), "pasted": request.form.get("plan", ""), **extra}
    return render_template("designer/migrations.html", **page), status


@bp.get("/")
@login_required
def index() -> ResponseReturnValue:
    return _index()


@bp.post("/dry-run")
@login_required
def dry_run() -> ResponseReturnValue:
    plans.require_designer(current_actor())
    try:
        preview = previews.dry_run(ctx(), current_actor(), _form_plan())
    except ValidationFailed as err:
        return _index(422, problem=err, problem_lines=plan_refusal(err))
    views = [previews.outcome_view(o) for o in preview.outcomes]
    target = preview.plan["target"]
    steps = names.plan_step_names(ctx(), _form_plan(), target["process_key"], target["version"])
    return _index(preview=preview, outcomes=views, steps=steps)


@bp.post("/dry-run.csv")
@login_required
def dry_run_csv() -> ResponseReturnValue:
    plans.require_designer(current_actor())
    preview = previews.dry_run(ctx(), current_actor(), _form_plan())
    response = current_app.response_class(previews.preview_csv(preview), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{preview.plan["name"]}-dry-run.csv"'
    return response


@bp.post("/runs")
@login_required
def start() -> ResponseReturnValue:
    actor = current_actor()
    plans.require_designer(actor)
    try:
        run_id = runs.start_run(ctx(), actor, _form_plan())
    except ValidationFailed as err:
        return _index(422, problem=err, problem_lines=plan_refusal(err))
    background.execute(ctx(), actor, run_id, inline=current_app.extensions["ocopflow.settings"].env == "testing")
    return redirect(url_for("migrations.run", run_id=run_id))


@bp.get("/runs/<id:run_id>")
@login_required
def run(run_id: int) -> ResponseReturnValue:
    view = runs.run_status(ctx(), current_actor(), run_id)
    return render_template("designer/migration_run.html", run=view, steps=names.run_step_names(ctx(), run_id))


@bp.get("/runs/<id:run_id>/status.json")
@login_required
def run_progress(run_id: int) -> ResponseReturnValue:
    view = runs.run_status(ctx(), current_actor(), run_id)
    return jsonify({"status": view.status, "counts": view.counts})


@bp.post("/runs/<id:run_id>/dossiers/<id:dossier_id>/revert")
@login_required
def revert_dossier(run_id: int, dossier_id: int) -> ResponseReturnValue:
    try:
        revert.revert_dossier(ctx(), current_actor(), run_id, dossier_id)
    except DomainError as err:
        if err.status in (403, 404):
            raise
        flash(error_text(err), "error")
    else:
        flash(_("Dossier %(id)s is back where it was before the migration.", id=dossier_id), "success")
    return redirect(url_for("migrations.run", run_id=run_id))
