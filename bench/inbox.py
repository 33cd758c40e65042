"""Inbox benchmark of bench/run.py: the inbox at growing sizes, in-process and over HTTP, with query plans."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy import Engine, and_, event, or_, select
from sqlalchemy.orm import joinedload, lazyload, load_only

from workflow_service.domain.roles import ROLE_LEVEL
from workflow_service.persistence.models import Dossier, TaskRow
from workflow_service.services.accounts import tokens
from workflow_service.services.accounts import users as accounts
from workflow_service.services.demo.loader import DEMO_PASSWORD
from workflow_service.services.dossiers.filing import FileDossier, file_dossier
from workflow_service.services.tasks.actions import TaskFilter, list_tasks

from .http_stack import Client, Server
from .processes import BenchProcess
from .seed import Seeder
from .stats import log, ms_since, now_ns, summary

COMMUNE = "18101"  # demo commune under province 42 (which has three council members)
OFFICER = "officer.huongkhe"
INBOX_OFFICER = "bench.officer"
FIXED_OFFICER = "bench.officer.fixed"


class QueryCounter:
    """Counts SQL statements sent to the database (N+1 detector) and keeps the last ones."""

    def __init__(self, engine: Engine):
        self.count = 0
        self.statements: list[tuple[str, Any]] = []
        event.listen(engine, "before_cursor_execute", self._on_execute)

    def _on_execute(self, _conn: Any, _cursor: Any, statement: str, parameters: Any, *_rest: Any) -> None:
        self.count += 1
        if len(self.statements) < 50:
            self.statements.append((statement, parameters))

    def reset(self) -> None:
        self.count = 0
        self.statements = []


def _fixed_inbox(ctx: Any, actor: Any) -> tuple[list[TaskRow], Any]:
    """The inbox query in the shape described in README.md ("Comparison query"), for comparison only.

    Same rows and order as services.tasks.list_tasks with the default filter, but the OR is
    distributed so that every branch starts with indexable equalities (SQLite: MULTI-INDEX OR
    over ix_tasks_claimed_by and ix_tasks_inbox; PostgreSQL: BitmapOr), and the joined dossier
    loads only what TaskSchema shows.
    """
    candidate = or_(TaskRow.candidate.is_(None), TaskRow.candidate == actor.username)
    branches = [and_(TaskRow.status == "open", TaskRow.claimed_by == actor.username)]
    branches += [and_(TaskRow.status == "open", TaskRow.role == g.role, TaskRow.unit_code == g.unit_code,
                      TaskRow.claimed_by.is_(None), candidate)
                 for g in actor.grants if g.role in ROLE_LEVEL]
    query = (select(TaskRow).where(or_(*branches))
             .options(joinedload(TaskRow.dossier).options(load_only(Dossier.id, Dossier.registration_number),
                                                          lazyload(Dossier.definition)))
             .order_by(TaskRow.due_at.is_(None), TaskRow.due_at, TaskRow.created_at, TaskRow.id).limit(50))
    with ctx.uow() as uow:
        return list(uow.session.scalars(query)), query


def _explain(engine: Engine, statement: str, parameters: Any) -> list[str]:
    prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(prefix + statement, parameters).all()
    if engine.dialect.name == "sqlite":
        return [f"{r[0]}|{r[1]}| {r[3]}" for r in rows]
    return [r[0] for r in rows]


def _time_inbox(ctx: Any, actor: Any, client: Client, counter: QueryCounter, engine: Engine, n: int,
                with_plans: bool) -> dict[str, Any]:
    for _ in range(3):
        list_tasks(ctx, actor, TaskFilter())
        client.call("GET", "/api/v1/tasks")
        _fixed_inbox(ctx, actor)
    inproc, http, fixed = [], [], []
    items = 0
    for _ in range(n):
        counter.reset()
        t0 = now_ns()
        items = len(list_tasks(ctx, actor, TaskFilter()))
        inproc.append(ms_since(t0))
    statements, q_inproc = list(counter.statements), counter.count
    for _ in range(n):
        counter.reset()
        t0 = now_ns()
        client.call("GET", "/api/v1/tasks")
        http.append(ms_since(t0))
    q_http = counter.count
    fixed_rows: list[TaskRow] = []
    for _ in range(n):
        counter.reset()
        t0 = now_ns()
        fixed_rows, _query = _fixed_inbox(ctx, actor)
        fixed.append(ms_since(t0))
    fixed_statements = list(counter.statements)
    if len(fixed_rows) != items:
        raise SystemExit(f"the comparison query returned {len(fixed_rows)} rows, list_tasks {items}")
    timing: dict[str, Any] = {"items_returned": items, "inprocess_ms": summary(inproc),
                              "http_ms": summary(http),
                              "sql_statements": {"inprocess": q_inproc, "http": q_http}}
    if with_plans:
        timing["plan"] = _explain(engine, *statements[-1]) if statements else []
    timing["comparison_fixed_query_ms"] = summary(fixed)
    if with_plans:
        timing["comparison_fixed_query_plan"] = (_explain(engine, *fixed_statements[-1])
                                                 if fixed_statements else [])
    return timing


def inbox_report(app: Any, ctx: Any, engine: Engine, counter: QueryCounter, process: BenchProcess,
           args: argparse.Namespace) -> dict[str, Any]:
    officer = accounts.load_actor(ctx, OFFICER)
    template = file_dossier(ctx, officer, FileDossier(process.key, COMMUNE, "first_time", process.start_data))
    seeder = Seeder(engine, template.id, communes=args.communes)
    seeder.add_communes()
    seeder.seed_fixed()
    accounts.add_user(ctx, INBOX_OFFICER, DEMO_PASSWORD, [f"commune_officer@{seeder.officer_commune}"])
    accounts.add_user(ctx, FIXED_OFFICER, DEMO_PASSWORD, [f"commune_officer@{seeder.fixed_commune}"])
    share_actor = accounts.load_actor(ctx, INBOX_OFFICER)
    fixed_actor = accounts.load_actor(ctx, FIXED_OFFICER)
    n = args.inbox_queries
    result: dict[str, Any] = {
        "officer": f"commune_officer@{seeder.officer_commune}"
                   f" (one of {args.communes} communes: holds its share)",
        "fixed_officer": f"commune_officer@{seeder.fixed_commune}"
                         f" (holds {seeder.fixed_count} open tasks at every size)",
        "sizes": {}}
    with Server(app) as server:
        share_client = Client(server.port, tokens.issue_access_token(ctx, share_actor))
        fixed_client = Client(server.port, tokens.issue_access_token(ctx, fixed_actor))
        for size in args.size_list:
            seconds = seeder.grow_to(size)
            counts = seeder.counts()
            log(f"inbox: seeded {size} dossiers in {seconds:.1f} s; {counts}; {n} queries each way")
            share = _time_inbox(ctx, share_actor, share_client, counter, engine, n, with_plans=True)
            fixed = _time_inbox(ctx, fixed_actor, fixed_client, counter, engine, n, with_plans=False)
            result["sizes"][str(size)] = {"seed_s": round(seconds, 2), **counts, **share,
                                          "fixed_officer_inbox": fixed}
            log(f"  inbox {size}: in-process {share['inprocess_ms']['median']} ms,"
                f" http {share['http_ms']['median']} ms,"
                f" fixed query {share['comparison_fixed_query_ms']['median']} ms,"
                f" {share['items_returned']} items; fixed officer in-process"
                f" {fixed['inprocess_ms']['median']} ms ({fixed['items_returned']} items)")
    sizes = [str(s) for s in args.size_list]
    if len(sizes) >= 2:
        small, large = result["sizes"][sizes[0]], result["sizes"][sizes[-1]]
        ratios: dict[str, float] = {}
        for mode in ("inprocess_ms", "http_ms", "comparison_fixed_query_ms"):
            name = mode.removesuffix("_ms")
            ratios[name] = round(large[mode]["median"] / small[mode]["median"], 2)
            ratios[f"fixed_officer_{name}"] = round(large["fixed_officer_inbox"][mode]["median"]
                                                    / small["fixed_officer_inbox"][mode]["median"], 2)
        result[f"ratio_{sizes[-1]}_to_{sizes[0]}"] = ratios
    return result


# --- targets and context -----------------------------------------------------------------------------
