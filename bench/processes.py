"""The processes the benchmark can run: the tiny test fixture (mini) or the real OCOP process (ocop)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workflow_service.domain.problems import BundleInvalid
from workflow_service.domain.roles import ALL_ROLES
from workflow_service.engine.bundle import ParsedBundle, parse_bundle

from . import jsonfill

ROOT = Path(__file__).resolve().parent.parent

PROCESSES: dict[str, dict[str, Any]] = {
    # bpmn_dir holds exactly one .bpmn (plus .dmn files); forms come from forms_dir.
    "mini": {"bpmn_dir": ROOT / "tests" / "fixtures" / "bpmn",
             "forms_dir": ROOT / "tests" / "fixtures" / "bpmn", "first_task": "check"},
    "ocop": {"bpmn_dir": ROOT / "bpmn", "forms_dir": ROOT / "forms", "first_task": "commune_review",
             "bpmn_file": "ocop_evaluation.bpmn"},  # the current chain (QĐ 26/2026); bpmn/ holds the older ones too
}


class ProcessNotReady(SystemExit):
    pass


@dataclass
class BenchProcess:
    name: str
    bpmn_dir: Path
    forms_dir: Path
    bundle: ParsedBundle
    first_task: str
    start_data: dict[str, Any]
    complete_data: dict[str, Any]
    files: dict[str, bytes]  # the .bpmn and .dmn sources, for the bare engine

    @property
    def key(self) -> str:
        return self.bundle.key

    @property
    def first_form(self) -> str:
        return self.bundle.user_tasks[self.first_task].form_file


def load_process(name: str, start_data_file: Path | None = None,
                 complete_data_file: Path | None = None) -> BenchProcess:
    spec = PROCESSES[name]
    bpmn_dir, forms_dir = Path(spec["bpmn_dir"]), Path(spec["forms_dir"])
    bpmns = [bpmn_dir / spec["bpmn_file"]] if "bpmn_file" in spec else sorted(bpmn_dir.glob("*.bpmn"))
    if len(bpmns) != 1:
        raise ProcessNotReady(f"process {name!r}: expected one .bpmn in {bpmn_dir}, found {len(bpmns)}")
    files = {bpmns[0].name: bpmns[0].read_bytes(),
             **{p.name: p.read_bytes() for p in sorted(bpmn_dir.glob("*.dmn"))}}
    try:
        bundle = parse_bundle(files, forms_dir, set(ALL_ROLES))
    except BundleInvalid as err:
        listed = "\n  ".join(str(p) for p in err.problems[:15])
        raise ProcessNotReady(f"process {name!r} cannot be deployed yet ({len(err.problems)} problem(s)):\n"
                              f"  {listed}") from err
    first_task = spec["first_task"]
    if first_task not in bundle.user_tasks:
        raise ProcessNotReady(f"process {name!r} has no user task {first_task!r}")

    if start_data_file:
        start_data = json.loads(start_data_file.read_text(encoding="utf-8"))
    elif bundle.start_form:
        start_data = _generated(bundle.forms[bundle.start_form], bundle.start_form, "--start-data")
    else:
        start_data = {}
    form = bundle.user_tasks[first_task].form_file
    if complete_data_file:
        complete_data = json.loads(complete_data_file.read_text(encoding="utf-8"))
    else:
        complete_data = _generated(bundle.forms[form], form, "--complete-data")
    return BenchProcess(name, bpmn_dir, forms_dir, bundle, first_task, start_data, complete_data, files)


def _generated(schema: dict[str, Any], form_name: str, option: str) -> dict[str, Any]:
    data = jsonfill.example(schema)
    found = jsonfill.problems(schema, data)
    if found:
        raise ProcessNotReady(f"could not generate valid data for form {form_name} ({'; '.join(found[:5])}); "
                              f"write it to a JSON file and pass {option} FILE")
    return data
