"""Benchmark: migrating dossiers in flight (R3 → R4, bpmn/migrations/r3_to_r4_2026.yaml).

Files N dossiers under R3 through the services (the real process, bpmn/ + forms/), breaks one of them,
then times the dry run and the run (one transaction per dossier). Prints one JSON document on stdout;
progress on stderr.

    .venv/bin/python bench/migration.py --dossiers 1000 > migration-result.json
    .venv/bin/python bench/migration.py --dossiers 100 --database-url postgresql+psycopg://…/scratch --reset
    .venv/bin/python bench/migration.py --database-url sqlite:////tmp/m.db --prepare-only   # then:
    DATABASE_URL=sqlite:////tmp/m.db OCOPFLOW_ENV=testing OCOPFLOW_CLOCK=2026-05-22T09:00:00+07:00 \
        ocopflow migrate bpmn/migrations/r3_to_r4_2026.yaml --execute     # kill it, then --resume RUN
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, text, update

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workflow_service import create_app
from workflow_service.config import Settings
from workflow_service.domain.clock import FixedClock
from workflow_service.persistence.models import Dossier
from workflow_service.services.accounts.users import load_actor
from workflow_service.services.demo.loader import load_demo
from workflow_service.services.dossiers.filing import FileDossier, file_dossier
from workflow_service.services.migration.dry_run import dry_run
from workflow_service.services.migration.runs import run_pending, start_run

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PLAN = (ROOT / "bpmn" / "migrations" / "r3_to_r4_2026.yaml").read_text(encoding="utf-8")
FILING = {"producer": {"name": "HTX Nông nghiệp Hương Khê", "type": "cooperative", "tax_code": "3001234567",
                       "address": "Thôn 1, xã Hương Khê, tỉnh Hà Tĩnh", "phone": "0912 345 678"},
          "product": {"name": "Bưởi Phúc Trạch", "group": "food", "subgroup": "Rau, củ, quả, hạt tươi",
                      "description": "Bưởi tươi.", "sample_count": 5}}


def _ms(samples: list[float]) -> dict[str, Any]:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)] if ordered else None
    return {"median": round(statistics.median(ordered), 2) if ordered else None,
            "p95": round(p95, 2) if p95 is not None else None, "n": len(ordered)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dossiers", type=int, default=1000)
    parser.add_argument("--database-url", default=None, help="a scratch database (default: temporary SQLite)")
    parser.add_argument("--reset", action="store_true", help="drop the scratch PostgreSQL schema first")
    parser.add_argument("--prepare-only", action="store_true",
                        help="file the dossiers and break one, then stop (for a run from the CLI)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="ocop-migration-bench-"))
    url = args.database_url or f"sqlite:///{tmp / 'bench.db'}"
    if args.reset and url.startswith("postgresql"):
        with create_engine(url, isolation_level="AUTOCOMMIT").connect() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    clock = FixedClock(datetime(2026, 5, 20, 9, 0, tzinfo=VN))
    settings = Settings(database_url=url, secret_key="bench-secret-" + "x" * 40, env="testing",
                        bpmn_dir=ROOT / "bpmn", forms_dir=ROOT / "forms", instance_dir=tmp / "instance")
    app = create_app(settings, clock=clock)
    ctx = app.extensions["ocopflow"]
    load_demo(ctx)
    producer = load_actor(ctx, "producer.huongkhe")
    kinds = ("first_time", "upgrade", "re_evaluation")
    began = time.perf_counter()
    ids = []
    for i in range(args.dossiers):
        ids.append(file_dossier(ctx, producer, FileDossier(None, "18101", kinds[i % 3], FILING)).id)
        if (i + 1) % 100 == 0:
            print(f"filed {i + 1}/{args.dossiers}", file=sys.stderr)
    seed_s = time.perf_counter() - began
    broken = ids[len(ids) // 2]
    with ctx.uow() as uow:
        uow.session.execute(update(Dossier).where(Dossier.id == broken).values(state='{"broken": true}'))
        uow.commit()
    if args.prepare_only:
        print(json.dumps({"database_url": url, "dossiers": args.dossiers, "seed_s": round(seed_s, 1),
                          "broken_dossier": broken}, indent=2))
        app.extensions["ocopflow.engine"].dispose()
        return
    clock.set(datetime(2026, 5, 22, 9, 0, tzinfo=VN))
    designer = load_actor(ctx, "designer")

    began = time.perf_counter()
    preview = dry_run(ctx, designer, PLAN)
    dry_s = time.perf_counter() - began
    print(f"dry run: {preview.counts} in {dry_s:.1f} s", file=sys.stderr)

    run_id = start_run(ctx, designer, PLAN)
    stamps: list[float] = [time.perf_counter()]
    began = stamps[0]

    def progress(done: int, total: int, _outcome: object) -> None:
        stamps.append(time.perf_counter())
        if done % 100 == 0:
            print(f"migrated {done}/{total}", file=sys.stderr)

    view = run_pending(ctx, designer, run_id, progress=progress)
    run_s = time.perf_counter() - began
    failed = [i for i in view.items if i["status"] == "failed"]
    per_dossier = [(b - a) * 1000 for a, b in itertools.pairwise(stamps)]
    print(json.dumps({
        "database": url.split(":", 1)[0], "dossiers": args.dossiers, "seed_s": round(seed_s, 1),
        "dry_run": {"seconds": round(dry_s, 2), "per_dossier_ms": round(dry_s * 1000 / args.dossiers, 2),
                    "counts": preview.counts},
        "run": {"seconds": round(run_s, 2), "per_dossier_ms": _ms(per_dossier), "counts": view.counts,
                "throughput_per_s": round(args.dossiers / run_s, 1)},
        "broken_dossier": broken, "named_as_failed": [f["dossier_id"] for f in failed],
    }, indent=2))
    app.extensions["ocopflow.engine"].dispose()


if __name__ == "__main__":
    main()
