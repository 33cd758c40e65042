"""Save a task's form as a draft: only the holder, only while the task is open, nothing validated yet."""

from __future__ import annotations

from typing import Any

from ...domain.access import Actor
from ...domain.errors import Conflict
from ...persistence.models import TaskRow
from ..access.visibility import visible_task
from ..context import ServiceContext
from .actions import require_open


def save_draft(ctx: ServiceContext, actor: Actor, task_id: str, data: dict[str, Any]) -> TaskRow:
    with ctx.uow() as uow:
        row = visible_task(uow.session, actor, task_id, lock=True)
        require_open(row)
        if row.claimed_by != actor.username:
            raise Conflict.coded("task.claim_before_draft", task=task_id)
        row.draft = data
        uow.commit()
        return row
