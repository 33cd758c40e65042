"""POST /api/v1/simulations: run a scenario on a throw-away database (designers and admins).

JSON {"scenario": "<yaml>", "files": {"name.dmn": "<xml>"}} or multipart/form-data with a `scenario`
field (text or file) and repeated `files` uploads. 200 with the report whether or not the scenario's
expectations hold (`passed`); 422 naming `scenario` or `files` when either cannot be read.
"""

from __future__ import annotations

from flask import request
from flask.wrappers import Response

from ..domain.errors import ValidationFailed
from ..schemas.simulation import SimulationReportSchema
from ..schemas.simulation import SimulationRequest as SimulationBody
from ..services.simulation import simulate as simulation
from .common import api, body, ctx, current_actor, reply
from .openapi import COMPONENTS, JSON_BODY_ERRORS, PATHS, SIGNED_IN, responses

COMPONENTS.update({"SimulationRequest": SimulationBody, "SimulationReport": SimulationReportSchema})
PATHS["/simulations"] = {"post": {
    "summary": "Run a scenario (YAML: filing, then who does which step on which day, with expectations) on a "
               "deployed version or on changed files, on a throw-away database; the report gives the path "
               "(unit, holder, deadline rule and due date of each step), the outcome and every failed "
               "expectation (designers and admins; nothing is written to the live database)",
    "requestBody": {"required": True, "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/SimulationRequest"}},
        "multipart/form-data": {"schema": {"type": "object", "required": ["scenario"], "properties": {
            "scenario": {"type": "string", "description": "the scenario's YAML (a text field or a file)"},
            "files": {"type": "array", "items": {"type": "string", "format": "binary"}}}}}}},
    "responses": responses({"200": {"description": "The report (passed or not)", "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/SimulationReport"}}}}},
        *SIGNED_IN, *JSON_BODY_ERRORS, 403)}}


@api.post("/simulations")
def simulate() -> Response:
    actor = current_actor()
    simulation.require_simulator(actor)
    if request.mimetype == "multipart/form-data":
        scenario, files = _multipart()
    else:
        loaded = body(SimulationBody())
        scenario = loaded["scenario"]
        files = {name: text.encode("utf-8") for name, text in loaded["files"].items()}
    report, _xml = simulation.simulate(ctx(), actor, simulation.SimulationRequest(scenario, files))
    return reply(report.as_dict())


def _multipart() -> tuple[str, dict[str, bytes]]:
    upload = request.files.get("scenario")
    raw = upload.read() if upload is not None else request.form.get("scenario", "").encode("utf-8")
    if not raw.strip():
        raise ValidationFailed("send the scenario's YAML as the multipart field 'scenario'", {"scenario": ["missing"]})
    try:
        scenario = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationFailed("the scenario is not UTF-8 text", {"scenario": ["not UTF-8 text"]}) from None
    files = {(u.filename or "").replace("\\", "/").rsplit("/", 1)[-1]: u.read()
             for u in request.files.getlist("files")}
    return scenario, files
