"""The process designer's use cases: versions with dossier counts, validate and deploy an edited diagram.

An edited diagram is validated as the bundle it would be deployed as: the new .bpmn replaces the base
version's one, and the base version's decision tables and forms come along unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, undefer

from ...domain.access import Actor
from ...domain.errors import Forbidden, NotFound, ValidationFailed
from ...domain.problems import BundleInvalid, BundleProblem
from ...domain.roles import ALL_ROLES
from ...engine.bundle import parse_bundle
from ...persistence.models import Dossier, ProcessDefinition
from ..context import ServiceContext
from ..definitions.deadline_property import check_deadline_text
from ..definitions.deploy import MAX_BUNDLE_BYTES, Deployment, bpmn_of, deploy_bundle


@dataclass(frozen=True)
class VersionRow:
    definition: ProcessDefinition
    running: int
    completed: int


@dataclass(frozen=True)
class DeployOutcome:
    problems: list[BundleProblem]
    deployment: Deployment | None = None


def require_designer(actor: Actor) -> None:
    if not actor.is_designer:
        raise Forbidden.coded("designer.role_required")


def list_processes(ctx: ServiceContext, actor: Actor) -> list[tuple[ProcessDefinition, int, int, int]]:
    """Each process's latest version with its number of versions and running/completed dossiers."""
    require_designer(actor)
    rows: dict[str, list[VersionRow]] = {}
    with ctx.uow() as uow:
        for row in _version_rows(uow.session, None):
            rows.setdefault(row.definition.key, []).append(row)
    return [(versions[-1].definition, len(versions), sum(v.running for v in versions),
             sum(v.completed for v in versions)) for _key, versions in sorted(rows.items())]


def list_versions(ctx: ServiceContext, actor: Actor, key: str) -> list[VersionRow]:
    require_designer(actor)
    with ctx.uow() as uow:
        rows = _version_rows(uow.session, key)
    if not rows:
        raise NotFound(f"no process definition with key '{key}'")
    return rows


def _version_rows(session: Session, key: str | None) -> list[VersionRow]:
    counts = select(Dossier.definition_id,
                    func.count().filter(Dossier.status == "running").label("running"),
                    func.count().filter(Dossier.status != "running").label("completed")) \
        .group_by(Dossier.definition_id).subquery()
    query = select(ProcessDefinition, func.coalesce(counts.c.running, 0),
                   func.coalesce(counts.c.completed, 0)) \
        .outerjoin(counts, counts.c.definition_id == ProcessDefinition.id) \
        .order_by(ProcessDefinition.key, ProcessDefinition.version)
    if key is not None:
        query = query.where(ProcessDefinition.key == key)
    return [VersionRow(d, int(r), int(c)) for d, r, c in session.execute(query).all()]


def get_version(ctx: ServiceContext, key: str, version: int) -> ProcessDefinition:
    """A version with its files (the BPMN XML among them); any signed-in user may read a process."""
    with ctx.uow() as uow:
        definition = uow.session.scalars(
            select(ProcessDefinition).options(undefer(ProcessDefinition.files))
            .where(ProcessDefinition.key == key, ProcessDefinition.version == version)).first()
    if definition is None:
        raise NotFound(f"process {key} has no version {version}")
    return definition


def validate_diagram(ctx: ServiceContext, actor: Actor, key: str, base_version: int,
                     xml: str, file_name: str | None = None) -> list[BundleProblem]:
    """Problems of the base version with `xml` in place of its .bpmn, or of the .dmn called `file_name`.

    An uploaded .bpmn under another name (an export from another modeler) replaces the version's .bpmn
    and its problems name the uploaded file."""
    require_designer(actor)
    return bundle_problems(ctx, key, edited_bundle(get_version(ctx, key, base_version), file_name, xml))


def deploy_diagram(ctx: ServiceContext, actor: Actor, key: str, base_version: int, xml: str) -> DeployOutcome:
    """Deploy the edited diagram as the next version of `key`, or say what stops it."""
    require_designer(actor)
    return deploy_files(ctx, actor, key, _bundle(get_version(ctx, key, base_version), xml))


def deploy_files(ctx: ServiceContext, actor: Actor, key: str, files: dict[str, bytes]) -> DeployOutcome:
    problems = bundle_problems(ctx, key, files)
    if problems:
        return DeployOutcome(problems)
    return DeployOutcome([], deploy_bundle(ctx, actor, files))


def replace_file(base: ProcessDefinition, name: str, xml: str) -> dict[str, bytes]:
    """The base version's files with `name` replaced by the edited XML."""
    files = {n: str(text).encode("utf-8") for n, text in base.files.items() if n != name}
    files[name] = xml.encode("utf-8")
    return files


def _bundle(base: ProcessDefinition, xml: str) -> dict[str, bytes]:
    return replace_file(base, bpmn_of(base)[0], xml)


def edited_bundle(base: ProcessDefinition, file_name: str | None, xml: str) -> dict[str, bytes]:
    bpmn_name = bpmn_of(base)[0]
    name = file_name or bpmn_name
    if "/" in name or "\\" in name or not name.endswith((".bpmn", ".dmn")):
        raise ValidationFailed.coded("designer.file_name", {"file": ["not a .bpmn or .dmn name"]})
    files = replace_file(base, name, xml)
    if name.endswith(".bpmn") and name != bpmn_name:
        del files[bpmn_name]
    return files


def bundle_problems(ctx: ServiceContext, key: str, files: dict[str, bytes]) -> list[BundleProblem]:
    bpmn_name = next(n for n in files if n.endswith(".bpmn"))
    if sum(len(c) for c in files.values()) > MAX_BUNDLE_BYTES:
        return [BundleProblem(bpmn_name, "the bundle is larger than 5 MiB", code="bundle.too_large")]
    try:
        bundle = parse_bundle(files, Path(ctx.forms_dir), set(ALL_ROLES), check_deadline_text)
    except BundleInvalid as err:
        return err.problems
    if bundle.key != key:
        return [BundleProblem(bpmn_name, f"the process id changed from '{key}' to '{bundle.key}'; "
                                         "keep the id to deploy a new version of this process",
                              element_id=bundle.key, code="process.id_changed",
                              params=(("old", key), ("new", bundle.key)))]
    return []
