"""Sign-in throttling: failures per user name and per client address, on the API and the sign-in page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import Api
from tests.web.conftest import Browser
from workflow_service import create_app
from workflow_service.domain.clock import FixedClock
from workflow_service.services.accounts import users
from workflow_service.services.demo.loader import DEMO_PASSWORD

OFFICER = "officer.huongkhe"


def sign_in(client: FlaskClient, username: str, password: str, address: str = "203.0.113.7") -> Any:
    return client.post("/api/v1/auth/token", json={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address})


@pytest.fixture
def password_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password check the service makes, by the hash it compares against."""
    seen: list[str] = []
    real: Callable[[str, str], bool] = users.check_password_hash

    def counting(pwhash: str, password: str) -> bool:
        seen.append(pwhash)
        return real(pwhash, password)

    monkeypatch.setattr(users, "check_password_hash", counting)
    return seen


def test_after_50_wrong_passwords_the_right_one_is_refused_without_checking_it(
        mini_api: Api, clock: FixedClock, password_checks: list[str]) -> None:
    client = mini_api.client
    answers = [sign_in(client, OFFICER, f"wrong-{n}").status_code for n in range(50)]
    assert answers[:5] == [401] * 5 and set(answers[5:]) == {429}  # 5 failures per user name
    assert len(password_checks) == 5  # locked attempts never reach the password check
    del password_checks[:]
    locked = sign_in(client, OFFICER, DEMO_PASSWORD)
    assert locked.status_code == 429 and password_checks == []
    assert locked.content_type == "application/problem+json"
    assert locked.json["status"] == 429 and "username" in locked.json["errors"]
    assert int(locked.headers["Retry-After"]) == 15 * 60  # the window started with the first failure
    clock.advance(timedelta(minutes=10))
    assert int(sign_in(client, OFFICER, DEMO_PASSWORD).headers["Retry-After"]) == 5 * 60
    clock.advance(timedelta(minutes=5, seconds=1))
    opened = sign_in(client, OFFICER, DEMO_PASSWORD)
    assert opened.status_code == 200 and opened.json["access_token"]


def test_a_user_is_locked_whatever_address_the_attempts_come_from(mini_api: Api) -> None:
    client = mini_api.client
    for n in range(5):
        assert sign_in(client, OFFICER, "wrong-password", address=f"198.51.100.{n}").status_code == 401
    assert sign_in(client, OFFICER, DEMO_PASSWORD, address="192.0.2.99").status_code == 429
    assert sign_in(client, OFFICER.upper(), DEMO_PASSWORD, address="192.0.2.99").status_code == 429
    # the lock is this user's only: a colleague signs in from the very same address
    assert sign_in(client, "officer.huongpho", DEMO_PASSWORD, address="198.51.100.0").status_code == 200


def test_an_address_is_locked_after_20_failures_over_any_user_names(mini_api: Api) -> None:
    client = mini_api.client
    for n in range(20):
        assert sign_in(client, f"guess{n}", "wrong-password").status_code == 401
    assert sign_in(client, OFFICER, DEMO_PASSWORD).status_code == 429
    assert sign_in(client, OFFICER, DEMO_PASSWORD, address="192.0.2.1").status_code == 200


def test_only_failures_count(mini_api: Api) -> None:
    client = mini_api.client
    for _ in range(6):
        assert sign_in(client, OFFICER, DEMO_PASSWORD).status_code == 200
    assert client.post("/api/v1/auth/token", json={"username": OFFICER}).status_code == 422  # not a try
    for _ in range(4):
        assert sign_in(client, OFFICER, "wrong-password").status_code == 401
    assert sign_in(client, OFFICER, DEMO_PASSWORD).status_code == 200


def test_the_page_and_the_api_share_the_count_and_the_page_says_when_to_retry(mini_app: Flask) -> None:
    browser = Browser(mini_app.test_client())
    for _ in range(3):
        assert sign_in(browser.client, OFFICER, "wrong-password", address="127.0.0.1").status_code == 401
    browser.get("/login")
    for _ in range(2):
        assert browser.post("/login", {"username": OFFICER, "password": "wrong-password"}).status_code == 401
    page = browser.post("/login", {"username": OFFICER, "password": DEMO_PASSWORD})
    assert page.status_code == 429 and page.headers["Retry-After"] == "900"
    text = page.get_data(as_text=True)
    # the clock stands at 09:00 in Vietnam: the lock ends at 09:15
    assert "Bạn đã đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút (lúc 09:15)." in text
    assert browser.get("/inbox").status_code == 302  # not signed in


def test_every_worker_on_the_database_sees_the_same_counts(mini_app: Flask, clock: FixedClock) -> None:
    """Two app instances on one database stand for two gunicorn workers."""
    second = create_app(mini_app.extensions["ocopflow.settings"], clock=clock)
    try:
        for n in range(5):
            worker = mini_app if n % 2 else second
            assert sign_in(worker.test_client(), OFFICER, "wrong-password").status_code == 401
        assert sign_in(mini_app.test_client(), OFFICER, DEMO_PASSWORD).status_code == 429
        assert sign_in(second.test_client(), OFFICER, DEMO_PASSWORD).status_code == 429
    finally:
        second.extensions["ocopflow.engine"].dispose()
