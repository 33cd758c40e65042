"""Every message a user can meet exists in Vietnamese and English: the page strings (msgids are English,
each has its Vietnamese translation) and every error code the services raise (each has its page text)."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po
from flask import Flask

from tests.conftest import ROOT
from workflow_service.domain.errors import Conflict
from workflow_service.domain.messages import MESSAGES
from workflow_service.web.messages import ERROR_TEXTS, error_text

PO = ROOT / "workflow_service" / "translations" / "vi" / "LC_MESSAGES" / "messages.po"
METHODS = [("workflow_service/web/**.py", "python"), ("workflow_service/web/templates/**.html", "jinja2")]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _page_msgids() -> set[str]:
    keywords = {**DEFAULT_KEYWORDS, "_l": None}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(str(ROOT), METHODS, keywords=keywords):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _catalog() -> dict[str, str]:
    with PO.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle, locale="vi") if m.id and "fuzzy" not in m.flags}


def test_every_page_string_has_a_vietnamese_translation_with_the_same_placeholders() -> None:
    catalog = _catalog()
    msgids = _page_msgids()
    assert len(msgids) > 300
    untranslated = sorted(m for m in msgids if not catalog.get(m))
    assert untranslated == [], "add these to messages.po (see web/README.md)"
    wrong = sorted(m for m in msgids if set(PLACEHOLDER.findall(m)) != set(PLACEHOLDER.findall(catalog[m])))
    assert wrong == []


def test_every_error_code_has_a_page_text_using_only_its_parameters() -> None:
    assert sorted(ERROR_TEXTS) == sorted(MESSAGES)
    for code, english in MESSAGES.items():
        params = {name for _text, name, _spec, _conv in string.Formatter().parse(english) if name}
        used = set(PLACEHOLDER.findall(ERROR_TEXTS[code]._args[0]))
        assert used <= params, code


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_error_reads_in_the_page_language_with_names_not_codes(web_app: Flask, lang: str) -> None:
    err = Conflict.coded("task.not_offered", task="54e83f1e", role="commune_officer", unit="18101")
    with web_app.test_request_context("/"):
        from flask import session
        session["lang"] = lang
        text = error_text(err)
    assert "18101" not in text and "commune_officer" not in text and "54e83f1e" not in text
    assert "Xã Hương Khê" in text
    assert ("Cán bộ UBND xã" in text) == (lang == "vi") and ("Commune officer" in text) == (lang == "en")


def test_the_catalog_file_is_where_the_pages_read_it() -> None:
    assert Path(PO).is_file()


def test_every_problem_code_of_the_designer_checks_has_a_page_text() -> None:
    from workflow_service.domain.problems import PROBLEM_CODES
    from workflow_service.web.messages import PROBLEM_TEXTS
    assert sorted(PROBLEM_TEXTS) == sorted(PROBLEM_CODES)
    sources = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "workflow_service").rglob("*.py"))
    used = set(re.findall(r'"((?:task|form|lane|flow|decision|expression|deadline|bundle|process|xml|engine|script|'
                          r'timer|data)\.[a-z_]+)"', sources))
    assert set(PROBLEM_CODES) <= used  # each is given by some check


def test_every_reason_a_dossier_is_not_migrated_has_a_page_text_and_reads_back_from_its_english() -> None:
    from workflow_service.domain.migration_reasons import REASONS, read_reason, reason
    from workflow_service.web.migration_reasons import REASON_TEXTS
    assert sorted(REASON_TEXTS) == sorted(REASONS)
    for code, english in REASONS.items():
        names = [name for _text, name, _spec, _conv in string.Formatter().parse(english) if name]
        written = reason(code, **{name: f"{name} «x» (1/2 done)" for name in names})
        assert read_reason(written.english()) == written, code
        used = set(PLACEHOLDER.findall(REASON_TEXTS[code]._args[0]))
        assert used <= set(names), code
    assert read_reason("something else went wrong") is None


@pytest.mark.parametrize("kind", ["scenario", "plan"])
def test_every_scenario_and_migration_plan_problem_code_has_a_page_text_using_only_its_parameters(kind: str) -> None:
    """A problem of a scenario or a migration plan the designer wrote reads in the page's language; a code
    without a text would fall back to a bare "not valid"."""
    from workflow_service.domain.migration_plan_problems import PLAN_PROBLEMS
    from workflow_service.domain.scenario_problems import SCENARIO_PROBLEMS
    from workflow_service.web.input_problems import FILE_WORDS, PLAN_TEXTS, SCENARIO_TEXTS
    codes, texts = (SCENARIO_PROBLEMS, SCENARIO_TEXTS) if kind == "scenario" else (PLAN_PROBLEMS, PLAN_TEXTS)
    assert sorted(texts) == sorted(codes)
    sources = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "workflow_service").rglob("*.py")
                      if not p.name.endswith("_problems.py"))
    for code, english in codes.items():
        assert f'"{code}"' in sources, f"{code} is given by nothing"
        names = {name for _text, name, _spec, _conv in string.Formatter().parse(english) if name}
        used = set(PLACEHOLDER.findall(texts[code]._args[0]))
        assert used <= names | {"line", "value"} | set(FILE_WORDS), code


def _content_strings(node: object, found: set[str]) -> None:
    """What a form shows: titles, help, option names (not its x-ui hints)."""
    if isinstance(node, dict):
        for key in ("title", "description"):
            if isinstance(node.get(key), str):
                found.add(node[key])
        found.update(node.get("x-enumNames") or [])
        for key, value in node.items():
            if key != "x-ui":
                _content_strings(value, found)
    elif isinstance(node, list):
        for value in node:
            _content_strings(value, found)


def _english_content() -> dict[str, str]:
    with (ROOT / "workflow_service" / "translations" / "en" / "LC_MESSAGES" / "content.po").open("rb") as handle:
        return {m.id: m.string for m in read_po(handle, locale="en") if m.id and "fuzzy" not in m.flags}


@pytest.mark.parametrize("form", sorted(p.name for p in (ROOT / "forms").glob("*.json")))
def test_every_form_reads_in_english_too(form: str) -> None:
    """Each title, help text and option name of every form in forms/ (all chains, the annual cycle, the
    certificate processes) has its English: a new form cannot be forgotten."""
    texts: set[str] = set()
    _content_strings(json.loads((ROOT / "forms" / form).read_text(encoding="utf-8")), texts)
    english = _english_content()
    assert sorted(t for t in texts if t.strip() and not english.get(t)) == [], "add these to content.po"


@pytest.mark.parametrize("diagram", sorted(p.name for p in (ROOT / "bpmn").glob("*.bpmn")))
def test_every_label_a_diagram_shows_reads_in_english_too(diagram: str) -> None:
    """Each name the diagram viewer draws (process, pool, steps, events, gateways, flows; lanes are role
    codes shown by their titles) and the process's name, for every diagram in bpmn/."""
    from workflow_service.services.definitions.labels import shown_labels
    from workflow_service.web.labels import ROLE_TITLES
    labels = shown_labels((ROOT / "bpmn" / diagram).read_text(encoding="utf-8"))
    assert len(labels) > 5
    english = _english_content()
    assert sorted(t for t in labels if t not in ROLE_TITLES and not english.get(t)) == [], "add these to content.po"


def test_a_task_page_in_english_shows_its_form_in_english(web_app: Flask, browser_for) -> None:
    from tests.web.chain import file, open_task
    dossier_id = file(web_app.extensions["ocopflow"])
    task = open_task(web_app.extensions["ocopflow"], dossier_id, "commune_review")
    officer = browser_for("officer.huongkhe")
    officer.post("/language", {"lang": "en", "next": "/inbox"})
    page = officer.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert "<h1>Commune checks the dossier, assesses the 4 local contents, issues Form 03</h1>" in page
    assert "The dossier is complete" in page and "Uses local raw materials" in page
    assert "Hồ sơ đầy đủ thành phần" not in page


def test_the_shipped_scenarios_migration_plans_and_regulations_read_in_english_too() -> None:
    """Their names are shown on the designer's simulation and migration pages, the regulations' on dossiers."""
    import yaml
    english = _english_content()
    titles = [yaml.safe_load(p.read_text(encoding="utf-8"))["name"] for p in (ROOT / "bpmn" / "scenarios").glob("*/*.yaml")]
    titles += [yaml.safe_load(p.read_text(encoding="utf-8"))["title"] for p in (ROOT / "bpmn" / "migrations").glob("*.yaml")]
    titles += [r["title"] for r in yaml.safe_load((ROOT / "bpmn" / "regulations.yaml").read_text("utf-8"))["regulations"]]
    assert len(titles) > 20
    assert sorted(t for t in titles if not english.get(t)) == [], "add these to content.po"


@pytest.mark.parametrize("catalog", ["vi/LC_MESSAGES/messages.po", "en/LC_MESSAGES/content.po"])
def test_no_message_is_in_a_catalog_twice(catalog: str) -> None:
    """A second entry would silently win or lose against the first (Babel keeps one)."""
    text = (ROOT / "workflow_service" / "translations" / catalog).read_text(encoding="utf-8")
    entries = re.findall(r'^msgid ((?:".*"\n)+)', text, re.MULTILINE)
    ids = ["".join(re.findall(r'"(.*)"', found)) for found in entries]
    repeated = sorted({i for i in ids if i and ids.count(i) > 1})
    assert repeated == []
