"""HTML → PDF: the templates of workflow_service/documents_templates rendered by Jinja2, laid out by WeasyPrint
with the font shipped beside them. Same input, same bytes (no time or random id goes into the file)."""

from __future__ import annotations

import base64
import io
from functools import cache
from pathlib import Path
from typing import Any

import segno
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ...domain.documents import authority_lines

TEMPLATES = Path(__file__).resolve().parents[2] / "documents_templates"
QR_SCALE = 10  # pixels per module: a version-4 code is ~370 px, printed 30 mm wide (≈ 300 dpi)


@cache
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(("html",)),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["authority_lines"] = authority_lines
    return env


def render_html(template: str, doc: dict[str, Any]) -> str:
    return _environment().get_template(template).render(doc=doc)


def render_pdf(template: str, doc: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported on first use: it loads pango, ~0.3 s

    pdf: bytes = HTML(string=render_html(template, doc), base_url=str(TEMPLATES) + "/",
                      url_fetcher=_templates_only()).write_pdf()
    return pdf


@cache
def _templates_only() -> Any:
    """A document loads its stylesheet, font and inline images, nothing else: no network, no other file
    (the dossier's text is escaped anyway; this holds if a template is ever edited carelessly)."""
    from weasyprint.urls import URLFetcher

    inside = TEMPLATES.as_uri() + "/"

    class TemplatesOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not (url.startswith("data:") or (url.startswith(inside) and ".." not in url)):
                raise ValueError(f"a document loads nothing from {url[:80]}")
            return super().fetch(url, headers)

    return TemplatesOnly(allowed_protocols=("file", "data"))


def qr_png(url: str) -> bytes:
    """The QR code of `url` as a PNG (error correction M: still reads with a stain or a crease)."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=QR_SCALE, border=4)
    return buffer.getvalue()


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")
