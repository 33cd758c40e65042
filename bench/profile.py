"""Profile claim and complete over HTTP with pyinstrument (pip install -e '.[bench]').

    .venv/bin/python -m bench.profile                            # temporary SQLite, 200 of each
    .venv/bin/python -m bench.profile --database-url postgresql+psycopg://…/scratch --reset
    .venv/bin/python -m bench.profile --html /tmp/profile        # also writes claim.html, complete.html

The app runs behind the same werkzeug server as bench/run.py; a WSGI wrapper profiles only the
server side of each claim and each complete request, and sums them per action. Prints one JSON
document: per action the slowest frames by own time ("self") and by total time of the service's
own functions ("ours"), in ms per request; the text tree of each action goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pyinstrument import Profiler

from workflow_service import create_app
from workflow_service.config import Settings
from workflow_service.services.demo.loader import DEMO_PASSWORD, load_demo

from .http_stack import Client, Server
from .inbox import COMMUNE, OFFICER
from .processes import PROCESSES, load_process
from .seed import prepare_database
from .stats import log

Environ = dict[str, Any]


class ProfiledApp:
    """WSGI wrapper: requests whose path ends with /claim or /complete run under that action's profiler."""

    def __init__(self, app: Callable[..., Iterable[bytes]]):
        self.app = app
        self.profilers = {"claim": Profiler(interval=0.0002), "complete": Profiler(interval=0.0002)}
        self.requests = dict.fromkeys(self.profilers, 0)
        self.enabled = False

    def __call__(self, environ: Environ, start_response: Callable[..., Any]) -> Iterable[bytes]:
        action = environ.get("PATH_INFO", "").rsplit("/", 1)[-1]
        profiler = self.profilers.get(action) if self.enabled else None
        if profiler is None:
            return self.app(environ, start_response)
        profiler.start()
        try:
            return list(self.app(environ, start_response))  # the body is produced inside the profile
        finally:
            profiler.stop()
            self.requests[action] += 1


def _frames(session: Any, requests: int, top: int) -> dict[str, Any]:
    """Own time per function and total time per service function, ms per request."""
    own: dict[str, float] = {}
    ours: dict[str, float] = {}

    def walk(frame: Any, stack: frozenset[str]) -> None:
        key = f"{frame.function} ({Path(frame.file_path_short or '?').name}:{frame.line_no})"
        own[key] = own.get(key, 0.0) + frame.total_self_time
        if "workflow_service" in (frame.file_path or "") and key not in stack:
            ours[key] = ours.get(key, 0.0) + frame.time
        for child in frame.children:
            walk(child, stack | {key})

    root = session.root_frame()
    if root is not None:
        walk(root, frozenset())

    def ranked(table: dict[str, float]) -> list[list[Any]]:
        best = sorted(table.items(), key=lambda kv: -kv[1])[:top]
        return [[name, round(seconds * 1000 / max(1, requests), 3)] for name, seconds in best]

    return {"requests": requests, "ms_per_request": round(session.duration * 1000 / max(1, requests), 3),
            "self": ranked(own), "ours": ranked(ours)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None, help="a SCRATCH database; default temporary SQLite")
    parser.add_argument("--reset", action="store_true")
    parser.add_argument("--process", choices=sorted(PROCESSES), default="mini")
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--html", type=Path, default=None, help="folder for claim.html and complete.html")
    args = parser.parse_args(argv)
    process = load_process(args.process)
    db = prepare_database(args.database_url, args.reset, None)
    try:
        settings = Settings(database_url=db.url, secret_key="bench-" + "k" * 40, env="testing",
                            bpmn_dir=process.bpmn_dir, forms_dir=process.forms_dir)
        app = create_app(settings)
        load_demo(app.extensions["ocopflow"])
        profiled = ProfiledApp(app.wsgi_app)
        app.wsgi_app = profiled  # type: ignore[method-assign]
        payload = {"process_key": process.key, "commune": COMMUNE, "kind": "first_time",
                   "data": process.start_data}
        with Server(app) as server:
            token = Client(server.port).call("POST", "/api/v1/auth/token",
                                             {"username": OFFICER, "password": DEMO_PASSWORD})["access_token"]
            client = Client(server.port, token)
            for i in range(args.iterations + 10):
                profiled.enabled = i >= 10  # warm caches first
                view = client.call("POST", "/api/v1/dossiers", payload, expect=201)
                task_id = next(t["id"] for t in view["open_tasks"] if t["element_id"] == process.first_task)
                client.call("POST", f"/api/v1/tasks/{task_id}/claim")
                client.call("POST", f"/api/v1/tasks/{task_id}/complete", {"data": process.complete_data})
        report: dict[str, Any] = {"database": db.dialect, "process": process.name}
        for action, profiler in profiled.profilers.items():
            session = profiler.last_session
            report[action] = _frames(session, profiled.requests[action], args.top)
            log(f"--- {action} ---\n" + profiler.output_text(unicode=True, color=False, show_all=False))
            if args.html:
                args.html.mkdir(parents=True, exist_ok=True)
                (args.html / f"{action}.html").write_text(profiler.output_html(), encoding="utf-8")
        json.dump(report, sys.stdout, indent=2)
        sys.stdout.write("\n")
    finally:
        db.cleanup(False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
