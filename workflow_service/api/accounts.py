"""Tokens and sessions: sign in (throttled, see throttling.py), refresh, change password, revoke."""

from __future__ import annotations

from flask.wrappers import Response

from ..schemas.accounts import PasswordChangeRequest, RefreshRequest, TokenPairResponse
from ..schemas.resources import TokenRequest
from ..services.accounts import sessions, tokens
from .common import api, body, ctx, current_actor, reply


def _pair(pair: tokens.TokenPair) -> Response:
    return reply(TokenPairResponse().dump({**pair.__dict__, "token_type": "Bearer"}))


@api.post("/auth/token")
def token() -> Response:
    creds = body(TokenRequest())
    return _pair(tokens.issue_tokens(ctx(), sessions.sign_in(ctx(), creds["username"], creds["password"])))


@api.post("/auth/refresh")
def refresh() -> Response:
    return _pair(tokens.refresh_tokens(ctx(), body(RefreshRequest())["refresh_token"]))


@api.post("/me/password")
def change_password() -> Response:
    actor = current_actor()
    cmd = body(PasswordChangeRequest())
    signed = sessions.change_password(ctx(), actor, cmd["current_password"], cmd["new_password"])
    return _pair(tokens.issue_tokens(ctx(), signed))  # every other session ended; this client goes on


@api.post("/users/<username>/revoke-sessions")
def revoke_sessions(username: str) -> Response:
    sessions.revoke_sessions(ctx(), current_actor(), username)
    return reply({"username": username, "sessions_ended": True})
