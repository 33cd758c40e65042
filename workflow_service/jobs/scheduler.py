"""APScheduler wiring: BPMN timers and the deadline sweep, run by `ocopflow serve` and `ocopflow scheduler`.

Jobs live in a SQLAlchemy job store on the service's own database (table `scheduler_jobs`), so a
restart loses none. Every job only calls a service; the services decide what is due by the
injected clock and claim rows in the database, so two scheduler processes on one database never
fire a timer twice (APScheduler 3 itself does not coordinate processes). Each timer gets a date
job `timer:<id>`; the `timers:sweep` interval job is the safety net that also catches up after
downtime. The scheduler starts unless OCOPFLOW_SCHEDULER=off, at most once per process, and never
in tests unless a test starts it.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import UTC, datetime
from typing import Any

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore  # type: ignore[import-untyped]
from apscheduler.schedulers.background import BackgroundScheduler  # type: ignore[import-untyped]
from flask import Flask
from sqlalchemy import Engine

from ..config import EscalationSettings
from ..services.certificates.lifecycle import sweep_certificates
from ..services.context import ServiceContext
from ..services.deadlines.escalation import sweep_deadlines
from ..services.monitoring.counts import fold_deltas
from ..services.operations.heartbeat import beat
from ..services.plans.producer_reports import refresh_producer_reports
from ..services.timers.firing import fire_due_timers, fire_timer
from ..services.timers.watch import on_committed_timers

log = logging.getLogger(__name__)
JOB_TABLE = "scheduler_jobs"
SWEEP_SECONDS = int(os.environ.get("OCOPFLOW_TIMER_SWEEP_SECONDS", "30"))
FOLD_SECONDS = int(os.environ.get("OCOPFLOW_COUNTS_FOLD_SECONDS", "60"))

_lock = threading.Lock()
_running: dict[str, Any] = {}  # "scheduler" and "ctx" of the one started scheduler of this process


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def scheduler_enabled(environ: dict[str, str] | None = None) -> bool:
    return (os.environ if environ is None else environ).get("OCOPFLOW_SCHEDULER", "on").lower() != "off"


def build_scheduler(engine: Engine) -> BackgroundScheduler:
    store = SQLAlchemyJobStore(engine=engine, tablename=JOB_TABLE)
    return BackgroundScheduler(jobstores={"default": store}, timezone=UTC,
                               job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 1})


def start_scheduler(app: Flask, *, paused: bool = False) -> BackgroundScheduler | None:
    """Start this process's scheduler once; None when OCOPFLOW_SCHEDULER=off or already started."""
    if not scheduler_enabled():
        return None
    with _lock:
        if "scheduler" in _running:
            return None
        ctx: ServiceContext = app.extensions["ocopflow"]
        scheduler = build_scheduler(app.extensions["ocopflow.engine"])
        scheduler.start(paused=paused)
        _running.update(scheduler=scheduler, ctx=ctx, escalation=EscalationSettings.from_env())
    install_standing_jobs(scheduler)
    watch_new_timers(ctx, scheduler)
    beat(ctx, worker_name())  # ready at once, not only after the first sweep
    return scheduler


def stop_scheduler() -> None:
    with _lock:
        scheduler = _running.pop("scheduler", None)
        _running.pop("ctx", None)
        _running.pop("escalation", None)
    if scheduler is not None:
        scheduler.shutdown(wait=True)


def install_standing_jobs(scheduler: BackgroundScheduler) -> None:
    scheduler.add_job(sweep_timers_job, "interval", seconds=SWEEP_SECONDS, id="timers:sweep",
                      replace_existing=True)
    scheduler.add_job(sweep_deadlines_job, "interval", minutes=1, id="deadlines:sweep", replace_existing=True)
    scheduler.add_job(sweep_certificates_job, "interval", hours=1, id="certificates:sweep", replace_existing=True)
    scheduler.add_job(producer_reports_job, "interval", hours=6, id="reports:producers", replace_existing=True)
    scheduler.add_job(fold_counts_job, "interval", seconds=FOLD_SECONDS, id="counts:fold", replace_existing=True)


def schedule_timer(scheduler: BackgroundScheduler, ctx: ServiceContext, timer_id: str, due_at: datetime) -> None:
    # APScheduler runs on the host's clock; a demo clock (OCOPFLOW_CLOCK) may be years away from it.
    skew = ctx.clock.now() - datetime.now(UTC)
    scheduler.add_job(fire_timer_job, "date", run_date=due_at - skew, args=[timer_id], id=f"timer:{timer_id}",
                      replace_existing=True)


def watch_new_timers(ctx: ServiceContext, scheduler: BackgroundScheduler) -> None:
    """Give each timer committed by this process its date job as soon as its transaction commits."""

    def schedule(timer_id: str, due_at: datetime) -> None:
        if scheduler.running:
            schedule_timer(scheduler, ctx, timer_id, due_at)

    on_committed_timers(ctx.session_factory, schedule)


def _ctx() -> ServiceContext | None:
    return _running.get("ctx")


def fire_timer_job(timer_id: str) -> None:
    ctx = _ctx()
    if ctx is not None and not fire_timer(ctx, timer_id, worker_name()):
        log.debug("timer %s: nothing to fire (already fired, cancelled, not due or dossier busy)", timer_id)


def sweep_timers_job() -> None:
    ctx = _ctx()
    if ctx is None:
        return
    result = fire_due_timers(ctx, worker_name())
    beat(ctx, worker_name())  # readiness (GET /api/v1/ready) checks the newest beat is fresh
    if result.fired or result.failed or result.busy:
        log.info("timer sweep: %d fired, %d failed, %d dossiers busy", result.fired, len(result.failed),
                 result.busy)


def fold_counts_job() -> None:
    """Keep the monitoring counts' deltas few (the summary is exact either way, only faster)."""
    ctx = _ctx()
    if ctx is not None:
        fold_deltas(ctx)


def sweep_deadlines_job() -> None:
    ctx = _ctx()
    if ctx is None:
        return
    result = sweep_deadlines(ctx, _running.get("escalation"))
    if result.escalated:
        log.info("deadline sweep: %d tasks escalated, %d notified, %d e-mailed", result.escalated,
                 result.notified, result.emailed)


def sweep_certificates_job() -> None:
    """Expire certificates past their last listed day; send re-evaluation window notices (each once)."""
    ctx = _ctx()
    if ctx is None:
        return
    escalation = _running.get("escalation")
    result = sweep_certificates(ctx, escalation.mail if escalation else None)
    if result.expired or result.notices:
        log.info("certificate sweep: %d expired, %d window notices (%d people, %d e-mailed)", result.expired,
                 result.notices, result.notified, result.emailed)


def producer_reports_job() -> None:
    """Producers approved or certified since the last run start owing their plan's periodic reports."""
    ctx = _ctx()
    if ctx is None:
        return
    created = refresh_producer_reports(ctx)
    if created:
        log.info("producer reports: %d created", created)
