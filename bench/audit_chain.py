"""What the audit hash chain costs a complete step: chained vs. unchained, interleaved (JSON on stdout).

    .venv/bin/python bench/audit_chain.py [--iterations 200] [--database-url postgresql+psycopg://…]

"Unchained" patches the chain out of services/audit/trail.py (no head read, no lock, no hash), so the
difference is everything the chain adds: the lock and head read on PostgreSQL, the head read on
SQLite, the canonical JSON and SHA-256. Steps alternate between the two so drift hits both alike.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` importable as a package
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "bench"

from workflow_service import create_app
from workflow_service.config import Settings
from workflow_service.domain.audit_chain import record_hash
from workflow_service.services.accounts import users as accounts
from workflow_service.services.audit import trail
from workflow_service.services.demo.loader import load_demo
from workflow_service.services.dossiers.filing import FileDossier, file_dossier
from workflow_service.services.tasks.actions import claim_task, complete_task

from .inbox import COMMUNE, OFFICER
from .processes import load_process
from .report import machine
from .run import _open_task
from .seed import prepare_database, redact
from .stats import log, ms_since, now_ns, summary, warmup_count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=200, help="timed complete steps per mode")
    parser.add_argument("--database-url", default=None, help="a SCRATCH database; default temporary SQLite")
    parser.add_argument("--reset", action="store_true", help="drop existing OCOP Flow tables first")
    args = parser.parse_args(argv)
    process = load_process("mini")
    db = prepare_database(args.database_url, args.reset, None)
    try:
        settings = Settings(database_url=db.url, secret_key="bench-" + "k" * 40, env="testing",
                            bpmn_dir=process.bpmn_dir, forms_dir=process.forms_dir,
                            instance_dir=Path(tempfile.mkdtemp(prefix="ocop-bench-")))
        app = create_app(settings)
        ctx = app.extensions["ocopflow"]
        load_demo(ctx)
        officer = accounts.load_actor(ctx, OFFICER)
        cmd = FileDossier(process.key, COMMUNE, "first_time", process.start_data)
        chained_head, chained_hash = trail.chain_head, trail.record_hash
        samples: dict[str, list[float]] = {"chained": [], "unchained": []}
        warm = warmup_count(args.iterations)
        log(f"{redact(db.url)}: {warm} warm-up + {args.iterations} complete steps per mode")
        for i in range(2 * (warm + args.iterations)):
            mode = "chained" if i % 2 == 0 else "unchained"
            trail.chain_head = chained_head if mode == "chained" else (lambda _session, _dossier: None)
            trail.record_hash = chained_hash if mode == "chained" else (lambda **_fields: "")  # type: ignore[assignment]
            dossier = file_dossier(ctx, officer, cmd)
            task_id = _open_task(app.extensions["ocopflow.engine"], dossier.id, process.first_task)
            claim_task(ctx, officer, task_id)
            t0 = now_ns()
            complete_task(ctx, officer, task_id, process.complete_data)
            if i >= 2 * warm:
                samples[mode].append(ms_since(t0))
        trail.chain_head, trail.record_hash = chained_head, chained_hash
        app.extensions["ocopflow.engine"].dispose()
    finally:
        db.cleanup(False)
    chained, unchained = summary(samples["chained"]), summary(samples["unchained"])
    report: dict[str, Any] = {
        "benchmark": "audit_chain", "database": redact(db.url).split(":")[0], "machine": machine(),
        "complete_ms": {"chained": chained, "unchained": unchained,
                        "overhead_median": round(chained["median"] - unchained["median"], 3)},
        "record_hash_us": _hash_cost(),
    }
    json.dump(report, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


def _hash_cost(rounds: int = 20000) -> float:
    """The canonical JSON + SHA-256 of a typical completion record, alone."""
    fields: dict[str, Any] = {"dossier_id": 1234, "task_id": "6f1c2d9e-0000-4000-8000-000000000000",
                              "actor": "council1.hatinh", "acting_as": "province_council@42", "action": "complete",
                              "at": datetime(2026, 11, 23, 2, 0, tzinfo=UTC),
                              "data": {"element": "score", "data": {"points": 70, "note": "đạt"}}}
    t0 = now_ns()
    for _ in range(rounds):
        record_hash(prev_hash="ab" * 32, **fields)
    return round(ms_since(t0) * 1000 / rounds, 2)


if __name__ == "__main__":
    raise SystemExit(main())
