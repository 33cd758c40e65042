"""A user action against the bare engine step, side by side in one loop (issue 17, point 1).

    .venv/bin/python -m bench.hot_path                         # temporary SQLite
    .venv/bin/python -m bench.hot_path --database-url postgresql+psycopg://…/scratch --reset

Every iteration runs, one right after the other, on the same database and the same machine load:

* `reference`: the bare SpiffWorkflow step with save/load, i.e. what a service around the engine
  cannot avoid: read a stored state (one SELECT), deserialize it (stock BpmnWorkflowSerializer),
  complete the first user task and run the engine (stock PythonScriptEngine), serialize, write it
  back (one UPDATE) and COMMIT;
* `claim`: POST /api/v1/tasks/{id}/claim over HTTP (werkzeug server on 127.0.0.1, bearer token);
* `complete`: POST /api/v1/tasks/{id}/complete over HTTP.

The dossier is filed before (not timed). Each action's SQL statements (SQLAlchemy
`before_cursor_execute`, so SQLite's BEGIN IMMEDIATE counts), transactions begun and commits are
counted server-side with event hooks; authentication and the JSON answer are included. The
ratio of medians is the headline: claim and complete should each stay within 3x the reference.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment
from SpiffWorkflow.bpmn.serializer.config import DEFAULT_CONFIG
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import Column, Engine, Integer, MetaData, Table, Text, event, insert, select, update

from workflow_service import create_app
from workflow_service.config import Settings
from workflow_service.engine.scripting import HELPERS
from workflow_service.persistence.database import READ_ONLY_OPTION, read_only_options
from workflow_service.persistence.models import RoleAssignment, User
from workflow_service.process_tuning import tune_garbage_collector
from workflow_service.services.accounts import users as accounts
from workflow_service.services.demo.loader import DEMO_PASSWORD, load_demo
from workflow_service.services.dossiers.filing import FileDossier, file_dossier

from .http_stack import Client, Server
from .processes import PROCESSES, BenchProcess, load_process
from .report import database_info
from .seed import prepare_database, redact
from .stats import log, ms_since, now_ns, summary, warmup_count

COMMUNE = "18101"
OFFICER = "officer.huongkhe"
SPIFF_ARENA = {"ms_per_task_submit": 100, "sql_statements": 85, "commits": 5,
               "source": "issue 17: spiff-arena, the closest peer, per task submit"}
LIMIT_X = 3.0


@dataclass
class ActionCounter:
    """Statements, transactions and commits the database saw (server side: the client sends none)."""

    engine: Engine
    statements: int = 0
    begins: int = 0
    commits: int = 0
    seen: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        event.listen(self.engine, "before_cursor_execute", self._statement)
        event.listen(self.engine, "begin", self._begin)
        event.listen(self.engine, "commit", self._commit)

    def _statement(self, _conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        self.statements += 1
        self.seen.append(" ".join(statement.split())[:120])

    def _begin(self, conn: Any) -> None:
        if not conn.get_execution_options().get(READ_ONLY_OPTION):
            self.begins += 1

    def _commit(self, _conn: Any) -> None:
        self.commits += 1

    def take(self) -> dict[str, Any]:
        counts = {"statements": self.statements, "transactions": self.begins, "commits": self.commits,
                  "sql": self.seen}
        self.statements = self.begins = self.commits = 0
        self.seen = []
        return counts

    def remove(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._statement)
        event.remove(self.engine, "begin", self._begin)
        event.remove(self.engine, "commit", self._commit)


class BareStep:
    """Load a stored state, complete the first user task, save it: stock SpiffWorkflow, same database."""

    def __init__(self, process: BenchProcess, start_data: dict[str, Any], engine: Engine):
        parser = SpiffBpmnParser()
        for name, content in process.files.items():
            root = etree.fromstring(content)
            if name.endswith(".bpmn"):
                parser.add_bpmn_xml(etree.ElementTree(root), filename=name)
            else:
                parser.add_dmn_xml(root, filename=name)
        self.spec = parser.get_spec(process.key)
        self.subprocess_specs = parser.get_subprocess_specs(process.key)
        self.script_engine = PythonScriptEngine(environment=TaskDataEnvironment(dict(HELPERS)))
        self.serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure({**DEFAULT_CONFIG, **SPIFF_CONFIG}))
        self.process, self.engine = process, engine
        workflow = BpmnWorkflow(self.spec, self.subprocess_specs, script_engine=self.script_engine)
        workflow.get_tasks(state=TaskState.READY)[0].data.update(start_data)
        workflow.do_engine_steps()
        started = self.serializer.serialize_json(workflow)
        self.table = Table("bench_bare_state", MetaData(), Column("id", Integer, primary_key=True),
                           Column("state", Text))
        self.table.drop(engine, checkfirst=True)
        self.table.create(engine)
        with engine.begin() as conn:  # row 1: the started instance, read each time; row 2: written
            conn.execute(insert(self.table), [{"id": 1, "state": started}, {"id": 2, "state": started}])
        self.state_bytes = len(started.encode("utf-8"))

    def once(self) -> float:
        t0 = now_ns()
        with self.engine.connect().execution_options(**read_only_options(self.engine.dialect.name)) as conn:
            state = conn.scalar(select(self.table.c.state).where(self.table.c.id == 1))
        workflow = self.serializer.deserialize_json(state)
        workflow.script_engine = self.script_engine
        task = next(t for t in workflow.get_tasks(state=TaskState.READY, manual=True)
                    if t.task_spec.bpmn_id == self.process.first_task)
        task.data.update(self.process.complete_data)
        task.run()
        workflow.do_engine_steps()
        saved = self.serializer.serialize_json(workflow)
        with self.engine.begin() as conn:
            conn.execute(update(self.table).where(self.table.c.id == 2).values(state=saved))
        return ms_since(t0)

    def drop(self) -> None:
        self.table.drop(self.engine, checkfirst=True)


def measure(app: Any, process: BenchProcess, iterations: int) -> dict[str, Any]:
    """The interleaved loop on a running app (demo data loaded)."""
    ctx = app.extensions["ocopflow"]
    engine: Engine = app.extensions["ocopflow.engine"]
    officer = accounts.load_actor(ctx, OFFICER)
    with engine.connect() as conn:
        council = list(conn.scalars(select(User.username).join(RoleAssignment).where(
            RoleAssignment.role == "province_council", RoleAssignment.unit_code == "42").order_by(User.username)))
    start_data = {**process.start_data, "kind": "first_time", "commune": COMMUNE,
                  "registration_number": f"001/PĐK-42-{COMMUNE}-2026", "council_members": council}
    bare = BareStep(process, start_data, engine)
    cmd = FileDossier(process.key, COMMUNE, "first_time", process.start_data)
    samples: dict[str, list[float]] = {"reference": [], "claim": [], "complete": []}
    counts: dict[str, dict[str, Any]] = {}
    counter = ActionCounter(engine)
    warm = warmup_count(iterations)
    log(f"hot path on {engine.dialect.name}: {warm} warm-up + {iterations} interleaved iterations")
    try:
        with Server(app) as server:
            token = Client(server.port).call("POST", "/api/v1/auth/token",
                                             {"username": OFFICER, "password": DEMO_PASSWORD})["access_token"]
            client = Client(server.port, token)
            for i in range(warm + iterations):
                reference = bare.once()
                dossier = file_dossier(ctx, officer, cmd)
                task_id = _first_task(engine, dossier.id, process.first_task)
                counter.take()
                t0 = now_ns()
                client.call("POST", f"/api/v1/tasks/{task_id}/claim")
                claim = ms_since(t0)
                counts["claim"] = counter.take()
                t1 = now_ns()
                client.call("POST", f"/api/v1/tasks/{task_id}/complete", {"data": process.complete_data})
                complete = ms_since(t1)
                counts["complete"] = counter.take()
                if i >= warm:
                    samples["reference"].append(reference)
                    samples["claim"].append(claim)
                    samples["complete"].append(complete)
    finally:
        counter.remove()
        bare.drop()
    ref = summary(samples["reference"])
    result: dict[str, Any] = {"database": engine.dialect.name, "process": process.name,
                              "reference_ms": ref, "reference_state_bytes": bare.state_bytes}
    for action in ("claim", "complete"):
        timing = summary(samples[action])
        ratio = round(timing["median"] / ref["median"], 2)
        result[action] = {"ms": timing, "x_reference": ratio, "met": ratio <= LIMIT_X,
                          "statements": counts[action]["statements"],
                          "transactions": counts[action]["transactions"],
                          "commits": counts[action]["commits"], "sql": counts[action]["sql"]}
    result["targets_met"] = all(result[a]["met"] and result[a]["statements"] <= 10 and result[a]["commits"] <= 1
                                for a in ("claim", "complete"))
    result["spiff_arena"] = SPIFF_ARENA
    return result


def _first_task(engine: Engine, dossier_id: int, element_id: str) -> str:
    from workflow_service.persistence.models import TaskRow

    with engine.connect() as conn:
        task_id = conn.scalar(select(TaskRow.id).where(TaskRow.dossier_id == dossier_id,
                                                       TaskRow.element_id == element_id, TaskRow.status == "open"))
    if task_id is None:
        raise SystemExit(f"dossier {dossier_id} has no open task {element_id!r}")
    return str(task_id)


def run(database_url: str | None, reset: bool, process_name: str, iterations: int) -> dict[str, Any]:
    process = load_process(process_name)
    db = prepare_database(database_url, reset, None)
    try:
        settings = Settings(database_url=db.url, secret_key="bench-" + "k" * 40, env="testing",
                            bpmn_dir=process.bpmn_dir, forms_dir=process.forms_dir)
        app = create_app(settings)
        load_demo(app.extensions["ocopflow"])
        if os.environ.get("BENCH_GC", "tuned") == "tuned":
            tune_garbage_collector()  # as `ocopflow serve` does before serving (the bare step shares the process)
        log(f"hot path: {redact(db.url)}")
        result = measure(app, process, iterations)
        result["database_info"] = database_info(app.extensions["ocopflow.engine"], db)
        app.extensions["ocopflow.engine"].dispose()
        return result
    finally:
        db.cleanup(False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None, help="a SCRATCH database; default temporary SQLite")
    parser.add_argument("--reset", action="store_true", help="drop the OCOP Flow tables first")
    parser.add_argument("--process", choices=sorted(PROCESSES), default="mini")
    parser.add_argument("--iterations", type=int, default=200)
    args = parser.parse_args(argv)
    json.dump(run(args.database_url, args.reset, args.process, args.iterations), sys.stdout, indent=2,
              ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
