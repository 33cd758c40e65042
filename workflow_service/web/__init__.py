"""Server-rendered pages (Jinja2): sign-in, inbox, task, dossier and filing pages.

Import rule: web/ → services/ → domain/; pages act through the same services and the same Actor as the
API, so a page shows and does exactly what the API allows. Designer and supervisor pages live in
web/designer.py and web/supervisor.py, each exposing a blueprint `bp`; init_app registers them when
present.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from flask import Blueprint, Flask, request
from flask.wrappers import Response
from flask_wtf.csrf import CSRFProtect

PLUGGED_PAGES = ("designer", "simulation", "supervisor", "incidents", "migrations", "register", "certificates")
# Scripts only from our own static files (bpmn-js sets element styles, hence style-src 'unsafe-inline').
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; font-src 'self' data:; object-src 'none'; "
                               "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def init_app(app: Flask, csrf_exempt: tuple[Blueprint, ...] = ()) -> None:
    from . import auth, dossier_pages, filing, inbox, producer, rewards, task_pages  # noqa: F401 - routes register on `pages`
    from .i18n import init_babel
    from .labels import init_labels
    from .pages import pages
    from .session import init_session

    settings = app.extensions["ocopflow.settings"]
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.env == "production",
        # The token is bound to the session; a time limit would only lose a long form being filled in.
        WTF_CSRF_TIME_LIMIT=None,
    )
    csrf = CSRFProtect(app)
    for blueprint in csrf_exempt:  # bearer-token JSON clients send no cookies: nothing to forge
        csrf.exempt(blueprint)
    init_babel(app, settings.instance_dir)
    init_labels(app)
    init_session(app)
    app.register_blueprint(pages)
    app.after_request(_page_headers)
    for name in PLUGGED_PAGES:
        if find_spec(f"{__name__}.{name}") is not None:
            app.register_blueprint(import_module(f"{__name__}.{name}").bp)


def _page_headers(response: Response) -> Response:
    if request.blueprint != "api":
        for name, value in PAGE_HEADERS.items():
            response.headers.setdefault(name, value)
    return response
