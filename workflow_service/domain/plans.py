"""Yearly OCOP plans (kế hoạch năm) read from YAML, validated with the line of every problem.

A plan file has `unit`, `year` ("2019" or a span "2023-2025"), `source` (the plan's decision
number) and `steps`; each step has `key`, `title`, an optional `responsible` role and exactly
one of `due` (d/m/yyyy), `window` or `recurrence` (see plan_schedules); an optional `rewards` section
(plan_rewards) sets the amounts paid by star. Scalars are read as
written, never through YAML's type guessing, so "042" or "no" stay text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

import yaml

from .plan_rewards import RewardTable, read_rewards
from .plan_schedules import FixedDate, Recurrence, Schedule, Window, parse_dmy, parse_recurrence, parse_window
from .plan_yaml import NodeReader, PlanError, PlanInvalid, compose, line_of
from .roles import is_known_role

__all__ = ["STEP_KEY", "PlanError", "PlanInvalid", "PlanStep", "YearlyPlan", "parse_plan"]

STEP_KEY = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_YEARS = re.compile(r"^(\d{4})(?:\s*[-–]\s*(\d{4}))?$")
_UNIT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_PLAN_FIELDS = ("unit", "year", "source", "steps", "rewards")
_STEP_FIELDS = ("key", "title", "responsible", "due", "window", "recurrence")
_SCHEDULES: dict[str, Callable[[str], Schedule]] = {
    "due": lambda text: FixedDate(parse_dmy(text)),
    "window": parse_window,
    "recurrence": parse_recurrence,
}


@dataclass(frozen=True)
class PlanStep:
    key: str
    title: str
    schedule: Schedule
    responsible: str | None
    line: int


@dataclass(frozen=True)
class YearlyPlan:
    unit: str
    year: int
    last_year: int
    source: str
    steps: tuple[PlanStep, ...]
    rewards: RewardTable = field(default_factory=RewardTable)

    def step(self, key: str) -> PlanStep:
        for step in self.steps:
            if step.key == key:
                return step
        raise KeyError(f"plan {self.source!r} has no step {key!r}")

    def deadline_for(self, step_key: str, on: date | None = None) -> date:
        """A fixed step's date; a window's last day; a recurring step's next date on/after `on`."""
        schedule = self.step(step_key).schedule
        if isinstance(schedule, FixedDate):
            return schedule.day
        if isinstance(schedule, Window):
            return schedule.end
        if on is None:
            raise ValueError(f"step {step_key!r} recurs; give the day to count from")
        return schedule.next_on_or_after(on)

    def deadline_lookup(self, on: date | None = None) -> Callable[[str], date | None]:
        """`plan_lookup` for deadlines.compute_due: None for a step the plan does not date."""

        def lookup(step_key: str) -> date | None:
            try:
                return self.deadline_for(step_key, on)
            except (KeyError, ValueError):
                return None

        return lookup

    def occurrences(self, step_key: str, year: int | None = None) -> list[date]:
        """Dates of a recurring step in `year` (default: every year the plan covers)."""
        schedule = self.step(step_key).schedule
        years = [year] if year is not None else list(range(self.year, self.last_year + 1))
        if isinstance(schedule, Recurrence):
            return [d for y in years for d in schedule.occurrences(y)]
        raise ValueError(f"step {step_key!r} does not recur")


def parse_plan(text: str) -> YearlyPlan:
    """Parse and validate a plan; raise PlanInvalid listing every problem with its line."""
    reader = _PlanReader()
    plan = reader.plan(compose(text))
    if reader.errors or plan is None:
        raise PlanInvalid(reader.errors or [PlanError(1, "", "the plan is empty")])
    return plan


def _overlap(a: Schedule | None, b: Schedule | None) -> bool:
    return isinstance(a, Window) and isinstance(b, Window) and a.start <= b.end and b.start <= a.end


class _PlanReader(NodeReader):
    def plan(self, root: yaml.Node | None) -> YearlyPlan | None:
        if root is None:
            return None
        top = self.fields(root, "", _PLAN_FIELDS)
        if not isinstance(root, yaml.MappingNode):
            return None
        unit, source = self.text(top, "unit", "", root), self.text(top, "source", "", root)
        years = self.years(top, root)
        if unit is not None and not _UNIT.match(unit):
            self.fail(top["unit"], "unit", f"unit {unit!r} must be a unit code such as '42'")
        steps = list(self.steps(top.get("steps"), root, years))
        rewards = read_rewards(self, top["rewards"]) if "rewards" in top else RewardTable()
        if unit is None or source is None or years is None or self.errors:
            return None
        return YearlyPlan(unit, years[0], years[1], source, tuple(steps), rewards)

    def years(self, top: dict[str, yaml.Node], root: yaml.Node) -> tuple[int, int] | None:
        text = self.text(top, "year", "", root)
        match = _YEARS.match(text) if text is not None else None
        if text is not None and match is None:
            self.fail(top["year"], "year", f"year {text!r} must be like 2019 or 2023-2025")
        if match is None:
            return None
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if not 2000 <= first <= last <= first + 10:
            self.fail(top["year"], "year", f"year {text!r} is not a plan period of at most 10 years")
            return None
        return first, last

    def steps(
        self, node: yaml.Node | None, root: yaml.Node, years: tuple[int, int] | None
    ) -> Iterator[PlanStep]:
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.fail(node or root, "steps", "steps must be a non-empty list")
            return
        first: dict[str, tuple[int, Schedule | None, str]] = {}
        for index, item in enumerate(node.value):
            path = f"steps[{index}]"
            fields = self.fields(item, path, _STEP_FIELDS)
            key, title = self.text(fields, "key", path, item), self.text(fields, "title", path, item)
            responsible = self.text(fields, "responsible", path, item) if "responsible" in fields else None
            if responsible is not None and not is_known_role(responsible):
                self.fail(fields["responsible"], f"{path}.responsible", f"unknown role {responsible!r}")
            schedule = self.schedule(fields, path, item, years)
            window_text = str(fields["window"].value) if "window" in fields else ""
            if key is not None and not STEP_KEY.match(key):
                self.fail(
                    fields["key"],
                    f"{path}.key",
                    f"step key {key!r} must be lower-case letters, digits, '-', '_' or '.'",
                )
            elif key is not None and key in first:
                line, earlier, earlier_text = first[key]
                message = f"duplicate step key {key!r} (first at line {line})"
                if _overlap(earlier, schedule):
                    message = (f"step {key!r} is listed twice with overlapping windows "
                               f"{earlier_text} (line {line}) and {window_text}")
                self.fail(fields["key"], f"{path}.key", message)
            elif key is not None:
                first[key] = (line_of(fields.get("window", fields["key"])), schedule, window_text)
            if key is not None and title is not None and schedule is not None:
                yield PlanStep(key, title, schedule, responsible, line_of(item))

    def schedule(
        self, fields: dict[str, yaml.Node], path: str, item: yaml.Node, years: tuple[int, int] | None
    ) -> Schedule | None:
        given = [name for name in _SCHEDULES if name in fields]
        if len(given) != 1:
            where = max((fields[n] for n in given), key=line_of, default=item)
            self.fail(
                where,
                path,
                f"a step needs exactly one of due, window or recurrence, not {' and '.join(given) or 'none'}",
            )
            return None
        name = given[0]
        text = self.text(fields, name, path, item)
        if text is None:
            return None
        try:
            schedule = _SCHEDULES[name](text)
        except ValueError as exc:
            self.fail(fields[name], f"{path}.{name}", f"{name} {exc}")
            return None
        day = schedule.day if isinstance(schedule, FixedDate) else None
        day = schedule.start if isinstance(schedule, Window) else day
        if years is not None and day is not None and not years[0] <= day.year <= years[1]:
            span = str(years[0]) if years[0] == years[1] else f"{years[0]}-{years[1]}"
            self.fail(fields[name], f"{path}.{name}", f"{name} {text!r} is outside the plan year {span}")
        return schedule
