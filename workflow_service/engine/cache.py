"""Parsed process versions, built once per process and reused by every request."""

from __future__ import annotations

import threading
from collections.abc import Callable

from .bundle import ParsedBundle
from .runtime import ProcessRuntime
from .sandbox import ScriptLimits


class RuntimeCache:
    def __init__(self, limits: ScriptLimits | None = None) -> None:
        self.limits = limits or ScriptLimits()
        self._runtimes: dict[int, ProcessRuntime] = {}
        self._lock = threading.Lock()

    def get(self, definition_id: int, build: Callable[[], ParsedBundle]) -> ProcessRuntime:
        runtime = self._runtimes.get(definition_id)
        if runtime is None:
            with self._lock:
                runtime = self._runtimes.get(definition_id)
                if runtime is None:
                    runtime = ProcessRuntime(build(), self.limits)
                    self._runtimes[definition_id] = runtime
        return runtime
