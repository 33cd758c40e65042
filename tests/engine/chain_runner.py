"""Drive one evaluation chain (any of bpmn/*.bpmn) as the service does, for the engine tests.

Every step is validated against its form before it is completed; with `roundtrip` the instance is
saved and restored after every step. A `Chain` names the bundle, the lane (= role) of each user
task and the multi-instance scoring tasks with the start-data lists they run over.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from workflow_service.engine.bundle import ParsedBundle, parse_bundle
from workflow_service.engine.runtime import ProcessRuntime

ROOT = Path(__file__).resolve().parents[2]
BPMN_DIR = ROOT / "bpmn"
FORMS_DIR = ROOT / "forms"

Step = tuple[str, Any]  # (element id, form data); for a scoring task, one sheet per member


@dataclass(frozen=True)
class Chain:
    bpmn: str  # file name in bpmn/
    key: str  # process id
    lane_of: Mapping[str, str]  # user task id → lane (role)
    councils: Mapping[str, tuple[str, str]]  # scoring task id → (members list, collected sheets) in the data
    deadlines: Mapping[str, str] = field(default_factory=dict)
    start_lane: str | None = None  # the lane of the start event when no user task is in it

    @property
    def roles(self) -> set[str]:
        return set(self.lane_of.values()) | ({self.start_lane} if self.start_lane else set())


def load_chain(chain: Chain, known_roles: set[str] | None = None, **kwargs: Any) -> ParsedBundle:
    """The bundle exactly as deploy_directory deploys it: the .bpmn, every .dmn beside it, forms/."""
    paths = [BPMN_DIR / chain.bpmn, *sorted(BPMN_DIR.glob("*.dmn"))]
    files = {p.name: p.read_bytes() for p in paths}
    return parse_bundle(files, FORMS_DIR, known_roles=chain.roles if known_roles is None else known_roles,
                        **kwargs)


def validate(form_file: str, data: dict[str, Any]) -> None:
    schema = json.loads((FORMS_DIR / form_file).read_text(encoding="utf-8"))
    Draft202012Validator(schema, format_checker=FormatChecker()).validate(data)


def step(element_id: str, **data: Any) -> Step:
    return (element_id, data)


def sheets(element_id: str, *parts: tuple[int, int, int, int]) -> Step:
    """One (part A, part B, part C, minimum star) per member of the council scoring `element_id`."""
    return (element_id, [{"part_a": a, "part_b": b, "part_c": c, "minimum_star": m,
                          "comments": "Sản phẩm đặc trưng địa phương."} for a, b, c, m in parts])


class ChainDossier:
    def __init__(self, runtime: ProcessRuntime, roundtrip: bool, chain: Chain, filing: dict[str, Any],
                 members: Mapping[str, list[str]], start: Mapping[str, Any]):
        validate("dossier_registration.json", filing)
        self.runtime, self.roundtrip, self.chain, self.members = runtime, roundtrip, chain, dict(members)
        self.instance = runtime.start({**filing, **start, **self.members})
        self._stepped()

    def _stepped(self) -> None:
        if self.roundtrip:
            self.instance = self.runtime.load(self.runtime.dump(self.instance))
        for task in self.instance.ready_tasks():
            assert task.lane == self.chain.lane_of[task.element_id], task

    def ready(self) -> list[str]:
        return sorted(t.element_id for t in self.instance.ready_tasks())

    @property
    def data(self) -> dict[str, Any]:
        return self.instance.data

    def complete(self, element_id: str, data: dict[str, Any]) -> None:
        tasks = [t for t in self.instance.ready_tasks() if t.element_id == element_id]
        assert len(tasks) == 1, f"expected {element_id} to be ready, ready: {self.ready()}"
        validate(tasks[0].form_file, data)
        self.instance.complete(tasks[0].id, data)
        self._stepped()

    def score(self, sheets: list[dict[str, Any]], element_id: str = "council_scoring") -> None:
        """Every member scores exactly once; `sheets` follow the order of the members."""
        members_var, sheets_var = self.chain.councils[element_id]
        council = self.members[members_var]
        assert len(sheets) == len(council)
        for done, (member, sheet) in enumerate(zip(council, sheets, strict=True)):
            tasks = [t for t in self.instance.ready_tasks() if t.element_id == element_id]
            assert sorted(t.instance_input for t in tasks) == sorted(council[done:])
            [task] = [t for t in tasks if t.instance_input == member]
            validate(task.form_file, sheet)
            self.instance.complete(task.id, sheet)
            self._stepped()
        assert element_id not in self.ready()
        collected = self.data[sheets_var]
        assert [s["member"] for s in collected] == council
        assert all(s["total"] == s["part_a"] + s["part_b"] + s["part_c"] for s in collected)

    def run(self, steps: list[Step]) -> None:
        for element_id, data in steps:
            if element_id in self.chain.councils:
                self.score(data, element_id)
            else:
                self.complete(element_id, data)

    def finish(self, last: Step) -> None:
        """The last step is the only one ready; after it the instance is complete."""
        assert self.ready() == [last[0]]
        self.complete(*last)
        assert self.instance.is_completed
        assert self.ready() == []
