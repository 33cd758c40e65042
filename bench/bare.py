"""Reference cost of the same steps in bare SpiffWorkflow, with no service around it.

Parse once; per iteration start an instance (BpmnWorkflow + do_engine_steps) and complete its first
user task (task.data.update + task.run + do_engine_steps) followed by a serialization with the stock
BpmnWorkflowSerializer (JSON). The script engine is SpiffWorkflow's own PythonScriptEngine with the
two pure helper functions the process scripts may call (average, add_months), not the service's
restricted one. `commit_ms` is one plain SQLAlchemy Core UPDATE of a row holding the serialized state
plus COMMIT, on the same kind of database (and the same SQLite pragmas) as the service.
"""

from __future__ import annotations

from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment
from SpiffWorkflow.bpmn.serializer.config import DEFAULT_CONFIG
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import Column, Engine, Integer, MetaData, Table, Text, insert, update

from workflow_service.engine.scripting import HELPERS

from .processes import BenchProcess
from .stats import log, ms_since, now_ns, summary, warmup_count

PROBE_TABLE = "bench_commit_probe"


def _parse(process: BenchProcess) -> tuple[Any, dict[str, Any]]:
    parser = SpiffBpmnParser()
    for name, content in process.files.items():
        root = etree.fromstring(content)
        if name.endswith(".bpmn"):
            parser.add_bpmn_xml(etree.ElementTree(root), filename=name)
        else:
            parser.add_dmn_xml(root, filename=name)
    return parser.get_spec(process.key), parser.get_subprocess_specs(process.key)


def run_bare(process: BenchProcess, start_data: dict[str, Any], iterations: int,
             engine: Engine) -> tuple[dict[str, Any], str]:
    """Returns the report section and one serialized state (for the commit probe)."""
    t0 = now_ns()
    spec, subprocess_specs = _parse(process)
    parse_ms = ms_since(t0)
    script_engine = PythonScriptEngine(environment=TaskDataEnvironment(dict(HELPERS)))
    serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure({**DEFAULT_CONFIG, **SPIFF_CONFIG}))

    def start() -> BpmnWorkflow:
        workflow = BpmnWorkflow(spec, subprocess_specs, script_engine=script_engine)
        workflow.get_tasks(state=TaskState.READY)[0].data.update(start_data)
        workflow.do_engine_steps()
        return workflow

    def complete(workflow: BpmnWorkflow) -> str:
        ready = [t for t in workflow.get_tasks(state=TaskState.READY, manual=True)
                 if t.task_spec.bpmn_id == process.first_task]
        if not ready:
            raise SystemExit(f"bare engine: no ready task {process.first_task!r} after start")
        task = ready[0]
        task.data.update(process.complete_data)
        task.run()
        workflow.do_engine_steps()
        return str(serializer.serialize_json(workflow))

    start_ms, step_ms, serialize_ms, deserialize_ms = [], [], [], []
    state = ""
    warm = warmup_count(iterations)
    log(f"bare engine: {warm} warm-up + {iterations} iterations")
    for i in range(warm + iterations):
        t0 = now_ns()
        workflow = start()
        t_start = ms_since(t0)
        t1 = now_ns()
        state = complete(workflow)
        t_step = ms_since(t1)
        # Breakdown only (not part of the reference): serialize alone and load back.
        t2 = now_ns()
        serializer.serialize_json(workflow)
        t_ser = ms_since(t2)
        t3 = now_ns()
        serializer.deserialize_json(state)
        t_de = ms_since(t3)
        if i >= warm:
            start_ms.append(t_start)
            step_ms.append(t_step)
            serialize_ms.append(t_ser)
            deserialize_ms.append(t_de)

    commit_ms, insert_commit_ms = _commit_probe(engine, state, iterations)
    section = {
        "parse_once_ms": round(parse_ms, 3),
        "start_ms": summary(start_ms),
        "complete_step_ms": summary(step_ms),
        "commit_ms": summary(commit_ms),
        "reference_ms": round(summary(step_ms)["median"] + summary(commit_ms)["median"], 3),
        "breakdown": {
            "serialize_ms": summary(serialize_ms),
            "deserialize_ms": summary(deserialize_ms),
            "insert_commit_ms": summary(insert_commit_ms),
        },
        "serialized_bytes": len(state.encode("utf-8")),
        "serializer": "BpmnWorkflowSerializer (stock, spec included)",
    }
    return section, state


def _commit_probe(engine: Engine, state: str, iterations: int) -> tuple[list[float], list[float]]:
    meta = MetaData()
    table = Table(PROBE_TABLE, meta, Column("id", Integer, primary_key=True), Column("state", Text))
    meta.drop_all(engine)
    meta.create_all(engine)
    updates, inserts = [], []
    try:
        with engine.begin() as conn:
            conn.execute(insert(table).values(id=1, state=state))
        warm = warmup_count(iterations)
        for i in range(warm + iterations):
            # Vary the text so no layer can skip an unchanged write.
            text = state + " " * (i % 2)
            t0 = now_ns()
            with engine.begin() as conn:
                conn.execute(update(table).where(table.c.id == 1).values(state=text))
            t_update = ms_since(t0)
            t1 = now_ns()
            with engine.begin() as conn:
                conn.execute(insert(table).values(id=i + 2, state=text))
            t_insert = ms_since(t1)
            if i >= warm:
                updates.append(t_update)
                inserts.append(t_insert)
    finally:
        meta.drop_all(engine)
    return updates, inserts
