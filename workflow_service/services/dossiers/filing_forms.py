"""The registration (start) form of a process: shown when filing and when reading a dossier."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ...persistence.models import ProcessDefinition
from ..context import ServiceContext
from ..definitions.deploy import latest_definition, runtime_for


def start_form(ctx: ServiceContext, process_key: str | None = None,
               definition_id: int | None = None) -> tuple[str, str, dict[str, Any] | None]:
    """(process key, process name, start form schema) of a version, or of the latest one of a key."""
    with ctx.uow() as uow:  # runtime_for reads the deferred files on a cache miss, inside this session
        if definition_id is not None:
            definition = uow.session.scalars(select(ProcessDefinition)
                                             .where(ProcessDefinition.id == definition_id)).one()
        else:
            definition = latest_definition(uow.session, process_key or "")
        bundle = runtime_for(ctx, definition).bundle
        form = bundle.forms.get(bundle.start_form) if bundle.start_form else None
        return definition.key, definition.name, form
