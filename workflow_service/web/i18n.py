"""Vietnamese by default, English on request; catalogs compiled from the committed .po at start."""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, session
from flask_babel import Babel, Domain

from ..domain.clock import VN_TZ

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"
LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"


def compile_catalogs(source: Path, target: Path) -> Path:
    """Compile every <lang>/LC_MESSAGES/*.po newer than its .mo into `target` (atomic replace)."""
    for po in source.glob("*/LC_MESSAGES/*.po"):
        mo = target / po.relative_to(source).with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=po.parent.parent.name)
        fd, tmp = tempfile.mkstemp(dir=mo.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            write_mo(out, catalog)
        os.replace(tmp, mo)
    return target


# Content written in Vietnamese (forms/*.json titles and help, BPMN step and process names) is
# translated for the English pages by the "content" catalog, whose msgids are the Vietnamese texts
# (translations/en/LC_MESSAGES/content.po). A text missing there stays as written.
CONTENT = Domain(domain="content")


def content_text(text: str | None) -> str:
    if not text or page_language() == DEFAULT_LANGUAGE:
        return text or ""
    return str(CONTENT.gettext(text))


def page_language() -> str:
    lang = session.get("lang")
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def local_datetime(value: datetime | None, fmt: str = "%d/%m/%Y %H:%M") -> str:
    # Day/month/year in Vietnam time in both languages; strftime because Babel's formatter is ~1 ms a call.
    return "" if value is None else value.astimezone(VN_TZ).strftime(fmt)


def init_babel(app: Flask, instance_dir: Path) -> None:
    compiled = compile_catalogs(TRANSLATIONS, instance_dir / "translations")
    app.config.update(BABEL_DEFAULT_LOCALE=DEFAULT_LANGUAGE, BABEL_DEFAULT_TIMEZONE="Asia/Ho_Chi_Minh",
                      BABEL_TRANSLATION_DIRECTORIES=str(compiled))
    Babel(app, locale_selector=page_language)
    app.jinja_env.filters["local_dt"] = local_datetime
    app.jinja_env.filters["tr"] = content_text
