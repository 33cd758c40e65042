"""Deploy process bundles as versions and load a version's runtime."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, undefer

from ...domain.access import Actor
from ...domain.errors import Forbidden, NotFound, ValidationFailed
from ...domain.problems import BundleInvalid
from ...domain.roles import ALL_ROLES
from ...engine.bundle import ParsedBundle, parse_bundle
from ...engine.runtime import ProcessRuntime
from ...persistence.models import Dossier, ProcessDefinition
from ..audit.trail import audit
from ..context import ServiceContext
from .deadline_property import check_deadline_text

MAX_BUNDLE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Deployment:
    definition: ProcessDefinition
    created: bool


def parse(ctx: ServiceContext, files: Mapping[str, bytes]) -> ParsedBundle:
    """The bundle as deploying sees it (what it stores and checks; runtimes parse their own copy)."""
    if sum(len(c) for c in files.values()) > MAX_BUNDLE_BYTES:
        raise ValidationFailed.coded("deploy.too_large", {"files": ["too large"]})
    try:
        return _parse_once(tuple(sorted(files.items())), ctx.forms_dir, _folder_digest(ctx.forms_dir))
    except BundleInvalid as err:
        raise ValidationFailed.coded("deploy.invalid", {"files": [str(p) for p in err.problems]},
                                     [p.as_dict() for p in err.problems], problem=str(err.problems[0])) from err


@functools.lru_cache(maxsize=64)
def _parse_once(files: tuple[tuple[str, bytes], ...], forms_dir: Path, forms_digest: str) -> ParsedBundle:
    """Once per process for the same files and forms: every app start deploys bpmn/ again (stored only
    if changed), and parsing its bundles took 0.3 s of each start. Only read, never stepped: the
    runtimes' specs, which the engine adapts in place, come from runtime_for's own parse."""
    return parse_bundle(dict(files), forms_dir, set(ALL_ROLES), check_deadline_text)


def _folder_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def deploy_bundle(ctx: ServiceContext, actor: Actor, files: Mapping[str, bytes]) -> Deployment:
    if not actor.is_designer:
        raise Forbidden.coded("deploy.role_required")
    bundle = parse(ctx, files)
    with ctx.uow() as uow:
        deployment = _store(uow.session, ctx, bundle, actor.username)
        uow.commit()
    return deployment


def deploy_directory(ctx: ServiceContext, bpmn_dir: Path, deployed_by: str = "system") -> list[Deployment]:
    """Deploy every .bpmn of a folder with the .dmn files beside it (forms come from forms/)."""
    dmn = {p.name: p.read_bytes() for p in sorted(bpmn_dir.glob("*.dmn"))}
    deployments = []
    for path in sorted(bpmn_dir.glob("*.bpmn")):
        bundle = parse(ctx, {path.name: path.read_bytes(), **dmn})
        with ctx.uow() as uow:
            deployments.append(_store(uow.session, ctx, bundle, deployed_by))
            uow.commit()
    return deployments


def _store(session: Session, ctx: ServiceContext, bundle: ParsedBundle, deployed_by: str) -> Deployment:
    latest = session.scalars(select(ProcessDefinition).where(ProcessDefinition.key == bundle.key)
                             .order_by(ProcessDefinition.version.desc()).limit(1)).first()
    if latest is not None and latest.content_hash == bundle.content_hash:
        session.refresh(latest, ["files"])
        return Deployment(latest, created=False)
    definition = ProcessDefinition(
        key=bundle.key, version=(latest.version + 1) if latest else 1, name=bundle.name,
        content_hash=bundle.content_hash, files=bundle.files, deployed_at=ctx.clock.now(),
        deployed_by=deployed_by)
    session.add(definition)
    session.flush()
    audit(session, actor=deployed_by, acting_as="designer", action="deploy", at=ctx.clock.now(),
          data={"key": bundle.key, "version": definition.version, "content_hash": bundle.content_hash})
    return Deployment(definition, created=True)


def runtime_for(ctx: ServiceContext, definition: ProcessDefinition) -> ProcessRuntime:
    def build() -> ParsedBundle:  # reads the large files column only on a cache miss
        files = {name: text.encode("utf-8") for name, text in definition.files.items()}
        return parse_bundle(files, ctx.forms_dir, set(ALL_ROLES))

    return ctx.runtimes.get(definition.id, build)


def latest_definition(session: Session, key: str) -> ProcessDefinition:
    definition = session.scalars(select(ProcessDefinition).where(ProcessDefinition.key == key)
                                 .order_by(ProcessDefinition.version.desc()).limit(1)).first()
    if definition is None:
        raise NotFound(f"no process definition with key '{key}'")
    return definition


def list_definitions(ctx: ServiceContext) -> list[ProcessDefinition]:
    with ctx.uow() as uow:
        latest = select(ProcessDefinition.key, func.max(ProcessDefinition.version).label("v")) \
            .group_by(ProcessDefinition.key).subquery()
        return list(uow.session.scalars(select(ProcessDefinition).options(undefer(ProcessDefinition.files)).join(
            latest, (ProcessDefinition.key == latest.c.key) & (ProcessDefinition.version == latest.c.v))
            .order_by(ProcessDefinition.key)))


def list_versions(ctx: ServiceContext, key: str) -> list[tuple[ProcessDefinition, int]]:
    """Every version of a process with the number of dossiers running on it."""
    with ctx.uow() as uow:
        running = select(Dossier.definition_id, func.count().label("n")).where(
            Dossier.status == "running").group_by(Dossier.definition_id).subquery()
        rows = uow.session.execute(
            select(ProcessDefinition, func.coalesce(running.c.n, 0)).options(undefer(ProcessDefinition.files))
            .outerjoin(running, running.c.definition_id == ProcessDefinition.id)
            .where(ProcessDefinition.key == key).order_by(ProcessDefinition.version)).all()
        if not rows:
            raise NotFound(f"no process definition with key '{key}'")
        return [(d, int(n)) for d, n in rows]


def bpmn_of(definition: ProcessDefinition) -> tuple[str, str]:
    """(file name, XML) of the version's process model."""
    name = next(n for n in sorted(definition.files) if n.endswith(".bpmn"))
    return name, str(definition.files[name])
