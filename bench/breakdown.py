"""Where a service call spends its time: engine, SQL round trips, COMMIT, and the rest (ORM, Python).

Instruments from the outside (SQLAlchemy events and wrappers around the engine adapter's methods),
never by editing the service. Used in a separate pass so the headline timings carry no overhead.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

from workflow_service.engine import runtime as engine_runtime


class Breakdown:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.totals = {"engine_ms": 0.0, "sql_ms": 0.0, "commit_ms": 0.0}
        self._starts: list[int] = []

    def reset(self) -> None:
        self.totals = dict.fromkeys(self.totals, 0.0)

    def _add(self, key: str, start_ns: int) -> None:
        self.totals[key] += (time.perf_counter_ns() - start_ns) / 1e6

    def _before(self, *_args: Any) -> None:
        self._starts.append(time.perf_counter_ns())

    def _after(self, *_args: Any) -> None:
        self._add("sql_ms", self._starts.pop())

    def _timed(self, key: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter_ns()
            try:
                return fn(*args, **kwargs)
            finally:
                self._add(key, start)
        return wrapper

    @contextmanager
    def installed(self) -> Iterator[Breakdown]:
        runtime_cls, instance_cls = engine_runtime.ProcessRuntime, engine_runtime.Instance
        saved = {(runtime_cls, "start"): runtime_cls.start, (runtime_cls, "load"): runtime_cls.load,
                 (runtime_cls, "dump"): runtime_cls.dump, (instance_cls, "complete"): instance_cls.complete}
        dialect = self.engine.dialect
        do_commit = dialect.do_commit
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "after_cursor_execute", self._after)
        for (cls, name), fn in saved.items():
            setattr(cls, name, self._timed("engine_ms", fn))
        dialect.do_commit = self._timed("commit_ms", do_commit)  # type: ignore[method-assign]
        try:
            yield self
        finally:
            for (cls, name), fn in saved.items():
                setattr(cls, name, fn)
            del dialect.do_commit  # back to the class method
            event.remove(self.engine, "before_cursor_execute", self._before)
            event.remove(self.engine, "after_cursor_execute", self._after)

    def split(self, total_ms: float) -> dict[str, float]:
        parts = dict(self.totals)
        parts["other_ms"] = total_ms - sum(parts.values())
        return parts
