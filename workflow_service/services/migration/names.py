"""The names of the steps a migration moves dossiers between, for the pages: element id → the step's name in
the versions concerned (an id keeps its step across the versions of one process)."""

from __future__ import annotations

from sqlalchemy import or_, select

from ...domain.migration_plan import parse_plan
from ...persistence.migration_models import MigrationRun
from ...persistence.models import ProcessDefinition
from ..context import ServiceContext
from ..definitions.deploy import runtime_for


def plan_step_names(ctx: ServiceContext, plan_text: str, target_key: str, target_version: int) -> dict[str, str]:
    """The user tasks of every deployed version of the plan's source process and of its target version."""
    source_key = parse_plan(plan_text).source_key
    names: dict[str, str] = {}
    with ctx.uow() as uow:  # the runtime cache reads the deferred files on a miss, inside this session
        definitions = uow.session.scalars(select(ProcessDefinition).where(or_(
            ProcessDefinition.key == source_key,
            (ProcessDefinition.key == target_key) & (ProcessDefinition.version == target_version)))
            .order_by(ProcessDefinition.key != target_key, ProcessDefinition.version))
        for definition in definitions:
            names |= {t.id: t.name for t in runtime_for(ctx, definition).bundle.user_tasks.values() if t.name}
    return names


def run_step_names(ctx: ServiceContext, run_id: int) -> dict[str, str]:
    """The same for a run (its plan as started, on the target version recorded then); {} for no such run."""
    with ctx.uow() as uow:
        run = uow.session.get(MigrationRun, run_id)
        target = uow.session.get(ProcessDefinition, run.target_definition_id) if run else None
        if run is None or target is None:
            return {}
        text, key, version = run.plan_text, target.key, target.version
    return plan_step_names(ctx, text, key, version)
