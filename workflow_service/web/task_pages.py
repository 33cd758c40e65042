"""The task page: its form rendered from the forms/ definition, the dossier around it, save draft, complete,
attachments. Nothing typed is lost: errors re-show what was typed, an upload keeps it as a draft."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import current_app, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from ..domain.errors import Conflict, DomainError, ValidationFailed
from ..services.deadlines.calendar import current_calendar
from ..services.deadlines.due_dates import status as deadline_status
from ..services.dossiers import attachments
from ..services.dossiers.task_view import task_view
from ..services.tasks import actions as tasks
from ..services.tasks.drafts import save_draft
from .form_fields import build_form, read_submission, with_raw
from .i18n import content_text
from .labels import local_date, number
from .messages import PageInputError, error_text, field_errors
from .pages import pages
from .session import ctx, current_actor, login_required


def attachment_storage() -> Path:
    return Path(current_app.extensions["ocopflow.settings"].instance_dir) / "attachments"


def _render(task_id: str, values: dict[str, Any] | None = None, errors: dict[str, list[str]] | None = None,
            status: int = 200, file_errors: list[str] | None = None) -> ResponseReturnValue:
    view = task_view(ctx(), current_actor(), task_id)
    row = view.task
    if values is None:
        values = view.submitted if row.status == "completed" and view.submitted is not None else (row.draft or {})
    form = build_form(view.schema, values, errors)
    return render_template(
        "task.html", view=view, task=row, form=form, holder=view.actions.fill, actions=view.actions,
        attachments=view.attachments, file_errors=file_errors or [],
        steps=[(step, build_form(step.schema or {}, step.data)) for step in view.steps],
        registration=build_form(view.registration, view.dossier.data) if view.registration else None,
        deadline=deadline_status(row.due_at, ctx().clock.now(), row.completed_at, current_calendar(ctx())),
        max_mib=attachments.MAX_BYTES // 2**20, allowed=", ".join(sorted(attachments.ALLOWED))), status


@pages.get("/tasks/<task_id>")
@login_required
def task(task_id: str) -> ResponseReturnValue:
    return _render(task_id)


@pages.post("/tasks/<task_id>")
@login_required
def submit_task(task_id: str) -> ResponseReturnValue:
    actor = current_actor()
    row, schema = tasks.get_task(ctx(), actor, task_id)
    data, errors = read_submission(schema, request.form, row.form_file)
    shown = with_raw(data, errors, request.form)
    try:
        if request.form.get("action") == "save":
            save_draft(ctx(), actor, task_id, shown)
            flash(_("Draft saved."), "success")
            return redirect(url_for("pages.task", task_id=task_id))
        if errors:
            flash(_("The task was not completed: some fields need attention."), "error")
            return _render(task_id, shown, errors, 422)
        done = tasks.complete_task(ctx(), actor, task_id, data)
    except ValidationFailed as err:
        flash(_("The task was not completed: some fields need attention."), "error")
        return _render(task_id, shown, field_errors(err), 422)
    except Conflict as err:
        flash(error_text(err), "error")
        return _render(task_id, shown, None, 409)
    flash(_("Task completed: %(name)s (%(number)s).", name=content_text(done.name),
            number=done.dossier.registration_number), "success")
    return redirect(url_for("pages.inbox"))


@pages.post("/tasks/<task_id>/attachments")
@login_required
def upload(task_id: str) -> ResponseReturnValue:
    """Attach a file. Sent from the task form (with what was typed so far, kept as the draft) or by the
    page's script (fetch: answered in JSON, the page is not reloaded)."""
    actor = current_actor()
    wants_json = request.accept_mimetypes.best == "application/json"
    row, schema = tasks.get_task(ctx(), actor, task_id)
    shown: dict[str, Any] | None = None
    if any(key in request.form for key in _field_names(schema)):
        data, errors = read_submission(schema, request.form, row.form_file)
        shown = with_raw(data, errors, request.form)
    sent = request.files.get("file")
    try:
        if shown is not None and row.claimed_by == actor.username:
            save_draft(ctx(), actor, task_id, shown)  # typed input survives whatever happens to the file
        if sent is None or not sent.filename:
            raise PageInputError(_("Choose a file to attach."), {"file": ["missing"]})
        found = attachments.attach_to_task(ctx(), actor, task_id,
                                           attachments.Upload(sent.filename, sent.read(attachments.MAX_BYTES + 1)),
                                           attachment_storage())
    except DomainError as err:
        if err.status == 404:
            raise
        message = error_text(err)
        if wants_json:
            return jsonify({"error": message}), err.status
        flash(_("The file was not attached: %(reason)s", reason=message), "error")
        return _render(task_id, shown, None, err.status, file_errors=[message])
    if wants_json:
        return jsonify({"id": found.id, "filename": found.filename, "url": url_for("pages.download",
                        attachment_id=found.id), "size": number(round(found.size / 1024, 1)) + " KB",
                        "uploaded_at": local_date(found.uploaded_at), "message": _("File attached.")}), 201
    flash(_("File attached."), "success")
    return redirect(url_for("pages.task", task_id=task_id) + "#attachments")


def _field_names(schema: dict[str, Any], prefix: str = "") -> list[str]:
    names = []
    for name, prop in schema.get("properties", {}).items():
        if prop.get("type") == "object":
            names += _field_names(prop, f"{prefix}{name}.")
        else:
            names.append(f"{prefix}{name}")
    return names


@pages.get("/attachments/<id:attachment_id>")
@login_required
def download(attachment_id: int) -> ResponseReturnValue:
    found, path = attachments.open_attachment(ctx(), current_actor(), attachment_id, attachment_storage())
    response = send_file(path, mimetype=found.content_type, as_attachment=True, download_name=found.filename,
                         max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response
