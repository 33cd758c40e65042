"""The parts of the bench/run.py report that describe it: targets met, database and machine."""

from __future__ import annotations

import os
import platform
import sqlite3
from importlib import metadata
from typing import Any

from sqlalchemy import Engine

from .seed import Database, redact


def targets(report: dict[str, Any]) -> dict[str, Any]:
    targets: dict[str, Any] = {}
    bare = report.get("bare_engine")
    if bare:
        reference = bare["reference_ms"]
        entry: dict[str, Any] = {
            "rule": "service claim+complete median <= 2 x (bare complete_step median + commit median)",
            "reference_ms": reference, "limit_ms": round(2 * reference, 3)}
        for name in ("service_inprocess", "http"):
            if name in report:
                value = report[name]["claim_complete_ms"]["median"]
                entry[name] = {"ms": value, "x_reference": round(value / reference, 2),
                               "met": value <= 2 * reference}
        targets["claim_complete"] = entry
    inbox = report.get("inbox")
    if inbox:
        ratio_key = next((k for k in inbox if k.startswith("ratio_")), None)
        if ratio_key:
            ratios = inbox[ratio_key]
            targets["inbox_scaling"] = {
                "rule": f"inbox median at the largest size <= 2 x at the smallest ({ratio_key})",
                **{name: {"ratio": ratios[name], "met": ratios[name] <= 2}
                   for name in ("inprocess", "http", "fixed_officer_inprocess", "fixed_officer_http")}}
    return targets


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
