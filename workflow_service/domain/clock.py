"""Clocks: every rule that needs "now" takes a Clock, so tests and demos control time."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def require_aware(instant: datetime, what: str = "instant") -> datetime:
    """Return `instant` unchanged, refusing naive datetimes (their zone would be a guess)."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware, got naive {instant.isoformat()}")
    return instant


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware."""
        ...


class SystemClock:
    """Real time, expressed in Vietnam local time."""

    def now(self) -> datetime:
        return datetime.now(VN_TZ)


class FixedClock:
    """Stands still until told to move; for tests."""

    def __init__(self, instant: datetime) -> None:
        self._instant = require_aware(instant).astimezone(VN_TZ)

    def now(self) -> datetime:
        return self._instant

    def advance(self, delta: timedelta) -> datetime:
        self._instant = self._instant + delta
        return self._instant

    def set(self, instant: datetime) -> None:
        self._instant = require_aware(instant).astimezone(VN_TZ)


class OffsetClock:
    """Starts at `start_instant` and then runs at real speed (OCOPFLOW_CLOCK demos).

    Elapsed time is read from a monotonic source so that wall-clock corrections on the
    host (NTP steps, manual changes) cannot make the demo clock jump.
    """

    def __init__(self, start_instant: datetime, *, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._start = require_aware(start_instant, "start_instant").astimezone(VN_TZ)
        self._monotonic = monotonic
        self._origin = monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=self._monotonic() - self._origin)
