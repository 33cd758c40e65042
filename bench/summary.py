"""The supervisor's summary at province scale: kept counts, and (PostgreSQL) a materialised view instead.

    .venv/bin/python -m bench.summary                          # temporary SQLite, 100k open tasks
    .venv/bin/python -m bench.summary --database-url postgresql+psycopg://…/scratch --reset

Seeds what bench/overdue.py seeds (100k open tasks of province 42 over 200 communes, due from 60
days ago to 60 days ahead, 50k completed, 20k open elsewhere; Core inserts, so the triggers write
the deltas), folds the deltas, checks the counts against a recount, then times:
* `counts`: services.monitoring.summary.summarize as shipped (task_counts plus deltas, today's tasks);
* `counts_with_deltas`: the same with the seeding's deltas not yet folded (the worst case between folds);
* `materialized_view` (PostgreSQL): the same summary reading the buckets from a materialised view of
  the tasks instead, and how long `REFRESH MATERIALIZED VIEW CONCURRENTLY` takes (its staleness).
Prints one JSON document; the target is 100 ms for the summary.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "bench"

from sqlalchemy import Engine, column, func, select, table, text
from sqlalchemy.sql import Subquery

from workflow_service import create_app
from workflow_service.config import Settings
from workflow_service.domain.clock import FixedClock
from workflow_service.persistence.task_count_sql import KEY, bucket_rows
from workflow_service.services.accounts import users as accounts
from workflow_service.services.demo.loader import load_demo
from workflow_service.services.monitoring import counts as monitoring_counts
from workflow_service.services.monitoring import summary as monitoring_summary

from .overdue import NOW, ROOT, SUPERVISOR, reset_schema, seed, timed
from .seed import prepare_database, redact
from .stats import log, ms_since, now_ns

TARGET_MS = 100
MV = "bench_task_buckets"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None, help="a SCRATCH database; default: temporary SQLite")
    parser.add_argument("--reset", action="store_true", help="drop the scratch database's tables first")
    parser.add_argument("--open-tasks", type=int, default=100_000)
    parser.add_argument("--completed-tasks", type=int, default=50_000)
    parser.add_argument("--noise-tasks", type=int, default=20_000)
    parser.add_argument("--communes", type=int, default=200)
    parser.add_argument("--iterations", type=int, default=20)
    return parser.parse_args(argv)


def _mv_buckets(kind: str, units: list[str]) -> Subquery:
    view = table(MV, *(column(k) for k in KEY.split(", ")), column("n"))
    return select(*view.c).where(view.c.kind == kind, view.c.unit_code.in_(units)).subquery()


def _materialized_view(engine: Engine, ctx: Any, actor: Any, iterations: int) -> dict[str, Any]:
    with engine.begin() as conn:
        t0 = now_ns()
        conn.execute(text(f"CREATE MATERIALIZED VIEW {MV} AS SELECT {KEY}, sum(d)::int AS n FROM"
                          f" ({bucket_rows('postgresql', 't', '1', 'tasks t')}) b GROUP BY {KEY}"))
        create_ms = ms_since(t0)
        conn.execute(text(f"CREATE UNIQUE INDEX {MV}_key ON {MV} ({KEY})"))
    refresh = []
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for _ in range(3):
            t0 = now_ns()
            conn.execute(text(f"REFRESH MATERIALIZED VIEW CONCURRENTLY {MV}"))
            refresh.append(ms_since(t0))
    shipped = monitoring_summary.buckets
    monitoring_summary.buckets = _mv_buckets  # type: ignore[assignment]
    try:
        same = _as_numbers(monitoring_summary.summarize(ctx, actor, None))
        timing = timed(lambda: monitoring_summary.summarize(ctx, actor, None), iterations)
    finally:
        monitoring_summary.buckets = shipped
    with engine.begin() as conn:
        conn.execute(text(f"DROP MATERIALIZED VIEW {MV}"))
    return {"summary_ms": timing, "create_ms": round(create_ms, 1),
            "refresh_concurrently_ms": [round(r, 1) for r in refresh], "result": same,
            "note": "stale between refreshes: a change shows only after the next REFRESH"}


def _as_numbers(result: Any) -> dict[str, Any]:
    return {"by_unit_overdue": sum(u.overdue for u in result.by_unit),
            "by_unit_due_soon": sum(u.due_soon for u in result.by_unit),
            "by_unit_open": sum(u.open or 0 for u in result.by_unit), "aging": result.aging,
            "steps": len(result.by_step), "completed": sum(p.completed for p in result.trend)}


def run(opts: argparse.Namespace) -> dict[str, Any]:
    if opts.reset and opts.database_url and opts.database_url.startswith("postgresql"):
        reset_schema(opts.database_url)
    db = prepare_database(opts.database_url, False, None)
    settings = Settings(database_url=db.url, secret_key="bench-" + "k" * 40, env="testing",
                        bpmn_dir=ROOT / "tests" / "fixtures" / "bpmn", forms_dir=ROOT / "tests" / "fixtures" / "bpmn")
    app = create_app(settings, clock=FixedClock(NOW))
    ctx = app.extensions["ocopflow"]
    engine: Engine = app.extensions["ocopflow.engine"]
    try:
        load_demo(ctx)
        log(f"summary: seeding {opts.open_tasks} open + {opts.completed_tasks} completed tasks in {redact(db.url)}")
        seeded = seed(engine, opts)
        actor = accounts.load_actor(ctx, SUPERVISOR)
        with engine.connect() as conn:
            deltas = conn.scalar(select(func.count()).select_from(table("task_count_deltas")))
        with_deltas = timed(lambda: monitoring_summary.summarize(ctx, actor, None), max(3, opts.iterations // 4))
        t0 = now_ns()
        folded = monitoring_counts.fold_deltas(ctx)
        fold_ms = ms_since(t0)
        t0 = now_ns()
        differences = monitoring_counts.count_differences(ctx)
        check_ms = ms_since(t0)
        with engine.connect() as conn:
            buckets = conn.scalar(select(func.count()).select_from(table("task_counts")))
        shipped = _as_numbers(monitoring_summary.summarize(ctx, actor, None))
        counts = timed(lambda: monitoring_summary.summarize(ctx, actor, None), opts.iterations)
        report: dict[str, Any] = {
            "benchmark": "monitoring summary", "database": engine.dialect.name, "seed": seeded,
            "province_open_tasks": opts.open_tasks, "communes": opts.communes, "buckets": buckets,
            "deltas_after_seeding": deltas, "fold": {"deltas": folded, "ms": round(fold_ms, 1)},
            "counts_match_recount": not differences, "recount_ms": round(check_ms, 1),
            "counts": {"summary_ms": counts, "result": shipped},
            "counts_with_deltas": {"summary_ms": with_deltas},
            "target_ms": TARGET_MS, "met": counts["median"] <= TARGET_MS,
            "load_average_1m": os.getloadavg()[0]}
        if engine.dialect.name == "postgresql":
            view = _materialized_view(engine, ctx, actor, opts.iterations)
            view["same_result"] = view.pop("result") == shipped
            report["materialized_view"] = view
        return report
    finally:
        engine.dispose()
        db.cleanup(keep=False)


def main(argv: list[str] | None = None) -> None:
    print(json.dumps(run(parse_args(argv)), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
