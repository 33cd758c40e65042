"""Fire N timers due at the same instant, with 1 scheduler and with 2 concurrent scheduler processes.

    .venv/bin/python -m bench.timers                       # temporary SQLite, 10k timers, 1 then 2 workers
    .venv/bin/python -m bench.timers --database-url postgresql+psycopg://…/scratch --reset --workers 2

Each dossier runs tests/fixtures/bpmn/timers/timer_review.bpmn and waits on a non-interrupting
one-day reminder; the clock is set one day and a minute later, so N timers are due at once. A
firing is the full use case (lock, load state, engine step, new task row, audit, commit), in the
batches of services/timers/batch.py. Seeding runs the engine directly and bulk-inserts rows.
Per run: timers per second (wall clock, from the barrier to the last commit), duplicates (a
dossier with two reminder tasks, or a timer audited twice: must be 0), the lag from the moment the
timers were due to the commit that fired each (p50/p95/max) and the CPU seconds the workers spent.
Prints one JSON document on stdout.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, func, insert, select, text, update

from bench.stats import log, percentile
from workflow_service import create_app
from workflow_service.config import Settings
from workflow_service.domain.access import Actor
from workflow_service.domain.clock import FixedClock
from workflow_service.domain.roles import RoleGrant
from workflow_service.persistence.deadline_models import TimerRow
from workflow_service.persistence.models import AuditEntry, Dossier, ProcessDefinition, TaskRow
from workflow_service.process_tuning import tune_garbage_collector
from workflow_service.services.context import ServiceContext
from workflow_service.services.definitions.deploy import deploy_bundle, runtime_for
from workflow_service.services.demo.loader import DEMO_UNITS
from workflow_service.services.timers.firing import fire_due_timers
from workflow_service.services.units.importing import import_units

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "bpmn"
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
DUE = timedelta(days=1, minutes=1)
CHUNK = 2000


def _settings(url: str) -> Settings:
    return Settings(database_url=url, secret_key="bench-" + "x" * 40, env="testing", bpmn_dir=FIXTURES / "none",
                    forms_dir=FIXTURES, deploy_on_start=False)


def _ctx(url: str, clock: FixedClock) -> ServiceContext:
    context: ServiceContext = create_app(_settings(url), clock=clock).extensions["ocopflow"]
    return context


def seed(ctx: ServiceContext, n: int, start: datetime, batch: int) -> None:
    """n dossiers started at `start`, each with an open task and two pending timers."""
    with ctx.uow() as uow:
        definition_row = uow.session.scalars(select(ProcessDefinition).where(
            ProcessDefinition.key == "timer_review")).one()
        runtime = runtime_for(ctx, definition_row)
        next_id = (uow.session.scalar(select(func.max(Dossier.id))) or 0) + 1
    for first in range(0, n, CHUNK):
        dossiers, tasks, timers = [], [], []
        for i in range(first, min(n, first + CHUNK)):
            instance = runtime.start({}, now=start)
            dossier_id = next_id + i
            dossiers.append({
                "id": dossier_id, "registration_number": f"{batch:02d}{i:06d}/PĐK-42-18101-2026", "reg_year": 2026,
                "reg_seq": batch * 1_000_000 + i, "definition_id": definition_row.id, "commune_code": "18101",
                "province_code": "42", "kind": "first_time", "status": "running", "producer_name": "", "product_name": "",
                "data": {}, "routing": {"units": {"commune": "18101", "province": "42"}, "filer_is_applicant": False},
                "state": runtime.dump(instance), "serializer_version": "bench", "filed_at": start, "filed_by": "bench",
                "row_version": 1})
            for task in instance.ready_tasks():
                tasks.append({"id": task.id, "dossier_id": dossier_id, "element_id": task.element_id, "name": task.name,
                                  "role": "commune_officer", "unit_code": "18101", "form_file": task.form_file,
                                  "status": "open", "created_at": start, "escalation": "none"})
            for timer in instance.pending_timers():
                timers.append({"id": timer.id, "dossier_id": dossier_id, "element_id": timer.element_id,
                                   "due_at": timer.due_at, "status": "pending"})
        with ctx.uow() as uow:
            uow.session.execute(insert(Dossier), dossiers)
            uow.session.execute(insert(TaskRow), tasks)
            uow.session.execute(insert(TimerRow), timers)
            uow.commit()
        log(f"seeded {min(n, first + CHUNK)}/{n} dossiers (batch {batch})")


def _worker(url: str, now: datetime, name: str, barrier: Any, results: Any) -> None:
    ctx = _ctx(url, FixedClock(now))
    tune_garbage_collector()  # as `ocopflow scheduler` does once its app is built
    commits: list[tuple[float, int]] = []  # (monotonic time of a batch's commit, timers it fired)
    barrier.wait()
    started, cpu = time.monotonic(), time.process_time()
    fired = fire_due_timers(ctx, name, limit=10**9,
                            progress=lambda n: commits.append((time.monotonic(), n))).fired
    results.put({"worker": name, "fired": fired, "started": started, "ended": time.monotonic(),
                 "cpu_s": time.process_time() - cpu, "commits": commits})


def _server_cpu_s() -> float | None:
    """CPU seconds used so far by the PostgreSQL server's processes, when it runs on this machine."""
    ticks, total, found = os.sysconf("SC_CLK_TCK"), 0, False
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)
        except OSError:  # the process ended meanwhile
            continue
        if fields[0].endswith("(postgres"):
            found = True
            utime, stime = fields[1].split()[11:13]
            total += int(utime) + int(stime)
    return total / ticks if found else None


def run_workers(url: str, now: datetime, workers: int) -> dict[str, Any]:
    server_before = _server_cpu_s() if url.startswith("postgresql") else None
    spawn = multiprocessing.get_context("spawn")
    barrier, results = spawn.Barrier(workers), spawn.Queue()
    procs = [spawn.Process(target=_worker, args=(url, now, f"w{i + 1}", barrier, results)) for i in range(workers)]
    for proc in procs:
        proc.start()
    outcome = [results.get() for _ in procs]
    for proc in procs:
        proc.join()
    server_after = _server_cpu_s() if server_before is not None else None
    due_at = min(o["started"] for o in outcome)  # the timers were all due when the workers started
    seconds = max(o["ended"] for o in outcome) - due_at
    fired = sum(o["fired"] for o in outcome)
    lags = sorted(t - due_at for o in outcome for t, n in o["commits"] for _ in range(n))
    return {"workers": workers, "fired": fired, "seconds": round(seconds, 3),
            "timers_per_second": round(fired / seconds, 1),
            "lag_s": {"p50": _at(lags, 50), "p95": _at(lags, 95), "max": _at(lags, 100)},
            "cpu_s": round(sum(o["cpu_s"] for o in outcome), 2),
            "cpu_ms_per_timer": round(1000 * sum(o["cpu_s"] for o in outcome) / max(1, fired), 3),
            "per_worker": {o["worker"]: o["fired"] for o in outcome},
            **_ceiling(sum(o["cpu_s"] for o in outcome), server_before, server_after, fired)}


def _ceiling(scheduler_cpu_s: float, server_before: float | None, server_after: float | None,
             fired: int) -> dict[str, Any]:
    """The rate this machine's cores allow at the CPU each timer cost (schedulers + a local database
    server): what two schedulers could reach if nothing else ran and nothing waited."""
    if server_before is None or server_after is None or not fired:
        return {}
    server_ms = 1000 * (server_after - server_before) / fired
    total_ms = 1000 * scheduler_cpu_s / fired + server_ms
    return {"server_cpu_ms_per_timer": round(server_ms, 3), "total_cpu_ms_per_timer": round(total_ms, 3),
            "cores": os.cpu_count(), "cpu_bound_ceiling_per_second": round((os.cpu_count() or 1) * 1000 / total_ms)}


def _at(ordered: list[float], q: int) -> float | None:
    return round(percentile(ordered, q), 3) if ordered else None


def duplicates(ctx: ServiceContext, batch_dossiers: tuple[int, int]) -> dict[str, int]:
    low, high = batch_dossiers
    with ctx.uow() as uow:
        s = uow.session
        audited = [data["timer"] for data in s.scalars(select(AuditEntry.data).where(
            AuditEntry.action == "timer", AuditEntry.dossier_id.between(low, high)))]
        reminders = s.execute(select(TaskRow.dossier_id, func.count()).where(
            TaskRow.element_id == "acknowledge_reminder", TaskRow.dossier_id.between(low, high))
            .group_by(TaskRow.dossier_id).having(func.count() > 1)).all()
        pending = s.scalar(select(func.count()).where(TimerRow.status == "pending", TimerRow.element_id == "reminder",
                                                      TimerRow.dossier_id.between(low, high)))
    return {"audit_entries": len(audited), "timers_audited_twice": len(audited) - len(set(audited)),
            "dossiers_with_two_reminder_tasks": len(reminders), "reminders_still_pending": pending or 0}


def run(url: str | None, n: int, worker_counts: tuple[int, ...] = (1, 2), reset: bool = False) -> dict[str, Any]:
    url = url or f"sqlite:///{Path(tempfile.mkdtemp(prefix='ocop-timers-'))}/b.db"
    if reset and url.startswith("postgresql"):
        with create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    ctx = _ctx(url, FixedClock(T0))
    import_units(ctx, DEMO_UNITS.read_text(encoding="utf-8"))
    name = "timer_review.bpmn"
    deploy_bundle(ctx, Actor("bench", (RoleGrant("designer", "VN"),)), {name: (FIXTURES / "timers" / name).read_bytes()})
    report: dict[str, Any] = {"database": url.split(":", 1)[0].split("+")[0], "timers": n, "runs": []}
    for batch, workers in enumerate(worker_counts):
        start = T0 + timedelta(days=10 * batch)
        seed(ctx, n, start, batch)
        with ctx.uow() as uow:  # earlier batches' remaining timers must not be due in this run
            uow.session.execute(update(TimerRow).where(TimerRow.status == "pending", TimerRow.due_at < start)
                                .values(status="cancelled"))
            uow.commit()
        log(f"firing {n} timers with {workers} worker(s)")
        result = run_workers(url, start + DUE, workers)
        result["checks"] = duplicates(ctx, (batch * n + 1, (batch + 1) * n))
        result["duplicates"] = (result["checks"]["dossiers_with_two_reminder_tasks"]
                                + result["checks"]["timers_audited_twice"])
        result["all_fired_once"] = (result["fired"] == n == result["checks"]["audit_entries"]
                                    and result["checks"]["reminders_still_pending"] == 0 and not result["duplicates"])
        report["runs"].append(result)
        log(f"  {result['timers_per_second']}/s, lag p95 {result['lag_s']['p95']} s, "
            f"{result['cpu_ms_per_timer']} ms CPU per timer, duplicates {result['duplicates']}")
    report["duplicates"] = sum(r["duplicates"] for r in report["runs"])
    report["all_fired_once"] = all(r["all_fired_once"] for r in report["runs"])
    ctx.session_factory.kw["bind"].dispose()
    if url.startswith("sqlite"):
        shutil.rmtree(Path(url.removeprefix("sqlite:///")).parent, ignore_errors=True)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--reset", action="store_true", help="PostgreSQL: drop and recreate schema public first")
    parser.add_argument("--timers", type=int, default=10_000)
    parser.add_argument("--workers", default="1,2", help="scheduler processes per run, e.g. 1,2 (default)")
    args = parser.parse_args()
    counts = tuple(int(w) for w in args.workers.split(","))
    print(json.dumps(run(args.database_url, args.timers, counts, args.reset), indent=2))


if __name__ == "__main__":
    main()
