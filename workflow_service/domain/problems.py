"""Problems in a process bundle found at validation or deploy, each pointing at a file, line and element."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class BundleProblem:
    file: str
    message: str
    line: int | None = None
    element_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        element = f" [{self.element_id}]" if self.element_id else ""
        return f"{where}{element}: {self.message}"


class BundleInvalid(Exception):
    """The uploaded bundle cannot be deployed; `problems` says exactly why."""

    def __init__(self, problems: list[BundleProblem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))
