"""marshmallow schemas for POST /api/v1/simulations: the request (JSON form) and the report."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..domain.scenario_yaml import MAX_SCENARIO_BYTES

MAX_FILE_CHARS = 5 * 2**20


class SimulationRequest(Schema):
    scenario = fields.String(required=True, validate=validate.Length(min=1, max=MAX_SCENARIO_BYTES), metadata={
        "description": "the scenario's YAML text (see bpmn/scenarios/<process key>/*.yaml)"})
    files = fields.Dict(keys=fields.String(validate=validate.Length(min=1, max=200)),
                        values=fields.String(validate=validate.Length(max=MAX_FILE_CHARS)),
                        validate=validate.Length(max=20), load_default=dict, metadata={
                            "description": "changed files by name (.bpmn, .dmn, form .json) in place of the "
                                           "deployed version's; an uploaded .bpmn replaces its process model"})


class PathEntrySchema(Schema):
    kind = fields.String(metadata={"description": "task or timer"})
    element_id = fields.String()
    name = fields.String()
    opened_at = fields.String(allow_none=True)
    step = fields.String(metadata={"description": "the action that opened it: filing, step N (element)"})
    role = fields.String(allow_none=True)
    unit = fields.String(allow_none=True)
    candidates = fields.List(fields.String(), metadata={"description": "who may take it"})
    holder = fields.String(allow_none=True, metadata={"description": "who did it, or holds it now"})
    deadline_rule = fields.String(allow_none=True)
    due_at = fields.String(allow_none=True)
    status = fields.String(metadata={"description": "open, completed, cancelled; a timer: pending, fired"})
    closed_at = fields.String(allow_none=True)
    closed_by_step = fields.String(allow_none=True)


class FailureSchema(Schema):
    step = fields.String(metadata={"description": "filing, step N (element) or outcome"})
    field = fields.String()
    expected = fields.Raw(allow_none=True)
    got = fields.Raw(allow_none=True)
    element_id = fields.String(allow_none=True, metadata={"description": "the step's task"})


class SimulatedProcessSchema(Schema):
    key = fields.String()
    source = fields.String(metadata={"description": "deployed, or uploaded (files laid over a version)"})
    version = fields.Integer(allow_none=True)
    based_on_version = fields.Integer(allow_none=True)
    name = fields.String()
    bpmn = fields.String()
    uploaded = fields.List(fields.String())


class StoppedSchema(Schema):
    step = fields.String()
    action = fields.String()
    reason = fields.String()
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class SimulationReportSchema(Schema):
    scenario = fields.String()
    passed = fields.Boolean()
    process = fields.Nested(SimulatedProcessSchema)
    steps_run = fields.Integer()
    steps_total = fields.Integer()
    dossier = fields.Dict(metadata={"description": "registration number, status, score, stars, certificate, data"})
    path = fields.List(fields.Nested(PathEntrySchema))
    open = fields.List(fields.Nested(PathEntrySchema))
    visited = fields.List(fields.String(), metadata={"description": "completed element ids in order"})
    failures = fields.List(fields.Nested(FailureSchema))
    stopped = fields.Nested(StoppedSchema, allow_none=True)
