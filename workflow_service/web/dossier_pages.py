"""Dossier list and dossier page: data, official documents, attachments, the audit timeline and the diagram
container; downloading a document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from flask import Response, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from ..domain.roles import APPLICANT, COMMUNE_OFFICER
from ..schemas.documents import content_disposition
from ..services.access.redaction import sheet_hidden
from ..services.cycle.views import linked_items
from ..services.deadlines.calendar import current_calendar
from ..services.deadlines.due_dates import status as deadline_status
from ..services.documents import reading as documents
from ..services.dossiers import attachments
from ..services.dossiers import filing as dossiers
from ..services.dossiers.filing_forms import start_form
from ..services.dossiers.listing import STATUSES, DossierQuery, find_dossiers, list_choices
from ..services.dossiers.task_view import completed_steps, diagram_words
from ..services.regulations.registry import regulation_title
from ..services.tasks.inbox import step_choices
from .form_fields import build_form
from .labels import diagram_texts, grant_title, preload_units
from .pages import pages
from .session import ctx, current_actor, login_required

PAGE = 50


@pages.get("/dossiers")
@login_required
def dossiers_list() -> ResponseReturnValue:
    actor = current_actor()
    args = request.args
    offset = max(0, args.get("offset", 0, type=int) or 0)
    query = DossierQuery(search=(args.get("q") or "").strip()[:100] or None,
                         status=args.get("status") if args.get("status") in STATUSES else None,
                         element_id=args.get("step") or None, commune=args.get("commune") or None,
                         regulation=args.get("regulation") or None, limit=PAGE, offset=offset)
    page = find_dossiers(ctx(), actor, query)
    choices = list_choices(ctx(), actor)
    preload_units([*(choices.communes or ()), *(s.unit_code for steps in page.current.values() for s in steps)])
    filters = {k: v for k, v in args.items() if k != "offset" and v}
    return render_template("dossiers.html", page=page, rows=page.rows, total=page.total, offset=offset,
                           page_size=PAGE, query=query, filters=filters, choices=choices,
                           steps=step_choices(ctx()),
                           can_file=any(g.role in (APPLICANT, COMMUNE_OFFICER) for g in actor.grants))


@pages.get("/dossiers/<id:dossier_id>")
@login_required
def dossier(dossier_id: int) -> ResponseReturnValue:
    actor = current_actor()
    row, task_rows, history = dossiers.get_dossier(ctx(), actor, dossier_id)
    form = start_form(ctx(), definition_id=row.definition_id)[2]
    registration = build_form(form, row.data) if form else None
    now = ctx().clock.now()
    calendar = current_calendar(ctx())
    dist = Path(current_app.root_path) / "web" / "static" / "dist"
    diagram_url = (url_for("api.dossier_diagram", dossier_id=dossier_id)
                   if "api.dossier_diagram" in current_app.view_functions else None)
    linked = {t.id for t in task_rows if not sheet_hidden(actor, t)}
    preload_units([row.commune_code, *(t.unit_code for t in task_rows),
                   *(h.acting_as.partition("@")[2] for h in history)])
    findings = {s.task.id: build_form(s.schema or {}, s.data)
                for s in completed_steps(ctx(), row, task_rows, history) if not s.redacted}
    return render_template(
        "dossier.html", dossier=row, tasks=task_rows, history=history, registration=registration,
        attachments=attachments.list_attachments(ctx(), actor, dossier_id),
        documents=documents.list_documents(ctx(), actor, dossier_id), document_labels=document_labels(),
        task_names={t.id: t.name for t in task_rows}, findings=findings, linked=linked,
        statuses={t.id: deadline_status(t.due_at, now, t.completed_at, calendar) for t in task_rows},
        regulation=regulation_title(ctx(), row.regulation), links=linked_items(ctx(), actor, row),
        action_labels=action_labels(), diagram_url=diagram_url, viewer_js=(dist / "viewer.js").is_file(),
        viewer_css=(dist / "viewer.css").is_file(),
        diagram_texts=diagram_texts(names=lambda: diagram_words(ctx(), row.definition_id)),
        diagram_state=json.dumps({"current": [_current(t, t.id in linked) for t in task_rows if t.status == "open"]},
                                 ensure_ascii=False))


def _current(task: Any, readable: bool) -> dict[str, Any]:
    """An open step on the diagram: who holds it, else to whom it is offered, by title and unit name."""
    return {"element_id": task.element_id, "holder": task.claimed_by if readable else None,
            "candidate": task.candidate if readable else None,
            "offered_to": grant_title(task.role, task.unit_code)}


@pages.get("/dossiers/<id:dossier_id>/documents/<id:document_id>")
@login_required
def document(dossier_id: int, document_id: int) -> ResponseReturnValue:
    row = documents.open_document(ctx(), current_actor(), dossier_id, document_id)
    return Response(row.content, mimetype="application/pdf", headers={
        "Content-Disposition": content_disposition(row.file_name), "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff"})


def action_labels() -> dict[str, str]:
    return {"file": _("Filed"), "claim": _("Claimed"), "unclaim": _("Released"), "complete": _("Completed"),
            "assign": _("Reassigned"), "attach": _("File attached"), "reschedule": _("Deadline moved"),
            "escalate": _("Escalated"), "timer": _("Timer fired"), "incident_retry": _("Retried after a failure"),
            "incident_resolve": _("Failure resolved"), "incident": _("A step failed"),
            "register_idea": _("Idea registered"), "register_business_plan": _("Business plan submitted"),
            "document": _("Document issued"), "migrate": _("Moved to another process version"),
            "migration_revert": _("Move to another version undone"), "certificate_issued": _("Certificate issued"),
            "certificate_inspection_recorded": _("Inspection recorded on the certificate"),
            "certificate_re_evaluation_decided": _("Re-evaluation decided"),
            "certificate_revocation_decided": _("Revocation decided"), "certificate_notice": _("Certificate notice sent"),
            "certificate_expired": _("Certificate expired")}


def document_labels() -> dict[str, str]:
    return {"mau_01": _("Registration form (Form 01)"), "mau_02": _("Self-assessment report (Form 02)"),
            "mau_03": _("Commune report (Form 03)"), "recognition_decision": _("Recognition decision"),
            "certificate": _("OCOP certificate"), "revocation_decision": _("Revocation decision")}
