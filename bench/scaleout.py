"""Scale-out run on loopback: PostgreSQL, N gunicorn workers, two `ocopflow scheduler`, Locust load.

Starts the deployment the README describes (web processes with OCOPFLOW_SCHEDULER=off and an explicit
secret key, schedulers apart), drives it with bench/locustfile.py, then counts from the database what
the clients were told against what the audit trail recorded. Prints one JSON document on stdout.

    .venv/bin/python bench/scaleout.py --database-url postgresql+psycopg://postgres@127.0.0.1:55432/x --reset
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
COMMUNES = ["18101", "18103", "16001"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="a scratch PostgreSQL database")
    parser.add_argument("--reset", action="store_true", help="drop and recreate its public schema first")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=int, default=10)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--pool-size", type=int, default=4, help="OCOPFLOW_DB_POOL_SIZE per process")
    parser.add_argument("--max-overflow", type=int, default=2, help="OCOPFLOW_DB_MAX_OVERFLOW per process")
    args = parser.parse_args()
    if args.reset:
        _reset(args.database_url)
    work = Path(tempfile.mkdtemp(prefix="ocop-scaleout-"))
    port = _free_port()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("OCOPFLOW_")},
           "DATABASE_URL": args.database_url, "OCOPFLOW_ENV": "demo", "OCOPFLOW_INSTANCE_DIR": str(work),
           "OCOPFLOW_SECRET_KEY": secrets.token_urlsafe(48), "OCOPFLOW_DB_POOL_SIZE": str(args.pool_size),
           "OCOPFLOW_DB_MAX_OVERFLOW": str(args.max_overflow), "OCOPFLOW_TIMER_SWEEP_SECONDS": "5"}
    subprocess.run([BIN / "ocopflow", "db", "upgrade"], env=env, check=True, capture_output=True)
    _seed(env, args.users)
    log = (work / "processes.log").open("ab")
    web_env = env | {"OCOPFLOW_SCHEDULER": "off"}
    processes = [subprocess.Popen([BIN / "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers",
                                   str(args.workers), "--threads", str(args.threads), "--worker-class", "gthread",
                                   "workflow_service:create_app()"], env=web_env, cwd=ROOT, stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True)]
    processes += [subprocess.Popen([BIN / "ocopflow", "scheduler"], env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True) for _ in range(2)]
    try:
        _wait_up(port)
        out = work / "locust.json"
        started = time.monotonic()
        subprocess.run([BIN / "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "-u",
                        str(args.users), "-r", str(args.spawn_rate), "-t", f"{args.seconds}s", "--host",
                        f"http://127.0.0.1:{port}", "--only-summary", "--loglevel", "WARNING",
                        "--stop-timeout", "120s"],  # users finish the task in hand: every answer is seen
                       env=env | {"SCALEOUT_OUT": str(out)}, stdout=log, stderr=subprocess.STDOUT, check=False)
        elapsed = time.monotonic() - started
        alive = [p.poll() is None for p in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(30)
    report = _report(json.loads(out.read_text()), args, elapsed, alive, _audit(args.database_url), env)
    report["logs"] = str(work / "processes.log")
    print(json.dumps(report, indent=2, ensure_ascii=False))


def _reset(url: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _seed(env: dict[str, str], users: int) -> None:
    """Demo data plus one producer and two officers per simulated user (the demo password)."""
    code = (
        "from workflow_service import create_app\n"
        "from workflow_service.services.accounts.users import add_user\n"
        "from workflow_service.services.demo.loader import DEMO_PASSWORD, _demo_password_hash, load_demo\n"
        "app = create_app(); ctx = app.extensions['ocopflow']; load_demo(ctx); h = _demo_password_hash()\n"
        f"for seat in range({users + 10}):\n"
        f"    c = {COMMUNES!r}[seat % 3]\n"
        "    made = [(f'producer{seat}.{c}', f'applicant@{c}'), (f'officer{seat}a.{c}', f'commune_officer@{c}'),\n"
        "            (f'officer{seat}b.{c}', f'commune_officer@{c}')]\n"
        "    if c != '18101':  # a council racer files in Huong Khe whatever its seat\n"
        "        made += [(f'producer{seat}.18101', 'applicant@18101'),\n"
        "                 (f'officer{seat}a.18101', 'commune_officer@18101')]\n"
        "    for name, grant in made:\n"
        "        add_user(ctx, name, DEMO_PASSWORD, [grant], password_hash=h)\n"
        "app.extensions['ocopflow.engine'].dispose()\n")
    subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _wait_up(port: int) -> None:
    for _ in range(600):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the service did not come up")


def _audit(url: str) -> list[tuple[str, str, int | None]]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT action, task_id, dossier_id FROM audit_entries "
                                 "WHERE action IN ('file', 'claim', 'complete', 'timer')")).all()
        chair = conn.execute(text("SELECT dossier_id, count(*) FROM tasks WHERE element_id = 'chair_decision' "
                                  "GROUP BY dossier_id")).all()
    engine.dispose()
    return [(r[0], r[1], r[2]) for r in rows] + [("chair_decision", str(d), n) for d, n in chair]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1) if ordered else 0.0


def _report(record: dict[str, Any], args: argparse.Namespace, elapsed: float, alive: list[bool],
            audit: list[tuple[str, str, int | None]], env: dict[str, str]) -> dict[str, Any]:
    sent = Counter(action for action, _ in record["acked"])
    sent_keys = Counter((action, str(key)) for action, key in record["acked"])
    recorded_keys = Counter((a, str(d) if a == "file" else str(t)) for a, t, d in audit
                            if a in ("file", "claim", "complete"))
    chair = {d: n for a, d, n in audit if a == "chair_decision"}
    by_action: dict[str, list[float]] = {}
    for action, _status, ms in record["requests"]:
        by_action.setdefault(action, []).append(ms)
    statuses = Counter(status for _a, status, _ms in record["requests"])
    done = [r for r in record["council_races"] if r["claimed"] == 3]
    verify = subprocess.run([BIN / "ocopflow", "audit", "verify"], env=env, capture_output=True, text=True,
                            check=False)
    return {
        "deployment": {"web_workers": args.workers, "threads": args.threads, "schedulers": 2,
                       "pool_size": args.pool_size, "max_overflow": args.max_overflow,
                       "database": "postgresql", "users": args.users, "seconds": args.seconds},
        "processes_alive_at_end": all(alive),
        "actions_sent": dict(sent),
        "actions_recorded": {a: sum(n for (x, _k), n in recorded_keys.items() if x == a)
                             for a in ("file", "claim", "complete")},
        "lost": sum(1 for key in sent_keys if key not in recorded_keys),
        "duplicated": sum(1 for n in recorded_keys.values() if n > 1),
        "recorded_without_answer": sum(1 for key in recorded_keys if key not in sent_keys),
        "acknowledged_twice": sum(1 for n in sent_keys.values() if n > 1),
        "server_errors_5xx": sum(n for s, n in statuses.items() if s >= 500),
        "transport_errors": statuses.get(0, 0),
        "status_codes": {str(s): n for s, n in sorted(statuses.items())},
        "status_by_action": {a: dict(Counter(str(s) for x, s, _ms in record["requests"] if x == a))
                             for a in sorted(by_action)},
        "claim_races": {"runs": len(record["claim_races"]),
                        "exactly_one_200_one_409": sum(1 for r in record["claim_races"] if r == [200, 409]),
                        "other": [r for r in record["claim_races"] if r != [200, 409]][:10]},
        "council_races": {"runs": len(done),
                          "all_three_200": sum(1 for r in done if r["statuses"] == [200, 200, 200]),
                          "chair_task_exactly_once": sum(1 for r in done if chair.get(str(r["dossier"])) == 1),
                          "other": [r for r in done if r["statuses"] != [200, 200, 200]][:10]},
        "throughput_rps": round(len(record["requests"]) / elapsed, 1),
        "actions_per_second": round(sum(sent.values()) / elapsed, 1),
        "latency_ms": {a: {"n": len(v), "p50": _pct(v, .5), "p95": _pct(v, .95), "p99": _pct(v, .99)}
                       for a, v in sorted(by_action.items())},
        "audit_verify": verify.stdout.strip() or verify.stderr.strip()[-300:],
    }


if __name__ == "__main__":
    main()
