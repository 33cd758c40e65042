"""Play a scenario in its world through the real services: file, then for each step move the clock to
its day, fire the timers due by then, find the task in the acting user's inbox, claim and complete it;
after each action compare what the scenario expects with what the world shows.

A step that cannot be done (nobody holds the role, the task is not in the user's inbox, the form
refuses the data, the process fails) stops the run: it is reported with the service's own reason.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ...domain.access import Actor
from ...domain.clock import VN_TZ
from ...domain.errors import DomainError
from ...domain.messages import MESSAGES
from ...domain.scenario import Given, Scenario, Step
from ...domain.scenario_expect import Expectation, Mismatch, compare
from ...persistence.models import Dossier, Incident, RoleAssignment, TaskRow, User
from ..accounts.users import load_actor
from ..tasks.actions import TaskFilter, claim_task, complete_task, list_tasks
from ..timers.firing import fire_due_timers
from .report import PathRecorder, SimulationReport, candidates_of, dossier_view
from .starts import start_filing
from .world import World

SCHEDULER = "simulation-scheduler"


class StepStopped(Exception):
    """A step the scenario asks for cannot be done: a message code of domain/messages.py and its parameters."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(MESSAGES[code].format(**params))
        self.code, self.params = code, params
        self.errors: dict[str, list[str]] = {}


def play(world: World, scenario: Scenario, report: SimulationReport) -> None:
    report.steps_total = len(scenario.steps)
    for given in scenario.given:
        report.stopped = _play_given(world, given)
        if report.stopped is not None:
            return
    filing = scenario.filing
    if scenario.given:  # the given runs ended earlier: the filing happens on its own day
        world.move_to(filing.on)
        fire_due_timers(world.ctx, SCHEDULER)
    try:
        actor = _acting_user(world, filing.by)
        dossier = start_filing(world.ctx, actor, filing, scenario.process.key)
    except (DomainError, StepStopped) as err:
        report.stopped = _stopped("filing", f"file as {filing.by}", err)
        return
    recorder = PathRecorder(world.ctx, dossier.id)
    recorder.collect("filing")
    report.failures += _check(world, dossier.id, "filing", filing.expect)
    for step in scenario.steps:
        world.move_to(step.on)
        swept = fire_due_timers(world.ctx, SCHEDULER)
        recorder.collect(step.label)
        if swept.failed:
            report.stopped = {"step": step.label, "action": f"timers due by {step.on.isoformat()}",
                              **_timer_failure(world), "errors": {}}
            break
        if step.task is not None:
            try:
                _act(world, dossier.id, step)
            except (DomainError, StepStopped) as err:
                recorder.collect(step.label)
                report.stopped = _stopped(step.label, f"{step.task} by {step.by}", err)
                break
            recorder.collect(step.label)
        report.steps_run += 1
        report.failures += _check(world, dossier.id, step.label, step.expect, step.task)
    report.path, report.visited = recorder.path(), recorder.visited()
    with world.ctx.uow() as uow:
        row = uow.session.get(Dossier, dossier.id)
        assert row is not None
        report.dossier = dossier_view(uow.session, row)
    if report.stopped is None:
        observed = {**report.dossier["data"], "status": report.dossier["status"]}
        report.failures += compare("outcome", scenario.outcome, observed)


def _play_given(world: World, given: Given) -> dict[str, Any] | None:
    """Run a given run's filing and steps (not checked); what stopped it, if anything."""
    try:
        actor = _acting_user(world, given.filing.by)
        dossier = start_filing(world.ctx, actor, given.filing, given.process.key)
    except (DomainError, StepStopped) as err:
        return _stopped(f"{given.label} filing", f"file as {given.filing.by}", err)
    for step in given.steps:
        world.move_to(step.on)
        if fire_due_timers(world.ctx, SCHEDULER).failed:
            return {"step": f"{given.label} {step.label}", "action": f"timers due by {step.on.isoformat()}",
                    **_timer_failure(world), "errors": {}}
        if step.task is not None:
            try:
                _act(world, dossier.id, step)
            except (DomainError, StepStopped) as err:
                return _stopped(f"{given.label} {step.label}", f"{step.task} by {step.by}", err)
    return None


def _timer_failure(world: World) -> dict[str, Any]:
    """The reason (English), its code and parameters; the engine's error is a parameter, for pages to show
    as technical detail."""
    with world.ctx.uow() as uow:
        incident = uow.session.scalars(select(Incident).where(Incident.action == "timer")
                                       .order_by(Incident.id.desc())).first()
    if incident is None:
        return _coded("simulation.timer_step_failed")
    return _coded("simulation.timer_failed", element=incident.element_id or "", error=incident.error or "")


def _coded(code: str, **params: str) -> dict[str, Any]:
    return {"reason": MESSAGES[code].format(**params), "code": code, "params": params}


def _stopped(where: str, action: str, err: DomainError | StepStopped) -> dict[str, Any]:
    reason = err.detail if isinstance(err, DomainError) else str(err)
    errors = err.errors
    stopped = {"step": where, "action": action, "reason": reason, "errors": errors}
    if err.code:  # pages word a coded error in their language
        stopped |= {"code": err.code, "params": {k: v if isinstance(v, str | int | float | bool) or v is None
                                                 else str(v) for k, v in err.params.items()}}
    return stopped


def _act(world: World, dossier_id: int, step: Step) -> None:
    assert step.task is not None and step.by is not None
    items = step.data if isinstance(step.data, list) else [step.data or {}]
    for data in items:
        actor, task = _inbox_task(world, dossier_id, step.task, step.by)
        if task.claimed_by != actor.username:
            claim_task(world.ctx, actor, task.id)
        complete_task(world.ctx, actor, task.id, data)


def _inbox_task(world: World, dossier_id: int, element_id: str, by: str) -> tuple[Actor, TaskRow]:
    """The first of the acting users (by name) who has the element in their inbox, and that task."""
    for username in _users_for(world, by):
        actor = load_actor(world.ctx, username)
        found = list_tasks(world.ctx, actor, TaskFilter(dossier_id=dossier_id, element_id=element_id))
        if found:
            return actor, found[0]
    with world.ctx.uow() as uow:
        open_rows = list(uow.session.scalars(select(TaskRow).where(
            TaskRow.dossier_id == dossier_id, TaskRow.status == "open").order_by(TaskRow.element_id)))
        offers = [f"{r.element_id} (offered to {r.candidate or f'{r.role}@{r.unit_code}'}"
                  + (f", held by {r.claimed_by})" if r.claimed_by else ")") for r in open_rows]
    if not offers:
        raise StepStopped("simulation.dossier_finished", user=by, element=element_id)
    raise StepStopped("simulation.not_in_inbox", user=by, element=element_id, offers="; ".join(offers))


def _users_for(world: World, by: str) -> list[str]:
    with world.ctx.uow() as uow:
        if "@" not in by:
            if uow.session.scalars(select(User.id).where(User.username == by)).first() is None:
                raise StepStopped("simulation.no_user", user=by)
            return [by]
        role, _, unit = by.partition("@")
        names = list(uow.session.scalars(select(User.username).join(RoleAssignment).where(
            RoleAssignment.role == role, RoleAssignment.unit_code == unit).order_by(User.username)))
    if not names:
        raise StepStopped("simulation.nobody_holds", grant=by)
    return names


def _acting_user(world: World, by: str) -> Actor:
    return load_actor(world.ctx, _users_for(world, by)[0])


def _check(world: World, dossier_id: int, where: str, expect: Expectation,
           element_id: str | None = None) -> list[Mismatch]:
    if not expect:
        return []
    return compare(where, expect, observe(world, dossier_id, expect.get("open")), element_id)


def observe(world: World, dossier_id: int, elements: list[str] | None = None) -> dict[str, Any]:
    """What a step's expectations are compared with; task fields are those of the open tasks of
    `elements` (all open tasks when not given): one value when they agree, else the list of values."""
    with world.ctx.uow() as uow:
        session = uow.session
        dossier = session.get(Dossier, dossier_id)
        assert dossier is not None
        rows = list(session.scalars(select(TaskRow).where(TaskRow.dossier_id == dossier_id, TaskRow.status == "open")
                                    .order_by(TaskRow.element_id, TaskRow.candidate)))
        chosen = [r for r in rows if elements is None or r.element_id in elements]
        candidates = sorted({name for r in chosen for name in candidates_of(session, r)})
        return {
            "open": sorted({r.element_id for r in rows}), "status": dossier.status, "data": dossier.data,
            "role": _one([r.role for r in chosen]), "unit": _one([r.unit_code for r in chosen]),
            "holder": _one([r.claimed_by for r in chosen]), "candidates": candidates,
            "due": _one([r.due_at.astimezone(VN_TZ).date().isoformat() if r.due_at else None
                         for r in chosen]),
            "deadline_rule": _one([r.deadline_rule for r in chosen]),
        }


def _one(values: list[Any]) -> Any:
    distinct = list(dict.fromkeys(values))
    return distinct[0] if len(distinct) == 1 else (distinct or None)
