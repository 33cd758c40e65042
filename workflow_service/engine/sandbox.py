"""Run a restricted script or expression in a worker process with a hard time and size limit.

A line tracer cannot stop `10 ** 10 ** 8` or `[0] * 10**9` (one C-level operation each), and a
thread cannot be killed, so scripts run in a pool of long-lived worker processes
(engine/script_worker.py). A call that passes its wall-clock limit kills its worker (the next call
gets a fresh one); the worker's address space is capped, and a result bigger than the size limit
is refused. Only the task-data names a script references travel to the worker and back.
"""

from __future__ import annotations

import atexit
import builtins
import io
import os
import pickle
import select
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any

from .script_worker import HEADER, READY

_STARTUP_SECONDS = 30.0
_MAX_IDLE = 8
_ENVELOPE = 64 * 1024  # pickle overhead allowed on top of the result size limit


@dataclass(frozen=True)
class ScriptLimits:
    timeout_ms: int = 1000  # wall clock per script or expression
    memory_mb: int = 256  # memory a script may allocate in its worker
    max_bytes: int = 1 << 20  # size of what a script hands back into the task data (pickled)

    @property
    def timeout_s(self) -> float:
        return self.timeout_ms / 1000


class ScriptLimitExceeded(Exception):
    """A script ran too long, used too much memory or produced too big a result."""


class ScriptError(Exception):
    """A script raised an exception that is not a builtin one."""


class _ReplyUnpickler(pickle.Unpickler):
    """The worker runs untrusted code: accept plain data and dates, never arbitrary classes."""

    _ALLOWED = frozenset({("datetime", "date"), ("datetime", "datetime"), ("datetime", "time"),
                          ("datetime", "timedelta"), ("datetime", "timezone"), ("decimal", "Decimal")})

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self._ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"a script result may not contain {module}.{name}")


class _Worker:
    def __init__(self, limits: ScriptLimits):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "workflow_service.engine.script_worker",
             str(limits.memory_mb * 2**20), str(limits.max_bytes)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True)
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self._in, self._out = self.proc.stdin, self.proc.stdout.fileno()
        if self._read(1, time.monotonic() + _STARTUP_SECONDS) != READY:
            self.kill()
            raise RuntimeError("the script worker did not start")

    def call(self, request: bytes, timeout_s: float, max_reply: int) -> bytes:
        self._in.write(HEADER.pack(len(request)) + request)
        self._in.flush()
        deadline = time.monotonic() + timeout_s
        (length,) = HEADER.unpack(self._read(HEADER.size, deadline))
        if length > max_reply:
            raise ScriptLimitExceeded(f"the script's result is larger than {max_reply} bytes")
        return self._read(length, deadline)

    def _read(self, size: int, deadline: float) -> bytes:
        buffer = io.BytesIO()
        while buffer.tell() < size:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self._out], [], [], remaining)[0]:
                raise TimeoutError
            chunk = os.read(self._out, size - buffer.tell())
            if not chunk:
                raise EOFError("the script worker exited")
            buffer.write(chunk)
        return buffer.getvalue()

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait()
        self._in.close()
        if self.proc.stdout:
            self.proc.stdout.close()


class _Pool:
    def __init__(self, limits: ScriptLimits):
        self.limits = limits
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._pid = os.getpid()

    def acquire(self) -> _Worker:
        with self._lock:
            if self._pid != os.getpid():  # forked (e.g. a pre-forking server): the pipes are the parent's
                self._idle, self._pid = [], os.getpid()
            if self._idle:
                return self._idle.pop()
        return _Worker(self.limits)

    def release(self, worker: _Worker) -> None:
        with self._lock:
            if len(self._idle) < _MAX_IDLE and self._pid == os.getpid():
                self._idle.append(worker)
                return
        worker.kill()

    def replace_killed(self) -> None:
        """Start a fresh worker in the background, so the next script does not wait for its start-up."""
        threading.Thread(target=self._spawn_idle, name="script-worker-spawn", daemon=True).start()

    def _spawn_idle(self) -> None:
        try:
            self.release(_Worker(self.limits))
        except (OSError, RuntimeError, EOFError, TimeoutError):
            pass  # the next call spawns one itself and reports the problem

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()


_pools: dict[tuple[int, int], _Pool] = {}
_pools_lock = threading.Lock()


def _pool_for(limits: ScriptLimits) -> _Pool:
    key = (limits.memory_mb, limits.max_bytes)
    with _pools_lock:
        pool = _pools.get(key)
        if pool is None:
            pool = _pools[key] = _Pool(limits)
        return pool


@atexit.register
def _close_pools() -> None:
    for pool in list(_pools.values()):
        pool.close()


def run_limited(limits: ScriptLimits, kind: str, source: str, data: dict[str, Any],
                external: dict[str, Any]) -> Any:
    """Evaluate (`kind` "eval") or execute ("exec") `source` in a worker within `limits`.

    "exec" returns (names the script set, names it deleted). A script error is re-raised here as the
    same builtin exception type; a passed limit as ScriptLimitExceeded.
    """
    pool = _pool_for(limits)
    request = pickle.dumps((kind, source, data, external, limits.timeout_s), protocol=pickle.HIGHEST_PROTOCOL)
    for attempt in (1, 2):
        worker = pool.acquire()
        try:
            reply = worker.call(request, limits.timeout_s, limits.max_bytes + _ENVELOPE)
            answer = _ReplyUnpickler(io.BytesIO(reply)).load()
            break
        except BrokenPipeError:  # an idle worker died (e.g. the OOM killer): once more on a fresh one
            worker.kill()
            if attempt == 2:
                raise
        except TimeoutError:
            worker.kill()
            pool.replace_killed()
            raise ScriptLimitExceeded(f"the script ran longer than its limit of {limits.timeout_ms} ms") from None
        except EOFError:
            worker.kill()
            pool.replace_killed()
            raise ScriptLimitExceeded("the script's worker stopped (CPU or memory limit)") from None
        except BaseException:
            worker.kill()
            raise
    if answer[0] == "limit":
        worker.kill()  # a worker that ran out of memory is not trusted with the next script
        pool.replace_killed()
        what = f"{limits.memory_mb} MB of memory" if answer[1] == "memory" else f"{limits.max_bytes} bytes"
        raise ScriptLimitExceeded(f"the script needed more than its limit of {what}")
    pool.release(worker)
    if answer[0] == "error":
        raise _rebuild(answer[1], answer[2])
    return answer[1]


def _rebuild(type_name: str, args: tuple[Any, ...]) -> Exception:
    kind = getattr(builtins, type_name, None)
    if isinstance(kind, type) and issubclass(kind, Exception):
        try:
            return kind(*args)
        except TypeError:
            pass
    return ScriptError(f"{type_name}: {', '.join(map(str, args))}")
