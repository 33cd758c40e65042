"""The script worker process: runs restricted scripts and expressions under OS limits.

Started by engine/sandbox.py as `python -m workflow_service.engine.script_worker MEMORY_BYTES
MAX_RESULT_BYTES`. It speaks length-prefixed pickles on stdin/stdout. It caps its own address
space (RLIMIT_AS), may write no files (RLIMIT_FSIZE 0) and arms a CPU-time limit before each call
as a backstop; the parent kills it when a call passes the wall-clock limit.
"""

from __future__ import annotations

import math
import os
import pickle
import resource
import struct
import sys
from typing import Any, BinaryIO

from .restricted import base_globals, compile_expression, compile_script

HEADER = struct.Struct("!I")
READY = b"R"


def _cap_memory(extra_bytes: int) -> None:
    with open("/proc/self/statm") as statm:
        baseline = int(statm.read().split()[0]) * resource.getpagesize()
    limit = baseline + extra_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))


def _arm_cpu_backstop(seconds: float) -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = usage.ru_utime + usage.ru_stime
    hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
    soft = math.ceil(used + seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))


def read_message(stream: BinaryIO) -> bytes | None:
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        return None
    (length,) = HEADER.unpack(header)
    return stream.read(length)


def _run(kind: str, source: str, data: dict[str, Any], external: dict[str, Any]) -> Any:
    scope = {**data, **external, **GLOBALS}
    if kind == "eval":
        return eval(compile_expression(source), scope)
    exec(compile_script(source), scope)  # noqa: S102 - restricted bytecode
    hidden = set(GLOBALS) | set(external)
    updates = {name: value for name, value in scope.items()
               if name not in hidden and not name.startswith("_") and not callable(value)}
    return updates, [name for name in data if name not in scope]


def _answer(request: bytes, max_bytes: int) -> bytes:
    kind, source, data, external, seconds = pickle.loads(request)  # our parent wrote it
    _arm_cpu_backstop(seconds)
    try:
        reply: tuple[Any, ...] = ("ok", _run(kind, source, data, external))
    except MemoryError:
        reply = ("limit", "memory")
    except Exception as err:  # noqa: BLE001 - every script error goes back to the parent
        args = tuple(a if isinstance(a, (str, int, float)) else repr(a) for a in err.args)
        reply = ("error", type(err).__name__, args)
    try:
        payload = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        return pickle.dumps(("limit", "memory"))
    except Exception as err:  # noqa: BLE001 - e.g. a generator left in the task data
        return pickle.dumps(("error", "TypeError", (f"the script left a value that cannot be stored: {err}",)))
    return payload if len(payload) <= max_bytes else pickle.dumps(("limit", "size"))


def main() -> None:
    extra_bytes, max_bytes = int(sys.argv[1]), int(sys.argv[2])
    requests, replies = sys.stdin.buffer, os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr  # nothing but replies may reach the parent's pipe
    _cap_memory(extra_bytes)
    replies.write(READY)
    replies.flush()
    while (request := read_message(requests)) is not None:
        payload = _answer(request, max_bytes)
        replies.write(HEADER.pack(len(payload)) + payload)
        replies.flush()


GLOBALS = base_globals()

if __name__ == "__main__":
    main()
