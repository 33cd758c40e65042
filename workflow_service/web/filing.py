"""Filing a new dossier from the browser (producer or commune officer)."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from ..domain.access import Actor
from ..domain.certificates import CERTIFICATE_PROCESSES
from ..domain.cycle import CYCLE_PROCESSES, PLAN_SERIES
from ..domain.errors import DomainError, ValidationFailed
from ..domain.roles import APPLICANT, COMMUNE_OFFICER
from ..services.cycle.views import CycleItem, get_item
from ..services.dossiers import attachments
from ..services.dossiers.filing import KINDS, FileDossier, file_dossier
from ..services.dossiers.filing_forms import start_form
from ..services.tasks.inbox import step_choices
from .form_fields import build_form, read_submission, with_raw
from .messages import error_text, field_errors
from .pages import pages
from .session import ctx, current_actor, login_required
from .task_pages import attachment_storage

DEFAULT_PROCESS = "ocop_evaluation"


def _communes(actor: Actor) -> list[str]:
    return sorted({g.unit_code for g in actor.grants if g.role in (APPLICANT, COMMUNE_OFFICER)})


def kind_labels() -> dict[str, str]:
    return {"first_time": _("First evaluation"), "upgrade": _("Upgrade (higher star rating)"),
            "re_evaluation": _("Re-evaluation (certificate expiring)")}


@pages.route("/dossiers/new", methods=["GET", "POST"])
@login_required
def new_dossier() -> ResponseReturnValue:
    actor = current_actor()
    communes = _communes(actor)
    if not communes:
        flash(_("Only a producer or a commune officer files dossiers."), "error")
        return redirect(url_for("pages.inbox"))
    processes = [(c.process_key, c.process_name) for c in step_choices(ctx())
                 if c.process_key not in (*CERTIFICATE_PROCESSES, *CYCLE_PROCESSES)]  # those start elsewhere
    keys = [k for k, _name in processes]
    process_key = request.values.get("process") or (DEFAULT_PROCESS if DEFAULT_PROCESS in keys else keys[0])
    if process_key not in keys:
        process_key = keys[0]
    schema = start_form(ctx(), process_key=process_key)[2]
    plan = _business_plan(actor)
    default_commune = plan.row.commune_code if plan is not None else communes[0]
    chosen = {"commune": request.form.get("commune", default_commune), "kind": request.form.get("kind", KINDS[0])}
    if request.method == "GET":
        return _page(schema, _from_plan(plan), {}, processes, process_key, communes, chosen, plan=plan)
    data, errors = read_submission(schema or {"properties": {}}, request.form, process_key)
    if chosen["commune"] not in communes:
        errors["commune"] = [_("Choose one of your communes.")]
    papers, paper_errors = _papers()
    errors.update(paper_errors)
    if errors:
        return _page(schema, with_raw(data, errors, request.form), _choose_again(errors, papers), processes, process_key, communes, chosen, 422, plan)
    try:
        dossier = file_dossier(ctx(), actor, FileDossier(process_key, chosen["commune"], chosen["kind"], data,
                                                         business_plan_id=plan.row.id if plan else None))
    except ValidationFailed as err:
        flash(_("The dossier was not filed: some fields need attention."), "error")
        return _page(schema, data, _choose_again(field_errors(err), papers), processes, process_key, communes, chosen, 422, plan)
    except DomainError as err:
        flash(error_text(err), "error")
        return _page(schema, data, _choose_again({}, papers), processes, process_key, communes, chosen, err.status, plan)
    if papers:
        attachments.attach_filed(ctx(), actor, dossier.id, papers, attachment_storage())
    flash(_("Dossier filed: %(number)s.", number=dossier.registration_number), "success")
    return redirect(url_for("pages.dossier", dossier_id=dossier.id))


def _papers() -> tuple[list[tuple[str, attachments.Upload]], dict[str, list[str]]]:
    """The files sent with the filing (Mẫu 02, the product's papers), each checked before anything is filed."""
    papers: list[tuple[str, attachments.Upload]] = []
    errors: dict[str, list[str]] = {}
    for kind in attachments.FILING_KINDS:
        for sent in request.files.getlist(kind):
            if not sent or not sent.filename:
                continue
            upload = attachments.Upload(sent.filename, sent.read(attachments.MAX_BYTES + 1))
            try:
                attachments.check_upload(upload)
            except ValidationFailed as err:
                errors.setdefault(kind, []).append(f"{upload.filename}: {error_text(err)}")
            else:
                papers.append((kind, upload))
    return papers, errors


def _choose_again(errors: dict[str, list[str]], papers: list[tuple[str, attachments.Upload]]) -> dict[str, list[str]]:
    """A browser never sends a chosen file again after a refusal: say so next to each file field."""
    for kind in {k for k, _upload in papers} - set(errors):
        errors[kind] = [_("Choose this file again: files are not kept when the form is refused.")]
    return errors


def _page(schema: dict[str, Any] | None, values: dict[str, Any], errors: dict[str, list[str]],
          processes: list[tuple[str, str]], process_key: str, communes: list[str], chosen: dict[str, str],
          status: int = 200, plan: CycleItem | None = None) -> ResponseReturnValue:
    form = build_form(schema or {"properties": {}}, values, errors)
    return render_template("filing.html", form=form, processes=processes, process_key=process_key,
                           communes=communes, chosen=chosen, kinds=kind_labels(), plan=plan,
                           commune_errors=errors.get("commune", []), kind_errors=errors.get("kind", []),
                           paper_errors={k: errors.get(k, []) for k in attachments.FILING_KINDS},
                           max_mib=attachments.MAX_BYTES // 2**20, allowed=", ".join(sorted(attachments.ALLOWED))), status


def _business_plan(actor: Actor) -> CycleItem | None:
    """The approved business plan the producer files from (`?business_plan=<id>`), if any."""
    plan_id = request.values.get("business_plan", type=int)
    return get_item(ctx(), actor, PLAN_SERIES, plan_id).item if plan_id else None


def _from_plan(plan: CycleItem | None) -> dict[str, Any]:
    """The registration form filled in from the plan's idea: the producer, the product's name and group."""
    if plan is None:
        return {}
    data = plan.row.data or {}
    product = data.get("product") if isinstance(data.get("product"), dict) else {}
    return {"producer": data.get("producer") or {},
            "product": {k: v for k, v in (product or {}).items() if k in ("name", "group")}}
