"""Hot-path cost of the script limits: in-process file/complete on the mini process (SQLite in /dev/shm).

    .venv/bin/python bench/script_limits.py 100                              # this tree
    git archive <commit> | tar -x -C /tmp/base
    PYTHONPATH=/tmp/base .venv/bin/python bench/script_limits.py 100         # an older tree, same data

`check` runs a gateway condition only (in-process); each council step runs a postScript in the
script worker, the last one also the `total` script. Prints one JSON line; run both interleaved.
"""
import json
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import workflow_service
from workflow_service import create_app
from workflow_service.config import Settings
from workflow_service.domain.clock import FixedClock
from workflow_service.services.accounts.users import load_actor
from workflow_service.services.demo.loader import load_demo
from workflow_service.services.dossiers.filing import FileDossier, file_dossier
from workflow_service.services.tasks.actions import TaskFilter, claim_task, complete_task, list_tasks

FIX = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "bpmn"
tmp = tempfile.mkdtemp(dir="/dev/shm")
clock = FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
app = create_app(Settings(database_url=f"sqlite:///{tmp}/b.db", secret_key="k" * 48, env="testing",
                          bpmn_dir=FIX, forms_dir=FIX), clock=clock)
ctx = app.extensions["ocopflow"]
load_demo(ctx)
officer = load_actor(ctx, "officer.huongkhe")
council = [load_actor(ctx, f"council{i}.hatinh") for i in (1, 2, 3)]
times = {"file": [], "check (condition)": [], "council (postScript)": [], "last council (postScript+script)": []}
def timed(key, fn):
    t = time.perf_counter(); r = fn(); times[key].append((time.perf_counter() - t) * 1000); return r
N = int(sys.argv[1]) if len(sys.argv) > 1 else 60
for i in range(N + 5):
    d = timed("file", lambda: file_dossier(ctx, officer, FileDossier("mini_review", "18101", "first_time", {})))
    [t] = list_tasks(ctx, officer, TaskFilter(dossier_id=d.id))
    claim_task(ctx, officer, t.id)
    timed("check (condition)", lambda t=t: complete_task(ctx, officer, t.id, {"complete": True}))
    for j, m in enumerate(council):
        [t] = list_tasks(ctx, m, TaskFilter(dossier_id=d.id, scope="all"))
        claim_task(ctx, m, t.id)
        key = "last council (postScript+script)" if j == 2 else "council (postScript)"
        timed(key, lambda t=t, m=m: complete_task(ctx, m, t.id, {"points": 80}))
    if i == 4:
        times = {k: [] for k in times}
print(json.dumps({"code": workflow_service.__file__, "n": N,
                  **{k: {"median_ms": round(statistics.median(v), 2),
                         "p95_ms": round(sorted(v)[int(len(v) * .95) - 1], 2)} for k, v in times.items()}}))
