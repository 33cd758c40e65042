"""Server time of the officer pages (inbox, task, dossier) with many dossiers; prints ONE JSON document.

    .venv/bin/python bench/pages.py                          # 100k dossiers, temporary SQLite
    .venv/bin/python bench/pages.py --sizes 1000,100000 --database-url postgresql+psycopg://...

Pages are requested in-process through Flask's test client with a signed-in session, so the time
is everything the server does (session, queries, Jinja rendering), without the network.
One in five seeded tasks is turned into the province office's `office_check`, so office.hatinh's
inbox holds ~20% of all open tasks: the heaviest inbox a real user would have.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `bench` importable as a package
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "bench"

from sqlalchemy import Engine, func, select, update

from workflow_service import create_app
from workflow_service.config import Settings
from workflow_service.persistence.models import TaskRow
from workflow_service.services.accounts import users as accounts
from workflow_service.services.demo.loader import DEMO_PASSWORD, load_demo
from workflow_service.services.dossiers.filing import FileDossier, file_dossier

from .processes import load_process
from .seed import Seeder, prepare_database, redact
from .stats import log, summary


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url")
    parser.add_argument("--reset", action="store_true")
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page (default 30)")
    parser.add_argument("--tmpdir")
    return parser.parse_args(argv)


def _timed(client: Any, path: str, n: int) -> dict[str, Any]:
    for _warm in range(3):
        assert client.get(path).status_code == 200, path
    times = []
    for _i in range(n):
        t0 = time.perf_counter_ns()
        response = client.get(path)
        times.append((time.perf_counter_ns() - t0) / 1e6)
        assert response.status_code == 200, (path, response.status_code)
    return summary(times)


def _client(app: Any, username: str) -> Any:
    client = app.test_client()
    with client.session_transaction() as session:
        session["user"] = username
    return client


def _office_share(engine: Engine) -> int:
    with engine.begin() as conn:
        ids = select(TaskRow.id).where(TaskRow.status == "open", TaskRow.unit_code.like("9%"),
                                       func.substr(TaskRow.id, 1, 1).in_(["0", "1", "2"]))
        return conn.execute(update(TaskRow).where(TaskRow.id.in_(ids)).values(
            role="province_office", unit_code="42", element_id="office_check",
            name="Cơ quan tham mưu OCOP tỉnh kiểm tra hồ sơ", form_file="office_check.json")).rowcount


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    process = load_process("ocop")
    db = prepare_database(args.database_url, args.reset, args.tmpdir)
    try:
        report = run(args, process, db.url, Path(db.tmpdir or args.tmpdir or "/tmp"))
    finally:
        db.cleanup(False)
    json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def run(args: argparse.Namespace, process: Any, url: str, instance: Path) -> dict[str, Any]:
    settings = Settings(database_url=url, secret_key="bench-" + "k" * 40, env="testing",
                        bpmn_dir=process.bpmn_dir, forms_dir=process.forms_dir, instance_dir=instance / "inst")
    app = create_app(settings)
    ctx, engine = app.extensions["ocopflow"], app.extensions["ocopflow.engine"]
    load_demo(ctx)
    officer = accounts.load_actor(ctx, "officer.huongkhe")
    template = file_dossier(ctx, officer, FileDossier(process.key, "18101", "first_time", process.start_data))
    seeder = Seeder(engine, template.id)
    seeder.add_communes()
    accounts.add_user(ctx, "bench.officer", DEMO_PASSWORD, [f"commune_officer@{seeder.officer_commune}"])
    report: dict[str, Any] = {"benchmark": "ocopflow-pages", "database": redact(url), "sizes": {}}
    clients = {u: _client(app, u) for u in ("bench.officer", "office.hatinh")}
    for size in [int(s) for s in args.sizes.split(",")]:
        seeder.grow_to(size)
        office_tasks = _office_share(engine)
        with engine.connect() as conn:
            task_id = conn.scalar(select(TaskRow.id).where(TaskRow.unit_code == "42", TaskRow.status == "open")
                                  .order_by(TaskRow.due_at, TaskRow.id).limit(1))
            dossier_id = conn.scalar(select(TaskRow.dossier_id).where(TaskRow.id == task_id))
        office, commune = clients["office.hatinh"], clients["bench.officer"]
        first = office.get("/inbox").get_data(as_text=True)
        cursor = first.split('rel="next" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
        pages = {
            "inbox_commune_officer": (commune, "/inbox"),
            "inbox_province_office": (office, "/inbox"),
            "inbox_province_office_page_2": (office, cursor),
            "inbox_province_office_overdue": (office, "/inbox?deadline=overdue"),
            "inbox_province_office_search_number": (office, "/inbox?q=001%2FP%C4%90K-42-90001-2026"),
            "inbox_province_office_search_substring": (office, "/inbox?q=P%C4%90K-42-90001"),
            "task_page": (office, f"/tasks/{task_id}"),
            "dossier_page": (office, f"/dossiers/{dossier_id}"),
        }
        log(f"pages: {size} dossiers, office inbox holds {office_tasks} open tasks")
        report["sizes"][str(size)] = {"office_open_tasks": office_tasks, **{
            name: _timed(client, path, args.requests) for name, (client, path) in pages.items()}}
        log(json.dumps(report["sizes"][str(size)], ensure_ascii=False))
    engine.dispose()
    return report


if __name__ == "__main__":
    raise SystemExit(main())
