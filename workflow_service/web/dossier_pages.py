"""Dossier list and dossier page: data, attachments, the audit timeline and the diagram container."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from ..services import dossiers
from .pages import pages
from .session import ctx, current_actor, login_required


@pages.get("/dossiers")
@login_required
def dossiers_list() -> ResponseReturnValue:
    rows, total = dossiers.list_dossiers(ctx(), current_actor())
    return render_template("dossiers.html", rows=rows, total=total)


@pages.get("/dossiers/<int:dossier_id>")
@login_required
def dossier(dossier_id: int) -> ResponseReturnValue:
    row, task_rows, history = dossiers.get_dossier(ctx(), current_actor(), dossier_id)
    return render_template("dossier.html", dossier=row, tasks=task_rows, history=history)
