"""BPMN escalation events: a throw inside a sub-process reaches the boundary catch on it.

Straight through and through save/restore, like every engine scenario.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import FIXTURES
from tests.timer_helpers import TIMER_BPMN
from workflow_service.domain.roles import ALL_ROLES
from workflow_service.engine.bundle import parse_bundle
from workflow_service.engine.runtime import Instance, ProcessRuntime

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(scope="module")
def runtime() -> ProcessRuntime:
    name = "escalation_review.bpmn"
    return ProcessRuntime(parse_bundle({name: (TIMER_BPMN / name).read_bytes()}, FIXTURES / "bpmn",
                                       set(ALL_ROLES)))


def _complete(runtime: ProcessRuntime, instance: Instance, element_id: str, data: dict[str, bool],
              restore: bool) -> Instance:
    if restore:
        instance = runtime.load(runtime.dump(instance), now=NOW)
    task = next(t for t in instance.ready_tasks() if t.element_id == element_id)
    instance.complete(task.id, data)
    return runtime.load(runtime.dump(instance), now=NOW) if restore else instance


@pytest.mark.parametrize("restore", [False, True], ids=["straight", "save_restore"])
def test_an_incomplete_dossier_escalates_to_the_province_and_the_commune_stage_still_ends(
        runtime: ProcessRuntime, restore: bool) -> None:
    instance = runtime.start({}, now=NOW)
    assert [(t.element_id, t.lane) for t in instance.ready_tasks()] == [("check", "commune_officer")]
    instance = _complete(runtime, instance, "check", {"complete": False}, restore)
    assert [(t.element_id, t.lane) for t in instance.ready_tasks()] == [("province_attention", "province_office")]
    assert "raise_incomplete" in instance.completed_elements()
    instance = _complete(runtime, instance, "province_attention", {"complete": True}, restore)
    assert instance.is_completed


@pytest.mark.parametrize("restore", [False, True], ids=["straight", "save_restore"])
def test_a_complete_dossier_raises_no_escalation(runtime: ProcessRuntime, restore: bool) -> None:
    instance = runtime.start({}, now=NOW)
    instance = _complete(runtime, instance, "check", {"complete": True}, restore)
    assert instance.is_completed
    assert "province_attention" not in instance.completed_elements()
