"""Tell a listener about each timer row a transaction created, once that transaction has committed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from ...persistence.deadline_models import TimerRow

_NEW_TIMERS = "ocopflow.new_timers"


def on_committed_timers(session_factory: sessionmaker[Session],
                        listener: Callable[[str, datetime], None]) -> None:
    """Call `listener(timer_id, due_at)` after commit for every timer row the transaction added."""

    def collect(session: Session, _flush_context: Any) -> None:
        new = [(r.id, r.due_at) for r in session.new if isinstance(r, TimerRow)]
        if new:
            session.info.setdefault(_NEW_TIMERS, []).extend(new)

    def announce(session: Session) -> None:
        for timer_id, due_at in session.info.pop(_NEW_TIMERS, []):
            listener(timer_id, due_at)

    def forget(session: Session) -> None:
        session.info.pop(_NEW_TIMERS, None)

    event.listen(session_factory, "after_flush", collect)
    event.listen(session_factory, "after_commit", announce)
    event.listen(session_factory, "after_soft_rollback", lambda session, _tx: forget(session))
