"""Reading a scenario's YAML: plain values only, dates kept as the text written, no anchors or aliases.

Form data wants "2026-06-25", not a date object, so the timestamp resolver is left out; anchors and
aliases are refused outright (an alias bomb stays small in memory but explodes once serialised).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import yaml

from .scenario_problems import scenario_message

MAX_SCENARIO_BYTES = 256 * 1024


@dataclass(frozen=True)
class ScenarioProblem:
    """`field` is the path in the file (or "line 3"); `message` the English the API answers, made from
    `code` and `params` (domain/scenario_problems.py) for pages to word in their language."""

    field: str
    message: str
    code: str = ""
    params: dict[str, Any] = dataclasses.field(default_factory=dict)

    @classmethod
    def coded(cls, where: str, code: str, **params: Any) -> ScenarioProblem:
        return cls(where, scenario_message(code, params), code, params)

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class ScenarioInvalid(ValueError):
    def __init__(self, problems: list[ScenarioProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


class _TextDatesLoader(yaml.SafeLoader):  # type: ignore[misc]
    """SafeLoader that leaves 2026-06-25 as the text the author wrote."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str) -> Any:
    """The document as plain values; ScenarioInvalid for bad YAML, aliases or a text too large."""
    if len(text.encode("utf-8")) > MAX_SCENARIO_BYTES:
        raise ScenarioInvalid([ScenarioProblem.coded("", "scenario.too_large", limit=MAX_SCENARIO_BYTES)])
    try:
        for event in yaml.parse(text, Loader=_TextDatesLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line = event.start_mark.line + 1 if event.start_mark else 0
                raise ScenarioInvalid([ScenarioProblem.coded(f"line {line}", "scenario.anchors", line=line)])
        return yaml.load(text, Loader=_TextDatesLoader)  # a SafeLoader subclass: constructs plain values only
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        what = ", ".join(part for part in (exc.context, exc.problem) if part)
        raise ScenarioInvalid([ScenarioProblem.coded(f"line {line}", "scenario.yaml_invalid", line=line,
                                                     technical=what)]) from None
    except yaml.YAMLError as exc:
        raise ScenarioInvalid([ScenarioProblem.coded("", "scenario.yaml_invalid", technical=str(exc))]) from None
