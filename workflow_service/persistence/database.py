"""Engine and session factory; SQLite gets WAL and a busy timeout so concurrent writers queue.

PostgreSQL gets a bounded pool (OCOPFLOW_DB_POOL_SIZE, _MAX_OVERFLOW, _POOL_TIMEOUT) and pre-ping.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str, pool_size: int = 5, max_overflow: int = 10, pool_timeout: int = 30) -> Engine:
    """Per process at most pool_size + max_overflow PostgreSQL connections (README "Scale-out")."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    # pre_ping: a connection the server dropped (restart, failover) is replaced, not handed to a request.
    try:
        return create_engine(url, pool_pre_ping=True, pool_size=pool_size, max_overflow=max_overflow,
                             pool_timeout=pool_timeout, connect_args={"connect_timeout": 10})
    except ModuleNotFoundError as err:  # the driver is an extra: say which, not a traceback
        hint = "pip install 'ocopflow[postgres]'" if (err.name or "").startswith("psycopg") else f"pip install {err.name}"
        raise SystemExit(f"DATABASE_URL needs the database driver {err.name!r}, not installed: {hint}") from err


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy issue BEGIN itself so every use case is one real transaction.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin_immediate(connection: Any) -> None:
    # Take the write lock up front: two use cases never interleave read-then-write on SQLite.
    # A read-only unit of work (READ_ONLY below) takes no lock: each read stands alone, like WAL readers.
    if not connection.get_execution_options().get(READ_ONLY_OPTION):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


READ_ONLY_OPTION = "ocopflow_read_only"


def read_only_options(dialect: str) -> dict[str, Any]:
    """Connection options of a unit of work that only reads: no transaction round trips.

    PostgreSQL runs each statement in autocommit (no BEGIN / ROLLBACK round trips); SQLite skips
    BEGIN IMMEDIATE, so a read never waits for, nor blocks, a writer. For reads whose statements
    need not share a snapshot (one statement, or a step re-checked when it writes).
    """
    options: dict[str, Any] = {READ_ONLY_OPTION: True}
    if dialect == "postgresql":
        options["isolation_level"] = "AUTOCOMMIT"
    return options


def writing_options(dialect: str, default_isolation_level: str | None) -> dict[str, Any]:
    """What `read_only_options` changed, set back for a unit of work that writes on the same connection."""
    options: dict[str, Any] = {READ_ONLY_OPTION: False}
    if dialect == "postgresql":
        options["isolation_level"] = default_isolation_level  # as a freshly checked-out connection has it
    return options


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
