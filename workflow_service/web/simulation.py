"""The designer's simulation page: choose a deployed version or upload changed files, paste or upload a
scenario (or start from a shipped one), run it on a throw-away database and see the path on the diagram
(each step's unit, holder and due date as overlays) with every failed expectation listed."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from markupsafe import Markup, escape

from ..domain.errors import ValidationFailed
from ..domain.scenario import ProcessRef
from ..services.definitions.labels import element_names, shown_labels
from ..services.designer import versions as designer
from ..services.simulation import examples
from ..services.simulation import simulate as simulation
from .form_fields import build_form
from .i18n import content_text, local_datetime
from .input_problems import coded_text, scenario_problem
from .labels import diagram_texts, grant_title, unit_name
from .messages import problem_dict
from .migration_reasons import technical_details
from .pages import register_page_errors
from .session import ctx, current_actor, login_required

bp = Blueprint("simulation", __name__, url_prefix="/designer/simulation", template_folder="templates")
register_page_errors(bp)


def _scenarios_folder() -> Path:
    return Path(current_app.extensions["ocopflow.settings"].bpmn_dir) / "scenarios"


@bp.get("/")
@login_required
def index() -> ResponseReturnValue:
    simulation.require_simulator(current_actor())
    example = request.args.get("example", "")
    text = examples.shipped_scenario(_scenarios_folder(), example) if example else ""
    return _page(text, request.args.get("version", ""))


@bp.post("/")
@login_required
def run() -> ResponseReturnValue:
    actor = current_actor()
    simulation.require_simulator(actor)
    upload = request.files.get("scenario_file")
    text = upload.read().decode("utf-8", "replace") if upload and upload.filename else request.form.get("scenario", "")
    chosen = request.form.get("version", "")
    files = {(f.filename or "").replace("\\", "/").rsplit("/", 1)[-1]: f.read()
             for f in request.files.getlist("files") if f.filename}
    try:
        report, xml = simulation.simulate(ctx(), actor, simulation.SimulationRequest(text, files, _process(chosen)))
    except ValidationFailed as err:
        return _page(text, chosen, errors=refusal_lines(err), status=422)
    view = report.as_dict()
    return _page(text, chosen, report=view, diagram=_diagram(view, xml))


def _process(chosen: str) -> ProcessRef | None:
    key, _sep, version = chosen.partition(":")
    return ProcessRef(key, int(version)) if key and version.isdigit() else None


def _page(text: str, chosen: str, *, report: dict[str, Any] | None = None, diagram: dict[str, Any] | None = None,
          errors: list[Markup] | None = None, status: int = 200) -> ResponseReturnValue:
    actor = current_actor()
    versions = [(f"{p.key}:{row.definition.version}", p.name, row.definition.version)
                for p, _count, _running, _done in designer.list_processes(ctx(), actor)
                for row in reversed(designer.list_versions(ctx(), actor, p.key))]
    xml = diagram["xml"] if diagram else ""
    return render_template("designer/simulation.html", text=text, chosen=chosen, versions=versions,
                           examples=examples.shipped_scenario_titles(_scenarios_folder()), report=report,
                           diagram=diagram, errors=errors or [],
                           texts=diagram_texts(names=lambda: shown_labels(xml)) if xml else diagram_texts(),
                           status_labels=_status_labels(), where_label=where_label,
                           step_names={p["element_id"]: p["name"] for p in (report or {}).get("path", [])},
                           element_names=element_names(xml) if xml else {},
                           stopped_reason=_stopped_reason, stopped_errors=stopped_errors), status


_WHERE = re.compile(r"(?:given\[(?P<given>\d+)\] )?(?:(?P<filing>filing)|(?P<outcome>outcome)|"
                    r"step (?P<step>\d+) \((?P<task>[\w-]+)\))")


def where_label(where: str, names: dict[str, str]) -> Markup:
    """Where the report found something, in the page's language: "step 4 (council_scoring)" → the step's
    number and name, its id in <code>; "filing", "outcome", and steps of a given run likewise."""
    found = _WHERE.fullmatch(where)
    if found is None:
        return Markup("<code>{}</code>").format(where)
    if found["filing"]:
        label = escape(_("filing"))
    elif found["outcome"]:
        label = escape(_("outcome"))
    elif found["task"] == "wait":
        label = escape(_("step %(n)s (waiting)", n=found["step"]))
    else:
        name = content_text(names.get(found["task"], ""))
        label = Markup("{} · {} <code>{}</code>").format(_("step %(n)s", n=found["step"]), name, found["task"]) \
            if name else Markup("{} <code>{}</code>").format(_("step %(n)s", n=found["step"]), found["task"])
    if found["given"]:
        label = Markup("{} · {}").format(_("earlier run %(n)s", n=found["given"]), label)
    return label


def refusal_lines(err: ValidationFailed) -> list[Markup]:
    """Why the simulation could not start, one line per problem in the page's language: the scenario's
    problems by their path in the file, uploaded files' problems as the deploy page words them."""
    if isinstance(err, simulation.ScenarioRefused):
        return [scenario_problem(p) for p in err.scenario_problems]
    if isinstance(err, simulation.BundleRefused):
        return [_bundle_line(problem_dict(p)) for p in err.bundle_problems]
    return [coded_text(err.code, err.params, err.detail, _("The simulation could not go on."))]


def _bundle_line(problem: dict[str, Any]) -> Markup:
    where = problem["file"] + (f":{problem['line']}" if problem.get("line") else "")
    element = Markup(" [<code>{}</code>]").format(problem["element_id"]) if problem.get("element_id") else ""
    technical = technical_details(problem["technical"]) if problem.get("technical") else ""
    return Markup("<code>{}</code>{}: {} {}").format(where, element, problem["message"], technical)


def _stopped_reason(stopped: dict[str, Any]) -> Markup:
    """Why a step could not be done, in the page's language (coded by the services and the runner)."""
    return coded_text(stopped.get("code"), stopped.get("params"), str(stopped.get("reason", "")),
                      _("The step could not be done."))


def stopped_errors(stopped: dict[str, Any]) -> list[tuple[Markup, list[str]]]:
    """The fields a form refused, each by its label (its name on hover) with the page's messages; a field the
    form does not have, or a step stopped by something else than its form, by its name in <code>."""
    errors: dict[str, list[str]] = stopped.get("errors") or {}
    schema = stopped.get("form_schema")
    if not isinstance(schema, dict):
        return [(Markup("<code>{}</code>").format(name), list(messages)) for name, messages in errors.items()]
    form = build_form(schema, {}, errors)
    shown = [(Markup('<span title="{}">{}</span>').format(f.name, f.label), f.errors) for f in form.error_list]
    known = {f.name for f in form.all_fields}
    return shown + [(Markup("<code>{}</code>").format(name), list(messages)) for name, messages in errors.items()
                    if name not in known]


def _status_labels() -> dict[str, str]:
    return {"open": _("open"), "completed": _("done"), "cancelled": _("cancelled"), "pending": _("waiting"),
            "fired": _("fired"), "running": _("running")}


def _diagram(view: dict[str, Any], xml: str) -> dict[str, Any]:
    """What the viewer draws: visited elements, the steps open at the end, a note per step (its unit's name,
    who held it, its due date), the failures."""
    notes: dict[str, list[str]] = {}
    for entry in view["path"]:
        if entry["kind"] != "task":
            continue
        who = entry["holder"] or ", ".join(entry["candidates"]) or "—"
        due = _("due %(day)s", day=local_datetime(datetime.fromisoformat(entry["due_at"]), "%d/%m/%Y")) \
            if entry["due_at"] else ""
        unit = unit_name(entry["unit"]) if entry["unit"] else ""
        notes.setdefault(entry["element_id"], []).append(" · ".join(p for p in (unit, who, due) if p))
    open_ids = {e["element_id"] for e in view["open"]}
    return {"xml": xml, "completed": [e for e in view["visited"] if e not in open_ids],
            "current": [{"element_id": e["element_id"], "holder": e["holder"],
                         "offered_to": str(grant_title(e["role"], e["unit"])),
                         "candidate": ", ".join(e["candidates"])} for e in view["open"]],
            "notes": [{"element_id": k, "text": "\n".join(dict.fromkeys(v))} for k, v in notes.items()
                      if k not in open_ids],
            "problems": [{"element_id": f["element_id"], "message": "{}: {}".format(f["field"], _(
                "expected %(expected)s, got %(got)s", expected=json.dumps(f["expected"], ensure_ascii=False),
                got=json.dumps(f["got"], ensure_ascii=False)))}
                         for f in view["failures"] if f["element_id"]]}
