"""Overdue monitoring benchmark: a province with 100k open tasks across its communes.

    .venv/bin/python bench/overdue.py                       # temporary SQLite
    .venv/bin/python bench/overdue.py --database-url postgresql+psycopg://u@host/scratch --reset

Bulk-inserts (SQLAlchemy Core) dossiers with one open task each, spread over `--communes` communes of
province 42 and due from 60 days ago to 60 days ahead, plus completed tasks for the on-time rate and
another province's tasks as noise; then times, for the province supervisor, the overdue list (first
page, the middle and the last page), its count, and the summary — in process (service call) and over HTTP.
Prints ONE JSON document on stdout; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` importable as a package
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "bench"

from sqlalchemy import Engine, create_engine, func, insert, select, text

from workflow_service import create_app
from workflow_service.config import Settings
from workflow_service.domain.clock import VN_TZ, FixedClock
from workflow_service.persistence.models import Dossier, ProcessDefinition, TaskRow, UnitRow
from workflow_service.services.accounts import tokens
from workflow_service.services.accounts import users as accounts
from workflow_service.services.demo.loader import load_demo
from workflow_service.services.monitoring import counts as monitoring_counts
from workflow_service.services.monitoring import summary as monitoring_summary
from workflow_service.services.monitoring import task_list as monitoring
from workflow_service.services.units.tree import subtree_codes

from .http_stack import Client, Server
from .seed import CHUNK, prepare_database, redact
from .stats import log, ms_since, now_ns, summary

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=VN_TZ)
STEPS = [("check", "Check dossier", "commune_officer"), ("score", "Score", "province_council")]
SUPERVISOR = "supervisor.hatinh"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None, help="a SCRATCH database; default: temporary SQLite")
    parser.add_argument("--reset", action="store_true", help="drop existing OCOP Flow tables first")
    parser.add_argument("--open-tasks", type=int, default=100_000)
    parser.add_argument("--completed-tasks", type=int, default=50_000)
    parser.add_argument("--noise-tasks", type=int, default=20_000, help="open tasks of another province")
    parser.add_argument("--communes", type=int, default=200)
    parser.add_argument("--iterations", type=int, default=30)
    parser.add_argument("--tmp-dir", default=None)
    return parser.parse_args(argv)


def seed(engine: Engine, opts: argparse.Namespace) -> dict[str, Any]:
    rng = random.Random(42)
    communes = [f"7{i:04d}" for i in range(opts.communes)]
    with engine.begin() as conn:
        conn.execute(insert(UnitRow.__table__), [
            {"code": c, "name": f"Xã Bench {i}", "level": "commune", "parent_code": "42",
             "valid_from": None, "valid_to": None} for i, c in enumerate(communes)])
        definition_id = conn.scalar(select(ProcessDefinition.id).order_by(ProcessDefinition.id))
        next_id = (conn.scalar(select(func.max(Dossier.id))) or 0) + 1
    plan = ([("42", c, "open") for c in communes] * (opts.open_tasks // len(communes) + 1))[:opts.open_tasks]
    plan += ([("42", c, "completed") for c in communes]
             * (opts.completed_tasks // len(communes) + 1))[:opts.completed_tasks]
    plan += [("38", "16001", "open")] * opts.noise_tasks
    t0 = now_ns()
    with engine.begin() as conn:
        for start in range(0, len(plan), CHUNK):
            dossiers, tasks = [], []
            for k, (province, commune, status) in enumerate(plan[start:start + CHUNK], start):
                dossier_id = next_id + k
                created = NOW - timedelta(days=rng.randint(20, 200), minutes=rng.randint(0, 600))
                due = NOW + timedelta(days=rng.randint(-60, 60), hours=rng.randint(-8, 8))
                element, name, role = STEPS[k % 5 == 0]
                unit = commune if role == "commune_officer" else province
                done = status == "completed"
                completed_at = due + timedelta(days=rng.randint(-10, 5)) if done else None
                if completed_at is not None and completed_at > NOW:
                    completed_at = NOW - timedelta(days=rng.randint(1, 150))
                dossiers.append({
                    "id": dossier_id, "registration_number": f"{k + 1:06d}/PĐK-{province}-{commune}-2026",
                    "reg_year": 2026, "reg_seq": k + 1, "definition_id": definition_id, "commune_code": commune,
                    "province_code": province, "kind": "first_time", "status": "running",
                    "producer_name": f"Chủ thể {k}", "product_name": f"Sản phẩm {k}", "data": {},
                    "routing": {"units": {"commune": commune, "province": province}}, "state": "",
                    "serializer_version": "bench", "filed_at": created, "filed_by": "bench", "row_version": 1})
                tasks.append({
                    "id": str(uuid.UUID(int=rng.getrandbits(128))), "dossier_id": dossier_id, "element_id": element,
                    "name": name, "role": role, "unit_code": unit, "form_file": f"mini_{element}.json",
                    "status": status, "created_at": created, "due_at": due, "deadline_rule": "15 working days",
                    "claimed_by": f"officer{k % 7}" if k % 3 == 0 else None,
                    "completed_at": completed_at, "completed_by": "bench" if done else None,
                    "escalation": "none"})
            conn.execute(insert(Dossier.__table__), dossiers)
            conn.execute(insert(TaskRow.__table__), tasks)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE units, dossiers, tasks"))
    else:
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    return {"communes": len(communes), "rows_inserted": len(plan), "seconds": round(ms_since(t0) / 1000, 1)}


def timed(fn: Callable[[], Any], iterations: int) -> dict[str, Any]:
    for _ in range(3):
        fn()
    samples = []
    for _ in range(iterations):
        t0 = now_ns()
        fn()
        samples.append(ms_since(t0))
    return summary(samples)


def explain(engine: Engine, sql: str) -> list[str]:
    if engine.dialect.name != "postgresql":
        return []
    with engine.connect() as conn:
        return [row[0] for row in conn.execute(text("EXPLAIN (ANALYZE, BUFFERS) " + sql))]


def reset_schema(url: str) -> None:
    """--reset: the whole public schema of the scratch database goes (newer migrations add tables)."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def main(argv: list[str] | None = None) -> None:
    opts = parse_args(argv)
    if opts.reset and opts.database_url and opts.database_url.startswith("postgresql"):
        reset_schema(opts.database_url)
    db = prepare_database(opts.database_url, False, opts.tmp_dir)
    settings = Settings(database_url=db.url, secret_key="bench-" + "k" * 40, env="testing",
                        bpmn_dir=ROOT / "tests" / "fixtures" / "bpmn", forms_dir=ROOT / "tests" / "fixtures" / "bpmn")
    app = create_app(settings, clock=FixedClock(NOW))
    ctx = app.extensions["ocopflow"]
    engine: Engine = app.extensions["ocopflow.engine"]
    try:
        load_demo(ctx)
        log(f"seeding {opts.open_tasks} open + {opts.completed_tasks} completed tasks in {redact(db.url)}")
        seeded = seed(engine, opts)
        monitoring_counts.fold_deltas(ctx)  # what the scheduler's fold job does within a minute
        actor = accounts.load_actor(ctx, SUPERVISOR)
        overdue = monitoring.MonitoringFilter(status="overdue")
        first = monitoring.monitored_tasks(ctx, actor, overdue)
        # Pages past the middle are read backwards from the end, so the middle page is the dearest.
        middle_offset, last_offset = first.total // 2, max(0, first.total - 50)
        middle = monitoring.MonitoringFilter(status="overdue", offset=middle_offset)
        last = monitoring.MonitoringFilter(status="overdue", offset=last_offset)
        in_process = {
            "overdue_first_page": timed(lambda: monitoring.monitored_tasks(ctx, actor, overdue), opts.iterations),
            "overdue_middle_page": timed(lambda: monitoring.monitored_tasks(ctx, actor, middle), opts.iterations),
            "overdue_last_page": timed(lambda: monitoring.monitored_tasks(ctx, actor, last), opts.iterations),
            "overdue_min_age_10_step_check": timed(lambda: monitoring.monitored_tasks(
                ctx, actor, monitoring.MonitoringFilter(status="overdue", min_age=10, element_id="check")),
                opts.iterations),
            "summary": timed(lambda: monitoring_summary.summarize(ctx, actor, None), max(5, opts.iterations // 3)),
        }
        with Server(app) as server:
            token = tokens.issue_access_token(ctx, actor)
            client = Client(server.port, token)
            base = "/api/v1/monitoring"
            over_http = {
                "overdue_first_page": timed(lambda: client.call("GET", f"{base}/tasks?status=overdue"),
                                            opts.iterations),
                "overdue_middle_page": timed(lambda: client.call(
                    "GET", f"{base}/tasks?status=overdue&offset={middle_offset}"), opts.iterations),
                "overdue_last_page": timed(lambda: client.call(
                    "GET", f"{base}/tasks?status=overdue&offset={last_offset}"), opts.iterations),
                "summary": timed(lambda: client.call("GET", f"{base}/summary"), max(5, opts.iterations // 3)),
            }
        with ctx.uow() as uow:
            codes = ", ".join(f"'{c}'" for c in sorted(subtree_codes(uow.session, {"42"})))
        utc_now = NOW.astimezone(UTC).replace(tzinfo=None).isoformat()
        plan = explain(engine, f"SELECT id FROM tasks WHERE status = 'open' AND unit_code IN ({codes}) AND "
                       f"due_at < '{utc_now}' ORDER BY due_at, id LIMIT 50")
        result = {
            "benchmark": "overdue monitoring", "database": engine.dialect.name, "seed": seeded,
            "province_open_tasks": opts.open_tasks, "overdue_total": first.total, "middle_offset": middle_offset,
            "load_average_1m": os.getloadavg()[0], "cpus": os.cpu_count(),
            "in_process_ms": in_process, "http_ms": over_http, "target_ms": 200,
            "note": "the summary's own benchmark (counts against a materialised view) is bench/summary.py",
            "postgres_plan_first_page": plan,
        }
        print(json.dumps(result, ensure_ascii=False, indent=2))
    finally:
        engine.dispose()
        db.cleanup(keep=False)


if __name__ == "__main__":
    main()
