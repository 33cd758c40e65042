"""Sessions and tokens end: sign-out, password change, access-token expiry, refresh rotation, admin revoke."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.web.conftest import Browser
from workflow_service.domain.clock import FixedClock
from workflow_service.persistence.models import AuditEntry
from workflow_service.services.demo.loader import DEMO_PASSWORD

OFFICER = "officer.huongkhe"


def tokens(client: FlaskClient, username: str = OFFICER, password: str = DEMO_PASSWORD) -> dict[str, Any]:
    response = client.post("/api/v1/auth/token", json={"username": username, "password": password})
    assert response.status_code == 200, response.json
    body: dict[str, Any] = response.json
    return body


def bearer(pair: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {pair['access_token']}"}


def inbox_status(client: FlaskClient, pair: dict[str, Any]) -> int:
    return client.get("/api/v1/tasks", headers=bearer(pair)).status_code


def refresh(client: FlaskClient, pair: dict[str, Any]) -> Any:
    return client.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})


def audit_actions(app: Flask) -> list[tuple[str, str, dict[str, Any]]]:
    with app.extensions["ocopflow"].uow() as uow:
        return [(a.actor, a.action, a.data) for a in uow.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_access_tokens_live_15_minutes_and_a_refresh_token_renews_them_once(
        mini_app: Flask, clock: FixedClock) -> None:
    client = mini_app.test_client()
    pair = tokens(client)
    assert (pair["expires_in"], pair["refresh_expires_in"], pair["token_type"]) == (900, 8 * 3600, "Bearer")
    clock.advance(timedelta(minutes=16))
    expired = client.get("/api/v1/tasks", headers=bearer(pair))
    assert expired.status_code == 401 and expired.content_type == "application/problem+json"
    assert "refresh" in expired.json["detail"]
    renewed = refresh(client, pair)
    assert renewed.status_code == 200 and inbox_status(client, renewed.json) == 200
    assert renewed.json["refresh_token"] != pair["refresh_token"]  # rotated
    # the spent refresh token shown again was copied: it is refused and every session of the user ends
    reused = refresh(client, pair)
    assert reused.status_code == 401 and "already used" in reused.json["detail"]
    assert inbox_status(client, renewed.json) == 401
    assert refresh(client, renewed.json).status_code == 401


def test_a_refresh_token_ends_after_8_hours_and_garbage_is_401(mini_app: Flask, clock: FixedClock) -> None:
    client = mini_app.test_client()
    pair = tokens(client)
    clock.advance(timedelta(hours=7, minutes=59))
    pair = refresh(client, pair).json  # each renewal starts a new 8 hours
    clock.advance(timedelta(hours=8, minutes=1))
    late = refresh(client, pair)
    assert late.status_code == 401 and "expired" in late.json["detail"]
    for junk in ("", "x", "abc.def", pair["refresh_token"] + "x"):
        answer = client.post("/api/v1/auth/refresh", json={"refresh_token": junk})
        assert answer.status_code in (401, 422) and answer.content_type == "application/problem+json"
    assert client.post("/api/v1/auth/refresh", json={}).json["errors"].keys() == {"refresh_token"}


def test_changing_the_password_ends_every_older_token(mini_app: Flask) -> None:
    client = mini_app.test_client()
    before, other_client = tokens(client), tokens(client)
    changed = client.post("/api/v1/me/password", headers=bearer(before),
                          json={"current_password": DEMO_PASSWORD, "new_password": "a-new-secret-2027"})
    assert changed.status_code == 200, changed.json
    assert inbox_status(client, changed.json) == 200  # the client that changed it goes on
    for old in (before, other_client):
        assert inbox_status(client, old) == 401
        assert refresh(client, old).status_code == 401
    assert client.post("/api/v1/auth/token", json={"username": OFFICER, "password": DEMO_PASSWORD}).status_code == 401
    assert inbox_status(client, tokens(client, password="a-new-secret-2027")) == 200
    assert (OFFICER, "password_changed", {"username": OFFICER}) in audit_actions(mini_app)


def test_a_password_change_names_the_wrong_field(mini_app: Flask) -> None:
    client = mini_app.test_client()
    pair = tokens(client)

    def change(body: dict[str, str], headers: dict[str, str] | None = None) -> Any:
        return client.post("/api/v1/me/password", headers=bearer(pair) if headers is None else headers, json=body)

    wrong = change({"current_password": "not-it-at-all", "new_password": "a-new-secret-2027"})
    assert wrong.status_code == 422 and list(wrong.json["errors"]) == ["current_password"]
    short = change({"current_password": DEMO_PASSWORD, "new_password": "short"})
    assert short.status_code == 422 and list(short.json["errors"]) == ["new_password"]
    same = change({"current_password": DEMO_PASSWORD, "new_password": DEMO_PASSWORD})
    assert same.status_code == 422 and list(same.json["errors"]) == ["new_password"]
    assert change({"current_password": DEMO_PASSWORD, "new_password": "a-new-secret-2027"}, {}).status_code == 401
    assert inbox_status(client, pair) == 200  # nothing changed


def test_an_admin_revokes_every_session_of_a_user_and_it_is_audited(mini_app: Flask) -> None:
    client = mini_app.test_client()
    officer, admin = tokens(client), tokens(client, "admin")
    page = Browser(mini_app.test_client())
    page.sign_in(OFFICER)
    assert page.get("/inbox").status_code == 200
    refused = client.post(f"/api/v1/users/{OFFICER}/revoke-sessions", headers=bearer(officer))
    assert refused.status_code == 403 and refused.content_type == "application/problem+json"
    unknown = client.post("/api/v1/users/nobody/revoke-sessions", headers=bearer(admin))
    assert unknown.status_code == 404 and unknown.content_type == "application/problem+json"
    done = client.post(f"/api/v1/users/{OFFICER}/revoke-sessions", headers=bearer(admin))
    assert done.status_code == 200 and done.json == {"username": OFFICER, "sessions_ended": True}
    assert inbox_status(client, officer) == 401
    assert refresh(client, officer).status_code == 401
    assert page.get("/inbox").status_code == 302  # the page session ended too
    assert inbox_status(client, admin) == 200  # the admin's own sessions go on
    assert inbox_status(client, tokens(client)) == 200  # signing in again works
    assert ("admin", "sessions_revoked", {"username": OFFICER, "session_version": 1}) in audit_actions(mini_app)


def test_signing_out_ends_the_cookie_even_when_it_is_replayed(mini_app: Flask) -> None:
    browser = Browser(mini_app.test_client())
    browser.sign_in(OFFICER)
    cookie = browser.client.get_cookie("session")
    assert cookie is not None
    copied = cookie.value
    pair = tokens(browser.client)
    assert browser.post("/logout").status_code == 302
    thief = mini_app.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/inbox").status_code == 302  # the copied cookie no longer signs anyone in
    assert thief.get("/api/v1/dossiers/1/diagram").status_code == 401
    # signing out ends every session and token of the user (docs/decisions/sessions-and-tokens.md)
    assert inbox_status(browser.client, pair) == 401
    browser.sign_in(OFFICER)
    assert browser.get("/inbox").status_code == 200


def test_the_openapi_document_describes_the_session_endpoints(mini_app: Flask) -> None:
    spec = mini_app.test_client().get("/api/v1/openapi.json").json
    for path in ("/auth/token", "/auth/refresh", "/me/password", "/users/{username}/revoke-sessions"):
        assert "post" in spec["paths"][path]
    pair = spec["components"]["schemas"]["TokenPair"]["properties"]
    assert {"access_token", "refresh_token", "expires_in", "refresh_expires_in"} <= pair.keys()
    assert spec["components"]["schemas"]["PasswordChangeRequest"]["required"] == ["current_password", "new_password"]
