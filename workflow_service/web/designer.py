"""Process designer pages: processes and versions with their dossiers, view, edit, validate, deploy, compare.

The editor page posts the diagram as JSON with the session's CSRF token in the X-CSRFToken header;
validate and deploy run the same checks as a bundle deployed through the API.
"""

from __future__ import annotations

import json

from flask import Blueprint, flash, jsonify, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from ..domain.roles import ROLE_LEVEL
from ..services.definitions.labels import diagram_labels
from ..services.designer import compare as designer_compare
from ..services.designer import dmn as designer_dmn
from ..services.designer import versions as designer
from .labels import diagram_texts
from .messages import PageInputError, problem_dict
from .pages import register_page_errors
from .session import ctx, current_actor, login_required
from .version_changes import change_text, shown_name

bp = Blueprint("designer", __name__, url_prefix="/designer", template_folder="templates")
register_page_errors(bp)


@bp.get("/")
@login_required
def index() -> ResponseReturnValue:
    processes = designer.list_processes(ctx(), current_actor())
    return render_template("designer/index.html", processes=processes)


@bp.get("/<key>")
@login_required
def versions(key: str) -> ResponseReturnValue:
    rows = designer.list_versions(ctx(), current_actor(), key)
    return render_template("designer/versions.html", key=key, rows=rows, latest=rows[-1].definition)


@bp.get("/<key>/<id:version>")
@login_required
def view(key: str, version: int) -> ResponseReturnValue:
    designer.require_designer(current_actor())
    definition = designer.get_version(ctx(), key, version)
    return render_template("designer/view.html", definition=definition,
                           texts=diagram_texts(with_codes=True, names=lambda: diagram_labels(definition)),
                           dmn_files=designer_dmn.dmn_files(definition))


@bp.get("/<key>/<id:version>/edit")
@login_required
def edit(key: str, version: int) -> ResponseReturnValue:
    designer.require_designer(current_actor())
    definition = designer.get_version(ctx(), key, version)
    bundled = {n for n in definition.files if n.endswith(".json")}
    form_files = sorted(bundled | {p.name for p in ctx().forms_dir.glob("*.json")})
    return render_template("designer/edit.html", definition=definition, roles=sorted(ROLE_LEVEL),
                           form_files=form_files, texts=_editor_texts())


@bp.post("/<key>/<id:version>/validate")
@login_required
def validate(key: str, version: int) -> ResponseReturnValue:
    problems = designer.validate_diagram(ctx(), current_actor(), key, version, _posted_xml())
    return jsonify({"valid": not problems, "problems": [problem_dict(p) for p in problems]})


@bp.post("/<key>/<id:version>/deploy")
@login_required
def deploy(key: str, version: int) -> ResponseReturnValue:
    return _deployed(key, designer.deploy_diagram(ctx(), current_actor(), key, version, _posted_xml()))


@bp.get("/<key>/<int:version>/dmn/<name>")
@login_required
def edit_dmn(key: str, version: int, name: str) -> ResponseReturnValue:
    definition, xml = designer_dmn.get_dmn(ctx(), current_actor(), key, version, name)
    return render_template("designer/edit_dmn.html", definition=definition, name=name, xml=xml,
                           texts=_editor_texts())


@bp.post("/<key>/<int:version>/dmn/<name>/validate")
@login_required
def validate_dmn(key: str, version: int, name: str) -> ResponseReturnValue:
    problems = designer_dmn.validate_dmn(ctx(), current_actor(), key, version, name, _posted_xml())
    return jsonify({"valid": not problems, "problems": [problem_dict(p) for p in problems]})


@bp.post("/<key>/<int:version>/dmn/<name>/deploy")
@login_required
def deploy_dmn(key: str, version: int, name: str) -> ResponseReturnValue:
    return _deployed(key, designer_dmn.deploy_dmn(ctx(), current_actor(), key, version, name, _posted_xml()))


def _deployed(key: str, outcome: designer.DeployOutcome) -> ResponseReturnValue:
    if outcome.problems or outcome.deployment is None:
        return jsonify({"problems": [problem_dict(p) for p in outcome.problems]}), 422
    deployed = outcome.deployment.definition
    if outcome.deployment.created:
        flash(_("Version %(version)s deployed.", version=deployed.version), "success")
    else:
        flash(_("Nothing changed: version %(version)s already has this content.",
                version=deployed.version), "info")
    return jsonify({"version": deployed.version, "created": outcome.deployment.created,
                    "url": url_for("designer.versions", key=key)}), 201 if outcome.deployment.created else 200


@bp.get("/<key>/compare")
@login_required
def compare(key: str) -> ResponseReturnValue:
    rows = designer.list_versions(ctx(), current_actor(), key)
    numbers = [r.definition.version for r in rows]
    new = request.args.get("to", type=int) or numbers[-1]
    old = request.args.get("from", type=int) or (numbers[-2] if len(numbers) > 1 else numbers[-1])
    diff = designer_compare.compare_versions(ctx(), current_actor(), key, old, new)
    old_state = {"removed": diff.removed, "changed": diff.changed}
    new_state = {"added": diff.added, "changed": diff.changed}
    return render_template("designer/compare.html", key=key, diff=diff, numbers=numbers,
                           old_state=json.dumps(old_state), new_state=json.dumps(new_state), change_text=change_text,
                           shown_name=shown_name,
                           texts=diagram_texts(with_codes=True, names=lambda: diff.names.values()))


def _posted_xml() -> str:
    payload = request.get_json(silent=True) or {}
    xml = payload.get("xml") if isinstance(payload, dict) else None
    if not isinstance(xml, str) or not xml.strip():
        raise PageInputError(_("Send the diagram as JSON {\"xml\": ...}."), {"xml": ["missing"]})
    return xml


def _editor_texts() -> str:
    # The editor shows the names as written: they are what it saves.
    texts = json.loads(diagram_texts(with_codes=True))
    texts.update({
        "validateing": _("Validating…"), "deploying": _("Deploying…"), "valid": _("No problems found."),
        "invalid": _("{n} problem(s): fix the marked elements."), "deployed": _("Version {version} deployed."),
        "failed": _("The request failed."), "technical": _("Technical details"),
    })
    return json.dumps(texts, ensure_ascii=False)
