"""The parts of a simulation scenario, as domain/scenario.py reads them from the designer's YAML."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .scenario_expect import Expectation

# What a filing starts: an evaluation dossier (the first three, by the regulation registry or the
# process named), a process acting on a certificate (`certificate:` names it; a re-evaluation may name
# one), or a step of the annual cycle (an idea; a business plan for the selected idea named by `idea:`).
EVALUATION_KINDS = ("first_time", "upgrade", "re_evaluation")
CERTIFICATE_KINDS = ("inspection", "revocation")
CYCLE_KINDS = ("idea", "business_plan")
KINDS = EVALUATION_KINDS + CERTIFICATE_KINDS + CYCLE_KINDS


@dataclass(frozen=True)
class ProcessRef:
    key: str
    version: int | None  # None: the latest deployed version (or the uploaded bundle)


@dataclass(frozen=True)
class Filing:
    on: date
    by: str  # a user name or role@unit
    commune: str
    kind: str
    data: dict[str, Any]
    filed_on: date | None = None  # a paper dossier the commune received earlier
    expect: Expectation = field(default_factory=dict)
    certificate: str | None = None  # the certificate an inspection, revocation or re-evaluation acts on
    idea: str | None = None  # a business plan's idea: its registration number (001/YT-…)


@dataclass(frozen=True)
class Step:
    number: int  # 1-based, as reports name it
    on: date
    task: str | None  # element id; None: only move the clock (timers due by then fire)
    by: str | None  # a user name or role@unit
    data: dict[str, Any] | list[dict[str, Any]] | None  # a list: one per open task of the element
    expect: Expectation = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"step {self.number} ({self.task or 'wait'})"


@dataclass(frozen=True)
class Given:
    """A run played before the scenario's filing, on the latest deployed version of its process (or the
    one simulated), to make what the filing acts on: the certificate a chain issues, the idea selected.
    Its steps are done, not checked: a step that cannot be done stops the simulation."""

    number: int  # 1-based: given[1]
    process: ProcessRef
    filing: Filing
    steps: tuple[Step, ...]

    @property
    def label(self) -> str:
        return f"given[{self.number}]"


@dataclass(frozen=True)
class Scenario:
    name: str
    process: ProcessRef
    filing: Filing
    steps: tuple[Step, ...]
    outcome: Expectation
    users: dict[str, tuple[str, ...]] = field(default_factory=dict)
    units: tuple[dict[str, str], ...] = ()
    plans: tuple[dict[str, Any], ...] = ()  # yearly plans (the plans/ file format) for plan: deadlines
    description: str = ""
    given: tuple[Given, ...] = ()

    @property
    def starts_on(self) -> date:
        """The world's first day: that of the first given run, else the filing's."""
        return self.given[0].filing.on if self.given else self.filing.on

    @property
    def supporting_keys(self) -> list[str]:
        """Processes the given runs need besides the one simulated, in first-use order."""
        keys = [g.process.key for g in self.given if g.process.key != self.process.key]
        return list(dict.fromkeys(keys))
