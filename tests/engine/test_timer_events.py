"""BPMN timer events on the service clock: boundary (interrupting or not), intermediate, start cycle.

Each scenario runs straight through and through save/restore after every step; the wall clock is
never read (the fixture dates lie in the future of the clock the tests pass in).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import FIXTURES
from tests.timer_helpers import TIMER_BPMN
from workflow_service.domain.roles import ALL_ROLES
from workflow_service.engine.bundle import parse_bundle
from workflow_service.engine.runtime import EngineStepFailed, Instance, ProcessRuntime

VN = ZoneInfo("Asia/Ho_Chi_Minh")
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=VN)


def _runtime(name: str) -> ProcessRuntime:
    return ProcessRuntime(parse_bundle({name: (TIMER_BPMN / name).read_bytes()}, FIXTURES / "bpmn",
                                       set(ALL_ROLES)))


class Driver:
    def __init__(self, name: str, restore: bool):
        self.runtime = _runtime(name)
        self.restore = restore
        self.instance = self.runtime.start({}, now=T0)

    def at(self, now: datetime) -> Instance:
        if self.restore:
            self.instance = self.runtime.load(self.runtime.dump(self.instance), now=now)
        self.instance.advance(now)
        return self.instance

    def complete(self, element_id: str, now: datetime) -> None:
        self.at(now)
        task = next(t for t in self.instance.ready_tasks() if t.element_id == element_id)
        self.instance.complete(task.id, {"complete": True})

    def ready(self) -> list[str]:
        return sorted(t.element_id for t in self.instance.ready_tasks())

    def due(self) -> dict[str, datetime]:
        return {t.element_id: t.due_at for t in self.instance.pending_timers()}


@pytest.fixture(params=["straight", "save_restore"])
def restore(request: pytest.FixtureRequest) -> bool:
    return bool(request.param == "save_restore")


def test_boundary_timers_are_due_from_the_service_clock_and_fire_only_once_it_passes_them(restore: bool) -> None:
    run = Driver("timer_review.bpmn", restore)
    assert run.due() == {"reminder": T0 + timedelta(days=1), "check_timeout": T0 + timedelta(days=2)}
    run.at(T0 + timedelta(days=1) - timedelta(seconds=1))
    assert run.ready() == ["check"]
    run.at(T0 + timedelta(days=1))  # non-interrupting: the check stays, a reminder task is added
    assert run.ready() == ["acknowledge_reminder", "check"]
    assert run.due() == {"check_timeout": T0 + timedelta(days=2)}
    run.at(T0 + timedelta(days=2, minutes=1))  # interrupting: the check is withdrawn
    assert run.ready() == ["acknowledge_reminder", "late_check"]
    assert run.due() == {}


def test_completing_the_task_disarms_its_boundary_timers_and_arms_the_intermediate_ones(restore: bool) -> None:
    run = Driver("timer_review.bpmn", restore)
    done_at = T0 + timedelta(hours=3)
    run.complete("check", done_at)
    assert run.due() == {"cooling_off": done_at + timedelta(hours=1)}
    run.at(T0 + timedelta(days=5))  # the boundary timers' instants pass: nothing happens
    assert run.ready() == [] and "late_check" not in run.ready()
    # The date is written without a zone in the model: it is Vietnam time, not the host's zone.
    assert run.due() == {"publish_on": datetime(2026, 12, 1, 1, 0, tzinfo=UTC)}
    run.at(datetime(2026, 12, 1, 7, 59, tzinfo=VN))
    assert not run.instance.is_completed
    run.at(datetime(2026, 12, 1, 8, 0, tzinfo=VN))
    assert run.instance.is_completed


def test_a_timer_start_cycle_starts_one_branch_per_tick_and_stops_after_its_repetitions(restore: bool) -> None:
    run = Driver("timer_cycle.bpmn", restore)
    first = datetime(2026, 12, 1, 8, 0, tzinfo=VN)
    assert run.due() == {"every_month": first}
    run.at(first)
    assert run.ready() == ["write_report"]
    assert run.due() == {"every_month": datetime(2027, 1, 1, 8, 0, tzinfo=VN)}
    # A long outage: each step catches up one missed tick, so the sweep fires them in turn.
    run.at(datetime(2027, 3, 15, tzinfo=VN))
    run.at(datetime(2027, 3, 15, tzinfo=VN))
    assert run.ready() == ["write_report"] * 3
    assert run.due() == {}


def test_stepping_a_process_with_timers_without_the_service_clock_is_refused() -> None:
    runtime = _runtime("timer_review.bpmn")
    with pytest.raises(EngineStepFailed, match="service clock"):
        runtime.start({})
