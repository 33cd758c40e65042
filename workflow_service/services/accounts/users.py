"""Users, their role grants and the password check (sessions.py: session versions; tokens.py: tokens)."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session
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
        raise ValidationFailed.coded("password.too_short", {"password": ["too short"]})
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
        new_hash = password_hash or generate_password_hash(password)
        if user.password_hash and user.password_hash != new_hash:
            user.session_version = (user.session_version or 0) + 1  # a new password ends every session
        user.password_hash = new_hash
        if email is not None:
            user.email = email
        if display_name:  # the name a decision or certificate is signed with
            user.display_name = display_name
        existing = {(g.role, g.unit_code) for g in user.grants}
        for grant in parsed:
            if (grant.role, grant.unit_code) not in existing:
                user.grants.append(RoleAssignment(role=grant.role, unit_code=grant.unit_code))
        uow.commit()
        return user


def find_user(session: Session, username: str) -> User | None:
    return session.scalars(select(User).where(User.username == username)).first()


def verify_password(user: User | None, password: str) -> bool:
    """The password check, at the same cost whether or not the user exists."""
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return False
    return check_password_hash(user.password_hash, password)


def check_new_password(password: str, field: str = "new_password") -> str:
    if len(password) < 8:
        raise ValidationFailed.coded("password.too_short", {field: ["too short (8 or more)"]})
    return generate_password_hash(password)


def authenticate(ctx: ServiceContext, username: str, password: str) -> Actor:
    with ctx.uow() as uow:
        user = find_user(uow.session, username)
        if user is None or not verify_password(user, password):
            raise Unauthorized("unknown user or wrong password")
        return actor_of(user)


def load_actor(ctx: ServiceContext, username: str) -> Actor:
    with ctx.uow() as uow:
        user = find_user(uow.session, username)
        if user is None:
            raise Unauthorized("the account no longer exists")
        return actor_of(user)


def actor_of(user: User) -> Actor:
    return Actor(user.username, tuple(RoleGrant(g.role, g.unit_code) for g in user.grants))


def display_names(ctx: ServiceContext, usernames: set[str]) -> dict[str, str]:
    """Each known user's display name (what decisions are signed with), in one query; unknown names absent."""
    with ctx.read() as uow:
        return {username: name for username, name in uow.session.execute(
            select(User.username, User.display_name).where(User.username.in_(sorted(usernames)))) if name}
