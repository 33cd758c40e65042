"""A dossier's data is the freshest task's data; on a tie of state-change times the library's tree order
decides, as it did when the tasks were read through SpiffWorkflow's iterator (what a dossier showed
before must not change with the faster walk)."""

from __future__ import annotations

from datetime import timedelta

from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import MultiInstanceTask
from SpiffWorkflow.util.task import TaskState

from tests.engine.test_timer_events import T0, Driver
from workflow_service.engine.runtime import Instance

STATES = TaskState.READY | TaskState.WAITING | TaskState.COMPLETED


def _in_tree_order(instance: Instance) -> dict[str, object]:
    tasks = [t for t in instance.workflow.get_tasks(state=STATES) if not isinstance(t.task_spec, MultiInstanceTask)]
    latest = max(tasks, key=lambda t: t.last_state_change)  # the first of the newest, in tree order
    return dict(latest.data)


def test_the_data_is_the_freshest_tasks_at_every_step() -> None:
    run = Driver("timer_review.bpmn", restore=True)

    def data() -> dict[str, object]:
        assert run.instance.data == _in_tree_order(run.instance)
        return run.instance.data

    seen = [data()]
    run.at(T0 + timedelta(days=1))
    seen.append(data())
    reminder = next(t for t in run.instance.ready_tasks() if t.element_id == "acknowledge_reminder")
    run.instance.complete(reminder.id, {"acknowledged": "yes"})
    seen.append(data())
    run.complete("check", T0 + timedelta(days=1, hours=1))
    seen.append(data())
    assert seen[-1]["complete"] is True and "complete" not in seen[0]


def test_a_tie_goes_to_the_first_task_in_tree_order() -> None:
    run = Driver("timer_review.bpmn", restore=False)
    run.at(T0 + timedelta(days=1))  # the check and the reminder task are both ready
    tasks = [t for t in run.instance.workflow.get_tasks(state=STATES)
             if not isinstance(t.task_spec, MultiInstanceTask)]
    first, *others = [t for t in tasks if t.state == TaskState.READY]
    assert others
    newest = max(t.last_state_change for t in tasks) + 1
    for n, task in enumerate([first, *others]):
        task.data = {"which": n}
        task.last_state_change = newest  # every ready task changed state at the same instant
    workflow = run.instance.workflow
    workflow.tasks = dict(reversed(workflow.tasks.items()))  # the map's order says nothing of the tree's
    assert run.instance.data == {"which": 0} == _in_tree_order(run.instance)
    first.last_state_change = newest - 1
    assert run.instance.data == {"which": 1} == _in_tree_order(run.instance)
