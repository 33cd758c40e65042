"""Users, their role grants, sign-in and API tokens."""

from __future__ import annotations

import re
from datetime import timedelta

import jwt
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from ...domain.access import Actor
from ...domain.errors import Unauthorized, ValidationFailed
from ...domain.roles import RoleGrant
from ...persistence.models import RoleAssignment, UnitRow, User
from ..context import ServiceContext

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_DUMMY_HASH = generate_password_hash("timing-equaliser")


def add_user(ctx: ServiceContext, username: str, password: str, grants: list[str],
             display_name: str = "", email: str | None = None, *,
             password_hash: str | None = None) -> User:
    """password_hash, when given, is an already hashed password (the demo users share one)."""
    if password_hash is None and len(password) < 8:
        raise ValidationFailed("password must have at least 8 characters", {"password": ["too short"]})
    if email is not None and not _EMAIL.fullmatch(email):
        raise ValidationFailed(f"{email!r} is not an e-mail address", {"email": ["not an e-mail address"]})
    parsed = [RoleGrant.parse(g) for g in grants]
    with ctx.uow() as uow:
        session = uow.session
        for grant in parsed:
            if session.get(UnitRow, grant.unit_code) is None:
                raise ValidationFailed(f"unknown unit {grant.unit_code}", {"unit": [grant.unit_code]})
        user = session.scalars(select(User).where(User.username == username)).first()
        if user is None:
            user = User(username=username, password_hash="", display_name=display_name or username)
            session.add(user)
        user.password_hash = password_hash or generate_password_hash(password)
        if email is not None:
            user.email = email
        existing = {(g.role, g.unit_code) for g in user.grants}
        for grant in parsed:
            if (grant.role, grant.unit_code) not in existing:
                user.grants.append(RoleAssignment(role=grant.role, unit_code=grant.unit_code))
        uow.commit()
        return user


def authenticate(ctx: ServiceContext, username: str, password: str) -> Actor:
    with ctx.uow() as uow:
        user = uow.session.scalars(select(User).where(User.username == username)).first()
        if user is None:
            check_password_hash(_DUMMY_HASH, password)  # same cost whether or not the user exists
            raise Unauthorized("unknown user or wrong password")
        if not check_password_hash(user.password_hash, password):
            raise Unauthorized("unknown user or wrong password")
        return _actor(user)


def load_actor(ctx: ServiceContext, username: str) -> Actor:
    with ctx.uow() as uow:
        user = uow.session.scalars(select(User).where(User.username == username)).first()
        if user is None:
            raise Unauthorized("the account no longer exists")
        return _actor(user)


def _actor(user: User) -> Actor:
    return Actor(user.username, tuple(RoleGrant(g.role, g.unit_code) for g in user.grants))


def issue_token(ctx: ServiceContext, actor: Actor) -> str:
    now = ctx.clock.now()
    claims = {"sub": actor.username, "iat": int(now.timestamp()),
              "exp": int((now + timedelta(minutes=ctx.token_ttl_minutes)).timestamp())}
    return jwt.encode(claims, ctx.secret_key, algorithm="HS256")


def actor_from_token(ctx: ServiceContext, token: str) -> Actor:
    try:
        claims = jwt.decode(token, ctx.secret_key, algorithms=["HS256"],
                            options={"verify_exp": False, "verify_iat": False})
    except jwt.PyJWTError as err:
        raise Unauthorized("invalid token") from err
    if int(claims.get("exp", 0)) < ctx.clock.now().timestamp():  # the injected clock decides expiry
        raise Unauthorized("token expired")
    return load_actor(ctx, str(claims["sub"]))
