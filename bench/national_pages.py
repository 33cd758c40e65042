"""The pages on the national data set at two sizes, side by side: each should stay within 2x of its 100k figure.

    .venv/bin/python -m bench.national_pages --database-url postgresql+psycopg://…/scratch --sizes 100000,1000000
    .venv/bin/python -m bench.national_pages --database-url …/small --against …/large --sizes 100000,1000000

For each size (the set is generated, or grown, to it by bench/national.py first, unless --no-generate)
the pages are requested in process through Flask's test client with a signed-in session (server
time: session, queries, rendering; no network), as the people of province 60 and its commune 70000
see them: the commune officer's and the province office's inbox, a task page, a running and a
completed dossier's page, the inbox searched by a whole registration number and by a part of one,
the office's dossier list, the supervisor's dashboard (the summary) and overdue list. With
--against, the smaller set lives in --database-url and the larger in --against, and every request
alternates between them, so both sizes are timed side by side under the same machine load. Prints
one JSON document: per size the medians, and the ratio of each page at the largest size to the smallest.
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

from workflow_service.persistence.certificate_models import Certificate
from workflow_service.persistence.models import Dossier, TaskRow

from . import national
from .stats import log, summary

PROVINCE, COMMUNE = "60", "70000"
USERS = {"officer": f"officer.{COMMUNE}", "office": f"office1.{PROVINCE}", "supervisor": f"supervisor1.{PROVINCE}"}
LIMIT_X = 2.0
# Timed and reported, not held to LIMIT_X: its answer itself grows with the set (the certificates of one
# province that match, ten times as many at 1M), and "17" is too short for the trigram index.
BEYOND_TARGET = {"register_search_short_word": "the matching certificates grow tenfold with the set; "
                                               "a two-character word cannot use the trigram index"}


def _client(app: Any, username: str) -> Any:
    client = app.test_client()
    with client.session_transaction() as session:
        session["user"], session["sv"] = username, 0
    return client


def _timed(client: Any, path: str, n: int) -> dict[str, Any]:
    for _warm in range(2):
        _once(client, path)
    return summary([_once(client, path) for _ in range(n)])


def _targets(engine: Engine) -> dict[str, Any]:
    with engine.connect() as conn:
        task_id, running = conn.execute(select(TaskRow.id, TaskRow.dossier_id).where(
            TaskRow.status == "open", TaskRow.role == "province_office", TaskRow.unit_code == PROVINCE)
            .order_by(TaskRow.due_at, TaskRow.id).limit(1)).one()
        number = conn.scalar(select(Dossier.registration_number).where(Dossier.id == running))
        completed = conn.scalar(select(Dossier.id).where(Dossier.province_code == PROVINCE,
                                                         Dossier.status == "completed").order_by(Dossier.id.desc())
                                .limit(1))
        certificate = conn.scalar(select(Certificate.number).where(Certificate.province_code == PROVINCE)
                                  .order_by(Certificate.id.desc()).limit(1))
        open_office = conn.scalar(select(func.count()).select_from(TaskRow).where(
            TaskRow.status == "open", TaskRow.unit_code == PROVINCE))
    return {"task": task_id, "running": running, "number": number, "completed": completed,
            "certificate": certificate, "province_open_tasks": open_office}


def _paths(engine: Engine) -> dict[str, tuple[str, str]]:
    """Page name → (who, path) for the national set in this database."""
    target = _targets(engine)
    return {
        "inbox_commune_officer": ("officer", "/inbox"),
        "inbox_province_office": ("office", "/inbox"),
        "inbox_search_registration_number": ("office", f"/inbox?q={quote(target['number'])}"),
        "inbox_search_substring": ("office", f"/inbox?q={quote(f'PĐK-{PROVINCE}-{COMMUNE}')}"),
        "task_page": ("office", f"/tasks/{target['task']}"),
        "dossier_page_running": ("office", f"/dossiers/{target['running']}"),
        "dossier_page_completed": ("office", f"/dossiers/{target['completed']}"),
        "dossier_list": ("office", "/dossiers"),
        "monitoring_dashboard": ("supervisor", "/supervisor/"),
        "overdue_page": ("supervisor", "/supervisor/tasks?status=overdue"),
        "register_front": ("anonymous", "/register/"),
        "register_search": ("anonymous", f"/register/?q={quote('mat ong')}"),
        "register_search_one_product": ("anonymous", f"/register/?q={quote('Bưởi 517')}&province={PROVINCE}"),
        "register_search_short_word": ("anonymous", f"/register/?q={quote('Bưởi 17')}&province={PROVINCE}"),
        "register_province_stars": ("anonymous", f"/register/?province={PROVINCE}&stars=4"),
        "certificate_page": ("anonymous", f"/register/certificates/{quote(target['certificate'])}"),
    }


def pages(url: str, requests: int) -> dict[str, Any]:
    return compare({"only": url}, requests)["only"]


def compare(urls: dict[str, str], requests: int) -> dict[str, dict[str, Any]]:
    """The pages of several databases, each request alternating between them, so all see the same load."""
    apps = {name: national.app_for(url) for name, url in urls.items()}
    engines: dict[str, Engine] = {name: app.extensions["ocopflow.engine"] for name, app in apps.items()}
    paths = {name: _paths(engine) for name, engine in engines.items()}
    clients = {name: {"anonymous": app.test_client(), **{role: _client(app, user) for role, user in USERS.items()}}
               for name, app in apps.items()}
    result: dict[str, dict[str, Any]] = {name: {"province_open_tasks": _targets(engine)["province_open_tasks"]}
                                         for name, engine in engines.items()}
    for page in next(iter(paths.values())):
        for name in urls:
            _timed(clients[name][paths[name][page][0]], paths[name][page][1], 0)  # warm up
        samples: dict[str, list[float]] = {name: [] for name in urls}
        for _ in range(requests):
            for name in urls:
                role, path = paths[name][page]
                samples[name].append(_once(clients[name][role], path))
        for name in urls:
            result[name][page] = summary(samples[name])
        log(f"  {page}: " + ", ".join(f"{name} {result[name][page]['median']} ms" for name in urls))
    for engine in engines.values():
        engine.dispose()
    return result


def _once(client: Any, path: str) -> float:
    t0 = time.perf_counter_ns()
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return (time.perf_counter_ns() - t0) / 1e6


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="a SCRATCH PostgreSQL database")
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--no-generate", action="store_true", help="time the set as it is (one size)")
    parser.add_argument("--reset", action="store_true", help="start from an empty database")
    parser.add_argument("--against", default=None, help="a second database holding the set at the larger"
                        " size: generate both, then time both interleaved (side by side in one run)")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    report: dict[str, Any] = {"benchmark": "national pages", "limit_x": LIMIT_X, "sizes": {}, "generator": {}}
    if args.against:  # two databases: sizes[0] in --database-url, sizes[-1] in --against
        urls = {str(sizes[0]): args.database_url, str(sizes[-1]): args.against}
        if not args.no_generate:
            for size, url in urls.items():
                report["generator"][size] = national.run(url, int(size), args.reset)
        report["sizes"] = compare(urls, args.requests)
        report["interleaved"] = True
    else:
        for k, size in enumerate(sizes):
            if not args.no_generate:
                report["generator"][str(size)] = national.run(args.database_url, size, args.reset and k == 0)
            log(f"national pages at {size} dossiers")
            report["sizes"][str(size)] = pages(args.database_url, args.requests)
    if len(sizes) > 1:
        small, large = report["sizes"][str(sizes[0])], report["sizes"][str(sizes[-1])]
        report["ratios"] = {name: round(large[name]["median"] / small[name]["median"], 2)
                            for name in small if isinstance(small[name], dict)}
        report["met"] = all(r <= LIMIT_X for name, r in report["ratios"].items() if name not in BEYOND_TARGET)
        report["beyond_target"] = BEYOND_TARGET
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
