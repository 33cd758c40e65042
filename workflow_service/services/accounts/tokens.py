"""API tokens: short-lived signed access tokens and longer refresh tokens, rotated on every use.

An access token (JWT, `OCOPFLOW_TOKEN_TTL_MINUTES`) carries the user's session version (`sv`); a refresh
token (`<id>.<secret>`, `OCOPFLOW_REFRESH_TOKEN_HOURS`) is a row in `refresh_tokens` holding only a
hash of its secret. Using a refresh token spends it and returns a new pair; presenting a spent one
again means it was copied, so every session of that user ends (sessions.py)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

import jwt
from sqlalchemy import delete
from sqlalchemy.orm import Session

from ...domain.access import Actor
from ...domain.errors import Unauthorized
from ...persistence.models import User
from ...persistence.sessions import RefreshTokenRow
from ..context import ServiceContext
from .sessions import SignedIn, resume
from .users import actor_of, find_user


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int  # seconds the access token lives
    refresh_expires_in: int


def issue_access_token(ctx: ServiceContext, actor: Actor, version: int | None = None) -> str:
    """A bearer token for `actor`; without `version`, the user's current session version."""
    if version is None:
        with ctx.uow() as uow:
            user = find_user(uow.session, actor.username)
            if user is None:
                raise Unauthorized("the account no longer exists")
            version = user.session_version
    now = ctx.clock.now()
    claims = {"sub": actor.username, "sv": version, "typ": "access", "iat": int(now.timestamp()),
              "exp": int((now + timedelta(minutes=ctx.token_ttl_minutes)).timestamp())}
    return jwt.encode(claims, ctx.secret_key, algorithm="HS256")


def actor_from_token(ctx: ServiceContext, token: str) -> Actor:
    try:
        claims = jwt.decode(token, ctx.secret_key, algorithms=["HS256"],
                            options={"verify_exp": False, "verify_iat": False})
    except jwt.PyJWTError as err:
        raise Unauthorized("invalid token") from err
    if claims.get("typ") != "access" or not isinstance(claims.get("sub"), str):
        raise Unauthorized("invalid token")
    if int(claims.get("exp", 0)) < ctx.clock.now().timestamp():  # the injected clock decides expiry
        raise Unauthorized("token expired; renew it with POST /api/v1/auth/refresh")
    return resume(ctx, claims["sub"], claims.get("sv"))


def issue_tokens(ctx: ServiceContext, signed: SignedIn) -> TokenPair:
    """A fresh access and refresh token pair after a password sign-in (one transaction)."""
    with ctx.uow() as uow:
        user = find_user(uow.session, signed.actor.username)
        if user is None:
            raise Unauthorized("the account no longer exists")
        refresh = _new_refresh(ctx, uow.session, user, signed.version)
        uow.commit()
    return _pair(ctx, signed.actor, signed.version, refresh)


def refresh_tokens(ctx: ServiceContext, refresh_token: str) -> TokenPair:
    """Spend a refresh token for a new pair; 401 when it is unknown, expired, spent or its sessions ended."""
    token_id, _, secret = refresh_token.partition(".")
    now = ctx.clock.now()
    with ctx.uow() as uow:
        session = uow.session
        row = session.get(RefreshTokenRow, token_id[:32], with_for_update=True) if token_id and secret else None
        if row is None or not hmac.compare_digest(row.secret_hash, _hash(secret)):
            raise Unauthorized("invalid refresh token")
        user = session.get(User, row.user_id)
        if user is None or row.session_version != user.session_version:
            raise Unauthorized("this session has ended (signed out, password changed or revoked); sign in again")
        if row.used_at is not None:
            # A spent token presented again was copied: end every session of the user.
            user.session_version += 1
            uow.commit()
            raise Unauthorized("refresh token already used; every session of this user has been ended")
        if row.expires_at <= now:
            raise Unauthorized("refresh token expired; sign in again")
        row.used_at = now
        refresh = _new_refresh(ctx, session, user, user.session_version)
        actor, version = actor_of(user), user.session_version
        uow.commit()
    return _pair(ctx, actor, version, refresh)


def _new_refresh(ctx: ServiceContext, session: Session, user: User, version: int) -> str:
    now = ctx.clock.now()
    # Spent and expired tokens of this user are no longer needed once they are past their lifetime.
    session.execute(delete(RefreshTokenRow).where(RefreshTokenRow.user_id == user.id,
                                                  RefreshTokenRow.expires_at <= now))
    token_id, secret = secrets.token_urlsafe(18), secrets.token_urlsafe(32)
    session.add(RefreshTokenRow(id=token_id, user_id=user.id, secret_hash=_hash(secret), session_version=version,
                                issued_at=now, expires_at=now + timedelta(hours=ctx.refresh_token_hours)))
    return f"{token_id}.{secret}"


def _pair(ctx: ServiceContext, actor: Actor, version: int, refresh: str) -> TokenPair:
    return TokenPair(access_token=issue_access_token(ctx, actor, version), refresh_token=refresh,
                     expires_in=ctx.token_ttl_minutes * 60, refresh_expires_in=ctx.refresh_token_hours * 3600)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
