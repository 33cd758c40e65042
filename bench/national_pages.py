"""The pages on the national data set at two sizes, side by side: each should stay within 2x of its 100k figure.

    .venv/bin/python -m bench.national_pages --database-url postgresql+psycopg://…/scratch --sizes 100000,1000000

For each size (the set is generated, or grown, to it by bench/national.py first, unless --no-generate)
the pages are requested in process through Flask's test client with a signed-in session (server
time: session, queries, rendering; no network), as the people of province 60 and its commune 70000
see them: the commune officer's and the province office's inbox, a task page, a running and a
completed dossier's page, the inbox searched by a whole registration number and by a part of one,
the office's dossier list, the supervisor's dashboard (the summary) and overdue list. Prints one
JSON document: per size the medians, and the ratio of each page at the largest size to the smallest.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "bench"

from sqlalchemy import Engine, func, select

from workflow_service.persistence.models import Dossier, TaskRow

from . import national
from .stats import log, summary

PROVINCE, COMMUNE = "60", "70000"
USERS = {"officer": f"officer.{COMMUNE}", "office": f"office1.{PROVINCE}", "supervisor": f"supervisor1.{PROVINCE}"}
LIMIT_X = 2.0


def _client(app: Any, username: str) -> Any:
    client = app.test_client()
    with client.session_transaction() as session:
        session["user"], session["sv"] = username, 0
    return client


def _timed(client: Any, path: str, n: int) -> dict[str, Any]:
    for _warm in range(2):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    times = []
    for _ in range(n):
        t0 = time.perf_counter_ns()
        response = client.get(path)
        times.append((time.perf_counter_ns() - t0) / 1e6)
        assert response.status_code == 200, (path, response.status_code)
    return summary(times)


def _targets(engine: Engine) -> dict[str, Any]:
    with engine.connect() as conn:
        task_id, running = conn.execute(select(TaskRow.id, TaskRow.dossier_id).where(
            TaskRow.status == "open", TaskRow.role == "province_office", TaskRow.unit_code == PROVINCE)
            .order_by(TaskRow.due_at, TaskRow.id).limit(1)).one()
        number = conn.scalar(select(Dossier.registration_number).where(Dossier.id == running))
        completed = conn.scalar(select(Dossier.id).where(Dossier.province_code == PROVINCE,
                                                         Dossier.status == "completed").order_by(Dossier.id.desc())
                                .limit(1))
        open_office = conn.scalar(select(func.count()).select_from(TaskRow).where(
            TaskRow.status == "open", TaskRow.unit_code == PROVINCE))
    return {"task": task_id, "running": running, "number": number, "completed": completed,
            "province_open_tasks": open_office}


def pages(url: str, requests: int) -> dict[str, Any]:
    app = national.app_for(url)
    engine: Engine = app.extensions["ocopflow.engine"]
    target = _targets(engine)
    clients = {role: _client(app, user) for role, user in USERS.items()}
    officer, office, supervisor = clients["officer"], clients["office"], clients["supervisor"]
    paths = {
        "inbox_commune_officer": (officer, "/inbox"),
        "inbox_province_office": (office, "/inbox"),
        "inbox_search_registration_number": (office, f"/inbox?q={quote(target['number'])}"),
        "inbox_search_substring": (office, f"/inbox?q={quote(f'PĐK-{PROVINCE}-{COMMUNE}')}"),
        "task_page": (office, f"/tasks/{target['task']}"),
        "dossier_page_running": (office, f"/dossiers/{target['running']}"),
        "dossier_page_completed": (office, f"/dossiers/{target['completed']}"),
        "dossier_list": (office, "/dossiers"),
        "monitoring_dashboard": (supervisor, "/supervisor/"),
        "overdue_page": (supervisor, "/supervisor/tasks?status=overdue"),
    }
    result: dict[str, Any] = {"province_open_tasks": target["province_open_tasks"]}
    for name, (client, path) in paths.items():
        result[name] = _timed(client, path, requests)
        log(f"  {name}: {result[name]['median']} ms")
    engine.dispose()
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="a SCRATCH PostgreSQL database")
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--no-generate", action="store_true", help="time the set as it is (one size)")
    parser.add_argument("--reset", action="store_true", help="start from an empty database")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    report: dict[str, Any] = {"benchmark": "national pages", "limit_x": LIMIT_X, "sizes": {}, "generator": {}}
    for k, size in enumerate(sizes):
        if not args.no_generate:
            report["generator"][str(size)] = national.run(args.database_url, size, args.reset and k == 0)
        log(f"national pages at {size} dossiers")
        report["sizes"][str(size)] = pages(args.database_url, args.requests)
    if len(sizes) > 1:
        small, large = report["sizes"][str(sizes[0])], report["sizes"][str(sizes[-1])]
        report["ratios"] = {name: round(large[name]["median"] / small[name]["median"], 2)
                            for name in small if isinstance(small[name], dict)}
        report["met"] = all(r <= LIMIT_X for r in report["ratios"].values())
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
