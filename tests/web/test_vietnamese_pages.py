"""Walked as each role would, in Vietnamese: no internal key, no code where a name belongs, no English."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from flask import Flask

from tests.web.conftest import Browser
from workflow_service.services.context import ServiceContext
from workflow_service.services.demo.dossiers import load_demo_dossiers

SNAKE_KEY = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")  # commune_officer, office_check, part_a
ROLE_AT_UNIT = re.compile(r"\w@\w")
BARE_UNIT_CODE = re.compile(r"(?<![\w/.:-])\d{5}(?![\w/.:-])")  # a commune code alone, where its name belongs
ENGLISH = {"the", "and", "of", "is", "not", "to", "you", "your", "task", "tasks", "offered", "filed", "none",
           "true", "false", "completed", "running", "claimed", "overdue", "due", "step", "dossier", "for",
           "monitoring", "supervisors", "form", "process", "version", "held", "by", "open", "yes", "no"}


class _Text(HTMLParser):
    """Visible text: not scripts, styles, <code> (designers' ids) or attribute values (hover titles)."""

    SKIP = frozenset({"script", "style", "code", "title"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)


def leaks(html: str, usernames: set[str]) -> list[str]:
    text = visible_text(html)
    for name in sorted(usernames, key=len, reverse=True):
        text = text.replace(name, " ")
    found = SNAKE_KEY.findall(text) + ROLE_AT_UNIT.findall(text) + BARE_UNIT_CODE.findall(text)
    words = {w.lower() for w in re.findall(r"\w+", text) if w.isascii()}  # "toàn" is not "to"
    return found + sorted(words & ENGLISH)


def ctx_of(app: Flask) -> ServiceContext:
    context: ServiceContext = app.extensions["ocopflow"]
    return context


WALKS = {
    "producer.huongkhe": ["/inbox", "/dossiers", "/dossiers/new", "DOSSIERS", "TASKS"],
    "officer.huongkhe": ["/inbox", "/dossiers", "TASKS", "DOSSIERS"],
    "office.hatinh": ["/inbox", "TASKS", "DOSSIERS"],
    "supervisor.hatinh": ["/supervisor/", "/supervisor/tasks?unit=42", "/supervisor/tasks?unit=42&status=overdue",
                          "DOSSIERS"],
    "designer": ["/designer/", "/designer/ocop_evaluation", "/designer/ocop_evaluation/1"],
}


@pytest.mark.parametrize("user", sorted(WALKS))
def test_pages_walked_in_vietnamese_show_names_and_no_english(web_app: Flask, browser_for, user: str) -> None:
    load_demo_dossiers(ctx_of(web_app))
    from workflow_service.services.demo.loader import DEMO_USERS
    browser: Browser = browser_for(user)
    seen: dict[str, list[str]] = {}
    for path in WALKS[user]:
        if path == "DOSSIERS":
            listing = browser.get("/dossiers").get_data(as_text=True)
            paths = sorted(set(re.findall(r'href="(/dossiers/\d+)"', listing)))
        elif path == "TASKS":
            dossier_pages = [browser.get(p).get_data(as_text=True) for p in
                             sorted(set(re.findall(r'href="(/dossiers/\d+)"',
                                                   browser.get("/dossiers").get_data(as_text=True))))]
            paths = sorted({t for page in dossier_pages for t in re.findall(r'href="(/tasks/[\w-]+)"', page)})
        else:
            paths = [path]
        for each in paths:
            response = browser.get(each)
            assert response.status_code == 200, each
            found = leaks(response.get_data(as_text=True), set(DEMO_USERS))
            if found:
                seen[each] = found
    assert seen == {}, "\n".join(f"{path}: {found}" for path, found in seen.items())
