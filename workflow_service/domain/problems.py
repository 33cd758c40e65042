"""Problems in a process bundle found at validation or deploy, each pointing at a file, line and element."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Codes of problems the engine or the XML parser words: a page gives its own sentence and keeps the English
# `message` (the engine's words) as technical detail.
ENGINE_WORDED = ("xml.unreadable", "engine.unreadable", "engine.rejected", "script.rejected", "timer.invalid")
# The codes our own checks give their problems (a test checks the designer's pages translate each).
PROBLEM_CODES = ("task.not_in_lane", "task.no_form", "form.missing", "form.bad_name", "form.not_a_schema",
                 "lane.unnamed", "lane.not_a_role", "flow.several_outgoing", "decision.missing",
                 "decision.unknown_input", "expression.juel", "expression.invalid", "deadline.invalid", "bundle.too_large",
                 "process.id_changed", "deadline.pause_value", "deadline.supplement_target", "bundle.one_bpmn",
                 "process.none", "process.several_executable", "data.missing_reference", "xml.doctype",
                 "xml.wrong_kind") + ENGINE_WORDED


@dataclass(frozen=True)
class BundleProblem:
    """`message` is English (the API answers it); `code` and `params` let the designer's pages say it in
    their language (web/messages.py); for the ENGINE_WORDED codes the message holds the engine's own words."""

    file: str
    message: str
    line: int | None = None
    element_id: str | None = None
    code: str | None = field(default=None, compare=False)
    params: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def as_dict(self) -> dict[str, Any]:
        found = {"file": self.file, "message": self.message, "line": self.line, "element_id": self.element_id}
        return {k: v for k, v in found.items() if v is not None}

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        element = f" [{self.element_id}]" if self.element_id else ""
        return f"{where}{element}: {self.message}"


class BundleInvalid(Exception):
    """The uploaded bundle cannot be deployed; `problems` says exactly why."""

    def __init__(self, problems: list[BundleProblem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))
