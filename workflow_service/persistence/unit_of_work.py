"""One unit of work per use case: everything it writes commits together or not at all.

When the database goes away, what the client is told depends on how far the request got: nothing
committed yet (nothing changed), a COMMIT sent but not acknowledged (it may have been recorded or
not), or a COMMIT acknowledged before a later read failed (recorded). `commit_state()` says which,
for the current request (reset at its start) or job.

The units of work of one request share one pooled connection (`RequestConnection`): an action
authenticates, reads, steps the engine and writes with one check-out (and one pre-ping) instead of
one per unit. A unit of work opened inside another, in another thread, or on another engine (a
simulation's world) checks out its own, as outside a request.
"""

from __future__ import annotations

from contextvars import ContextVar
from types import TracebackType
from typing import Literal, Self

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from .database import read_only_options, writing_options

CommitState = Literal["none", "committing", "committed"]
_commit_state: ContextVar[CommitState] = ContextVar("ocopflow_commit_state", default="none")


def commit_state() -> CommitState:
    return _commit_state.get()


def reset_commit_state() -> None:
    _commit_state.set("none")


class RequestConnection:
    """One connection for the units of work of a request, checked out at the first and returned at
    the request's end (`close`). Between units it holds no transaction, so no lock either."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._connection: Connection | None = None
        self._read_only: bool | None = None  # what the connection's options are set for
        self._busy = False

    def acquire(self, read_only: bool) -> Connection | None:
        """The request's connection set up for one unit of work, or None when it is already in use."""
        if self._busy:
            return None
        if self._connection is None or self._connection.invalidated or self._connection.in_transaction():
            self.close()  # dropped by the database, or left mid-transaction by a failed close: replaced
            self._connection = self.engine.connect()
        connection, dialect = self._connection, self.engine.dialect.name
        if self._read_only is not read_only:  # only on a change: each isolation switch queues a reset at check-in
            connection.execution_options(**(read_only_options(dialect) if read_only
                                            else writing_options(dialect, connection.default_isolation_level)))
            self._read_only = read_only
        self._busy = True
        return connection

    def release(self) -> None:
        self._busy = False

    def close(self) -> None:
        if self._connection is not None:
            connection, self._connection, self._read_only = self._connection, None, None
            connection.close()


_request_connection: ContextVar[RequestConnection | None] = ContextVar("ocopflow_request_connection", default=None)


def open_request_connection(engine: Engine) -> None:
    """At a request's start: its units of work on `engine` share one connection from here on."""
    _request_connection.set(RequestConnection(engine))


def close_request_connection() -> None:
    """At a request's end (also after an error): the connection goes back to the pool."""
    shared = _request_connection.get()
    _request_connection.set(None)
    if shared is not None:
        shared.close()


class UnitOfWork:
    def __init__(self, session_factory: sessionmaker[Session], read_only: bool = False):
        self._session_factory = session_factory
        self._read_only = read_only

    def __enter__(self) -> Self:
        self._shared: RequestConnection | None = None
        shared = _request_connection.get()
        if shared is not None and shared.engine is self._session_factory.kw.get("bind"):
            connection = shared.acquire(self._read_only)
            if connection is not None:
                self._shared = shared
                # The session begins (and commits) its own transaction on the connection.
                self.session = self._session_factory(bind=connection)
                return self
        self.session = self._session_factory()
        if self._read_only:
            # Options apply when the connection is procured, so before the (skipped) BEGIN.
            self.session.connection(execution_options=read_only_options(self.session.get_bind().dialect.name))
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        # close() rolls back whatever was not committed and detaches objects without expiring them,
        # so callers can still read what the use case returned.
        try:
            self.session.close()
        finally:
            if self._shared is not None:
                self._shared.release()

    def commit(self) -> None:
        if self._read_only:
            raise RuntimeError("a read-only unit of work does not commit")
        self.session.flush()  # a failure up to here (constraint, lost connection) leaves nothing committed
        _commit_state.set("committing")
        self.session.commit()
        _commit_state.set("committed")
