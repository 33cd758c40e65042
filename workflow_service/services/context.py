"""What every use case needs: a unit of work, the parsed-process cache, the clock and settings."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from ..domain.clock import Clock
from ..engine.cache import RuntimeCache
from ..persistence.unit_of_work import CommitState, UnitOfWork, commit_state, reset_commit_state

__all__ = ["CommitState", "ServiceContext", "commit_state", "reset_commit_state"]  # the last three: entry points


@dataclass
class ServiceContext:
    session_factory: sessionmaker[Session]
    clock: Clock
    forms_dir: Path
    secret_key: str
    token_ttl_minutes: int = 15  # access tokens
    refresh_token_hours: int = 8
    regulations_file: Path | None = None  # bpmn/regulations.yaml: which chain runs from which day
    public_base_url: str | None = None  # where the public register is reached (certificates' QR codes)
    runtimes: RuntimeCache = field(default_factory=RuntimeCache)
    issues_documents: bool = True  # False in a simulation's throw-away world: no PDFs for a dry run
    test_pause: frozenset[str] = frozenset()  # fault points that block before commit (OCOPFLOW_ENV=testing only)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory)

    def read(self) -> UnitOfWork:
        """A unit of work that only reads, each statement on its own (no BEGIN IMMEDIATE on SQLite,
        autocommit on PostgreSQL): for one-statement reads, and for the read before an engine step
        that its writing transaction re-checks."""
        return UnitOfWork(self.session_factory, read_only=True)

    def fault_point(self, name: str) -> None:
        """Fault tests only: block here, transaction open, so a test can kill -9 the process inside.

        Set by OCOPFLOW_TEST_PAUSE (honoured only when OCOPFLOW_ENV=testing, see config.py); the
        process writes its pid to OCOPFLOW_TEST_PAUSE_FILE when it gets here, then waits to be killed.
        """
        if name not in self.test_pause:
            return
        marker = os.environ.get("OCOPFLOW_TEST_PAUSE_FILE")
        if marker:
            with open(marker, "a") as out:
                out.write(f"{name} {os.getpid()}\n")
        time.sleep(600)  # not time logic: the test kills the process well before this ends
