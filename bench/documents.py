"""Render time of each official document (WeasyPrint), and what issuing them adds to the steps that do.

    .venv/bin/python -m bench.documents                  # 10 renders of each kind, temporary SQLite
    .venv/bin/python -m bench.documents --iterations 30

A dossier is taken through the R4 chain to a 4★ certificate by the services (as the people of the
chain would). Then each of its documents is rendered again from the same record `--iterations` times
after 2 untimed warm-ups: wall time (perf_counter) and CPU time of this process (process_time, less
sensitive to other processes on the machine), and the PDF's size. `first_render_ms` is the first
document of a fresh process (WeasyPrint's import and the font's first load). `issue_after_*_ms` are the
whole post-commit issuing after filing (Mẫu 01 + 02) and after the chair's decision (decision +
certificate): rendering plus storing with the audit entry. Prints one JSON document on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select

from bench.stats import log, summary
from workflow_service import create_app
from workflow_service.config import Settings
from workflow_service.domain.clock import FixedClock
from workflow_service.persistence.models import TaskRow
from workflow_service.services.accounts.users import load_actor
from workflow_service.services.context import ServiceContext
from workflow_service.services.demo.loader import load_demo
from workflow_service.services.documents import issuing
from workflow_service.services.documents.contents import papers
from workflow_service.services.documents.facts import read_record
from workflow_service.services.documents.rendering import render_pdf
from workflow_service.services.dossiers.filing import FileDossier, file_dossier
from workflow_service.services.tasks.actions import claim_task, complete_task

ROOT = Path(__file__).resolve().parent.parent
FILING = {
    "producer": {"name": "Hợp tác xã Ong mật Hương Khê", "type": "cooperative", "tax_code": "3001234567",
                 "address": "Thôn Phúc Đồng, xã Hương Khê, tỉnh Hà Tĩnh", "phone": "0912 345 678",
                 "representative": "Đặng Thị Ngữ", "representative_title": "Giám đốc"},
    "product": {"name": "Mật ong Hương Khê", "group": "food", "subgroup": "Mật ong",
                "description": "Mật ong rừng nguyên chất, lọ 500 ml.", "sample_count": 5},
}
STEPS: list[tuple[str, str, dict[str, Any]]] = [
    ("officer.huongkhe", "commune_review", {
        "complete": True, "local_raw_materials": True, "local_labour": True, "idea_origin": True,
        "local_identity": True, "mau03_report_number": "12/BC-UBND", "proposal_letter_number": "13/TTr-UBND",
        "samples_sent": True}),
    ("office.hatinh", "office_check", {"complete": True}),
    ("advisory.hatinh", "advisory_review", {"supplement_needed": False, "site_survey_done": True,
                                            "lab_tests_required": False, "report": "Đạt."}),
    *[(member, "council_scoring", {"part_a": 30, "part_b": 20, "part_c": 28, "minimum_star": 4})
      for member in ("council1.hatinh", "council2.hatinh", "council3.hatinh")],
    ("chair.hatinh", "chair_decision", {"approved": True, "decision_number": "2345/QĐ-UBND",
                                        "certificate_number": "041/GCN-UBND", "issue_date": "2026-11-25"}),
]


def _do(ctx: ServiceContext, user: str, element: str, data: dict[str, Any], dossier_id: int) -> float:
    actor = load_actor(ctx, user)
    with ctx.uow() as uow:
        task = uow.session.scalars(select(TaskRow).where(
            TaskRow.dossier_id == dossier_id, TaskRow.element_id == element, TaskRow.status == "open",
            or_(TaskRow.candidate.is_(None), TaskRow.candidate == user))).first()
    assert task is not None, element
    claim_task(ctx, actor, task.id)
    started = time.perf_counter()
    complete_task(ctx, actor, task.id, data)
    return (time.perf_counter() - started) * 1000


def run(iterations: int) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="ocopflow-bench-documents-"))
    clock = FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    app = create_app(Settings(database_url=f"sqlite:///{folder / 'bench.db'}", secret_key="bench-" + "x" * 40,
                              env="testing", bpmn_dir=ROOT / "bpmn", forms_dir=ROOT / "forms",
                              instance_dir=folder / "instance"), clock=clock)
    ctx: ServiceContext = app.extensions["ocopflow"]
    load_demo(ctx)
    issued: dict[str, float] = {}
    original = issuing.issue_due_documents

    def timed(context: ServiceContext, dossier_id: int) -> Any:
        started = time.perf_counter()
        try:
            return original(context, dossier_id)
        finally:
            issued.setdefault(f"call_{len(issued)}", (time.perf_counter() - started) * 1000)

    issuing.issue_due_documents = timed  # type: ignore[assignment]
    log("filing and walking a dossier to a 4★ certificate")
    started = time.perf_counter()
    dossier_id = file_dossier(ctx, load_actor(ctx, "producer.huongkhe"),
                              FileDossier(None, "18101", "first_time", FILING)).id
    filing_ms = (time.perf_counter() - started) * 1000
    first_render_ms = issued["call_0"]
    completes = {element: _do(ctx, user, element, data, dossier_id) for user, element, data in STEPS}
    issuing.issue_due_documents = original  # type: ignore[assignment]
    with ctx.uow() as uow:
        record = read_record(ctx, uow.session, dossier_id, set())
    assert record is not None
    kinds: dict[str, Any] = {}
    for paper in papers(record, record.due, ctx.public_base_url):
        log(f"rendering {paper.kind.value} × {iterations}")
        for _ in range(2):
            render_pdf(paper.template, paper.doc)
        wall, cpu, size = [], [], 0
        for _ in range(iterations):
            w0, c0 = time.perf_counter(), time.process_time()
            size = len(render_pdf(paper.template, paper.doc))
            wall.append((time.perf_counter() - w0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        kinds[paper.kind.value] = {"wall_ms": summary(wall), "cpu_ms": summary(cpu), "bytes": size}
    app.extensions["ocopflow.engine"].dispose()
    return {
        "machine": {"cpus": os.cpu_count(), "load_average_1m": round(os.getloadavg()[0], 2)},
        "render": kinds,
        "first_render_ms": round(first_render_ms, 1),
        "file_dossier_ms_with_documents": round(filing_ms, 1),
        "complete_ms": {"commune_review (Mẫu 03)": round(completes["commune_review"], 1),
                        "office_check (none due)": round(completes["office_check"], 1),
                        "chair_decision (decision + certificate)": round(completes["chair_decision"], 1)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--iterations", type=int, default=10)
    args = parser.parse_args()
    print(json.dumps(run(args.iterations), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
