"""The use case: run a scenario on a deployed version, or on changed files a designer uploads, and report.

The version's files are read from the live database (read only); uploaded files take the place of the
version's files of the same name (an uploaded .bpmn replaces its process model whatever its name), so
a designer may upload only the decision table they changed. The bundle is checked as a deployment
would check it (the designer's safe XML parsing: no DTD, no entity expansion) before anything runs.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import undefer

from ...domain.access import Actor
from ...domain.errors import Forbidden, ValidationFailed
from ...domain.problems import BundleProblem
from ...domain.scenario import ProcessRef, Scenario, ScenarioInvalid, ScenarioProblem, parse_scenario
from ...persistence.models import ProcessDefinition
from ..context import ServiceContext
from ..definitions.deploy import MAX_BUNDLE_BYTES, bpmn_of
from ..designer.versions import bundle_problems
from .report import SimulationReport
from .runner import play
from .world import throwaway_world

MAX_FILES = 20
FILE_SUFFIXES = (".bpmn", ".dmn", ".json")


class ScenarioRefused(ValidationFailed):
    """The scenario's problems: English by field for the API, coded for pages (`scenario_problems`)."""

    def __init__(self, problems: list[ScenarioProblem]) -> None:
        count = len(problems)
        super().__init__(f"the scenario has {count} problem{'s' if count > 1 else ''}: "
                         + "; ".join(str(p) for p in problems), {"scenario": [str(p) for p in problems]})
        self.scenario_problems = problems


class BundleRefused(ValidationFailed):
    """Uploaded files that cannot run, as a deployment would refuse them (`bundle_problems`, coded)."""

    def __init__(self, problems: list[BundleProblem]) -> None:
        super().__init__(f"the uploaded version cannot run: {problems[0]}", {"files": [str(p) for p in problems]},
                         [p.as_dict() for p in problems])
        self.bundle_problems = problems


@dataclass(frozen=True)
class SimulationRequest:
    scenario: str  # the scenario's YAML text
    files: Mapping[str, bytes] = field(default_factory=dict)  # uploaded .bpmn / .dmn / form .json
    process: ProcessRef | None = None  # the deployed version chosen on the page, in place of the scenario's


@dataclass(frozen=True)
class SimulatedVersion:
    files: dict[str, bytes]
    info: dict[str, Any]

    @property
    def bpmn_xml(self) -> str:
        name = next(n for n in sorted(self.files) if n.endswith(".bpmn"))
        return self.files[name].decode("utf-8")


def simulate(ctx: ServiceContext, actor: Actor, request: SimulationRequest) -> tuple[SimulationReport, str]:
    """The report and the BPMN XML of the version simulated (to draw the path on)."""
    require_simulator(actor)
    scenario = read_scenario(request.scenario)
    if request.process is not None:
        if request.process.key != scenario.process.key:
            refused = ValidationFailed.coded("simulation.other_process", key=scenario.process.key,
                                             chosen=request.process.key)
            raise ValidationFailed(refused.detail, {"process": [refused.detail]}, code=refused.code,
                                   params=refused.params)
        scenario = replace(scenario, process=request.process)
    version = simulated_version(ctx, scenario.process, request.files)
    report = SimulationReport(scenario.name, version.info)
    supporting = {key: supporting_files(ctx, key) for key in scenario.supporting_keys}
    with throwaway_world(ctx, scenario, version.files, supporting) as world:
        play(world, scenario, report)
    if report.stopped is not None and report.stopped.get("code") == "form.invalid":
        report.stopped["form_schema"] = _form_schema(version.files, report.stopped.get("params", {}).get("form"))
    return report, version.bpmn_xml


def _form_schema(files: Mapping[str, bytes], name: Any) -> dict[str, Any] | None:
    """The form that refused a step's data, so a page can name its fields by their labels."""
    if not isinstance(name, str) or name not in files:
        return None
    try:
        schema = json.loads(files[name])
    except ValueError:
        return None
    return schema if isinstance(schema, dict) else None


def require_simulator(actor: Actor) -> None:
    """Entry points call it before reading a body, so others get 403 whatever they send."""
    if not actor.is_designer:
        raise Forbidden("simulating a process needs the designer or admin role")


def read_scenario(text: str) -> Scenario:
    try:
        return parse_scenario(text)
    except ScenarioInvalid as err:
        raise ScenarioRefused(err.problems) from None


def simulated_version(ctx: ServiceContext, process: ProcessRef, uploaded: Mapping[str, bytes]) -> SimulatedVersion:
    uploads = _checked_uploads(uploaded)
    base = _deployed(ctx, process, required=not any(n.endswith(".bpmn") for n in uploads))
    files: dict[str, bytes] = {}
    if base is not None:
        files = {name: str(text).encode("utf-8") for name, text in base.files.items()}
        if any(n.endswith(".bpmn") for n in uploads):
            del files[bpmn_of(base)[0]]
    files.update(uploads)
    problems = bundle_problems(ctx, process.key, files)
    if problems:
        raise BundleRefused(problems)
    info: dict[str, Any] = {"key": process.key, "source": "uploaded" if uploads else "deployed",
                            "version": base.version if base is not None and not uploads else None,
                            "based_on_version": base.version if base is not None else None,
                            "name": base.name if base is not None else process.key,
                            "bpmn": next(n for n in sorted(files) if n.endswith(".bpmn")),
                            "uploaded": sorted(uploads)}
    return SimulatedVersion(files, info)


def supporting_files(ctx: ServiceContext, key: str) -> dict[str, bytes]:
    """The latest deployed version of a process a given run plays on (read from the live database)."""
    found = _deployed(ctx, ProcessRef(key, None), required=True)
    assert found is not None
    return {name: str(text).encode("utf-8") for name, text in found.files.items()}


def _checked_uploads(uploaded: Mapping[str, bytes]) -> dict[str, bytes]:
    files = {name.replace("\\", "/").rsplit("/", 1)[-1]: content for name, content in uploaded.items()}
    if len(files) > MAX_FILES:
        raise ValidationFailed.coded("simulation.too_many_files", {"files": ["too many files"]}, limit=MAX_FILES)
    if sum(len(c) for c in files.values()) > MAX_BUNDLE_BYTES:
        raise ValidationFailed.coded("simulation.files_too_large", {"files": ["too large"]})
    for name in files:
        if not name.endswith(FILE_SUFFIXES):
            raise ValidationFailed.coded("simulation.bad_file", {"files": [f"{name}: not a .bpmn, .dmn or .json file"]},
                                         name=name)
    if sum(name.endswith(".bpmn") for name in files) > 1:
        raise ValidationFailed.coded("simulation.several_bpmn", {"files": ["several .bpmn files"]})
    return files


def _deployed(ctx: ServiceContext, process: ProcessRef, required: bool) -> ProcessDefinition | None:
    """The version to simulate (or to lay uploaded files over): the one named, else the latest."""
    with ctx.uow() as uow:
        query = select(ProcessDefinition).options(undefer(ProcessDefinition.files)) \
            .where(ProcessDefinition.key == process.key)
        if process.version is not None:
            query = query.where(ProcessDefinition.version == process.version)
        found = uow.session.scalars(query.order_by(ProcessDefinition.version.desc()).limit(1)).first()
    if found is None and (required or process.version is not None):
        what = f"version {process.version} of '{process.key}'" if process.version else f"'{process.key}'"
        errors = {"scenario": [f"process: {what} is not deployed"]}
        if process.version is not None:
            raise ValidationFailed.coded("simulation.version_not_deployed", errors, key=process.key,
                                         version=process.version)
        raise ValidationFailed.coded("simulation.process_not_deployed", errors, key=process.key)
    return found
