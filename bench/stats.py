"""Timing helpers: milliseconds from perf_counter_ns, median / p95 summaries, progress to stderr."""

from __future__ import annotations

import math
import statistics
import sys
import time
from collections.abc import Iterable


def now_ns() -> int:
    return time.perf_counter_ns()


def ms_since(start_ns: int) -> float:
    return (time.perf_counter_ns() - start_ns) / 1e6


def percentile(samples: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty sample."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summary(samples: Iterable[float]) -> dict[str, float | int]:
    values = list(samples)
    if not values:
        return {"median": None, "p95": None, "n": 0}  # type: ignore[dict-item]
    return {"median": round(statistics.median(values), 3), "p95": round(percentile(values, 95), 3),
            "n": len(values)}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def warmup_count(iterations: int) -> int:
    """Untimed iterations before measuring: fill caches, compile regexes, warm the page cache."""
    return max(3, min(20, iterations // 20))
