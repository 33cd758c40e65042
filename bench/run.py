"""OCOP Flow benchmark: prints ONE JSON document to stdout (progress goes to stderr).

    .venv/bin/python bench/run.py                      # mini fixture, temporary SQLite
    .venv/bin/python bench/run.py --quick              # inbox at 1k and 10k only
    .venv/bin/python bench/run.py --process ocop       # the real OCOP process (bpmn/ + forms/)
    .venv/bin/python bench/run.py --database-url postgresql+psycopg://u:p@localhost/ocop_bench

See bench/README.md for what each number means and the targets they are checked against.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` importable as a package
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "bench"

from sqlalchemy import Engine, select

from workflow_service import create_app
from workflow_service.config import Settings
from workflow_service.persistence.models import Dossier, RoleAssignment, TaskRow, User
from workflow_service.services.accounts import users as accounts
from workflow_service.services.demo.loader import DEMO_PASSWORD, load_demo
from workflow_service.services.dossiers.filing import FileDossier, file_dossier
from workflow_service.services.tasks.actions import claim_task, complete_task

from .bare import run_bare
from .breakdown import Breakdown
from .http_stack import Client, Server
from .inbox import COMMUNE, OFFICER, QueryCounter, inbox_report
from .processes import PROCESSES, BenchProcess, load_process
from .report import database_info, machine, targets
from .seed import Database, prepare_database, redact
from .stats import log, ms_since, now_ns, summary, warmup_count


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="OCOP Flow benchmark (JSON on stdout, progress on stderr)")
    parser.add_argument("--process", choices=sorted(PROCESSES), default="mini",
                        help="mini: tests/fixtures/bpmn/mini.bpmn (default); ocop: bpmn/ + forms/")
    parser.add_argument("--database-url", default=None,
                        help="SQLAlchemy URL of a SCRATCH database (e.g. PostgreSQL);"
                             " default: a temporary SQLite file")
    parser.add_argument("--reset", action="store_true",
                        help="with --database-url: drop existing OCOP Flow tables first")
    parser.add_argument("--iterations", type=int, default=200,
                        help="timed iterations per action (default 200)")
    parser.add_argument("--inbox-queries", type=int, default=50,
                        help="timed inbox queries per size (default 50)")
    parser.add_argument("--sizes", default="1000,10000,100000",
                        help="seeded dossier counts for the inbox measurement (default 1000,10000,100000)")
    parser.add_argument("--quick", action="store_true", help="inbox sizes 1000,10000 only")
    parser.add_argument("--communes", type=int, default=1000,
                        help="synthetic communes the seeded dossiers spread over (default 1000)")
    parser.add_argument("--start-data", type=Path, default=None,
                        help="JSON file: data to file dossiers with (default: generated from the start form)")
    parser.add_argument("--complete-data", type=Path, default=None,
                        help="JSON file: data to complete the first user task with"
                             " (default: generated from its form)")
    parser.add_argument("--skip", default="", help="comma list of sections to skip: bare,service,http,inbox")
    parser.add_argument("--tmpdir", default=None, help="where the temporary SQLite database goes")
    parser.add_argument("--keep-db", action="store_true", help="keep the temporary SQLite database")
    args = parser.parse_args(argv)
    sizes = "1000,10000" if args.quick else args.sizes
    args.size_list = sorted({int(s) for s in sizes.split(",") if s.strip()})
    args.skip_set = {s.strip() for s in args.skip.split(",") if s.strip()}
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    process = load_process(args.process, args.start_data, args.complete_data)
    db = prepare_database(args.database_url, args.reset, args.tmpdir)
    try:
        report = run(args, process, db)
    finally:
        db.cleanup(args.keep_db)
    report["elapsed_s"] = round(time.monotonic() - started, 1)
    report["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    log(f"done in {report['elapsed_s']} s")
    return 0


def run(args: argparse.Namespace, process: BenchProcess, db: Database) -> dict[str, Any]:
    log(f"process {process.name} ({process.key}), database {redact(db.url)}")
    settings = Settings(database_url=db.url, secret_key="bench-" + "k" * 40, env="testing",
                        bpmn_dir=process.bpmn_dir, forms_dir=process.forms_dir)
    t0 = now_ns()
    app = create_app(settings)
    startup_ms = ms_since(t0)
    ctx = app.extensions["ocopflow"]
    engine: Engine = app.extensions["ocopflow.engine"]
    load_demo(ctx)
    counter = QueryCounter(engine)

    report: dict[str, Any] = {
        "benchmark": "ocopflow",
        "process": {"name": process.name, "key": process.key, "first_task": process.first_task,
                    "first_form": process.first_form},
        "database": database_info(engine, db),
        "machine": machine(),
        "parameters": {"iterations": args.iterations, "inbox_queries": args.inbox_queries,
                       "sizes": args.size_list, "communes": args.communes},
        "app_startup_ms": round(startup_ms, 1),
    }

    if "bare" not in args.skip_set:
        report["bare_engine"] = _bare(process, engine, args.iterations)
    if "service" not in args.skip_set:
        report["service_inprocess"] = _service_inprocess(ctx, engine, counter, process, args.iterations)
    if "http" not in args.skip_set:
        report["http"] = _http(app, counter, process, args.iterations)
    report.update(_state_bytes(ctx, engine, process))
    if "inbox" not in args.skip_set:
        report["inbox"] = inbox_report(app, ctx, engine, counter, process, args)
    report["targets"] = targets(report)
    return report


# --- 1. bare engine ----------------------------------------------------------------------------------

def _bare(process: BenchProcess, engine: Engine, iterations: int) -> dict[str, Any]:
    with engine.connect() as conn:
        council = list(conn.scalars(select(User.username).join(RoleAssignment).where(
            RoleAssignment.role == "province_council", RoleAssignment.unit_code == "42")
            .order_by(User.username)))
    # What the service adds to the filed data before starting the instance.
    start_data = {**process.start_data, "kind": "first_time", "commune": COMMUNE,
                  "registration_number": f"001/PĐK-42-{COMMUNE}-2026", "council_members": council}
    section, _state = run_bare(process, start_data, iterations, engine)
    return section


# --- 2. service, in process --------------------------------------------------------------------------

def _open_task(engine: Engine, dossier_id: int, element_id: str) -> str:
    with engine.connect() as conn:
        task_id = conn.scalar(select(TaskRow.id).where(TaskRow.dossier_id == dossier_id,
                                                       TaskRow.element_id == element_id,
                                                       TaskRow.status == "open"))
    if task_id is None:
        raise SystemExit(f"dossier {dossier_id} has no open task {element_id!r}")
    return task_id


def _service_inprocess(ctx: Any, engine: Engine, counter: QueryCounter, process: BenchProcess,
                       iterations: int) -> dict[str, Any]:
    officer = accounts.load_actor(ctx, OFFICER)
    cmd = FileDossier(process.key, COMMUNE, "first_time", process.start_data)
    warm = warmup_count(iterations)
    log(f"service in-process: {warm} warm-up + {iterations} iterations")
    file_ms, claim_ms, complete_ms, cc_ms = [], [], [], []
    queries: dict[str, int] = {}
    for i in range(warm + iterations):
        counter.reset()
        t0 = now_ns()
        dossier = file_dossier(ctx, officer, cmd)
        t_file = ms_since(t0)
        q_file = counter.count
        task_id = _open_task(engine, dossier.id, process.first_task)
        counter.reset()
        t1 = now_ns()
        claim_task(ctx, officer, task_id)
        t_claim = ms_since(t1)
        q_claim = counter.count
        t2 = now_ns()
        complete_task(ctx, officer, task_id, process.complete_data)
        t_complete = ms_since(t2)
        t_cc = ms_since(t1)
        q_complete = counter.count - q_claim
        if i >= warm:
            file_ms.append(t_file)
            claim_ms.append(t_claim)
            complete_ms.append(t_complete)
            cc_ms.append(t_cc)
        queries = {"file_dossier": q_file, "claim": q_claim, "complete": q_complete}
        if i % 50 == 49:
            log(f"  service in-process {i + 1 - warm}/{iterations}")
    return {"file_dossier_ms": summary(file_ms), "claim_complete_ms": summary(cc_ms),
            "breakdown": {"claim_ms": summary(claim_ms), "complete_ms": summary(complete_ms),
                          **_where_time_goes(ctx, engine, officer, cmd, process, min(50, iterations))},
            "sql_statements": queries}


def _where_time_goes(ctx: Any, engine: Engine, officer: Any, cmd: FileDossier, process: BenchProcess,
                     iterations: int) -> dict[str, Any]:
    """A separate, instrumented pass: medians of engine / SQL / COMMIT / other time per action."""
    log(f"service in-process: instrumented pass of {iterations} iterations (time split)")
    parts: dict[str, dict[str, list[float]]] = {"file_dossier": {}, "claim_complete": {}}

    def keep(action: str, split: dict[str, float]) -> None:
        for key, value in split.items():
            parts[action].setdefault(key, []).append(value)

    with Breakdown(engine).installed() as bd:
        for _ in range(iterations):
            bd.reset()
            t0 = now_ns()
            dossier = file_dossier(ctx, officer, cmd)
            keep("file_dossier", bd.split(ms_since(t0)))
            task_id = _open_task(engine, dossier.id, process.first_task)
            bd.reset()
            t1 = now_ns()
            claim_task(ctx, officer, task_id)
            complete_task(ctx, officer, task_id, process.complete_data)
            keep("claim_complete", bd.split(ms_since(t1)))
    return {f"{action}_split_median_ms": {k.removesuffix("_ms"): round(statistics.median(v), 3)
                                          for k, v in split.items()}
            for action, split in parts.items()}


# --- 3. HTTP -----------------------------------------------------------------------------------------

def _http(app: Any, counter: QueryCounter, process: BenchProcess, iterations: int) -> dict[str, Any]:
    warm = warmup_count(iterations)
    log(f"http: {warm} warm-up + {iterations} iterations")
    payload = {"process_key": process.key, "commune": COMMUNE, "kind": "first_time",
               "data": process.start_data}
    file_ms, cc_ms = [], []
    queries: dict[str, int] = {}
    with Server(app) as server:
        token = Client(server.port).call("POST", "/api/v1/auth/token",
                                         {"username": OFFICER, "password": DEMO_PASSWORD})["access_token"]
        client = Client(server.port, token)
        for i in range(warm + iterations):
            counter.reset()
            t0 = now_ns()
            view = client.call("POST", "/api/v1/dossiers", payload, expect=201)
            t_file = ms_since(t0)
            q_file = counter.count
            task_id = next(t["id"] for t in view["open_tasks"] if t["element_id"] == process.first_task)
            counter.reset()
            t1 = now_ns()
            client.call("POST", f"/api/v1/tasks/{task_id}/claim")
            q_claim = counter.count
            client.call("POST", f"/api/v1/tasks/{task_id}/complete", {"data": process.complete_data})
            t_cc = ms_since(t1)
            if i >= warm:
                file_ms.append(t_file)
                cc_ms.append(t_cc)
            queries = {"file_dossier": q_file, "claim": q_claim, "complete": counter.count - q_claim}
            if i % 50 == 49:
                log(f"  http {i + 1 - warm}/{iterations}")
    return {"server": "werkzeug WSGI server (single thread) on 127.0.0.1, one TCP connection per request",
            "file_dossier_ms": summary(file_ms), "claim_complete_ms": summary(cc_ms),
            "sql_statements": queries}


# --- state size --------------------------------------------------------------------------------------

def _state_bytes(ctx: Any, engine: Engine, process: BenchProcess) -> dict[str, Any]:
    officer = accounts.load_actor(ctx, OFFICER)
    dossier = file_dossier(ctx, officer, FileDossier(process.key, COMMUNE, "first_time", process.start_data))
    after_file = len(dossier.state.encode("utf-8"))
    task_id = _open_task(engine, dossier.id, process.first_task)
    claim_task(ctx, officer, task_id)
    complete_task(ctx, officer, task_id, process.complete_data)
    with engine.connect() as conn:
        state = conn.scalar(select(Dossier.state).where(Dossier.id == dossier.id))
    return {"state_bytes": len(state.encode("utf-8")), "state_bytes_after_file": after_file}


# --- 4. inbox ----------------------------------------------------------------------------------------

if __name__ == "__main__":
    raise SystemExit(main())
