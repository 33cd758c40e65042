"""The task page: its form rendered from the forms/ definition, save draft, complete, attachments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import current_app, flash, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from ..domain.access import Offer, may_take
from ..domain.errors import Conflict, ValidationFailed
from ..services.deadlines.calendar import current_calendar
from ..services.deadlines.due_dates import status as deadline_status
from ..services.dossiers import attachments
from ..services.tasks import actions as tasks
from ..services.tasks.drafts import save_draft
from .form_fields import build_form, parse_submission
from .messages import error_text, field_errors
from .pages import pages
from .session import ctx, current_actor, login_required


def attachment_storage() -> Path:
    return Path(current_app.extensions["ocopflow.settings"].instance_dir) / "attachments"


def _render(task_id: str, values: dict[str, Any] | None = None,
            errors: dict[str, list[str]] | None = None, status: int = 200) -> ResponseReturnValue:
    actor = current_actor()
    row, schema = tasks.get_task(ctx(), actor, task_id)
    shown = values if values is not None else (row.draft or {})
    files = attachments.list_attachments(ctx(), actor, row.dossier_id)
    holder = row.status == "open" and row.claimed_by == actor.username
    claimable = row.status == "open" and row.claimed_by is None and may_take(actor, Offer(row.role, row.unit_code, row.candidate))
    return render_template("task.html", task=row, form=build_form(schema, shown, errors), holder=holder,
                           claimable=claimable, attachments=files,
                           deadline=deadline_status(row.due_at, ctx().clock.now(), row.completed_at, current_calendar(ctx())), max_mib=attachments.MAX_BYTES // 2**20,
                           allowed=", ".join(sorted(attachments.ALLOWED))), status


@pages.get("/tasks/<task_id>")
@login_required
def task(task_id: str) -> ResponseReturnValue:
    return _render(task_id)


@pages.post("/tasks/<task_id>")
@login_required
def submit_task(task_id: str) -> ResponseReturnValue:
    actor = current_actor()
    schema = tasks.get_task(ctx(), actor, task_id)[1]
    data, parse_errors = parse_submission(schema, request.form)
    shown = _with_raw(data, parse_errors, request.form)
    if parse_errors:
        flash(_("Some fields need attention."), "error")
        return _render(task_id, shown, parse_errors, 422)
    try:
        if request.form.get("action") == "save":
            save_draft(ctx(), actor, task_id, data)
            flash(_("Draft saved."), "success")
            return redirect(url_for("pages.task", task_id=task_id))
        done = tasks.complete_task(ctx(), actor, task_id, data)
    except ValidationFailed as err:
        flash(_("The task was not completed: some fields need attention."), "error")
        return _render(task_id, shown, field_errors(err), 422)
    except Conflict as err:
        flash(error_text(err), "error")
        return _render(task_id, shown, None, 409)
    flash(_("Task completed: %(name)s (%(number)s).", name=done.name,
            number=done.dossier.registration_number), "success")
    return redirect(url_for("pages.inbox"))


def _with_raw(data: dict[str, Any], errors: dict[str, list[str]], form: Any) -> dict[str, Any]:
    """Show what the user typed in fields that could not be read, so nothing typed is lost."""
    shown: dict[str, Any] = {k: (dict(v) if isinstance(v, dict) else v) for k, v in data.items()}
    for path in errors:
        *parents, leaf = path.split(".")
        node = shown
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = form.get(path, "")
    return shown


@pages.post("/tasks/<task_id>/attachments")
@login_required
def upload(task_id: str) -> ResponseReturnValue:
    sent = request.files.get("file")
    if sent is None or not sent.filename:
        flash(_("Choose a file to attach."), "error")
        return redirect(url_for("pages.task", task_id=task_id))
    try:
        attachments.attach_to_task(ctx(), current_actor(), task_id,
                                   attachments.Upload(sent.filename, sent.read(attachments.MAX_BYTES + 1)),
                                   attachment_storage())
    except (ValidationFailed, Conflict) as err:
        flash(_("The file was not attached: %(reason)s", reason=error_text(err)), "error")
    else:
        flash(_("File attached."), "success")
    return redirect(url_for("pages.task", task_id=task_id) + "#attachments")


@pages.get("/attachments/<id:attachment_id>")
@login_required
def download(attachment_id: int) -> ResponseReturnValue:
    found, path = attachments.open_attachment(ctx(), current_actor(), attachment_id, attachment_storage())
    response = send_file(path, mimetype=found.content_type, as_attachment=True, download_name=found.filename,
                         max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response
