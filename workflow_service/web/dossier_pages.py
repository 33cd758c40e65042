"""Dossier list and dossier page: data, official documents, attachments, the audit timeline and the diagram
container; downloading a document."""

from __future__ import annotations

from pathlib import Path

from flask import Response, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from ..schemas.documents import content_disposition
from ..services.access.redaction import sheet_hidden
from ..services.cycle.views import linked_items
from ..services.deadlines.calendar import current_calendar
from ..services.deadlines.due_dates import status as deadline_status
from ..services.documents import reading as documents
from ..services.dossiers import attachments
from ..services.dossiers import filing as dossiers
from ..services.dossiers.filing_forms import start_form
from ..services.regulations.registry import regulation_title
from .form_fields import build_form
from .pages import pages
from .session import ctx, current_actor, login_required

PAGE = 50


@pages.get("/dossiers")
@login_required
def dossiers_list() -> ResponseReturnValue:
    offset = max(0, request.args.get("offset", 0, type=int) or 0)
    rows, total = dossiers.list_dossiers(ctx(), current_actor(), limit=PAGE, offset=offset)
    return render_template("dossiers.html", rows=rows, total=total, offset=offset, page_size=PAGE)


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
    return render_template(
        "dossier.html", dossier=row, tasks=task_rows, history=history, registration=registration,
        attachments=attachments.list_attachments(ctx(), actor, dossier_id),
        documents=documents.list_documents(ctx(), actor, dossier_id), document_labels=document_labels(),
        task_names={t.id: t.name for t in task_rows},
        linked={t.id for t in task_rows if not sheet_hidden(actor, t)},
        statuses={t.id: deadline_status(t.due_at, now, t.completed_at, calendar) for t in task_rows},
        regulation=regulation_title(ctx(), row.regulation), links=linked_items(ctx(), actor, row),
        action_labels=action_labels(), diagram_url=diagram_url, viewer_js=(dist / "viewer.js").is_file(),
        viewer_css=(dist / "viewer.css").is_file())


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
            "escalate": _("Escalated"), "timer": _("Timer fired"), "register_idea": _("Idea registered"),
            "register_business_plan": _("Business plan submitted"),
            "document": _("Document issued")}


def document_labels() -> dict[str, str]:
    return {"mau_01": _("Registration form (Mẫu 01)"), "mau_02": _("Self-assessment report (Mẫu 02)"),
            "mau_03": _("Commune report (Mẫu 03)"), "recognition_decision": _("Recognition decision"),
            "certificate": _("OCOP certificate"), "revocation_decision": _("Revocation decision")}
