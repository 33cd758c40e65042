"""What a simulation reports: the path taken, the open steps at the end, the outcome and every failure.

Read from the throw-away database after each action: task rows (unit, role, who could take it, who
did, deadline rule, due date), fired timers and the engine's completed elements. Nothing random is
reported (no task or timer ids), so one scenario on one version always gives the same report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, undefer

from ...domain.clock import VN_TZ
from ...domain.scenario_expect import Mismatch
from ...persistence.deadline_models import TimerRow
from ...persistence.models import Dossier, RoleAssignment, TaskRow, User
from ..context import ServiceContext
from ..definitions.deploy import runtime_for


@dataclass
class PathEntry:
    kind: str  # "task" or "timer"
    element_id: str
    name: str
    opened_at: str | None
    step: str  # the action that opened it: "filing", "step 3 (office_check)"
    role: str | None = None
    unit: str | None = None
    candidates: list[str] = field(default_factory=list)
    holder: str | None = None  # who completed it, or holds it now
    deadline_rule: str | None = None
    due_at: str | None = None
    status: str = "open"  # open / completed / cancelled (task); pending / fired / cancelled (timer)
    closed_at: str | None = None
    closed_by_step: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class SimulationReport:
    scenario: str
    process: dict[str, Any]  # key, version, name, source ("deployed" or "uploaded"), files
    path: list[PathEntry] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)  # every completed element, in order (for the diagram)
    failures: list[Mismatch] = field(default_factory=list)
    stopped: dict[str, Any] | None = None  # the step that could not be done, and why
    dossier: dict[str, Any] = field(default_factory=dict)
    steps_run: int = 0
    steps_total: int = 0

    @property
    def passed(self) -> bool:
        return not self.failures and self.stopped is None

    @property
    def open_tasks(self) -> list[PathEntry]:
        return [p for p in self.path if p.kind == "task" and p.status == "open"]

    def as_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "passed": self.passed, "process": self.process,
                "steps_run": self.steps_run, "steps_total": self.steps_total, "dossier": self.dossier,
                "path": [p.as_dict() for p in self.path], "open": [p.as_dict() for p in self.open_tasks],
                "visited": self.visited, "failures": [f.as_dict() for f in self.failures],
                "stopped": self.stopped}


class PathRecorder:
    """Follows one dossier of the world: what each action opened, closed and fired."""

    def __init__(self, ctx: ServiceContext, dossier_id: int) -> None:
        self.ctx, self.dossier_id = ctx, dossier_id
        self.entries: dict[str, PathEntry] = {}  # by task or timer id, in the order first seen

    def collect(self, step: str) -> None:
        with self.ctx.uow() as uow:
            session = uow.session
            tasks = list(session.scalars(select(TaskRow).where(TaskRow.dossier_id == self.dossier_id)
                                         .order_by(TaskRow.created_at, TaskRow.element_id, TaskRow.candidate)))
            timers = list(session.scalars(select(TimerRow).where(TimerRow.dossier_id == self.dossier_id)
                                          .order_by(TimerRow.due_at, TimerRow.element_id)))
            for row in tasks:
                self._task(session, row, step)
            for timer in timers:
                self._timer(timer, step)

    def _task(self, session: Session, row: TaskRow, step: str) -> None:
        entry = self.entries.get(row.id)
        if entry is None:
            entry = self.entries[row.id] = PathEntry(
                "task", row.element_id, row.name, _iso(row.created_at), step, row.role, row.unit_code,
                candidates_of(session, row), deadline_rule=row.deadline_rule)
        entry.due_at = _iso(row.due_at)
        entry.holder = row.completed_by or row.claimed_by
        if entry.status == "open" and row.status != "open":
            entry.status, entry.closed_at, entry.closed_by_step = row.status, _iso(row.completed_at), step

    def _timer(self, timer: TimerRow, step: str) -> None:
        entry = self.entries.get(timer.id)
        if entry is None:
            entry = self.entries[timer.id] = PathEntry("timer", timer.element_id, timer.element_id, None, step,
                                                       due_at=_iso(timer.due_at), status=timer.status)
        if entry.status == "pending" and timer.status != "pending":
            entry.status, entry.closed_at, entry.closed_by_step = timer.status, _iso(timer.fired_at), step

    def path(self) -> list[PathEntry]:
        return list(self.entries.values())

    def visited(self) -> list[str]:
        with self.ctx.uow() as uow:
            dossier = uow.session.scalars(select(Dossier).options(undefer(Dossier.state))
                                          .where(Dossier.id == self.dossier_id)).one()
            runtime = runtime_for(self.ctx, dossier.definition)
            return runtime.load(dossier.state, now=self.ctx.clock.now()).completed_in_order()


def candidates_of(session: Session, row: TaskRow) -> list[str]:
    """Who may take the task: its one candidate, or every holder of its role at its unit."""
    if row.candidate:
        return [row.candidate]
    return list(session.scalars(select(User.username).join(RoleAssignment).where(
        RoleAssignment.role == row.role, RoleAssignment.unit_code == row.unit_code).order_by(User.username)))


def dossier_view(session: Session, dossier: Dossier) -> dict[str, Any]:
    data = dossier.data or {}
    return {"registration_number": dossier.registration_number, "regulation": dossier.regulation,
            "status": dossier.status, "score": dossier.score, "stars": dossier.stars,
            "recognised_by": data.get("recognised_by"), "certificate": dossier.certificate,
            "filed_at": _iso(dossier.filed_at), "completed_at": _iso(dossier.completed_at), "data": data}


def _iso(value: datetime | None) -> str | None:
    return value.astimezone(VN_TZ).isoformat() if value else None
