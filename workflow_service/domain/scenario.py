"""A simulation scenario: which process version runs, the filing, then who does which step on which day.

Pure parsing and validation of the YAML a designer writes (bpmn/scenarios/<process_key>/*.yaml, or
pasted on the designer page). The text is read with a safe loader that keeps dates as text (form data
wants "2026-06-25", not a date object) and refuses anchors and aliases (no alias bombs); every problem
is collected and named by its path in the file, e.g. `steps[3] (council_scoring).by`
(scenario_yaml.py reads the text).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .roles import is_known_role
from .scenario_expect import EXPECT_FIELDS, Expectation
from .scenario_types import CERTIFICATE_KINDS, KINDS, Filing, Given, ProcessRef, Scenario, Step
from .scenario_yaml import ScenarioInvalid, ScenarioProblem, load_yaml

__all__ = ["Filing", "Given", "ProcessRef", "Scenario", "ScenarioInvalid", "ScenarioProblem", "Step",
           "parse_scenario"]

MAX_STEPS = 500
MAX_GIVEN = 5
UNIT_LEVELS = ("central", "province", "district", "commune")


def parse_scenario(text: str) -> Scenario:
    return _Reader().scenario(load_yaml(text))


class _Reader:
    """Collects every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[ScenarioProblem] = []

    def fail(self, where: str, code: str, **params: Any) -> None:
        self.problems.append(ScenarioProblem.coded(where, code, **params))

    def fields(self, value: Any, where: str, allowed: tuple[str, ...], required: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(where, "scenario.not_a_mapping" if where else "scenario.not_a_document")
            return {}
        for name in value:
            if name not in allowed:
                self.fail(_at(where, str(name)), "scenario.unknown_field", name=str(name), expected=", ".join(allowed))
        for name in required:
            if value.get(name) in (None, ""):
                self.fail(_at(where, name), "scenario.missing_field")
        return value

    def text(self, value: Any, where: str, limit: int = 200) -> str:
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.fail(where, "scenario.not_text")
            return ""
        found = str(value).strip()
        if len(found) > limit:
            self.fail(where, "scenario.too_long", limit=limit)
        return found

    def day(self, value: Any, where: str) -> date | None:
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(where, "scenario.bad_date", value=value)
            return None

    def actor(self, value: Any, where: str) -> str:
        found = self.text(value, where, 120)
        if "@" in found:
            role, _, unit = found.partition("@")
            if not is_known_role(role) or not unit:
                self.fail(where, "scenario.bad_actor", value=found)
        return found

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
            self.fail(where, "scenario.not_a_mapping")
            return {}
        return value

    def expectation(self, value: Any, where: str, outcome: bool = False) -> Expectation:
        if value is None:
            return {}
        if outcome:
            return self.mapping(value, where)
        found = self.fields(value, where, EXPECT_FIELDS, ())
        if "open" in found and isinstance(found["open"], str):
            found = {**found, "open": [found["open"]]}
        if "candidates" in found and not isinstance(found["candidates"], list):
            self.fail(_at(where, "candidates"), "scenario.not_names")
        if found.get("due") is not None:
            self.day(found["due"], _at(where, "due"))
        if "data" in found:
            self.mapping(found["data"], _at(where, "data"))
        return {k: v for k, v in found.items() if k in EXPECT_FIELDS}

    def scenario(self, doc: Any) -> Scenario:
        top = self.fields(doc, "", ("name", "description", "process", "users", "units", "plans", "given", "filing",
                                    "steps", "outcome"), ("name", "process", "filing"))
        process = self.process(top.get("process"), "process")
        given = self.given(top.get("given"))
        after = given[-1].steps[-1].on if given and given[-1].steps else (given[-1].filing.on if given else None)
        filing = self.filing(top.get("filing"), "filing", after)
        steps = self.steps(top.get("steps"), filing.on if filing else None, "steps")
        outcome = self.expectation(top.get("outcome"), "outcome", outcome=True)
        users = self.users(top.get("users"))
        units = self.units(top.get("units"))
        plans = self.plans(top.get("plans"))
        name = self.text(top.get("name"), "name", 300)
        description = self.text(top.get("description"), "description", 2000)
        if self.problems or process is None or filing is None:
            raise ScenarioInvalid(self.problems or [ScenarioProblem.coded("", "scenario.incomplete")])
        return Scenario(name, process, filing, tuple(steps), outcome, users, tuple(units), tuple(plans),
                        description, tuple(given))

    def process(self, value: Any, where: str) -> ProcessRef | None:
        found = self.fields(value, where, ("key", "version"), ("key",))
        version = found.get("version")
        if version is not None and (isinstance(version, bool) or not isinstance(version, int) or version < 1):
            self.fail(f"{where}.version", "scenario.bad_version")
            version = None
        key = self.text(found.get("key"), f"{where}.key", 120)
        return ProcessRef(key, version) if key else None

    def given(self, value: Any) -> list[Given]:
        """Runs before the filing (a chain that issues the certificate acted on, an idea selected)."""
        if value is None:
            return []
        if not isinstance(value, list) or len(value) > MAX_GIVEN:
            self.fail("given", "scenario.too_many_given", limit=MAX_GIVEN)
            return []
        runs: list[Given] = []
        after: date | None = None
        for number, item in enumerate(value, 1):
            where = f"given[{number}]"
            found = self.fields(item, where, ("process", "filing", "steps", "note"), ("process", "filing"))
            process = self.process(found.get("process"), f"{where}.process") if "process" in found else None
            filing = self.filing(found.get("filing"), f"{where}.filing", after) if "filing" in found else None
            steps = self.steps(found.get("steps"), filing.on if filing else None, f"{where}.steps")
            if process is not None and filing is not None:
                runs.append(Given(number, process, filing, tuple(steps)))
                after = steps[-1].on if steps else filing.on
        return runs

    def filing(self, value: Any, where: str, after: date | None = None) -> Filing | None:
        found = self.fields(value, where, ("date", "by", "commune", "kind", "data", "filed_on", "expect",
                                           "certificate", "idea"), ("date", "by", "commune"))
        on = self.day(found.get("date"), f"{where}.date") if "date" in found else None
        if on and after and on < after:
            self.fail(f"{where}.date", "scenario.before_given", day=on.isoformat())
        kind = self.text(found.get("kind") or "first_time", f"{where}.kind")
        if kind not in KINDS:
            self.fail(f"{where}.kind", "scenario.bad_choice", choices=", ".join(KINDS))
        certificate = self.text(found.get("certificate"), f"{where}.certificate") or None
        if kind in CERTIFICATE_KINDS and certificate is None:
            self.fail(f"{where}.certificate", "scenario.certificate_missing", kind=kind)
        if certificate is not None and kind not in CERTIFICATE_KINDS + ("re_evaluation",):
            self.fail(f"{where}.certificate", "scenario.certificate_not_allowed")
        idea = self.text(found.get("idea"), f"{where}.idea") or None
        if (kind == "business_plan") != (idea is not None):
            self.fail(f"{where}.idea", "scenario.idea_mismatch")
        filed_on = self.day(found["filed_on"], f"{where}.filed_on") if found.get("filed_on") else None
        if on and filed_on and filed_on > on:
            self.fail(f"{where}.filed_on", "scenario.filed_after")
        if on is None or not found:
            return None
        return Filing(on, self.actor(found.get("by"), f"{where}.by"),
                      self.text(found.get("commune"), f"{where}.commune"), kind,
                      self.mapping(found.get("data"), f"{where}.data"), filed_on,
                      self.expectation(found.get("expect"), f"{where}.expect"), certificate, idea)

    def steps(self, value: Any, start: date | None, prefix: str) -> list[Step]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(prefix, "scenario.steps_not_list")
            return []
        if len(value) > MAX_STEPS:
            self.fail(prefix, "scenario.too_many_steps", limit=MAX_STEPS)
            return []
        steps, previous = [], start
        for number, item in enumerate(value, 1):
            task = item.get("task") if isinstance(item, dict) else None
            where = f"{prefix}[{number}] ({task or 'wait'})"
            found = self.fields(item, where, ("date", "task", "by", "data", "expect", "note"), ("date",))
            on = self.day(found.get("date"), f"{where}.date") if "date" in found else None
            if on and previous and on < previous:
                self.fail(f"{where}.date", "scenario.step_before", day=on.isoformat())
            previous = on or previous
            if task is not None and (not isinstance(task, str) or not task.strip()):
                self.fail(f"{where}.task", "scenario.task_not_id")
            if task and not found.get("by"):
                self.fail(f"{where}.by", "scenario.by_missing")
            if not task and ("by" in found or "data" in found):
                self.fail(where, "scenario.wait_with_action")
            data = self.step_data(found.get("data"), f"{where}.data")
            expect = self.expectation(found.get("expect"), f"{where}.expect")
            if on is not None:
                by = self.actor(found["by"], f"{where}.by") if found.get("by") else None
                steps.append(Step(number, on, str(task).strip() if task else None, by, data, expect))
        return steps

    def step_data(self, value: Any, where: str) -> dict[str, Any] | list[dict[str, Any]] | None:
        if isinstance(value, list):
            if not value or not all(isinstance(item, dict) for item in value):
                self.fail(where, "scenario.data_list")
            return value
        return self.mapping(value, where)

    def users(self, value: Any) -> dict[str, tuple[str, ...]]:
        found = self.mapping(value, "users")
        users: dict[str, tuple[str, ...]] = {}
        for name, grants in found.items():
            where = f"users.{name}"
            listed = grants if isinstance(grants, list) else [grants]
            for grant in listed:
                role, at, unit = str(grant).partition("@")
                if not at or not unit or not is_known_role(role):
                    self.fail(where, "scenario.bad_grant", value=grant)
            users[name] = tuple(str(g) for g in listed)
        return users

    def plans(self, value: Any) -> list[dict[str, Any]]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(plan, dict) for plan in value):
            self.fail("plans", "scenario.plans_not_list")
            return []
        return value

    def units(self, value: Any) -> list[dict[str, str]]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail("units", "scenario.units_not_list")
            return []
        units = []
        for number, item in enumerate(value, 1):
            where = f"units[{number}]"
            found = self.fields(item, where, ("code", "name", "level", "parent", "valid_from", "valid_to"),
                                ("code", "name", "level"))
            if found.get("level") not in UNIT_LEVELS:
                self.fail(f"{where}.level", "scenario.bad_choice", choices=", ".join(UNIT_LEVELS))
            for day_field in ("valid_from", "valid_to"):
                if found.get(day_field):
                    self.day(found[day_field], f"{where}.{day_field}")
            units.append({k: self.text(found.get(k), f"{where}.{k}") for k in
                          ("code", "name", "level", "parent", "valid_from", "valid_to")})
        return units


def _at(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name
