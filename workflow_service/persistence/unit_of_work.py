"""One unit of work per use case: everything it writes commits together or not at all.

When the database goes away, what the client is told depends on how far the request got: nothing
committed yet (nothing changed), a COMMIT sent but not acknowledged (it may have been recorded or
not), or a COMMIT acknowledged before a later read failed (recorded). `commit_state()` says which,
for the current request (reset at its start) or job.
"""

from __future__ import annotations

from contextvars import ContextVar
from types import TracebackType
from typing import Literal, Self

from sqlalchemy.orm import Session, sessionmaker

from .database import read_only_options

CommitState = Literal["none", "committing", "committed"]
_commit_state: ContextVar[CommitState] = ContextVar("ocopflow_commit_state", default="none")


def commit_state() -> CommitState:
    return _commit_state.get()


def reset_commit_state() -> None:
    _commit_state.set("none")


class UnitOfWork:
    def __init__(self, session_factory: sessionmaker[Session], read_only: bool = False):
        self._session_factory = session_factory
        self._read_only = read_only

    def __enter__(self) -> Self:
        self.session = self._session_factory()
        if self._read_only:
            # Options apply when the connection is procured, so before the (skipped) BEGIN.
            self.session.connection(execution_options=read_only_options(self.session.get_bind().dialect.name))
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        # close() rolls back whatever was not committed and detaches objects without expiring them,
        # so callers can still read what the use case returned.
        self.session.close()

    def commit(self) -> None:
        if self._read_only:
            raise RuntimeError("a read-only unit of work does not commit")
        self.session.flush()  # a failure up to here (constraint, lost connection) leaves nothing committed
        _commit_state.set("committing")
        self.session.commit()
        _commit_state.set("committed")
