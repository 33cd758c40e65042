"""Tables of signing in: refresh tokens (rotated on use) and failed sign-in counters (throttling).

Defined on models.Base so metadata and Alembic see them; migrations/env.py imports this module."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base


class RefreshTokenRow(Base):
    """One refresh token. Only a hash of its secret is stored; `used_at` marks it spent (rotation)."""

    __tablename__ = "refresh_tokens"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    session_version: Mapped[int] = mapped_column(Integer)  # the user's version when issued
    issued_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class SignInCounter(Base):
    """A fixed-window counter of the sign-in throttle (Flask-Limiter's storage, shared by all workers)."""

    __tablename__ = "sign_in_counters"
    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    expires_at: Mapped[datetime] = mapped_column(index=True)
