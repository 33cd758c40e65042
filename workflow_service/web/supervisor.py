"""Supervisor pages: the dashboard (counts by unit and step, aging, on-time trend), the filtered task
list with reassignment, and its CSV/XLSX export — the same services as /api/v1/monitoring."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from marshmallow import ValidationError

from ..domain.clock import VN_TZ
from ..domain.errors import DomainError
from ..schemas.monitoring import MonitoringQuery, SummaryQuery, filter_args
from ..services.monitoring import (
    export as monitoring_export,
)
from ..services.monitoring import (
    summary as monitoring_summary,
)
from ..services.monitoring import (
    task_list as monitoring,
)
from ..services.monitoring.summary import OnTimeRate
from ..services.tasks import actions as tasks
from ..services.tasks.inbox import step_choices
from .labels import preload_units
from .messages import PageInputError, error_text
from .pages import register_page_errors
from .session import ctx, current_actor, login_required, safe_next

bp = Blueprint("supervisor", __name__, url_prefix="/supervisor", template_folder="templates")
register_page_errors(bp)

LIST_PARAMS = ("unit", "status", "level", "process", "step", "assignee", "min_age", "max_age")


def _load(schema: Any, args: dict[str, str]) -> dict[str, Any]:
    try:
        loaded: dict[str, Any] = schema.load({k: v for k, v in args.items() if v != ""})
    except ValidationError as err:
        messages = err.messages if isinstance(err.messages, dict) else {"query": err.messages}
        raise PageInputError(_("Invalid filter: %(fields)s", fields=", ".join(sorted(messages))),
                               {k: [str(v)] for k, v in messages.items()}) from err
    return loaded


@bp.get("/")
@login_required
def index() -> ResponseReturnValue:
    query = _load(SummaryQuery(), request.args.to_dict())
    result = monitoring_summary.summarize(ctx(), current_actor(), query["unit"], query["period"],
                                          query["start"], query["end"])
    preload_units(r.unit for r in result.on_time_by_unit)  # one query, not one per table row
    return render_template("supervisor/dashboard.html", summary=result, chart=trend_chart(result.trend),
                           aging=aging_buckets(result.aging),
                           overdue=sum(u.overdue for u in result.by_unit),
                           due_soon=sum(u.due_soon for u in result.by_unit))


def aging_buckets(counts: dict[str, int]) -> list[tuple[str, int, int, int | None]]:
    """(label, count, at least, at most) per bucket: the link lists exactly the tasks the bucket counts."""
    found = []
    for key, low, high in monitoring_summary.AGING_BUCKETS:
        label = _("%(low)s–%(high)s days", low=low, high=high - 1) if high else _("over %(n)s days", n=low - 1)
        found.append((label, counts.get(key, 0), low, high - 1 if high else None))
    return found


@bp.get("/tasks")
@login_required
def task_list() -> ResponseReturnValue:
    actor = current_actor()
    query = _load(MonitoringQuery(), request.args.to_dict())
    page = monitoring.monitored_tasks(ctx(), actor, monitoring.MonitoringFilter(**filter_args(query)))
    filters = {k: v for k, v in request.args.items() if k in LIST_PARAMS and v}
    preload_units([page.unit, *(i.task.unit_code for i in page.items)])
    return render_template("supervisor/tasks.html", page=page, filters=filters, query=query, choices=step_choices(ctx()),
                           filtered=bool(filters.keys() - {"unit"}), holders=monitoring.holders(ctx(), page.items))


@bp.get("/tasks/export.<extension>")
@login_required
def export(extension: str) -> ResponseReturnValue:
    if extension not in monitoring_export.CONTENT_TYPES:
        raise PageInputError(_("Export as csv or xlsx."), {"format": ["csv or xlsx"]})
    query = _load(MonitoringQuery(), request.args.to_dict())
    flt = monitoring.MonitoringFilter(**filter_args(query))
    unit, items = monitoring.tasks_for_export(ctx(), current_actor(), flt)
    today = ctx().clock.now().astimezone(VN_TZ).date()
    content, content_type, name = monitoring_export.export_file(unit, items, flt.status, today, extension)
    return Response(content, content_type=content_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


@bp.post("/tasks/<task_id>/assign")
@login_required
def assign(task_id: str) -> ResponseReturnValue:
    back = safe_next(request.form.get("next"), url_for("supervisor.task_list"))
    username = (request.form.get("username") or "").strip()
    try:
        if not username:
            raise PageInputError(_("Choose the officer to give the task to."), {"username": ["required"]})
        row = tasks.assign_task(ctx(), current_actor(), task_id, username)
    except DomainError as err:
        if err.status == 404:
            raise
        flash(error_text(err), "error")
    else:
        flash(_("Task %(task)s of %(number)s reassigned to %(user)s.", task=row.name,
                number=row.dossier.registration_number, user=username), "success")
    return redirect(back)


@dataclass(frozen=True)
class Bar:
    label: str
    x: float
    y: float
    height: float
    percent: str
    completed: int


# Drawn at its own size (1 unit = 1 px, labels 14 px): on a phone the chart scrolls rather than shrinks.
CHART_HEIGHT, PLOT_TOP, PLOT_HEIGHT, BAR_STEP, BAR_WIDTH, PLOT_LEFT = 180, 22, 120, 72, 40, 54


def trend_chart(trend: list[OnTimeRate]) -> dict[str, Any]:
    """Bar geometry for the on-time rate per period (server-side SVG: no chart script to load)."""
    bars = []
    for i, period in enumerate(trend):
        rate = period.rate or 0.0
        height = round(rate * PLOT_HEIGHT, 1)
        bars.append(Bar(period.period, PLOT_LEFT + i * BAR_STEP, PLOT_TOP + PLOT_HEIGHT - height, height,
                        "–" if period.rate is None else f"{round(rate * 100)}%", period.completed))
    line = " ".join(f"{b.x + BAR_WIDTH / 2},{b.y}" for b in bars if b.completed)
    return {"bars": bars, "width": PLOT_LEFT + max(1, len(bars)) * BAR_STEP + 16, "height": CHART_HEIGHT,
            "plot_top": PLOT_TOP, "plot_bottom": PLOT_TOP + PLOT_HEIGHT, "bar_width": BAR_WIDTH, "line": line}
