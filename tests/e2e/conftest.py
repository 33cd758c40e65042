"""Browser tests: the app on a temporary SQLite database with the demo data and a FixedClock, served by
werkzeug in a thread, driven by Playwright with Debian's chromium (headless).

A click that navigates returns before the next page is there: read what it leads to with
`expect(locator)` (it retries) or after `page.wait_for_url(...)` to a new URL, never with `count()` or
`inner_text()` straight away — on a slower machine (CI) they read the old page, or none."""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.web.conftest import make_web_app
from workflow_service.domain.clock import FixedClock
from workflow_service.services.context import ServiceContext
from workflow_service.services.demo.loader import DEMO_PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "docs" / "screenshots"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 900}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@dataclass
class LiveServer:
    url: str
    app: Flask
    clock: FixedClock

    @property
    def ctx(self) -> ServiceContext:
        context: ServiceContext = self.app.extensions["ocopflow"]
        return context


@pytest.fixture
def e2e_clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))


@pytest.fixture
def live_server(tmp_path: Path, e2e_clock: FixedClock) -> Iterator[LiveServer]:
    app = make_web_app(f"sqlite:///{tmp_path / 'e2e.db'}", e2e_clock, tmp_path / "instance")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.server_port}", app, e2e_clock)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        app.extensions["ocopflow.engine"].dispose()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must run the browser tests: install Debian's chromium (/usr/bin/chromium)")
        pytest.skip("browser tests need /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any, live_server: LiveServer) -> Iterator[Any]:
    context = chromium.new_context(viewport=DESKTOP, base_url=live_server.url, locale="vi-VN")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    tab.dialogs = []  # the confirmations asked (complete, reassign, deploy), each accepted
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.accept()))
    yield tab
    context.close()


def sign_in(page: Any, user: str) -> None:
    page.goto("/login")
    page.fill("#username", user)
    page.fill("#password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)  # each role lands on its own page


def no_horizontal_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def screenshot(page: Any, name: str) -> None:
    """Taken on every run (it exercises rendering); kept in docs/ only with OCOPFLOW_SCREENSHOTS=1 so a
    test run does not rewrite tracked files."""
    folder = SCREENSHOTS if os.environ.get("OCOPFLOW_SCREENSHOTS") == "1" else Path(tempfile.gettempdir())
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"ocopflow-{name}.png" if folder != SCREENSHOTS else folder / f"{name}.png"),
                    full_page=True)
