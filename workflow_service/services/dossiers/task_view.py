"""Everything a task page shows: the task and its form, what was submitted on it, the actions the actor may
take, and the dossier around it — its registration data and each earlier step's findings, readable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ...domain.access import Actor
from ...engine.bundle import ParsedBundle
from ...persistence.models import Attachment, Dossier, ProcessDefinition, TaskRow
from ..access.redaction import HistoryEntry
from ..access.task_actions import TaskActions, allowed_actions
from ..context import ServiceContext
from ..definitions.deploy import runtime_for
from ..definitions.labels import shown_labels
from ..tasks.actions import get_task
from .attachments import list_attachments
from .filing import get_dossier


@dataclass(frozen=True)
class StepFindings:
    """A completed step as the actor may read it: its form and what was entered (empty when redacted)."""

    task: TaskRow
    schema: dict[str, Any] | None
    data: dict[str, Any]
    by: str | None
    at: datetime | None
    redacted: bool


@dataclass(frozen=True)
class TaskView:
    task: TaskRow
    schema: dict[str, Any]
    actions: TaskActions
    submitted: dict[str, Any] | None  # what the holder sent when completing it
    dossier: Dossier
    registration: dict[str, Any] | None  # the start form (Mẫu 01) of the dossier's process
    steps: list[StepFindings]  # the dossier's completed steps, oldest first, this one left out
    attachments: list[Attachment]


def bundle_of(ctx: ServiceContext, definition_id: int) -> ParsedBundle:
    with ctx.uow() as uow:  # the runtime cache reads the deferred files on a miss, inside this session
        definition = uow.session.get(ProcessDefinition, definition_id)
        assert definition is not None  # a dossier's definition is never deleted
        return runtime_for(ctx, definition).bundle


def diagram_words(ctx: ServiceContext, definition_id: int) -> list[str]:
    """Every name a process version's diagram shows (steps, events, gateways, flows, lanes)."""
    files = bundle_of(ctx, definition_id).files
    return shown_labels(next(str(files[n]) for n in sorted(files) if n.endswith(".bpmn")))


def completed_steps(ctx: ServiceContext, dossier: Dossier, tasks: list[TaskRow],
                    history: list[HistoryEntry]) -> list[StepFindings]:
    """Each completed task with the data of its last `complete` entry, in the order they were completed."""
    entries = {h.task_id: h for h in history if h.action == "complete" and h.task_id}
    forms = bundle_of(ctx, dossier.definition_id).forms
    found = []
    for task in tasks:
        entry = entries.get(task.id)
        if task.status != "completed" or entry is None:
            continue
        data = entry.data.get("data") if isinstance(entry.data.get("data"), dict) else {}
        found.append(StepFindings(task, forms.get(task.form_file), dict(data or {}), entry.actor, entry.at,
                                  entry.redacted))
    return sorted(found, key=lambda s: (s.at is None, s.at))


def task_view(ctx: ServiceContext, actor: Actor, task_id: str) -> TaskView:
    row, schema = get_task(ctx, actor, task_id)
    dossier, tasks, history = get_dossier(ctx, actor, row.dossier_id)
    steps = completed_steps(ctx, dossier, tasks, history)
    own = next((s for s in steps if s.task.id == row.id), None)
    with ctx.uow() as uow:
        actions = allowed_actions(uow.session, actor, row, dossier.commune_code)
    bundle = bundle_of(ctx, dossier.definition_id)
    registration = bundle.forms.get(bundle.start_form) if bundle.start_form else None
    return TaskView(row, schema, actions, None if own is None or own.redacted else own.data, dossier,
                    registration, [s for s in steps if s.task.id != row.id],
                    list_attachments(ctx, actor, row.dossier_id))
