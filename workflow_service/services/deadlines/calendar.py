"""The working calendar in force: national holidays plus the corrections an admin recorded.

`working_calendar(session)` is what every deadline computation uses. The national part comes
from the `holidays` package and is cached per year for the process lifetime; the corrections
are read from `calendar_corrections` on each call (a few dozen rows a year, one indexed scan)
and the built calendar is reused while they are unchanged. Keying the cache on the rows
themselves, not on a counter or a timestamp, means another process's change is seen at the
next call, and a delete followed by an insert at the same instant cannot leave a stale
calendar behind.
"""

from __future__ import annotations

import threading
from datetime import date
from functools import lru_cache
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.calendar import (
    CalendarCorrection,
    DayKind,
    PublicHolidays,
    WorkingCalendar,
    vietnam_public_holidays,
)
from ...persistence.deadline_models import CalendarCorrection as CorrectionRow
from ..context import ServiceContext

_RowKey = tuple[tuple[date, str, str], ...]


@lru_cache(maxsize=64)
def national_holidays(year: int) -> PublicHolidays:
    return vietnam_public_holidays(year)


class _CalendarCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entry: tuple[_RowKey, WorkingCalendar] | None = None

    def get(self, key: _RowKey) -> WorkingCalendar:
        with self._lock:
            if self._entry is not None and self._entry[0] == key:
                return self._entry[1]
            corrections = [CalendarCorrection(d, cast(DayKind, k), r) for d, k, r in key]
            calendar = WorkingCalendar(national_holidays, corrections)
            self._entry = (key, calendar)
            return calendar


_CACHE = _CalendarCache()


def working_calendar(session: Session) -> WorkingCalendar:
    rows = session.execute(select(CorrectionRow.day, CorrectionRow.kind, CorrectionRow.reason)
                           .order_by(CorrectionRow.day)).all()
    return _CACHE.get(tuple((d, k, r) for d, k, r in rows))


def current_calendar(ctx: ServiceContext) -> WorkingCalendar:
    with ctx.read() as uow:  # one statement: no transaction needed
        return working_calendar(uow.session)
