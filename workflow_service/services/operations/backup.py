"""Backup and restore of the whole database: SQLite through sqlite3's online backup API (a consistent
copy while the service runs), PostgreSQL through pg_dump/pg_restore (custom format) from PATH.

Attachment bytes live beside the database (<instance dir>/attachments) and are copied as files."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import URL, make_url

from ...domain.errors import DomainError


class BackupFailed(DomainError):
    status = 409
    title = "Backup or restore failed"


def backup(database_url: str, target: Path) -> None:
    """Write a backup of the database to `target` (which must not exist yet)."""
    if target.exists():
        raise BackupFailed(f"{target} exists; choose a new file name")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        _sqlite_copy(_sqlite_path(url), target)
    else:
        _pg("pg_dump", url, "--format=custom", "--no-owner", f"--file={target}")


def restore(database_url: str, source: Path, *, replace: bool = False) -> None:
    """Load a backup into the database: an empty one, or any with replace=True (its tables are dropped)."""
    if not source.is_file():
        raise BackupFailed(f"{source} is not a file")
    url = make_url(database_url)
    if not replace and _has_tables(database_url):
        raise BackupFailed("the database is not empty; restore into a fresh one, or pass --replace")
    if url.get_backend_name() == "sqlite":
        _check_sqlite_backup(source)
        _sqlite_copy(source, _sqlite_path(url))
    else:
        extra = ["--clean", "--if-exists"] if replace else []
        _pg("pg_restore", url, "--no-owner", "--single-transaction", "--exit-on-error", *extra, str(source))


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupFailed("an in-memory SQLite database cannot be backed up")
    return Path(url.database)


def _check_sqlite_backup(source: Path) -> None:
    check = sqlite3.connect(source)
    try:
        found = check.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'").fetchone()
    except sqlite3.DatabaseError:
        found = None
    finally:
        check.close()
    if not found:
        raise BackupFailed(f"{source} is not an OCOP Flow SQLite backup")


def _sqlite_copy(source: Path, target: Path) -> None:
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)  # page by page; other connections may keep writing
    finally:
        src.close()
        dst.close()


def _has_tables(database_url: str) -> bool:
    engine = create_engine(database_url)
    try:
        return bool(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _pg(tool: str, url: URL, *args: str) -> None:
    if shutil.which(tool) is None:
        raise BackupFailed(f"{tool} is not on PATH (apt-get install postgresql-client)")
    env = {**os.environ, **({"PGPASSWORD": url.password} if url.password else {})}  # not on the command line
    libpq = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    done = subprocess.run([tool, f"--dbname={libpq}", *args], env=env, capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise BackupFailed(f"{tool} failed: {done.stderr.strip()[-500:]}")
