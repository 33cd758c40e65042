"""Diagram endpoints: a dossier's diagram with its state, version diagrams, validation and comparison."""

from __future__ import annotations

from typing import Any

from flask import request, session
from flask.wrappers import Response

from ..domain.access import Actor
from ..domain.problems import BundleProblem
from ..schemas.designer import DiagramRequest
from ..schemas.queries import CompareQuery
from ..services.accounts.sessions import resume
from ..services.definitions import deploy as definitions
from ..services.designer import compare as designer_compare
from ..services.designer import versions as designer
from ..services.dossiers import diagram as designer_diagrams
from .common import api, body, ctx, current_actor, query, reply


def reading_actor() -> Actor:
    """The token's actor; for reads from our own pages, the signed-in user (a GET changes nothing)."""
    if request.headers.get("Authorization") or request.method != "GET" or not session.get("user"):
        return current_actor()
    return resume(ctx(), str(session["user"]), session.get("sv"))


def problems_view(problems: list[BundleProblem]) -> list[dict[str, Any]]:
    return [p.as_dict() for p in problems]


@api.get("/dossiers/<id:dossier_id>/diagram")
def dossier_diagram(dossier_id: int) -> Response:
    diagram = designer_diagrams.dossier_diagram(ctx(), reading_actor(), dossier_id)
    return reply({"key": diagram.key, "version": diagram.version, "xml": diagram.xml,
                  "completed": diagram.completed, "current": diagram.current})


@api.get("/process-definitions/<key>/versions/<id:version>/diagram")
def version_diagram(key: str, version: int) -> Response:
    reading_actor()
    definition = designer.get_version(ctx(), key, version)
    _name, xml = definitions.bpmn_of(definition)
    return reply({"key": key, "version": version, "name": definition.name, "xml": xml})


@api.post("/process-definitions/validate")
def validate_diagram() -> Response:
    actor = current_actor()
    cmd = body(DiagramRequest())
    problems = designer.validate_diagram(ctx(), actor, cmd["key"], cmd["base_version"], cmd["xml"],
                                         cmd.get("file"))
    return reply({"valid": not problems, "problems": problems_view(problems)})


@api.get("/process-definitions/<key>/compare")
def compare_versions(key: str) -> Response:
    actor = reading_actor()
    versions = query(CompareQuery())
    old, new = versions["old"], versions["new"]
    diff = designer_compare.compare_versions(ctx(), actor, key, old, new)
    return reply({"key": key, "from": old, "to": new, "added": diff.added, "removed": diff.removed,
                  "changed": diff.changed, "names": diff.names, "details": diff.details})
