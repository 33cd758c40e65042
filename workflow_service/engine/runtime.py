"""Run process instances of one deployed version and (de)serialize their state.

The stored state never repeats the process definition: a version's spec is parsed once and
bound to that version's serializer, so the per-dossier JSON holds tasks and data only.
"""

from __future__ import annotations

import base64
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn.serializer.config import DEFAULT_CONFIG
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, WorkflowConverter
from SpiffWorkflow.bpmn.serializer.workflow import VERSION, BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask, MultiInstanceTask
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.task import Task as SpiffTask
from SpiffWorkflow.util.task import TaskState

from .bundle import ParsedBundle
from .sandbox import ScriptLimits
from .scripting import RestrictedScriptEngine
from .timers import PendingTimer, engine_clock, has_timers, pending_timers, use_service_clock

SERIALIZER_VERSION = VERSION
COMPRESSED = "z:"  # a stored state starting so is zlib-compressed JSON in base64 (JSON starts with "{")


class TaskNotReady(Exception):
    """The task does not exist, is not a ready user task, or was already completed."""


class EngineStepFailed(Exception):
    """A script, condition or decision failed while the engine advanced the instance."""

    def __init__(self, message: str, element_id: str | None):
        self.element_id = element_id
        super().__init__(message)


@dataclass(frozen=True)
class ReadyTask:
    id: str
    element_id: str
    name: str
    lane: str | None
    form_file: str
    properties: dict[str, str]
    instance_input: Any  # the multi-instance item this task is for (e.g. a council member)


def _converter_for(bundle: ParsedBundle) -> type[BpmnWorkflowConverter]:
    class VersionBoundConverter(BpmnWorkflowConverter):  # type: ignore[misc]
        def to_dict(self, workflow: BpmnWorkflow) -> dict[str, Any]:
            dct: dict[str, Any] = WorkflowConverter.to_dict(self, workflow)
            dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
            dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
            return dct

        def from_dict(self, dct: dict[str, Any]) -> BpmnWorkflow:
            dct["spec"] = None
            workflow = BpmnWorkflow(bundle.spec, bundle.subprocess_specs, deserializing=True)
            workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
            workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
            self.set_default_attributes(workflow, dct)
            self.subprocesses_from_dict(dct["subprocesses"], workflow)
            workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
            return workflow

    return VersionBoundConverter


def _link_loop_children(*specs: BpmnProcessSpec) -> None:
    """Close multi-instance and loop steps in any process, not only the one that created their children.

    SpiffWorkflow links a loop step to its children's completion (merge_child) only when it creates
    a child; an instance loaded in another process (another gunicorn worker, or after a restart)
    would complete every child and never close the step. Linked once here, when the runtime is built.
    """
    for spec in specs:
        for loop in spec.task_specs.values():
            child = spec.task_specs.get(getattr(loop, "task_spec", None) or "") if isinstance(loop, LoopTask) else None
            merge = getattr(loop, "merge_child", None)
            if child is not None and merge is not None and not child.completed_event.is_connected(merge):
                child.completed_event.connect(merge)


class ProcessRuntime:
    """Everything needed to run instances of one deployed version; build once, reuse."""

    def __init__(self, bundle: ParsedBundle, limits: ScriptLimits | None = None):
        self.bundle = bundle
        use_service_clock(bundle.spec, *bundle.subprocess_specs.values())
        self.has_timers = has_timers(bundle.spec, *bundle.subprocess_specs.values())
        _link_loop_children(bundle.spec, *bundle.subprocess_specs.values())
        config = {**DEFAULT_CONFIG, **SPIFF_CONFIG, BpmnWorkflow: _converter_for(bundle)}
        self._serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(config))
        self._script_engine = RestrictedScriptEngine(limits)

    def start(self, data: dict[str, Any], now: datetime | None = None) -> Instance:
        workflow = BpmnWorkflow(self.bundle.spec, self.bundle.subprocess_specs,
                                script_engine=self._script_engine)
        workflow.get_tasks(state=TaskState.READY)[0].data.update(data)
        instance = Instance(self, workflow, now)
        instance.advance()
        return instance

    def load(self, state: str, now: datetime | None = None) -> Instance:
        """`now` is the service clock's instant: timers that are due by then fire on the next step."""
        if state.startswith(COMPRESSED):
            state = zlib.decompress(base64.b64decode(state[len(COMPRESSED):])).decode("utf-8")
        workflow = self._serializer.deserialize_json(state)
        workflow.script_engine = self._script_engine
        return Instance(self, workflow, now)

    def dump(self, instance: Instance) -> str:
        """The state as JSON; a completed instance's compressed (only read again to show its diagram)."""
        state = str(self._serializer.serialize_json(instance.workflow))
        if instance.is_completed:
            return COMPRESSED + base64.b64encode(zlib.compress(state.encode("utf-8"), 6)).decode("ascii")
        return state

    @property
    def serializer_registry(self) -> Any:
        """The converters of this version's specs (SpiffWorkflow's diff compares specs through them)."""
        return self._serializer.registry


_DATA_STATES = TaskState.READY | TaskState.WAITING | TaskState.COMPLETED


class Instance:
    def __init__(self, runtime: ProcessRuntime, workflow: BpmnWorkflow, now: datetime | None = None):
        self.runtime = runtime
        self.workflow = workflow
        self.now = now

    def advance(self, now: datetime | None = None) -> None:
        """Fire the timers due by `now` (default: the instant given at load) and run engine tasks."""
        if now is not None:
            self.now = now
        try:
            with engine_clock(self.now):
                self.workflow.refresh_timers()
                self.workflow.do_engine_steps()
        except SpiffWorkflowException as err:
            raise EngineStepFailed(_describe(err), _element_of(err)) from err
        except Exception as err:  # the library lets plain errors from data handling escape
            raise EngineStepFailed(f"{type(err).__name__}: {err}", None) from err

    def _all_tasks(self) -> Iterator[SpiffTask]:
        """Every task of the instance and its subprocesses, in no particular order: a plain walk of the
        task maps, several times cheaper than the library's tree iterator (used where order is not read)."""
        yield from self.workflow.tasks.values()
        for subprocess in self.workflow.subprocesses.values():
            yield from subprocess.tasks.values()

    def ready_tasks(self) -> list[ReadyTask]:
        ready = []
        for task in self._all_tasks():
            if task.state != TaskState.READY or not task.task_spec.manual:
                continue
            element_id = task.task_spec.bpmn_id
            definition = self.runtime.bundle.user_tasks.get(element_id)
            if definition is None:
                continue
            ready.append(ReadyTask(
                id=str(task.id), element_id=element_id, name=definition.name, lane=definition.lane,
                form_file=definition.form_file, properties=dict(definition.properties),
                instance_input=_instance_input(task)))
        return ready

    def task_data(self, task_id: str) -> dict[str, Any]:
        return dict(self._ready_user_task(task_id).data)

    def complete(self, task_id: str, data: dict[str, Any]) -> None:
        task = self._ready_user_task(task_id)
        task.data.update(data)
        try:
            with engine_clock(self.now):
                task.run()
        except SpiffWorkflowException as err:
            raise EngineStepFailed(_describe(err), _element_of(err)) from err
        except Exception as err:
            raise EngineStepFailed(f"{type(err).__name__}: {err}", task.task_spec.bpmn_id) from err
        self.advance()

    def _ready_user_task(self, task_id: str) -> SpiffTask:
        try:
            task = self.workflow.get_task_from_id(UUID(task_id))
        except (ValueError, KeyError, TypeError) as err:
            raise TaskNotReady(f"no task {task_id} in this instance") from err
        if task is None or task.state != TaskState.READY or not task.task_spec.manual:
            raise TaskNotReady(f"task {task_id} is not a ready user task")
        return task

    def pending_timers(self) -> list[PendingTimer]:
        return pending_timers(t for t in self._all_tasks() if t.state == TaskState.WAITING)

    @property
    def is_completed(self) -> bool:
        return bool(self.workflow.is_completed())

    @property
    def data(self) -> dict[str, Any]:
        """The dossier's current data: the workflow result, or the freshest task's data."""
        if self.is_completed:
            return dict(self.workflow.data)
        tasks = [t for t in self._all_tasks() if t.state & _DATA_STATES and not isinstance(t.task_spec, MultiInstanceTask)]
        if not tasks:
            return {}
        newest = max(t.last_state_change for t in tasks)
        latest = [t for t in tasks if t.last_state_change == newest]
        if len(latest) > 1:  # a tie: the first in the library's tree order wins, as with max() over get_tasks
            tied = {t.id for t in latest}
            latest = [next(t for t in self.workflow.get_tasks(state=_DATA_STATES) if t.id in tied)]
        return dict(latest[0].data)

    def completed_elements(self) -> list[str]:
        return sorted({t.task_spec.bpmn_id for t in self.workflow.get_tasks(state=TaskState.COMPLETED)
                       if t.task_spec.bpmn_id})

    def completed_in_order(self) -> list[str]:
        """The completed elements (tasks, events, gateways) in the order they first completed."""
        done = sorted(self.workflow.get_tasks(state=TaskState.COMPLETED), key=lambda t: t.last_state_change)
        return list(dict.fromkeys(t.task_spec.bpmn_id for t in done if t.task_spec.bpmn_id))


def _instance_input(task: SpiffTask) -> Any:
    parent = task.parent
    if parent is not None and isinstance(parent.task_spec, MultiInstanceTask):
        item = parent.task_spec.input_item
        if item is not None:
            return task.data.get(item.bpmn_id)
    return None


def _describe(err: SpiffWorkflowException) -> str:
    notes = getattr(err, "notes", []) or []
    return " ".join([str(err.args[0] if err.args else err), *notes]).strip()


def _element_of(err: SpiffWorkflowException) -> str | None:
    task = getattr(err, "task", None)
    spec = getattr(task, "task_spec", None)
    return getattr(spec, "bpmn_id", None)

