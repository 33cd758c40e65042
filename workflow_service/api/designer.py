"""Diagram endpoints: a dossier's diagram with its state, version diagrams, validation and comparison."""

from __future__ import annotations

from typing import Any

from flask import request, session
from flask.wrappers import Response
from marshmallow import Schema, fields, validate

from ..domain.access import Actor
from ..domain.errors import ValidationFailed
from ..domain.problems import BundleProblem
from ..services.accounts.sessions import resume
from ..services.definitions import deploy as definitions
from ..services.designer import compare as designer_compare
from ..services.designer import versions as designer
from ..services.dossiers import diagram as designer_diagrams
from .common import api, body, ctx, current_actor, reply


def reading_actor() -> Actor:
    """The token's actor; for reads from our own pages, the signed-in user (a GET changes nothing)."""
    if request.headers.get("Authorization") or request.method != "GET" or not session.get("user"):
        return current_actor()
    return resume(ctx(), str(session["user"]), session.get("sv"))


class DiagramRequest(Schema):
    key = fields.String(required=True, validate=validate.Length(min=1, max=120))
    base_version = fields.Integer(required=True, validate=validate.Range(min=1))
    xml = fields.String(required=True, validate=validate.Length(min=1, max=5 * 2**20))


def problems_view(problems: list[BundleProblem]) -> list[dict[str, Any]]:
    return [p.as_dict() for p in problems]


@api.get("/dossiers/<int:dossier_id>/diagram")
def dossier_diagram(dossier_id: int) -> Response:
    diagram = designer_diagrams.dossier_diagram(ctx(), reading_actor(), dossier_id)
    return reply({"key": diagram.key, "version": diagram.version, "xml": diagram.xml,
                  "completed": diagram.completed, "current": diagram.current})


@api.get("/process-definitions/<key>/versions/<int:version>/diagram")
def version_diagram(key: str, version: int) -> Response:
    reading_actor()
    definition = designer.get_version(ctx(), key, version)
    _name, xml = definitions.bpmn_of(definition)
    return reply({"key": key, "version": version, "name": definition.name, "xml": xml})


@api.post("/process-definitions/validate")
def validate_diagram() -> Response:
    cmd = body(DiagramRequest())
    problems = designer.validate_diagram(ctx(), current_actor(), cmd["key"], cmd["base_version"], cmd["xml"])
    return reply({"valid": not problems, "problems": problems_view(problems)})


@api.get("/process-definitions/<key>/compare")
def compare_versions(key: str) -> Response:
    old, new = request.args.get("from", type=int), request.args.get("to", type=int)
    if old is None or new is None:
        raise ValidationFailed("give the two versions as ?from=<version>&to=<version>",
                               {"from": ["required"], "to": ["required"]})
    diff = designer_compare.compare_versions(ctx(), reading_actor(), key, old, new)
    return reply({"key": key, "from": old, "to": new, "added": diff.added, "removed": diff.removed,
                  "changed": diff.changed, "names": diff.names, "details": diff.details})
