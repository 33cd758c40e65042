"""Session versions: every session cookie and token carries its user's `session_version`.

Bumping the version ends every session and token of that user at once, on every worker, with no
session table: signing out (all of the user's sessions, by design — see docs/decisions), changing the
password, an admin's revoke and a reused refresh token all bump it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from ...domain.access import Actor
from ...domain.errors import Forbidden, NotFound, Unauthorized, ValidationFailed
from ...domain.roles import ADMIN, RoleGrant
from ...persistence.models import RoleAssignment, User
from ..audit.trail import audit
from ..context import ServiceContext
from .users import actor_of, check_new_password, find_user, verify_password


@dataclass(frozen=True)
class SignedIn:
    """Who signed in and the session version their cookie or token must carry."""

    actor: Actor
    version: int


def sign_in(ctx: ServiceContext, username: str, password: str) -> SignedIn:
    with ctx.uow() as uow:
        user = find_user(uow.session, username)
        if user is None or not verify_password(user, password):
            raise Unauthorized("unknown user or wrong password")
        return SignedIn(actor_of(user), user.session_version)


_USERS, _GRANTS = cast(Table, User.__table__), cast(Table, RoleAssignment.__table__)
# Built once, Core: every request runs it, and the ORM's per-statement work costs more than the query.
_RESUME = (select(_USERS.c.session_version, _GRANTS.c.role, _GRANTS.c.unit_code)
           .select_from(_USERS.outerjoin(_GRANTS, _GRANTS.c.user_id == _USERS.c.id))
           .where(_USERS.c.username == bindparam("username")).order_by(_GRANTS.c.id))


def resume(ctx: ServiceContext, username: str, version: object) -> Actor:
    """The actor of a cookie or token, refused when the user's sessions were ended since it was issued.

    Every request pays for this, so it is one statement (the user's session version and grants
    joined) with no transaction around it."""
    with ctx.read() as uow:
        rows = uow.session.connection().execute(_RESUME, {"username": username}).all()
    if not rows:
        raise Unauthorized("the account no longer exists")
    if not isinstance(version, int) or isinstance(version, bool) or version != rows[0].session_version:
        raise Unauthorized("this session has ended (signed out, password changed or revoked); sign in again")
    return Actor(username, tuple(RoleGrant(r.role, r.unit_code) for r in rows if r.role is not None))


def _bump(user: User) -> int:
    user.session_version = (user.session_version or 0) + 1
    return user.session_version


def end_sessions(ctx: ServiceContext, username: str) -> None:
    """Sign-out: every session and token of the user ends (other browsers and API clients too)."""
    with ctx.uow() as uow:
        user = find_user(uow.session, username)
        if user is not None:
            _bump(user)
            uow.commit()


def change_password(ctx: ServiceContext, actor: Actor, current_password: str, new_password: str) -> SignedIn:
    """The user's own change; ends every other session and returns the stamp for the one making it."""
    if current_password == new_password:
        raise ValidationFailed.coded("password.unchanged", {"new_password": ["same as the current password"]})
    new_hash = check_new_password(new_password)
    with ctx.uow() as uow:
        user = find_user(uow.session, actor.username)
        if user is None:
            raise Unauthorized("the account no longer exists")
        if not verify_password(user, current_password):
            raise ValidationFailed.coded("password.wrong", {"current_password": ["wrong password"]})
        user.password_hash = new_hash
        version = _bump(user)
        audit(uow.session, actor=actor.username, acting_as="self", action="password_changed",
              at=ctx.clock.now(), data={"username": actor.username})
        uow.commit()
        return SignedIn(actor_of(user), version)


def set_password(ctx: ServiceContext, by: Actor, username: str, new_password: str) -> None:
    """An administrator (the `ocopflow users passwd` command) sets a password; every session ends."""
    new_hash = check_new_password(new_password, field="password")
    with ctx.uow() as uow:
        user = _target(uow.session, by, username)
        user.password_hash = new_hash
        _bump(user)
        audit(uow.session, actor=by.username, acting_as=_admin_grant(by), action="password_set",
              at=ctx.clock.now(), data={"username": username})
        uow.commit()


def revoke_sessions(ctx: ServiceContext, by: Actor, username: str) -> int:
    """An admin ends every session, access token and refresh token of `username`; returns the new version."""
    with ctx.uow() as uow:
        user = _target(uow.session, by, username)
        version = _bump(user)
        audit(uow.session, actor=by.username, acting_as=_admin_grant(by), action="sessions_revoked",
              at=ctx.clock.now(), data={"username": username, "session_version": version})
        uow.commit()
        return version


def _target(session: Session, by: Actor, username: str) -> User:
    if not by.is_admin:
        raise Forbidden("only an admin may do this to another account")
    user = find_user(session, username)
    if user is None:
        raise NotFound(f"no user {username!r}", {"username": ["no such user"]})
    return user


def _admin_grant(actor: Actor) -> str:
    return next((str(g) for g in actor.grants if g.role == ADMIN), actor.describe())
