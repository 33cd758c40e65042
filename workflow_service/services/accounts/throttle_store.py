"""Flask-Limiter's counters kept in the service database, on the service clock.

A `limits` storage (the library under Flask-Limiter) for the fixed-window strategy: one row per
counter in `sign_in_counters`. Every worker and every web process on the database shares the counts
(the `memory://` storage keeps one set per process), and the injected clock decides when a window
ends, so tests move time instead of sleeping."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from limits.storage import Storage
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ...persistence.sessions import SignInCounter
from ..context import ServiceContext

SCHEME = "ocopflow-db"


class DatabaseCounters(Storage):
    STORAGE_SCHEME = [SCHEME]  # noqa: RUF012 - read by limits' storage registry

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: Any) -> None:
        super().__init__(uri, wrap_exceptions)
        context = options.get("ctx")
        if not isinstance(context, ServiceContext):
            raise TypeError(f"{SCHEME}:// needs storage option ctx=<ServiceContext>")
        self.ctx = context

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return SQLAlchemyError

    def now(self) -> float:
        return self.ctx.clock.now().timestamp()

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        for attempt in (1, 2):  # a second attempt when another worker inserted the same key meanwhile
            now = self.ctx.clock.now()
            with self.ctx.uow() as uow:
                session = uow.session
                row = session.get(SignInCounter, key, with_for_update=True)
                if row is None:
                    session.execute(delete(SignInCounter).where(SignInCounter.expires_at <= now))
                    row = SignInCounter(key=key, count=amount, expires_at=now + timedelta(seconds=expiry))
                    session.add(row)
                elif row.expires_at <= now:
                    row.count, row.expires_at = amount, now + timedelta(seconds=expiry)
                else:
                    row.count += amount
                try:
                    uow.commit()
                except IntegrityError:
                    if attempt == 2:
                        raise
                    continue
                return row.count
        raise AssertionError("unreachable")

    def _live(self, key: str) -> SignInCounter | None:
        with self.ctx.uow() as uow:
            row = uow.session.get(SignInCounter, key)
            return row if row is not None and row.expires_at > self.ctx.clock.now() else None

    def get(self, key: str) -> int:
        row = self._live(key)
        return row.count if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._live(key)
        return row.expires_at.timestamp() if row else self.now()

    def check(self) -> bool:
        with self.ctx.uow() as uow:
            uow.session.execute(select(1))
        return True

    def reset(self) -> int | None:
        with self.ctx.uow() as uow:
            removed = uow.session.execute(delete(SignInCounter)).rowcount  # type: ignore[attr-defined]
            uow.commit()
            return int(removed)

    def clear(self, key: str) -> None:
        with self.ctx.uow() as uow:
            uow.session.execute(delete(SignInCounter).where(SignInCounter.key == key))
            uow.commit()
