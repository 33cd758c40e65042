"""The officer inbox: my tasks and the ones I may claim, with filters, badges and one-click claim."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from ..domain.access import Actor
from ..domain.errors import DomainError
from ..services.context import ServiceContext
from ..services.tasks import actions as tasks
from ..services.tasks.inbox import DEADLINES, SCOPES, InboxQuery, inbox_page, step_choices
from .labels import preload_units
from .messages import error_text
from .pages import pages
from .session import ctx, current_actor, login_required, safe_next

TaskAction = Callable[[ServiceContext, Actor, str], object]


def _query() -> InboxQuery:
    args = request.args
    return InboxQuery(
        scope=args.get("scope", "all") if args.get("scope") in SCOPES else "all",
        process_key=args.get("process") or None,
        element_id=args.get("step") or None,
        deadline=args.get("deadline") if args.get("deadline") in DEADLINES else None,
        search=(args.get("q") or "").strip()[:100] or None,
        after=args.get("after") or None,
    )


@pages.get("/inbox")
@login_required
def inbox() -> ResponseReturnValue:
    actor = current_actor()
    query = _query()
    page = inbox_page(ctx(), actor, query)
    preload_units(t.unit_code for t in page.tasks)
    filters = {k: v for k, v in request.args.items() if k != "after" and v}
    return render_template("inbox.html", page=page, query=query, choices=step_choices(ctx()),
                           filters=filters, filtered=bool(filters.keys() - {"scope"}))


@pages.post("/tasks/<task_id>/claim")
@login_required
def claim(task_id: str) -> ResponseReturnValue:
    return _act(task_id, tasks.claim_task, _("Task claimed."))


@pages.post("/tasks/<task_id>/unclaim")
@login_required
def unclaim(task_id: str) -> ResponseReturnValue:
    return _act(task_id, tasks.unclaim_task, _("Task released; it is back in the unit's queue."))


def _act(task_id: str, action: TaskAction, done: str) -> ResponseReturnValue:
    back = safe_next(request.form.get("next"), url_for("pages.inbox"))
    try:
        action(ctx(), current_actor(), task_id)
    except DomainError as err:
        if err.status == 404:
            raise
        flash(error_text(err), "error")
    else:
        flash(done, "success")
    return redirect(back)
