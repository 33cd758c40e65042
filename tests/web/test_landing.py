"""Each role lands where its work is; the supervisor's aging buckets link to exactly what they count."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from tests.web.conftest import Browser
from workflow_service.services.demo.dossiers import load_demo_dossiers


@pytest.mark.parametrize(("user", "landing"), [
    ("producer.huongkhe", "/producer"), ("officer.huongkhe", "/inbox"), ("office.hatinh", "/inbox"),
    ("council1.hatinh", "/inbox"), ("supervisor.hatinh", "/supervisor/"), ("designer", "/designer/"),
])
def test_each_role_lands_where_its_work_is(browser: Browser, user: str, landing: str) -> None:
    browser.get("/login")
    signed = browser.post("/login", {"username": user, "password": "ocop-demo-2026"})
    assert signed.status_code == 302 and signed.location == "/"
    assert browser.client.get("/").location == landing


def test_the_producer_lands_on_their_dossiers_with_the_way_to_file(browser_for) -> None:
    page = browser_for("producer.huongkhe").get("/dossiers").get_data(as_text=True)
    assert re.search(r'<a class="button primary" href="/dossiers/new">Nộp hồ sơ</a>', page)


def test_the_demo_dashboard_shows_each_aging_bucket_and_its_link_lists_it(web_app: Flask, browser_for) -> None:
    load_demo_dossiers(web_app.extensions["ocopflow"])
    supervisor: Browser = browser_for("supervisor.hatinh")
    page = supervisor.get("/supervisor/").get_data(as_text=True)
    buckets = re.findall(r'href="(/supervisor/tasks\?[^"]+)">\s*<span class="aging-label">([^<]+)</span> '
                         r'<span class="aging-count">(\d+)</span>', page)
    assert [(label, count) for _url, label, count in buckets] == [
        ("1–5 ngày", "1"), ("6–10 ngày", "1"), ("11–20 ngày", "1"), ("trên 20 ngày", "1")]
    for url, _label, count in buckets:
        listed = supervisor.get(url.replace("&amp;", "&")).get_data(as_text=True)
        assert len(re.findall(r'class="task-card', listed)) == int(count), url
    assert re.search(r'id="kpi-overdue">[1-9]', page) and re.search(r'id="kpi-due-soon">[1-9]', page)
