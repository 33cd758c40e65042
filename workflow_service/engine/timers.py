"""BPMN timers on the service clock instead of the wall clock.

SpiffWorkflow's timer event definitions call `datetime.now()` and read naive dates in the host's
zone. After parsing, every timer definition of a spec is swapped for a subclass that reads "now"
from `engine_clock(now)` (a context variable, so threads stepping different dossiers never share
it) and reads naive dates as Asia/Ho_Chi_Minh. `pending_timers` then tells the service when each
waiting timer is due, so a scheduler can step the instance at that instant.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.bpmn.specs.event_definitions.multiple import MultipleEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    CycleTimerEventDefinition,
    DurationTimerEventDefinition,
    TimeDateEventDefinition,
    TimerEventDefinition,
)
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.task import Task as SpiffTask

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_TIMER_IDS = uuid.UUID("6c1f4b52-1d0e-4a51-9a43-0c0f1e7d3a11")
_NOW: ContextVar[datetime | None] = ContextVar("ocopflow_engine_now", default=None)


class EngineClockMissing(RuntimeError):
    """A timer was evaluated outside `engine_clock`: the caller forgot to pass the service's now."""


@dataclass(frozen=True)
class PendingTimer:
    id: str  # stable for one waiting task and one due instant (a cycle's next tick gets a new id)
    element_id: str
    due_at: datetime


@contextmanager
def engine_clock(now: datetime | None) -> Iterator[None]:
    token = _NOW.set(now)
    try:
        yield
    finally:
        _NOW.reset(token)


def _now() -> datetime:
    now = _NOW.get()
    if now is None:
        raise EngineClockMissing("a timer event needs the service clock; step the instance with now=…")
    return now.astimezone(UTC)


def _instant(text: str) -> datetime:
    """ISO date/time or ISO week date; naive values are Vietnam local time, not the host's zone."""
    if "W" in text.upper() and not text.upper().startswith("P"):
        week: datetime = TimerEventDefinition.parse_iso_week(text)
        return week.astimezone(UTC)
    value = datetime.fromisoformat(text)
    return (value if value.tzinfo else value.replace(tzinfo=LOCAL_TZ)).astimezone(UTC)


def _duration(text: str, start: datetime) -> timedelta:
    parsed = TimerEventDefinition.parse_iso_duration(text)
    delta: timedelta = TimerEventDefinition.get_timedelta_from_start(parsed, start)
    return delta


class ClockedTimeDate(TimeDateEventDefinition):  # type: ignore[misc]
    def has_fired(self, my_task: SpiffTask) -> bool:
        value = my_task._get_internal_data("event_value")
        if value is None:
            value = str(my_task.workflow.script_engine.evaluate(my_task, self.expression))
            _instant(value)  # a bad date fails here, when the timer is armed, not later
            my_task._set_internal_data(event_value=value)
        if _instant(value) <= _now():
            my_task._set_internal_data(event_fired=True)
        return bool(my_task._get_internal_data("event_fired", False))


class ClockedDuration(DurationTimerEventDefinition):  # type: ignore[misc]
    def has_fired(self, my_task: SpiffTask) -> bool:
        value = my_task._get_internal_data("event_value")
        if value is None:
            expression = str(my_task.workflow.script_engine.evaluate(my_task, self.expression))
            now = _now()
            value = (now + _duration(expression, now)).isoformat()
            my_task._set_internal_data(event_value=value)
        if _instant(value) <= _now():
            my_task._set_internal_data(event_fired=True)
        return bool(my_task._get_internal_data("event_fired", False))


class ClockedCycle(CycleTimerEventDefinition):  # type: ignore[misc]
    def cycle_complete(self, my_task: SpiffTask) -> bool:
        value = my_task._get_internal_data("event_value")
        if value is None:
            expression = str(my_task.workflow.script_engine.evaluate(my_task, self.expression))
            cycles, start, duration = _parse_cycle(expression)
            value = {"cycles": cycles, "next": start.isoformat(), "duration": duration.total_seconds()}
        ready = False
        if value["cycles"] != 0:
            next_event = datetime.fromisoformat(value["next"])
            if next_event <= _now():
                value["next"] = (next_event + timedelta(seconds=value["duration"])).isoformat()
                value["cycles"] -= 1
                ready = True
        else:
            my_task.internal_data.pop("event_value", None)
            my_task.internal_data["event_fired"] = True
        my_task._set_internal_data(event_value=value)
        return ready


def _parse_cycle(expression: str) -> tuple[int, datetime, timedelta]:
    """R[n]/start/duration, R[n]/duration/end or R[n]/duration (first tick one duration from now)."""
    parts = expression.upper().replace("--", "/").strip("R").split("/")
    cycles = int(parts[0]) if parts[0] else -1
    if len(parts) == 2:
        now = _now()
        duration = _duration(parts[1], now)
        return cycles, now + duration, duration
    if len(parts) != 3:
        raise ValueError(f"invalid timer cycle {expression!r}")
    if parts[1].startswith("P"):
        end = _instant(parts[2])
        duration = TimerEventDefinition.get_timedelta_from_end(
            TimerEventDefinition.parse_iso_duration(parts[1]), end)
        return cycles, end - duration, duration
    start = _instant(parts[1])
    return cycles, start, _duration(parts[2], start)


_CLOCKED: dict[type[Any], type[TimerEventDefinition]] = {
    TimeDateEventDefinition: ClockedTimeDate,
    DurationTimerEventDefinition: ClockedDuration,
    CycleTimerEventDefinition: ClockedCycle,
}


def _clocked(definition: Any) -> Any:
    if isinstance(definition, MultipleEventDefinition):
        definition.event_definitions = [_clocked(d) for d in definition.event_definitions]
        return definition
    clocked = _CLOCKED.get(type(definition))
    if clocked is None:
        return definition
    return clocked(definition.name, definition.expression, description=definition.description)


def has_timers(*specs: BpmnProcessSpec) -> bool:
    """Whether any task of the specs catches a timer (a version without one never waits on a timer)."""
    return any(_timer_definitions(getattr(task_spec, "event_definition", None))
               for spec in specs for task_spec in spec.task_specs.values())


def use_service_clock(*specs: BpmnProcessSpec) -> None:
    """Swap the timer definitions of parsed specs (in place) for ones that read the service clock."""
    for spec in specs:
        for task_spec in spec.task_specs.values():
            if hasattr(task_spec, "event_definition"):
                task_spec.event_definition = _clocked(task_spec.event_definition)


def pending_timers(waiting: Iterable[SpiffTask]) -> list[PendingTimer]:
    """Every timer the instance waits on (of its WAITING tasks), with the instant it becomes due."""
    timers = []
    for task in waiting:
        spec = task.task_spec
        if not isinstance(spec, CatchingEvent):
            continue
        for definition in _timer_definitions(spec.event_definition):
            due = _due(definition, task)
            if due is not None:
                key = f"{task.id}:{spec.bpmn_id}:{due.isoformat()}"
                timers.append(PendingTimer(str(uuid.uuid5(_TIMER_IDS, key)), spec.bpmn_id or spec.name, due))
    return timers


def _timer_definitions(definition: Any) -> list[TimerEventDefinition]:
    if isinstance(definition, MultipleEventDefinition):
        return [d for d in definition.event_definitions if isinstance(d, TimerEventDefinition)]
    return [definition] if isinstance(definition, TimerEventDefinition) else []


def _due(definition: TimerEventDefinition, task: SpiffTask) -> datetime | None:
    value = task._get_internal_data("event_value")
    if value is None or task._get_internal_data("event_fired", False):
        return None
    if isinstance(definition, CycleTimerEventDefinition):
        return datetime.fromisoformat(value["next"]).astimezone(UTC) if value.get("cycles") != 0 else None
    return _instant(str(value))
