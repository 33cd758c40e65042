"""The task page: its form rendered from the forms/ definition, save draft, complete, attachments."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from ..services import tasks
from .pages import pages
from .session import ctx, current_actor, login_required


@pages.get("/tasks/<task_id>")
@login_required
def task(task_id: str) -> ResponseReturnValue:
    row, form = tasks.get_task(ctx(), current_actor(), task_id)
    return render_template("task.html", task=row, form=form)
