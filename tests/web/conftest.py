"""Page fixtures: the service with the real process and demo users, and a browser-like client that signs in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import ROOT
from workflow_service import create_app
from workflow_service.config import Settings
from workflow_service.domain.clock import FixedClock
from workflow_service.services.demo.loader import DEMO_PASSWORD, load_demo

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def make_web_app(database_url: str, clock: FixedClock, instance: Path) -> Flask:
    settings = Settings(database_url=database_url, secret_key="test-secret-" + "x" * 40, env="testing",
                        bpmn_dir=ROOT / "bpmn", forms_dir=ROOT / "forms", instance_dir=instance)
    app = create_app(settings, clock=clock)
    load_demo(app.extensions["ocopflow"])
    return app


@pytest.fixture
def web_app(database_url: str, clock: FixedClock, tmp_path: Path) -> Iterator[Flask]:
    app = make_web_app(database_url, clock, tmp_path / "instance")
    yield app
    app.extensions["ocopflow.engine"].dispose()


class Browser:
    """A test client that keeps cookies, reads the CSRF token from pages and posts forms like a browser."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.token = ""

    def get(self, path: str, **kw: Any) -> Any:
        response = self.client.get(path, **kw)
        found = CSRF.search(response.get_data(as_text=True))
        if found:
            self.token = found.group(1)
        return response

    def post(self, path: str, data: dict[str, Any] | None = None, csrf: bool = True, **kw: Any) -> Any:
        form = dict(data or {})
        if csrf:
            if not self.token:
                self.get("/login")
            form["csrf_token"] = self.token
        return self.client.post(path, data=form, **kw)

    def sign_in(self, user: str, password: str = DEMO_PASSWORD) -> Any:
        self.get("/login")
        response = self.post("/login", {"username": user, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        self.get("/inbox")
        return response


@pytest.fixture
def browser(web_app: Flask) -> Browser:
    return Browser(web_app.test_client())


@pytest.fixture
def browser_for(web_app: Flask) -> Any:
    def make(user: str) -> Browser:
        b = Browser(web_app.test_client())
        b.sign_in(user)
        return b
    return make
