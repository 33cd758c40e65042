"""Reading a migration plan and resolving it against the deployed versions.

Shipped plans live in `bpmn/migrations/*.yaml` beside the registry; a designer may also send a plan's
text. `resolve` checks it against the versions it names (domain/migration_check) and returns the
runtimes a dry run or a run steps with.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.access import Actor
from ...domain.errors import Forbidden, NotFound, ValidationFailed
from ...domain.migration_check import VersionElements, check_plan
from ...domain.migration_plan import MigrationPlan, parse_plan
from ...domain.migration_plan_problems import PlanInvalid, PlanProblem
from ...engine.migration import elements_of
from ...engine.runtime import ProcessRuntime
from ...persistence.models import ProcessDefinition
from ..context import ServiceContext
from ..definitions.deploy import runtime_for
from ..regulations.registry import registry


@dataclass(frozen=True)
class ShippedPlan:
    file: str
    name: str
    title: str


@dataclass(frozen=True)
class ResolvedPlan:
    plan: MigrationPlan
    sources: dict[int, ProcessDefinition]  # definition id → deployed source version
    target: ProcessDefinition
    target_runtime: ProcessRuntime
    regulation: str | None  # the dossier's regulation after the move


def require_designer(actor: Actor) -> None:
    if not actor.is_designer:
        raise Forbidden("migrating dossiers needs the designer (or admin) role")


def plans_dir(ctx: ServiceContext) -> Path | None:
    return ctx.regulations_file.parent / "migrations" if ctx.regulations_file else None


def shipped_plans(ctx: ServiceContext) -> list[ShippedPlan]:
    folder = plans_dir(ctx)
    if folder is None or not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            plan = parse_plan(path.read_text(encoding="utf-8"))
        except ValidationFailed:
            continue  # a broken shipped plan is reported when it is opened, not listed as usable
        found.append(ShippedPlan(path.name, plan.name, plan.title))
    return found


def plan_text(ctx: ServiceContext, text: str | None, file: str | None) -> str:
    """The plan's YAML: the text sent, or a shipped plan by file name (never a path)."""
    if text is not None:
        return text
    folder = plans_dir(ctx)
    names = {p.file for p in shipped_plans(ctx)} if folder else set()
    if not file or file not in names or folder is None:
        raise NotFound(f"no shipped migration plan '{file}'", {"file": ["unknown plan file"]})
    return (folder / file).read_text(encoding="utf-8")


def resolve(ctx: ServiceContext, session: Session, text: str) -> ResolvedPlan:
    plan = parse_plan(text)
    query = select(ProcessDefinition).where(ProcessDefinition.key == plan.source_key)
    if plan.source_versions:
        query = query.where(ProcessDefinition.version.in_(plan.source_versions))
    sources = {d.id: d for d in session.scalars(query.order_by(ProcessDefinition.version))}
    if not sources:
        raise PlanInvalid(f"no deployed version of {plan.source_key} matches the plan's source",
                          [PlanProblem("source.process_key", "plan.source_not_deployed", {"key": plan.source_key})])
    missing = set(plan.source_versions) - {d.version for d in sources.values()}
    if missing:
        raise PlanInvalid(f"{plan.source_key} has no version {min(missing)}",
                          [PlanProblem("source.versions", "plan.source_version_missing", {"version": v})
                           for v in sorted(missing)])
    target = _target(session, plan)
    target_runtime = runtime_for(ctx, target)
    target_elements = elements_of(target_runtime)
    check_plan(plan, [_elements(ctx, d) for d in sources.values()], target_elements.all,
               target_elements.user_tasks)
    return ResolvedPlan(plan, sources, target, target_runtime, _regulation(ctx, plan))


def _elements(ctx: ServiceContext, definition: ProcessDefinition) -> VersionElements:
    found = elements_of(runtime_for(ctx, definition))
    return VersionElements(definition.version, found.all, found.waiting)


def _target(session: Session, plan: MigrationPlan) -> ProcessDefinition:
    query = select(ProcessDefinition).where(ProcessDefinition.key == plan.target_key)
    if plan.target_version is not None:
        query = query.where(ProcessDefinition.version == plan.target_version)
    target = session.scalars(query.order_by(ProcessDefinition.version.desc()).limit(1)).first()
    if target is None:
        version = f" version {plan.target_version}" if plan.target_version else ""
        raise PlanInvalid(f"{plan.target_key}{version} is not deployed",
                          [PlanProblem("target.process_key", "plan.target_version_not_deployed",
                                       {"key": plan.target_key, "version": plan.target_version})
                           if plan.target_version else
                           PlanProblem("target.process_key", "plan.target_not_deployed", {"key": plan.target_key})])
    return target


def _regulation(ctx: ServiceContext, plan: MigrationPlan) -> str | None:
    entries = registry(ctx)
    if plan.target_regulation is not None:
        if entries and entries.get(plan.target_regulation) is None:
            raise PlanInvalid(f"regulation {plan.target_regulation} is not in the registry",
                              [PlanProblem("target.regulation", "plan.regulation_unknown",
                                           {"regulation": plan.target_regulation})])
        return plan.target_regulation
    found = [r.id for r in entries.entries if r.process_key == plan.target_key]
    return found[0] if len(found) == 1 else None
