"""The parts of a benchmark report that describe where it ran: database and machine."""

from __future__ import annotations

import os
import platform
import sqlite3
from importlib import metadata
from typing import Any

from sqlalchemy import Engine

from .seed import Database, redact


def database_info(engine: Engine, db: Database) -> dict[str, Any]:
    info: dict[str, Any] = {"url": redact(db.url), "dialect": engine.dialect.name}
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            info["sqlite_version"] = sqlite3.sqlite_version
            info["journal_mode"] = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
            info["synchronous"] = conn.exec_driver_sql("PRAGMA synchronous").scalar()
        elif engine.dialect.name == "postgresql":
            info["server_version"] = conn.exec_driver_sql("SHOW server_version").scalar()
            info["synchronous_commit"] = conn.exec_driver_sql("SHOW synchronous_commit").scalar()
    return info


def machine() -> dict[str, Any]:
    def version(dist: str) -> str | None:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return None

    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "packages": {d: version(d) for d in ("SpiffWorkflow", "SQLAlchemy", "Flask", "Werkzeug", "psycopg")},
    }
