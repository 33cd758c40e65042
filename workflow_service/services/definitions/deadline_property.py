"""Deploy-time check of a task's `deadline` property against the deadline grammar."""

from __future__ import annotations

from ...domain.deadlines import parse_deadline


def check_deadline_text(text: str) -> str | None:
    try:
        parse_deadline(text)
    except ValueError as err:
        return str(err)
    return None
