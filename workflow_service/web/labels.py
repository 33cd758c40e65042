"""Names for people instead of codes: people's and unit names (login or code on hover), role titles, numbers
and dates in the page's language. Registered as Jinja filters and globals by init_labels."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from babel import Locale
from babel.numbers import format_decimal
from flask import Flask, g
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from ..domain.clock import VN_TZ
from ..domain.deadline_rules import (
    CalendarDays,
    DataFieldDate,
    DeadlineRule,
    FromDay,
    Months,
    PlanStepDate,
    RoundClose,
    WorkingDays,
    parse_deadline,
)
from ..services.accounts.users import display_names
from ..services.units.tree import names_of
from .i18n import DEFAULT_LANGUAGE, content_text, page_language
from .session import ctx

ROLE_TITLES: dict[str, Any] = {
    "applicant": _l("OCOP producer"),
    "commune_officer": _l("Commune officer"),
    "commune_chair": _l("Commune chair"),
    "district_officer": _l("District officer"),
    "district_council": _l("District council member"),
    "district_chair": _l("District chair"),
    "province_office": _l("Provincial OCOP office"),
    "province_advisory": _l("Provincial advisory team"),
    "province_council": _l("Provincial council member"),
    "province_chair": _l("Provincial chair"),
    "ministry_office": _l("Ministry OCOP office"),
    "ministry_advisory": _l("Central advisory team"),
    "central_council": _l("Central council"),
    "minister": _l("Minister"),
    "supervisor": _l("Supervisor"),
    "designer": _l("Process designer"),
    "admin": _l("Administrator"),
}
LEVEL_TITLES: dict[str, Any] = {"commune": _l("Commune"), "district": _l("District"),
                                "province": _l("Province"), "central": _l("Ministry")}
ATTACHMENT_KINDS: dict[str, Any] = {"mau02": _l("Form 02"), "papers": _l("Product papers")}
TASK_STATUS: dict[str, Any] = {"open": _l("open"), "completed": _l("completed"), "cancelled": _l("cancelled")}


def role_title(role: str | None) -> str:
    return str(ROLE_TITLES.get(role or "", role or ""))


def preload_units(codes: Iterable[str | None]) -> None:
    """Look up the names of these unit codes in one query (pages call it with every code they show)."""
    cache: dict[str, str] = g.setdefault("unit_names", {})
    missing = {c for c in codes if c and c not in cache}
    if missing:
        found = names_of(ctx(), missing)
        cache.update({code: found.get(code, code) for code in missing})


def unit_name(code: str | None) -> str:
    if not code:
        return ""
    preload_units([code])
    return str(g.unit_names[code])


def unit_label(code: str | None) -> Markup:
    """The unit's name with its code on hover."""
    if not code:
        return Markup("")
    return Markup('<span class="unit" title="{}">{}</span>').format(code, unit_name(code))


def person_name(username: str | None) -> str:
    """A user's display name (their login when they have none, or for the service's own actors)."""
    if not username:
        return ""
    cache: dict[str, str] = g.setdefault("person_names", {})
    if username not in cache:
        cache[username] = display_names(ctx(), {username}).get(username, username)
    return cache[username]


def person(username: str | None) -> Markup:
    """The user's name with their login on hover."""
    if not username:
        return Markup("")
    return Markup('<span class="person" title="{}">{}</span>').format(username, person_name(username))


def grant_title(role: str, unit_code: str) -> str:
    """'Commune officer · Xã Hương Khê'; units at VN (the Ministry, designers, admins) are left out."""
    title = role_title(role)
    return title if unit_code == "VN" else f"{title} · {unit_name(unit_code)}"


def grant_label(role: str, unit_code: str) -> Markup:
    return Markup('<span title="{}@{}">{}</span>').format(role, unit_code, grant_title(role, unit_code))


def _language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else "vi"


def _number_locale() -> Locale:
    """The page's Babel locale, parsed once per request (parsing it per number cost a page of 200
    numbers ~25 ms)."""
    if "number_locale" not in g:
        g.number_locale = Locale.parse(_language())
    locale: Locale = g.number_locale
    return locale


def number(value: float | None, digits: int | None = None, grouping: bool = True) -> str:
    """85 → "85"; 85.0 with digits=1 → "85,0" in Vietnamese, "85.0" in English; 20.5 → "20,5"."""
    if value is None:
        return ""
    whole = "#,##0" if grouping else "0"
    if digits is None:
        pattern = whole if float(value).is_integer() else whole + ".######"
    else:
        pattern = whole + ("." + "0" * digits if digits else "")
    return str(format_decimal(value, format=pattern, locale=_number_locale()))


def score(value: float | None) -> str:
    """A dossier's score: one decimal at least, two at most ("85,0", "85,33")."""
    return "" if value is None else str(format_decimal(value, format="0.0#", locale=_number_locale()))


def local_date(value: date | datetime | str | None) -> str:
    """dd/mm/yyyy in both languages (Vietnam's convention); datetimes in Vietnam time."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return str(value)
    if isinstance(value, datetime):
        value = value.astimezone(VN_TZ).date()
    return value.strftime("%d/%m/%Y")


def period_label(label: str) -> str:
    """Monitoring periods "2026-07" → "07/2026", "2026-Q3" → "Q3/2026" (Quý 3/2026)."""
    year, _, part = label.partition("-")
    if part.startswith("Q"):
        return str(_l("Q%(n)s/%(year)s", n=part[1:], year=year))
    return f"{part}/{year}" if part else label


ROUND_TITLES: dict[str, Any] = {"district": _l("the district round's closing day"),
                                "province": _l("the provincial round's closing day"),
                                "ministry": _l("the central round's closing day")}


def deadline_rule_text(rule: str | None) -> Markup:
    """A deadline rule as a designer wrote it, in words: "15 working days" → "15 ngày làm việc",
    "round:province" → "hạn đóng đợt cấp tỉnh"; a rule that cannot be read is shown as written, in <code>."""
    if not rule:
        return Markup("")
    try:
        parsed = parse_deadline(rule)
    except ValueError:
        return Markup("<code>{}</code>").format(rule)
    return _rule_words(parsed)


def _rule_words(rule: DeadlineRule) -> Markup:
    if isinstance(rule, WorkingDays):
        return Markup(_("%(n)s working day", n=rule.n) if rule.n == 1 else _("%(n)s working days", n=rule.n))
    if isinstance(rule, CalendarDays):
        return Markup(_("%(n)s day", n=rule.n) if rule.n == 1 else _("%(n)s days", n=rule.n))
    if isinstance(rule, Months):
        return Markup(_("%(n)s month", n=rule.n) if rule.n == 1 else _("%(n)s months", n=rule.n))
    if isinstance(rule, PlanStepDate):
        return Markup(_("the date of the plan's step %(step)s", step=Markup("<code>{}</code>").format(rule.step_key)))
    if isinstance(rule, RoundClose):
        return Markup(str(ROUND_TITLES[rule.level]))
    if isinstance(rule, DataFieldDate):
        return Markup(_("the date in the field %(field)s", field=Markup("<code>{}</code>").format(rule.field)))
    assert isinstance(rule, FromDay)
    return Markup(_("%(period)s from %(day)s", period=_rule_words(rule.period), day=local_date(rule.start)))


def diagram_texts(with_codes: bool = False, names: Callable[[], Iterable[str]] | None = None) -> str:
    """The diagram viewer's words in the page's language, the lanes' titles (role code → title; `with_codes`:
    the code on hover, for designers) and, on an English page, the diagram's names (written in Vietnamese:
    steps, events, gateways, flows) → their translation; `names` gives them (services/definitions/labels),
    read only for an English page."""
    lanes = {role: str(title) for role, title in ROLE_TITLES.items()}
    renamed = {} if names is None or page_language() == DEFAULT_LANGUAGE else \
        {name: content_text(name) for name in names() if content_text(name) != name}
    return json.dumps({
        "heldBy": _("held by"), "offeredTo": _("offered to"), "added": _("added"), "changed": _("changed"),
        "removed": _("removed"), "loadFailed": _("The diagram could not be loaded."),
        "zoomIn": _("Zoom in"), "zoomOut": _("Zoom out"), "fit": _("Whole diagram"), "laneTitles": lanes,
        "laneCodes": with_codes, "names": renamed,
    }, ensure_ascii=False)


def init_labels(app: Flask) -> None:
    app.jinja_env.filters.update(role_title=role_title, unit_name=unit_name, unit_label=unit_label,
                                 num=number, score=score, local_date=local_date, period=period_label,
                                 deadline_rule=deadline_rule_text)
    app.jinja_env.globals.update(grant_label=grant_label, grant_title=grant_title, preload_units=preload_units,
                                 person=person, person_name=person_name,
                                 level_title=lambda level: str(LEVEL_TITLES.get(level, level)),
                                 task_status=lambda status: str(TASK_STATUS.get(status, status)),
                                 attachment_kind=lambda kind: str(ATTACHMENT_KINDS.get(kind, kind)))
