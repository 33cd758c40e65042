"""Decision tables edited by designers: a version's .dmn files, validated and deployed as a new version.

An edited table is checked as the bundle it would be deployed as: the one .dmn replaces the base
version's file of the same name and the whole bundle runs through the normal validation, so a table
the process cannot use is refused with the same element-level problems as a diagram.
"""

from __future__ import annotations

from ...domain.access import Actor
from ...domain.errors import NotFound
from ...domain.problems import BundleProblem
from ...persistence.models import ProcessDefinition
from ..context import ServiceContext
from .versions import (
    DeployOutcome,
    bundle_problems,
    deploy_files,
    get_version,
    replace_file,
    require_designer,
)


def dmn_files(definition: ProcessDefinition) -> list[str]:
    """The decision tables bundled with a version, by file name."""
    return sorted(n for n in definition.files if n.endswith(".dmn"))


def get_dmn(ctx: ServiceContext, actor: Actor, key: str, version: int, name: str) -> tuple[ProcessDefinition, str]:
    """The version and the XML of one of its decision tables."""
    require_designer(actor)
    definition = get_version(ctx, key, version)
    if name not in dmn_files(definition):
        raise NotFound(f"version {version} of {key} has no decision table '{name}'")
    return definition, str(definition.files[name])


def validate_dmn(ctx: ServiceContext, actor: Actor, key: str, version: int, name: str,
                 xml: str) -> list[BundleProblem]:
    base, _old = get_dmn(ctx, actor, key, version, name)
    return bundle_problems(ctx, key, replace_file(base, name, xml))


def deploy_dmn(ctx: ServiceContext, actor: Actor, key: str, version: int, name: str, xml: str) -> DeployOutcome:
    """Deploy the version with the edited table as the next version of `key`, or say what stops it."""
    base, _old = get_dmn(ctx, actor, key, version, name)
    return deploy_files(ctx, actor, key, replace_file(base, name, xml))
