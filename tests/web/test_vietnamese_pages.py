"""Walked as each role would, in Vietnamese: no internal key, no code where a name belongs, no English; and in
English: no Vietnamese page chrome (what users typed and the units' names stay as written)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from tests.conftest import ROOT
from tests.web.conftest import Browser
from workflow_service.domain.clock import FixedClock
from workflow_service.services.context import ServiceContext
from workflow_service.services.demo.certificates import load_demo_certificates
from workflow_service.services.demo.dossiers import load_demo_dossiers

SNAKE_KEY = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")  # commune_officer, office_check, part_a
ROLE_AT_UNIT = re.compile(r"\w@\w")
BARE_UNIT_CODE = re.compile(r"(?<![\w/.:-])\d{5}(?![\w/.:-])")  # a commune code alone, where its name belongs
ENGLISH = {"the", "and", "of", "is", "not", "to", "you", "your", "task", "tasks", "offered", "filed", "none",
           "true", "false", "completed", "running", "claimed", "overdue", "due", "step", "dossier", "for",
           "monitoring", "supervisors", "form", "process", "version", "held", "by", "open", "yes", "no",
           "province", "district", "commune", "points", "stars", "target", "working", "days", "round", "issued",
           "expired", "revoked", "valid", "certificate", "inspection", "notice", "decided", "sent", "pending",
           "migrated", "failed", "reverted", "refused", "error", "submitted", "approved", "returned", "recorded",
           "opened", "started", "scheduler", "unknown", "with", "from", "this", "that", "was", "are", "has",
           "page", "user", "name", "date", "report", "reports", "period", "amount", "total", "score", "star",
           "decision", "producer", "product", "office", "council", "chair", "minister", "ministry", "plan", "idea",
           "reward", "rewards", "search", "download", "upload", "file", "files", "save", "cancel", "back", "next",
           "previous", "show", "all", "passed", "expected", "got", "outcome", "filing", "waiting", "done"}
VIETNAMESE_WORD = re.compile(r"\w*[À-ỹĐđ]\w*")
IDENTIFIER = re.compile(r"\S*\d\S*|\b[A-ZĐ]{2,}\b")  # 1520/QĐ-UBND, QĐ 26/2026/QĐ-TTg, 001/PĐK-42-18101-2026
# Vietnamese an English page shows on purpose: the language switch, the search hint's example.
MEANT_IN_ENGLISH = ("Tiếng Việt", "Mật ong")


class _Text(HTMLParser):
    """Visible text: not scripts, styles, <code> (designers' ids), what a <textarea> holds (the user's own
    text: a scenario, a plan) or attribute values (hover titles)."""

    SKIP = frozenset({"script", "style", "code", "title", "textarea"})

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
    """In a Vietnamese page: internal keys, role@unit, bare unit codes and English words."""
    text = visible_text(html)
    for name in sorted(usernames, key=len, reverse=True):
        text = text.replace(name, " ")
    found = SNAKE_KEY.findall(text) + ROLE_AT_UNIT.findall(text) + BARE_UNIT_CODE.findall(text)
    words = {w.lower() for w in re.findall(r"\w+", text) if w.isascii()}  # "toàn" is not "to"
    return found + sorted(words & ENGLISH)


def untranslated(html: str, stored: Iterable[str]) -> list[str]:
    """In an English page: Vietnamese words that are not data (what was typed, the units' and people's
    names, all stored in the database) nor document numbers."""
    text = visible_text(html)
    for value in sorted({*stored, *MEANT_IN_ENGLISH}, key=len, reverse=True):
        text = text.replace(value, " ")
    return sorted(set(VIETNAMESE_WORD.findall(IDENTIFIER.sub(" ", text))))


def stored_texts(ctx: ServiceContext) -> set[str]:
    """Every text with a diacritic the database holds as data: units, people, dossiers and what was entered on
    their steps, certificates, plans and reports (not the deployed processes: their words are the pages')."""
    from workflow_service.persistence.certificate_models import Certificate
    from workflow_service.persistence.cycle_models import ProducerReport
    from workflow_service.persistence.deadline_models import YearlyPlan
    from workflow_service.persistence.document_models import DossierDocument
    from workflow_service.persistence.models import AuditEntry, Dossier, UnitPeriodRow, UnitRow, User
    found: set[str] = set()

    def collect(value: Any) -> None:
        if isinstance(value, str):
            if not value.isascii():
                found.add(value.strip())
        elif isinstance(value, dict):
            for each in value.values():
                collect(each)
        elif isinstance(value, list | tuple):
            for each in value:
                collect(each)

    with ctx.uow() as uow:
        session = uow.session
        collect(list(session.execute(select(UnitRow.name)).scalars()) +
                list(session.execute(select(UnitPeriodRow.name)).scalars()))
        collect(list(session.execute(select(User.display_name)).scalars()))
        for dossier in session.scalars(select(Dossier)):
            collect([dossier.producer_name, dossier.product_name, dossier.data, dossier.certificate])
        collect([e.data for e in session.scalars(select(AuditEntry).where(AuditEntry.action.in_(
            ("file", "complete", "producer_report", "register_idea", "register_business_plan"))))])
        for cert in session.scalars(select(Certificate)):
            collect([cert.product_name, cert.producer_name, cert.issuer_unit_name, cert.province_name])
        collect([(plan.source, plan.steps) for plan in session.scalars(select(YearlyPlan))])
        collect([(r.title, r.content) for r in session.scalars(select(ProducerReport))])
        collect(list(session.execute(select(DossierDocument.file_name)).scalars()))  # the files as issued
    return {text for text in found if text}


def ctx_of(app: Flask) -> ServiceContext:
    context: ServiceContext = app.extensions["ocopflow"]
    return context


WALKS = {
    "producer.huongkhe": ["/inbox", "/dossiers", "/dossiers/new", "/ideas/new", "DOSSIERS", "TASKS"],
    "officer.huongkhe": ["/inbox", "/dossiers", "TASKS", "DOSSIERS"],
    "office.hatinh": ["/inbox", "TASKS", "DOSSIERS"],
    "supervisor.hatinh": ["/supervisor/", "/supervisor/tasks?unit=42", "/supervisor/tasks?unit=42&status=overdue",
                          "DOSSIERS"],
    "designer": ["/designer/", "/designer/ocop_evaluation", "/designer/ocop_evaluation/1", "/designer/ocop_qd148_2023/1",
                 "/designer/ocop_business_plan/1"],
}


def _expand(browser: Browser, path: str) -> list[str]:
    if path == "DOSSIERS":
        return sorted(set(re.findall(r'href="(/dossiers/\d+)"', browser.get("/dossiers").get_data(as_text=True))))
    if path == "TASKS":
        pages = [browser.get(p).get_data(as_text=True) for p in _expand(browser, "DOSSIERS")]
        return sorted({t for page in pages for t in re.findall(r'href="(/tasks/[\w-]+)"', page)})
    return [path]


@pytest.mark.parametrize("user", sorted(WALKS))
def test_pages_walked_in_vietnamese_show_names_and_no_english(web_app: Flask, browser_for, user: str) -> None:
    """And in English, no Vietnamese page chrome: the older chains' forms and steps read in English too."""
    load_demo_dossiers(ctx_of(web_app))
    browser: Browser = browser_for(user)
    paths: list[str | tuple[str, dict[str, Any]]] = [p for path in WALKS[user] for p in _expand(browser, path)]
    seen = walk_both_languages(web_app, browser, paths)
    assert seen == {}, _report(seen)


def walk_both_languages(app: Flask, browser: Browser, pages: list[str | tuple[str, dict[str, Any]]],
                        languages: tuple[str, ...] = ("vi", "en")) -> dict[str, Any]:
    """Each page (a GET path, or a (path, form) POST) in Vietnamese then in English: what leaks in each."""
    from workflow_service.services.demo.loader import DEMO_USERS
    seen: dict[str, Any] = {}
    for lang in languages:
        browser.post("/language", {"lang": lang, "next": "/"})
        stored = stored_texts(ctx_of(app))
        for page in pages:
            path, form = page if isinstance(page, tuple) else (page, None)
            response = browser.post(path, form) if form is not None else browser.get(path)
            if response.status_code in (302, 303):
                path = response.headers["Location"]
                response = browser.get(path)
            assert response.status_code == 200, f"{lang} {path}"
            html = response.get_data(as_text=True)
            found = leaks(html, set(DEMO_USERS)) if lang == "vi" else untranslated(html, stored)
            if found:
                seen[f"{lang} {path}"] = found
    return seen


def _report(seen: dict[str, Any]) -> str:
    return "\n".join(f"{where}: {found}" for where, found in seen.items())


# The pages added after the first walks: the public register, the producer's page, certificates for officials,
# the province dashboard, the designer's migrations and simulation. In both languages.
CERTIFICATE_WALKS: dict[str | None, list[str | tuple[str, dict[str, Any]]]] = {
    None: ["/register/", "/register/?q=mat+ong", "/register/?stars=9", "/register/certificates/HT-2026-0012"],
    "producer.huongkhe": ["/producer", "/certificates/", "/certificates/HT-2026-0012"],
    "office.hatinh": ["/certificates/", "/certificates/HT-2026-0031", "/rewards"],
    "supervisor.hatinh": ["/certificates/dashboard?province=42", "/certificates/", "/certificates/HT-2026-0012"],
    "designer": ["/designer/migrations/",
                 ("/designer/migrations/dry-run", {"file": "r2_to_r3_2025.yaml", "plan": ""}),
                 ("/designer/migrations/runs", {"file": "r2_to_r3_2025.yaml", "plan": ""}),
                 "/designer/simulation/", "/designer/simulation/?example=ocop_evaluation/recognised-4-stars",
                 ("/designer/simulation/", {
                     "version": "ocop_evaluation:1", "scenario": (ROOT / "bpmn" / "scenarios" / "ocop_evaluation" /
                                                                 "recognised-4-stars.yaml").read_text("utf-8")})],
}


@pytest.mark.parametrize("user", sorted(CERTIFICATE_WALKS, key=str))
def test_certificates_register_producer_and_designer_pages_in_both_languages(
        web_app: Flask, browser: Browser, browser_for, user: str | None) -> None:
    load_demo_dossiers(ctx_of(web_app))
    load_demo_certificates(ctx_of(web_app))
    walker = browser_for(user) if user else browser
    seen = walk_both_languages(web_app, walker, CERTIFICATE_WALKS[user])
    assert seen == {}, _report(seen)


def test_the_producers_reports_and_the_rewards_in_both_languages(web_app: Flask, browser_for,
                                                                 clock: FixedClock) -> None:
    from tests.api.test_producer_reports_and_rewards import recognised
    from tests.scenarios.seed_world import at
    from workflow_service.services.accounts.users import load_actor
    from workflow_service.services.plans.importing import import_plan
    ctx = ctx_of(web_app)
    at(clock, "2019-09-02")
    recognised(web_app, "18101", 1, 4, "2019-08-20")
    import_plan(ctx, load_actor(ctx, "office.hatinh"), (ROOT / "plans" / "ha-tinh-2019.yaml").read_text("utf-8"))
    producer = browser_for("producer.huongkhe")
    seen: dict[str, Any] = {}
    for lang in ("vi", "en"):  # each sends the next report due
        page = producer.get("/producer").get_data(as_text=True)
        report = page.split('action="/producer/reports/')[1].split('"')[0]
        seen |= walk_both_languages(web_app, producer, [
            "/producer", (f"/producer/reports/{report}", {"summary": "Sản lượng tháng 9: 3 tấn."})], (lang,))
    at(clock, "2021-03-01")
    import_plan(ctx, load_actor(ctx, "office.thanhhoa"), (ROOT / "plans" / "thanh-hoa-2021.yaml").read_text("utf-8"))
    recognised(web_app, "16001", 2, 4, "2021-10-01")
    seen |= walk_both_languages(web_app, browser_for("office.thanhhoa"), ["/rewards?unit=38&year=2021"])
    assert seen == {}, _report(seen)


# The designer's last pages with English or internal text (issue 16's leftovers): the version view's lanes, the
# comparison of two versions, a migration run with a dossier that failed, the simulation's path table.
ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
LOCAL_DAY = re.compile(r"\b\d{2}/\d{2}/\d{4}\b")


def test_the_version_view_names_lanes_by_role_title_with_the_code_on_hover(web_app: Flask, browser_for) -> None:
    import html as html_lib
    import json
    page = browser_for("designer").get("/designer/ocop_evaluation/1").get_data(as_text=True)
    texts = json.loads(html_lib.unescape(re.search(r'data-texts="([^"]*)"', page)[1]))  # type: ignore[index]
    assert texts["laneTitles"]["commune_officer"] == "Cán bộ UBND xã"
    assert not [title for title in texts["laneTitles"].values() if "(" in title or "_" in title]
    assert texts["laneCodes"] is True  # the viewer puts each lane's role code in its tooltip


def test_the_comparison_says_what_changed_in_words(web_app: Flask, browser_for) -> None:
    from workflow_service.services.accounts.users import load_actor
    from workflow_service.services.definitions.deploy import bpmn_of
    from workflow_service.services.designer.versions import deploy_diagram, get_version
    ctx = ctx_of(web_app)
    designer = load_actor(ctx, "designer")
    _name, xml = bpmn_of(get_version(ctx, "ocop_evaluation", 1))
    changed = xml.replace('name="formJsonSchemaFilename" value="commune_review.json" />\n'
                          '          <spiffworkflow:property name="deadline" value="15 working days" />',
                          'name="formJsonSchemaFilename" value="commune_review_qd148_2023.json" />\n'
                          '          <spiffworkflow:property name="deadline" value="20 days" />')
    changed = changed.replace("        <bpmn:flowNodeRef>commune_check_gateway</bpmn:flowNodeRef>\n", "", 1).replace(
        '<bpmn:lane id="lane_applicant" name="applicant">',
        '<bpmn:lane id="lane_applicant" name="applicant">\n        <bpmn:flowNodeRef>commune_check_gateway</bpmn:flowNodeRef>')
    assert changed.count("commune_check_gateway</bpmn:flowNodeRef>") == 1
    outcome = deploy_diagram(ctx, designer, "ocop_evaluation", 1, changed)
    assert outcome.deployment is not None, outcome.problems
    browser = browser_for("designer")
    path = "/designer/ocop_evaluation/compare?from=1&to=2"
    seen = walk_both_languages(web_app, browser, [path])
    assert seen == {}, _report(seen)
    browser.post("/language", {"lang": "vi", "next": "/"})
    text = " ".join(visible_text(browser.get(path).get_data(as_text=True)).split())
    assert "Thời hạn: 15 ngày làm việc → 20 ngày" in text
    assert "Biểu mẫu: Kiểm tra hồ sơ và đánh giá của UBND cấp xã (Mẫu số 03) →" in text
    assert "working days" not in text and "deadline:" not in text and "formJsonSchemaFilename" not in text
    assert "Cán bộ UBND xã · Các bước trong làn:" in text  # a lane by its role's title, its steps by name
    browser.post("/language", {"lang": "en", "next": "/"})
    english = " ".join(visible_text(browser.get(path).get_data(as_text=True)).split())
    assert "Deadline: 15 working days → 20 days" in english


def test_a_failed_dossier_of_a_migration_run_reads_in_words_its_error_only_as_technical_detail(
        web_app: Flask, browser_for, clock: FixedClock) -> None:
    from sqlalchemy import update

    from tests.conftest import Api
    from tests.migration.helpers import at, file_r2_at_district
    from workflow_service.persistence.models import Dossier
    at(clock, 2025, 6, 20)
    api = Api(web_app.test_client())
    file_r2_at_district(api)
    broken = file_r2_at_district(api, "Mật ong Vũ Quang")
    with ctx_of(web_app).uow() as uow:
        uow.session.execute(update(Dossier).where(Dossier.id == broken["id"]).values(state='{"broken": true}'))
        uow.commit()
    at(clock, 2025, 7, 6)
    browser = browser_for("designer")
    plan = {"file": "r2_to_r3_2025.yaml", "plan": ""}
    started = browser.post("/designer/migrations/runs", plan)
    assert started.status_code == 302
    run = started.headers["Location"]
    seen = walk_both_languages(web_app, browser, [run, ("/designer/migrations/dry-run", plan)])
    assert seen == {}, _report(seen)
    browser.post("/language", {"lang": "vi", "next": "/"})
    page = browser.get(run).get_data(as_text=True)
    row = page.split(f'data-dossier="{broken["id"]}"')[1].split("</tr>")[0]
    assert "Không đọc hoặc chuyển được hồ sơ; hồ sơ được giữ nguyên như cũ." in row
    technical = row.split('<details class="technical">')[1].split("</details>")[0]
    assert "Chi tiết kỹ thuật" in technical and "Error" in technical  # e.g. KeyError: 'spec'
    assert "Error" not in visible_text(row) and "could not" not in row.replace(technical, "")


def test_the_simulation_path_shows_local_dates_rules_in_words_and_ids_only_on_hover(web_app: Flask,
                                                                                      browser_for) -> None:
    scenario = (ROOT / "bpmn" / "scenarios" / "ocop_evaluation" / "recognised-4-stars.yaml").read_text("utf-8")
    page = browser_for("designer").post("/designer/simulation/", {"version": "ocop_evaluation:1",
                                                                   "scenario": scenario}).get_data(as_text=True)
    table = page.split('id="path">')[1].split("</table>")[0]
    shown = " ".join(visible_text(table).split())
    assert LOCAL_DAY.search(shown) and not ISO_DAY.search(shown)
    assert "hạn đóng đợt cấp tỉnh → 30/12/2026" in shown and "15 ngày làm việc" in shown
    assert 'title="round:province"' in table and 'title="chair_decision"' in table
    assert "chair_decision" not in shown and "round:" not in shown


# What the designer wrote or uploaded, refused: the sentence in the page's language, the file's own words in
# <code>, a parser's or the engine's English only inside the collapsed technical details.
MISTAKEN_SCENARIO = """name: x
process: {key: ocop_evaluation}
colour: red
filing: {date: 2026-06-01, by: producer.huongkhe, commune: "18101"}
steps:
  - {date: 31/6/2026, task: commune_review}
  - {date: 2026-06-05, data: {complete: true}}
"""
BROKEN_PLAN = """name: broken
source: {process_key: ocop_evaluation}
target: {process_key: ocop_evaluation, version: 0}
mapping: {office_check: office_check}
colour: red
deadline: {first_time: whenever}
"""


def _refused_in_both_languages(app: Flask, browser: Browser, path: str, form: dict[str, Any],
                               block: str) -> dict[str, str]:
    """The refusal block (by its id) of the page in each language, after checking it leaks nothing."""
    from workflow_service.services.demo.loader import DEMO_USERS
    shown = {}
    for lang in ("vi", "en"):
        browser.post("/language", {"lang": lang, "next": "/"})
        response = browser.post(path, dict(form), content_type="multipart/form-data")
        assert response.status_code in (200, 422), response.status_code
        html = response.get_data(as_text=True)
        part = html.split(f'id="{block}"')[1].split("</div>")[0]
        found = leaks(part, set(DEMO_USERS)) if lang == "vi" else untranslated(part, stored_texts(ctx_of(app)))
        assert found == [], f"{lang}: {found}\n{part}"
        shown[lang] = part
    return shown


def test_a_scenario_with_mistakes_reads_in_vietnamese_naming_its_paths(web_app: Flask, browser_for) -> None:
    shown = _refused_in_both_languages(web_app, browser_for("designer"), "/designer/simulation/",
                                       {"scenario": MISTAKEN_SCENARIO}, "simulation-errors")
    text = " ".join(visible_text(shown["vi"]).split())
    assert "không phải là ngày: hãy ghi theo dạng yyyy-mm-dd" in text
    assert "Còn thiếu: ai làm nhiệm vụ" in text and "Bước không có nhiệm vụ chỉ dời đồng hồ" in text
    assert "Trường" in text and "<code>colour</code>" in shown["vi"]
    assert "<code>steps[1] (commune_review).date</code>" in shown["vi"]
    assert "Missing: who does the task" in shown["en"]


def test_a_scenario_that_is_not_yaml_shows_the_parser_only_as_technical_detail(web_app: Flask,
                                                                               browser_for) -> None:
    shown = _refused_in_both_languages(web_app, browser_for("designer"), "/designer/simulation/",
                                       {"scenario": "name: x\nprocess: [\n"}, "simulation-errors")
    assert "Văn bản không phải YAML hợp lệ (xem quanh dòng" in shown["vi"]
    technical = shown["vi"].split('<details class="technical">')[1].split("</details>")[0]
    assert "Chi tiết kỹ thuật" in technical and "expected" in technical


def test_a_simulation_stopped_by_the_runner_says_why_in_vietnamese(web_app: Flask, browser_for) -> None:
    text = (ROOT / "bpmn" / "scenarios" / "ocop_evaluation" / "recognised-4-stars.yaml").read_text("utf-8")
    text = text.replace("by: province_office@42", "by: province_office@99")
    browser = browser_for("designer")
    for lang, expected in (("vi", "Không ai giữ"), ("en", "Nobody holds")):
        browser.post("/language", {"lang": lang, "next": "/"})
        page = browser.post("/designer/simulation/", {"version": "ocop_evaluation:1", "scenario": text})
        stopped = page.get_data(as_text=True).split('id="stopped">')[1].split("</div>")[0]
        reason = stopped.split("</strong>")[1]
        assert expected in reason and "<code>province_office@99</code>" in reason
        assert "declare a user" not in reason or lang == "en"


def test_a_refused_migration_plan_reads_in_vietnamese(web_app: Flask, browser_for) -> None:
    shown = _refused_in_both_languages(web_app, browser_for("designer"), "/designer/migrations/dry-run",
                                       {"plan": BROKEN_PLAN, "file": ""}, "plan-problems")
    text = " ".join(visible_text(shown["vi"]).split())
    assert "Phải là số phiên bản" in text and "Trường không được biết." in text
    assert "Không hiểu thời hạn" in text and "<code>deadline.first_time</code>" in shown["vi"]
    assert "Chi tiết kỹ thuật" in shown["vi"]  # the deadline parser's own words


def test_an_uploaded_broken_bpmn_in_a_simulation_reads_as_the_deploy_page_words_it(web_app: Flask,
                                                                                   browser_for) -> None:
    from io import BytesIO
    scenario = (ROOT / "bpmn" / "scenarios" / "ocop_evaluation" / "recognised-4-stars.yaml").read_text("utf-8")
    browser = browser_for("designer")
    browser.post("/language", {"lang": "vi", "next": "/"})
    page = browser.post("/designer/simulation/", {"scenario": scenario,
                                                  "files": (BytesIO(b"<definitions><process"), "broken.bpmn")},
                        content_type="multipart/form-data")
    assert page.status_code == 422
    errors = page.get_data(as_text=True).split('id="simulation-errors"')[1].split("</div>")[0]
    assert "<code>broken.bpmn" in errors and "không" in visible_text(errors)
    from workflow_service.services.demo.loader import DEMO_USERS
    assert leaks(errors, set(DEMO_USERS)) == []
