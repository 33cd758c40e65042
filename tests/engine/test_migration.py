"""engine/migration.py on the real chains, without a database: an R2 instance waiting anywhere moves onto R3
through SpiffWorkflow's diff/migrate API, keeps its data (the district's scores), loads under R3's serializer
and runs to the end there; what cannot move is refused with the reason."""

from __future__ import annotations

from typing import Any

import pytest

from workflow_service.domain.migration_plan import parse_plan
from workflow_service.engine.migration import NotMigratable, elements_of, migrate_instance, waiting_steps
from workflow_service.engine.runtime import ProcessRuntime

from .chain_runner import ROOT, ChainDossier, Step, load_chain
from .evaluation_steps import (
    ADVISORY_OK,
    CHAIR_APPROVES,
    COMMUNE_OK,
    COUNCIL,
    FILING,
    NOTIFY,
    OFFICE_OK,
    SCORE_78,
)
from .test_qd148_2023 import DISTRICT_65, DISTRICT_72, DISTRICT_COUNCIL, DISTRICT_OK, R2
from .test_qd1489_2025 import R3, START

PLAN = parse_plan((ROOT / "bpmn" / "migrations" / "r2_to_r3_2025.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def runtimes() -> tuple[ProcessRuntime, ProcessRuntime]:
    return ProcessRuntime(load_chain(R2)), ProcessRuntime(load_chain(R3))


def _r2(r2: ProcessRuntime, steps: list[Step]) -> ChainDossier:
    run = ChainDossier(r2, True, R2, FILING, {"council_members": COUNCIL,
                                              "district_council_members": DISTRICT_COUNCIL}, START)
    run.run([COMMUNE_OK, *steps])
    return run


def _on_r3(r3: ProcessRuntime, moved: Any) -> ChainDossier:
    run = ChainDossier.__new__(ChainDossier)
    run.runtime, run.roundtrip, run.chain, run.members = r3, True, R3, {"council_members": COUNCIL}
    run.instance = r3.load(r3.dump(moved))
    return run


@pytest.mark.parametrize(("steps", "waiting", "lands", "district_score"), [
    ([], "district_check", ["office_check"], None),
    ([DISTRICT_OK], "district_scoring", ["office_check"], None),  # no sheet yet
    ([DISTRICT_OK, DISTRICT_65], "district_chair_decision", ["office_check"], 65.0),
    ([DISTRICT_OK, DISTRICT_72], "office_check", ["office_check"], 72.0),
    ([DISTRICT_OK, DISTRICT_72, OFFICE_OK], "council_scoring", ["council_scoring"] * 3, 72.0),
], ids=["district check", "district council", "district chair", "province office", "province council"])
def test_an_r2_dossier_moves_to_r3_and_finishes_there(runtimes: tuple[ProcessRuntime, ProcessRuntime],
                                                      steps: list[Step], waiting: str, lands: list[str],
                                                      district_score: float | None) -> None:
    r2, r3 = runtimes
    run = _r2(r2, steps)
    assert [s.element_id for s in waiting_steps(run.instance)] == [waiting]
    moved = migrate_instance(run.instance, r3, PLAN.mapping, PLAN.transform)
    on_r3 = _on_r3(r3, moved)
    assert on_r3.ready() == lands
    assert on_r3.data.get("district_score") == district_score  # the district's score stays in the data
    rest = [OFFICE_OK, ADVISORY_OK, SCORE_78, CHAIR_APPROVES]
    while rest[0][0] not in on_r3.ready():
        rest.pop(0)
    on_r3.run(rest)
    on_r3.finish(NOTIFY)
    assert (on_r3.data["stars"], on_r3.data["score"]) == (4, 78.0)
    assert "commune_review" in on_r3.instance.completed_elements()  # the shared history stays in the engine


def test_a_council_half_done_is_refused(runtimes: tuple[ProcessRuntime, ProcessRuntime]) -> None:
    r2, r3 = runtimes
    run = _r2(r2, [DISTRICT_OK])
    task = next(t for t in run.instance.ready_tasks() if t.element_id == "district_scoring")
    run.instance.complete(task.id, {"part_a": 30, "part_b": 20, "part_c": 25, "minimum_star": 5, "comments": ""})
    with pytest.raises(NotMigratable, match=r"half done \(1 of 3 completed\)"):
        migrate_instance(run.instance, r3, PLAN.mapping, PLAN.transform)


def test_an_unmapped_waiting_step_is_refused(runtimes: tuple[ProcessRuntime, ProcessRuntime]) -> None:
    r2, r3 = runtimes
    with pytest.raises(NotMigratable, match="district_check"):
        migrate_instance(_r2(r2, []).instance, r3, {"commune_review": "commune_review"}, dict)


def test_the_plan_maps_every_step_r2_can_wait_at(runtimes: tuple[ProcessRuntime, ProcessRuntime]) -> None:
    r2, r3 = runtimes
    assert elements_of(r2).waiting == set(PLAN.mapping)
    assert set(PLAN.mapping.values()) <= elements_of(r3).user_tasks
