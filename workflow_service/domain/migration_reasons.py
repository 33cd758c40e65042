"""Why a dossier is not migrated: a code and parameters, with one English sentence per code.

The English sentence is what the API answers and what a migration item stores (`migration_items.error`,
part of the API's run view, so it stays English); `read_reason` recovers the code and parameters from a
stored sentence — the sentences are made only from these templates — so a page can word it in its
language, also for items stored before the codes existed.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

REASONS: dict[str, str] = {
    "migration.no_such_dossier": "no such dossier",
    "migration.other_process": "the dossier runs {key}, not the plan's source {source}",
    "migration.not_running": "the dossier is {status}",
    "migration.version_not_in_plan": "version {version} of {key} is not in the plan",
    "migration.timer_due": "the timer '{element}' fell due at {at} and has not fired yet",
    "migration.no_unit": "no unit for the target's lanes on {day}: {detail}",
    "migration.in_subprocess": "the dossier is inside a subprocess or call activity",
    "migration.not_waiting": "the dossier is not waiting at any step",
    "migration.unmapped": "the dossier waits at '{element}', which the plan does not map",
    "migration.boundary_events": "'{element}' has boundary events (timers, escalations) waiting on it",
    "migration.half_done": "the multi-instance step '{element}' is half done ({done} of {total} completed)",
    "migration.no_target_element": "the target has no element '{element}'",
    "migration.not_a_wait_step": "'{element}' is not a step a dossier can wait at (a user task)",
    "migration.cannot_remove": "'{element}' cannot be removed from the dossier's path",
    "migration.kept_changing": "the dossier kept changing while it was being moved; try again",
    "migration.broken": "the dossier could not be read or moved, it is left as it was ({technical})",
}
# Parameters that hold an error's own English (a class name and message): pages show them only as
# technical detail.
TECHNICAL_PARAMS = frozenset({"technical", "detail"})


@dataclass(frozen=True)
class Reason:
    code: str
    params: tuple[tuple[str, str], ...] = ()

    def english(self) -> str:
        return REASONS[self.code].format(**dict(self.params))

    def param(self, name: str) -> str | None:
        return dict(self.params).get(name)


def reason(code: str, **params: object) -> Reason:
    if code not in REASONS:
        raise KeyError(code)
    return Reason(code, tuple((name, str(value)) for name, value in params.items()))


def _pattern(template: str) -> re.Pattern[str]:
    parts = []
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name:
            parts.append(f"(?P<{name}>.+?)")
    return re.compile("".join(parts), re.DOTALL)


# The most specific first: "the dossier is not waiting at any step" before "the dossier is {status}".
_PATTERNS = sorted(((code, _pattern(text)) for code, text in REASONS.items()),
                   key=lambda found: -len(re.sub(r"\{\w+\}", "", REASONS[found[0]])))


def read_reason(text: str | None) -> Reason | None:
    """The code and parameters of a sentence made by `Reason.english`, None for any other text."""
    if not text:
        return None
    for code, pattern in _PATTERNS:
        found = pattern.fullmatch(text)
        if found:
            return Reason(code, tuple(found.groupdict().items()))
    return None
