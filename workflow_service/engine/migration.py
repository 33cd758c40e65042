"""Move a running instance onto another deployed version, through SpiffWorkflow's own migration API.

`diff_workflow` aligns the instance's tasks with the target spec by element id; the plan's mapping
overrides the alignment of the waiting tasks; `migrate_workflow` re-points every aligned task and
resets the waiting ones (their future is predicted again from the target). Completed tasks of
elements the target does not have (the district steps of R2) leave the engine tree: the task tree is
re-linked around them with Task.parent/children, so the completed steps both versions share stay
(the dossier's history of actions is its task rows and audit trail, untouched). The result must load
through the target's serializer before anyone stores it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from SpiffWorkflow.bpmn.specs.control import BoundaryEventSplit
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import CatchingEvent
from SpiffWorkflow.bpmn.specs.mixins.events.start_event import StartEvent
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import MultiInstanceTask
from SpiffWorkflow.bpmn.util.diff import diff_workflow, migrate_workflow
from SpiffWorkflow.specs.base import TaskSpec
from SpiffWorkflow.task import Task as SpiffTask
from SpiffWorkflow.util.task import TaskState

from ..domain.migration_reasons import Reason, reason
from .runtime import Instance, ProcessRuntime

ACTIVE = TaskState.READY | TaskState.WAITING | TaskState.STARTED


class NotMigratable(Exception):
    """This instance cannot follow the plan: `reason` says why (a code, its parameters and the English
    sentence the message holds)."""

    def __init__(self, why: Reason, element_id: str | None = None):
        self.reason, self.element_id = why, element_id
        super().__init__(why.english())


@dataclass(frozen=True)
class WaitingStep:
    element_id: str
    kind: str  # user / multi / event
    done: int = 0  # multi-instance: sheets already completed
    total: int = 0


@dataclass(frozen=True)
class Elements:
    """The element ids of a version: all, those a dossier can wait at, and the user tasks."""

    all: frozenset[str]
    waiting: frozenset[str]
    user_tasks: frozenset[str]


def elements_of(runtime: ProcessRuntime) -> Elements:
    specs = [s for s in runtime.bundle.spec.task_specs.values() if getattr(s, "bpmn_id", None)]
    waiting = {s.bpmn_id for s in specs if s.manual or isinstance(s, MultiInstanceTask)
               or (isinstance(s, CatchingEvent) and not isinstance(s, StartEvent))}
    users = {s.bpmn_id for s in specs if s.bpmn_id in runtime.bundle.user_tasks}
    return Elements(frozenset(s.bpmn_id for s in specs), frozenset(waiting), frozenset(users))


def waiting_steps(instance: Instance) -> list[WaitingStep]:
    """Where the instance waits: one entry per waiting element (a multi-instance step counts once)."""
    steps = []
    for task in _active(instance):
        spec = task.task_spec
        if isinstance(spec, MultiInstanceTask):
            children = _instances(task)
            done = sum(1 for c in children if c.has_state(TaskState.COMPLETED))
            steps.append(WaitingStep(spec.bpmn_id, "multi", done, len(children)))
        else:
            steps.append(WaitingStep(spec.bpmn_id, "user" if spec.manual else "event"))
    return steps


def _active(instance: Instance) -> list[SpiffTask]:
    """Active tasks of the top level, the children of a multi-instance step folded into it."""
    tasks = instance.workflow.get_tasks(state=ACTIVE, skip_subprocesses=True)
    return [t for t in tasks if getattr(t.task_spec, "bpmn_id", None)
            and not isinstance(t.parent.task_spec, MultiInstanceTask)]


def migrate_instance(instance: Instance, target: ProcessRuntime, mapping: Mapping[str, str],
                     transform: Callable[[dict[str, Any]], dict[str, Any]]) -> Instance:
    """The instance moved onto `target` (the source instance is consumed); NotMigratable when it cannot be."""
    workflow = instance.workflow
    if workflow.subprocesses:
        raise NotMigratable(reason("migration.in_subprocess"))
    active = _active(instance)
    if not active:
        raise NotMigratable(reason("migration.not_waiting"))
    spec = target.bundle.spec
    diff, _ = diff_workflow(target.serializer_registry, workflow, spec, target.bundle.subprocess_specs)
    new_data = {}
    for task in active:
        element = task.task_spec.bpmn_id
        _refuse_unsafe(task, element)
        if element not in mapping:
            raise NotMigratable(reason("migration.unmapped", element=element), element)
        new_spec = _target_spec(spec, mapping[element])
        diff.alignment[task] = new_spec
        new_data[task.id] = transform(dict(task.data))
    migrate_workflow(diff, workflow, spec, reset_mask=ACTIVE)
    known = set(spec.task_specs.values())
    for task in active:
        _relink_around_removed(task, known)
        task.data = new_data[task.id]
    _drop_unknown(workflow.task_tree, known)
    workflow.data = transform(dict(workflow.data))
    moved = Instance(target, workflow, instance.now)
    target.load(target.dump(moved))  # the stored form must load under the target version
    moved.advance()  # a multi-instance step creates its tasks again
    return moved


def _refuse_unsafe(task: SpiffTask, element: str) -> None:
    if isinstance(task.parent.task_spec, BoundaryEventSplit):
        raise NotMigratable(reason("migration.boundary_events", element=element), element)
    if isinstance(task.task_spec, MultiInstanceTask):
        children = _instances(task)
        done = [c for c in children if c.has_state(TaskState.COMPLETED)]
        if done:
            raise NotMigratable(reason("migration.half_done", element=element, done=len(done),
                                       total=len(children)), element)


def _instances(task: SpiffTask) -> list[SpiffTask]:
    """The instances of a multi-instance step (its other children are the predicted next steps)."""
    return [c for c in task.children if c.task_spec.name == task.task_spec.task_spec]


def _target_spec(spec: Any, element: str) -> TaskSpec:
    new_spec = spec.task_specs.get(element)
    if new_spec is None:
        raise NotMigratable(reason("migration.no_target_element", element=element), element)
    if not (new_spec.manual or isinstance(new_spec, MultiInstanceTask)):
        raise NotMigratable(reason("migration.not_a_wait_step", element=element), element)
    return new_spec


def _relink_around_removed(task: SpiffTask, known: set[TaskSpec]) -> None:
    """Link `task` and its completed ancestors that the target knows, skipping those it does not."""
    path = [task]
    node = task.parent
    while node is not None:
        path.append(node)
        node = node.parent
    kept = [t for t in path if t.task_spec in known]
    for child, parent in itertools.pairwise(kept):
        if child.parent is not parent:
            old = child.parent
            if old is not None:
                old.children = [c for c in old.children if c.id != child.id]
            child.parent = parent
            parent.children = [*parent.children, child]


def _drop_unknown(root: SpiffTask, known: set[TaskSpec]) -> None:
    """Remove the tasks of elements the target does not have (with their predicted subtrees)."""
    workflow = root.workflow
    reachable = {t.id for t in root}
    for task_id in [i for i in workflow.tasks if i not in reachable]:
        workflow.tasks.pop(task_id)
    for task in list(root):
        if task.id in workflow.tasks and task.task_spec not in known:
            if any(t.has_state(ACTIVE | TaskState.COMPLETED) and t.task_spec in known for t in task if t is not task):
                raise NotMigratable(reason("migration.cannot_remove", element=task.task_spec.name))
            parent = task.parent
            if parent is not None:
                parent.children = [c for c in parent.children if c.id != task.id]
            for gone in list(task):
                workflow.tasks.pop(gone.id, None)
