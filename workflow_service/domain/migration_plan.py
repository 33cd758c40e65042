"""A migration plan as a designer writes it (YAML in bpmn/migrations/): parsed safely, checked field by field.

Every problem names its field (`mapping.district_check`, `deadline.re_evaluation`…) so the API answers
422 naming it. Checking a plan against the deployed versions (unknown element ids, unmapped waiting
elements) is `migration_check`; this module only needs the YAML.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from .deadline_rules import parse_deadline
from .migration_plan_problems import PlanInvalid, PlanProblem
from .regulations import DOSSIER_KINDS

KEEP, TARGET = "keep", "target"  # deadline choices besides a rule
_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ELEMENT = re.compile(r"^[A-Za-z_][\w.-]*$")
_TOP_FIELDS = {"name", "title", "source", "target", "mapping", "data", "select", "deadline"}
MAX_PLAN_BYTES = 200_000


@dataclass(frozen=True)
class Selection:
    """Which dossiers: all of the source versions, narrowed by unit subtrees, regulations and/or a list."""

    units: tuple[str, ...] = ()
    regulations: tuple[str, ...] = ()
    dossiers: tuple[str, ...] = ()  # dossier ids or registration numbers, as written

    @property
    def everything(self) -> bool:
        return not (self.units or self.regulations or self.dossiers)


@dataclass(frozen=True)
class MigrationPlan:
    name: str
    title: str
    source_key: str
    source_versions: tuple[int, ...]  # empty: every deployed version of the source key
    target_key: str
    target_version: int | None  # None: the latest deployed
    target_regulation: str | None  # the dossier's regulation after the migration
    mapping: Mapping[str, str]
    renames: Mapping[str, str] = field(default_factory=dict)
    defaults: Mapping[str, Any] = field(default_factory=dict)
    selection: Selection = Selection()
    deadlines: Mapping[str, str] = field(default_factory=dict)  # kind → "keep" | "target" | a rule
    text: str = ""

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def deadline_for(self, kind: str) -> str:
        return self.deadlines.get(kind, TARGET)

    def transform(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """Declared renames, then defaults for fields still missing; nothing else is touched."""
        result = dict(data)
        for old, new in self.renames.items():
            if old in result:
                result[new] = result.pop(old)
        for name, value in self.defaults.items():
            result.setdefault(name, value)
        return result


class _Problems:
    def __init__(self) -> None:
        self.found: list[PlanProblem] = []

    def add(self, where: str, code: str, **params: Any) -> None:
        self.found.append(PlanProblem(where, code, params))

    def raise_if_any(self) -> None:
        if self.found:
            first = self.found[0]
            raise PlanInvalid(f"the migration plan is not valid: {first.field}: {first.message}", self.found)


def parse_plan(text: str) -> MigrationPlan:
    """Parse a plan; ValidationFailed with every problem by field when it is not a valid plan."""
    problems = _Problems()
    if len(text.encode("utf-8")) > MAX_PLAN_BYTES:
        problems.add("plan", "plan.too_large", limit=MAX_PLAN_BYTES)
        problems.raise_if_any()
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        technical = str(getattr(err, "problem", err))
        raise PlanInvalid(f"the migration plan is not YAML{where}: {technical}",
                          [PlanProblem("plan", "plan.yaml_invalid", {"at": where, "technical": technical,
                                                                     "line": mark.line + 1 if mark else None})]) from err
    if not isinstance(raw, dict):
        raise PlanInvalid("the migration plan must be a mapping of fields", [PlanProblem("plan", "plan.not_a_mapping")])
    for unknown in sorted(set(map(str, raw)) - _TOP_FIELDS):
        problems.add(unknown, "plan.unknown_field")
    name = _text(raw, "name", problems, required=True)
    source = _mapping(raw, "source", problems)
    target = _mapping(raw, "target", problems)
    plan = MigrationPlan(
        name=name, title=_text(raw, "title", problems) or name,
        source_key=_text(source, "process_key", problems, "source.", required=True),
        source_versions=_versions(source.get("versions"), problems),
        target_key=_text(target, "process_key", problems, "target.", required=True),
        target_version=_version(target.get("version"), "target.version", problems),
        target_regulation=_text(target, "regulation", problems, "target.") or None,
        mapping=_element_mapping(raw.get("mapping"), problems),
        renames=_renames(raw, problems), defaults=_defaults(raw, problems),
        selection=_selection(raw.get("select", "all"), problems),
        deadlines=_deadlines(raw.get("deadline", TARGET), problems), text=text)
    problems.raise_if_any()
    return plan


def _text(raw: Mapping[str, Any], key: str, problems: _Problems, prefix: str = "", required: bool = False) -> str:
    value = raw.get(key)
    if value is None:
        if required:
            problems.add(prefix + key, "plan.required")
        return ""
    if not isinstance(value, str | int) or isinstance(value, bool) or not str(value).strip():
        problems.add(prefix + key, "plan.not_text")
        return ""
    return str(value).strip()


def _mapping(raw: Mapping[str, Any], key: str, problems: _Problems) -> Mapping[str, Any]:
    value = raw.get(key)
    if not isinstance(value, dict):
        problems.add(key, "plan.process_required" if value is None else "plan.must_be_mapping")
        return {}
    return value


def _version(value: Any, where: str, problems: _Problems) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        problems.add(where, "plan.bad_version")
        return None
    return value


def _versions(value: Any, problems: _Problems) -> tuple[int, ...]:
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    versions = [_version(v, "source.versions", problems) for v in items]
    return tuple(sorted({v for v in versions if v is not None}))


def _element_mapping(value: Any, problems: _Problems) -> dict[str, str]:
    if not isinstance(value, dict) or not value:
        problems.add("mapping", "plan.mapping_required")
        return {}
    mapping = {}
    for source, target in value.items():
        if not isinstance(source, str) or not _ELEMENT.match(source):
            problems.add(f"mapping.{source}", "plan.not_element_id")
        elif not isinstance(target, str) or not _ELEMENT.match(target):
            problems.add(f"mapping.{source}", "plan.target_not_element_id")
        else:
            mapping[source] = target
    return mapping


def _renames(raw: Mapping[str, Any], problems: _Problems) -> dict[str, str]:
    data = raw.get("data") or {}
    if not isinstance(data, dict):
        problems.add("data", "plan.data_not_mapping")
        return {}
    for unknown in sorted(set(map(str, data)) - {"rename", "defaults"}):
        problems.add(f"data.{unknown}", "plan.data_unknown")
    renames = data.get("rename") or {}
    if not isinstance(renames, dict):
        problems.add("data.rename", "plan.rename_not_mapping")
        return {}
    result = {}
    for old, new in renames.items():
        if not (isinstance(old, str) and _FIELD.match(old) and isinstance(new, str) and _FIELD.match(new)):
            problems.add(f"data.rename.{old}", "plan.bad_field_name")
        else:
            result[old] = new
    return result


def _defaults(raw: Mapping[str, Any], problems: _Problems) -> dict[str, Any]:
    data = raw.get("data") or {}
    defaults = data.get("defaults") or {} if isinstance(data, dict) else {}
    if not isinstance(defaults, dict):
        problems.add("data.defaults", "plan.defaults_not_mapping")
        return {}
    result = {}
    for name, value in defaults.items():
        if not (isinstance(name, str) and _FIELD.match(name)):
            problems.add(f"data.defaults.{name}", "plan.bad_field_name")
        elif not _plain(value):
            problems.add(f"data.defaults.{name}", "plan.default_not_plain")
        else:
            result[name] = value
    return result


def _plain(value: Any) -> bool:
    if value is None or isinstance(value, str | int | float | bool):
        return True
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False  # dates and other YAML types: write them as text


def _selection(value: Any, problems: _Problems) -> Selection:
    if value == "all":
        return Selection()
    if not isinstance(value, dict):
        problems.add("select", "plan.bad_select")
        return Selection()
    for unknown in sorted(set(map(str, value)) - {"units", "regulations", "dossiers"}):
        problems.add(f"select.{unknown}", "plan.select_unknown")
    parts = {}
    for key in ("units", "regulations", "dossiers"):
        items = value.get(key) or []
        if not isinstance(items, list) or not all(isinstance(i, str | int) and not isinstance(i, bool)
                                                  and str(i).strip() for i in items):
            problems.add(f"select.{key}", "plan.select_not_list")
            items = []
        parts[key] = tuple(str(i).strip() for i in items)
    return Selection(parts["units"], parts["regulations"], parts["dossiers"])


def _deadlines(value: Any, problems: _Problems) -> dict[str, str]:
    if isinstance(value, str):
        return {kind: _deadline_choice(value, "deadline", problems) for kind in DOSSIER_KINDS}
    if not isinstance(value, dict):
        problems.add("deadline", "plan.bad_deadline")
        return {}
    for unknown in sorted(set(map(str, value)) - set(DOSSIER_KINDS)):
        problems.add(f"deadline.{unknown}", "plan.deadline_unknown_kind", kinds=", ".join(DOSSIER_KINDS))
    return {kind: _deadline_choice(value.get(kind, TARGET), f"deadline.{kind}", problems) for kind in DOSSIER_KINDS}


def _deadline_choice(value: Any, where: str, problems: _Problems) -> str:
    if not isinstance(value, str):
        problems.add(where, "plan.deadline_not_text")
        return TARGET
    choice = " ".join(value.split())
    if choice in (KEEP, TARGET):
        return choice
    try:
        parse_deadline(choice)
    except ValueError as err:
        problems.add(where, "plan.deadline_rule", technical=str(err), value=choice)
    return choice
