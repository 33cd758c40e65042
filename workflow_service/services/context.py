"""What every use case needs: a unit of work, the parsed-process cache, the clock and settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from ..domain.clock import Clock
from ..engine.cache import RuntimeCache
from ..persistence.unit_of_work import UnitOfWork


@dataclass
class ServiceContext:
    session_factory: sessionmaker[Session]
    clock: Clock
    forms_dir: Path
    secret_key: str
    token_ttl_minutes: int = 15  # access tokens
    refresh_token_hours: int = 8
    regulations_file: Path | None = None  # bpmn/regulations.yaml: which chain runs from which day
    runtimes: RuntimeCache = field(default_factory=RuntimeCache)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory)
