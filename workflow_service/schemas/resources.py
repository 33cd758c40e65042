"""marshmallow schemas for the /api/v1 resources (requests validated, responses shaped here)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from marshmallow import Schema, fields, validate

from ..domain.clock import VN_TZ
from ..services.dossiers.filing import KINDS
from .queries import MAX_ID


class LocalDateTime(fields.DateTime):
    """Instants are stored in UTC and shown in Vietnam time, with the offset (…+07:00)."""

    def _serialize(self, value: datetime | None, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else value.astimezone(VN_TZ).isoformat()


class TokenRequest(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=80))
    password = fields.String(required=True, validate=validate.Length(min=1, max=200))


class ProblemSchema(Schema):
    """RFC 9457 problem details; `errors` names each bad field (at most 50, messages cut to 200 chars)."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    code = fields.String(metadata={"description": "the message code of `detail` (e.g. task.already_claimed), "
                                                  "for clients that show their own translation"})
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
    problems = fields.List(fields.Dict(), metadata={
        "description": "a process bundle's problems: file, message, line and element_id (at most 50)"})


class DefinitionSchema(Schema):
    id = fields.Integer()
    key = fields.String()
    version = fields.Integer()
    name = fields.String()
    content_hash = fields.String()
    deployed_at = LocalDateTime()
    deployed_by = fields.String()
    files = fields.Method("file_names")
    running_dossiers = fields.Integer()
    created = fields.Boolean()

    def file_names(self, obj: object) -> list[str]:
        return sorted(getattr(obj, "files", {}) or {})


class FileDossierRequest(Schema):
    # Without process_key the regulation registry (bpmn/regulations.yaml) chooses the chain in force
    # on the filing day; another registered chain needs an admin and an override_reason.
    process_key = fields.String(load_default=None, validate=validate.Length(min=1, max=120))
    commune = fields.String(required=True, validate=validate.Length(min=1, max=32))
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    data = fields.Dict(keys=fields.String(), load_default=dict)
    filed_on = fields.Date(load_default=None)  # commune officer: the day a paper dossier was received
    override_reason = fields.String(load_default=None, validate=validate.Length(min=1, max=500))
    # the producer's approved business plan this product comes from: the dossier is linked to it and its idea
    business_plan_id = fields.Integer(load_default=None, validate=validate.Range(min=1, max=MAX_ID))


class TaskSchema(Schema):
    id = fields.String()
    dossier_id = fields.Integer()
    registration_number = fields.String(attribute="dossier.registration_number")
    element_id = fields.String()
    name = fields.String()
    role = fields.String()
    unit_code = fields.String()
    candidate = fields.String(allow_none=True)
    status = fields.String()
    claimed_by = fields.String(allow_none=True)
    claimed_at = LocalDateTime(allow_none=True)
    created_at = LocalDateTime()
    completed_at = LocalDateTime(allow_none=True)
    completed_by = fields.String(allow_none=True)
    due_at = LocalDateTime(allow_none=True)
    deadline_rule = fields.String(allow_none=True)
    paused_at = LocalDateTime(allow_none=True)
    original_due_at = LocalDateTime(allow_none=True)
    rescheduled_at = LocalDateTime(allow_none=True)
    reschedule_reason = fields.String(allow_none=True)
    form = fields.String(attribute="form_file")
    deadline_status = fields.String(allow_none=True)  # filled in by the API from the working calendar


class TaskDetailSchema(TaskSchema):
    """GET /tasks/{id}: the task with its form and the holder's saved draft."""

    form_schema = fields.Dict(allow_none=True)
    draft = fields.Dict(allow_none=True)


class AuditSchema(Schema):
    """A history entry; on a council member's sheet the reader may not read, actor is null, data empty
    and redacted true (the step and time remain)."""

    id = fields.Integer()
    at = LocalDateTime()
    actor = fields.String(allow_none=True)
    acting_as = fields.String()
    action = fields.String()
    task_id = fields.String(allow_none=True)
    data = fields.Dict()
    redacted = fields.Boolean(dump_default=False)


class DossierSummarySchema(Schema):
    id = fields.Integer()
    registration_number = fields.String()
    process_key = fields.String(attribute="definition.key")
    version = fields.Integer(attribute="definition.version")
    commune = fields.String(attribute="commune_code")
    province = fields.String(attribute="province_code")
    kind = fields.String()
    state = fields.String(attribute="status")
    producer_name = fields.String()
    product_name = fields.String()
    score = fields.Float(allow_none=True)
    stars = fields.Integer(allow_none=True)
    certificate = fields.Dict(allow_none=True)
    filed_at = LocalDateTime()
    filed_by = fields.String()
    filed_on = fields.Date(allow_none=True)
    regulation = fields.String(allow_none=True)  # registry entry id, e.g. "R4"
    regulation_title = fields.String(allow_none=True, dump_only=True)  # "QĐ 26/2026/QĐ-TTg", filled by the API
    series = fields.String()  # product, idea or business_plan (domain/cycle.py)
    idea_id = fields.Integer(allow_none=True)
    business_plan_id = fields.Integer(allow_none=True)
    completed_at = LocalDateTime(allow_none=True)


class DossierSchema(DossierSummarySchema):
    """The full view; the API fills the nested lists from the service result."""

    data = fields.Dict()
    open_tasks = fields.List(fields.Nested(TaskSchema))
    tasks = fields.List(fields.Nested(TaskSchema))
    history = fields.List(fields.Nested(AuditSchema))


class TaskQuery(Schema):
    scope = fields.String(load_default="all", validate=validate.OneOf(["all", "mine", "claimable"]))
    process_key = fields.String(load_default=None, validate=validate.Length(max=120))
    element_id = fields.String(load_default=None, validate=validate.Length(max=120))
    dossier_id = fields.Integer(load_default=None, validate=validate.Range(min=1, max=MAX_ID))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=1_000_000))


class CompleteRequest(Schema):
    data = fields.Dict(keys=fields.String(), required=True)


class AssignRequest(Schema):
    username = fields.String(required=True, validate=validate.Length(min=1, max=80))
