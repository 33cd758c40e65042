"""Who is signed in: the session holds the username and its session version; each request rebuilds the
same Actor the API uses, and a cookie whose version is no longer the user's (signed out, password
changed, revoked) counts as signed out."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import unquote, urlsplit

from flask import Flask, current_app, g, redirect, request, session, url_for
from flask.typing import ResponseReturnValue

from ..domain.access import Actor
from ..domain.errors import Unauthorized
from ..domain.roles import APPLICANT, COMMUNE_OFFICER, ROLE_LEVEL
from ..services.accounts.sessions import SignedIn, end_sessions, resume
from ..services.context import ServiceContext
from ..services.cycle.rewards import READER_ROLES as REWARD_READERS

View = TypeVar("View", bound=Callable[..., ResponseReturnValue])


def ctx() -> ServiceContext:
    context: ServiceContext = current_app.extensions["ocopflow"]
    return context


def sign_in(signed: SignedIn) -> None:
    session.clear()  # a fresh session on sign-in: nothing from before survives (session fixation)
    session["user"] = signed.actor.username
    session["sv"] = signed.version
    g.actor = signed.actor


def sign_out() -> None:
    """Ends every session and token of the user (the cookie alone is no proof: a copy would live on)."""
    username = session.get("user")
    if username:
        end_sessions(ctx(), str(username))
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang


def signed_in_actor() -> Actor | None:
    if "actor" not in g:
        username = session.get("user")
        actor = None
        if username:
            try:
                actor = resume(ctx(), username, session.get("sv"))
            except Unauthorized:  # the account was removed or its sessions ended since sign-in
                session.pop("user", None)
                session.pop("sv", None)
        g.actor = actor
    return cast(Actor | None, g.actor)


def current_actor() -> Actor:
    """The signed-in Actor; raises Unauthorized (pages redirect to sign-in) when nobody is."""
    actor = signed_in_actor()
    if actor is None:
        raise Unauthorized("sign in first")
    return actor


def login_required(view: View) -> View:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        if signed_in_actor() is None:
            return redirect(url_for("pages.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return cast(View, wrapped)


def safe_next(target: str | None, default: str) -> str:
    """Only paths of this site: an open redirect would let a link send officers to a look-alike site.

    A single leading "/", no backslash, no control character or whitespace (browsers drop tabs and
    newlines, so "/%09/evil.example" would become "//evil.example"), checked again after percent-decoding
    (where only the query may hold a space), and no scheme or host when parsed; else `default`.
    """
    if not target or len(target) > 2000 or _unsafe(target, target):
        return default
    decoded = unquote(target)
    return default if _unsafe(decoded, decoded.partition("?")[0]) else target


def _unsafe(text: str, path: str) -> bool:
    if not path.startswith("/") or path.startswith("//") or "\\" in text:
        return True
    if any(unicodedata.category(ch)[0] == "C" for ch in text) or any(ch.isspace() for ch in path):
        return True
    parts = urlsplit(text)
    return bool(parts.scheme or parts.netloc)


def landing_endpoint(actor: Actor) -> str:
    """Where a role's work is: officers of the chain their inbox, a producer their dossiers (and filing),
    supervisors the dashboard, designers the processes."""
    views = current_app.view_functions
    if any(g.role in ROLE_LEVEL and g.role != APPLICANT for g in actor.grants):
        return "pages.inbox"
    if any(g.role == APPLICANT for g in actor.grants):  # their ideas, plans, dossiers and certificates
        return "pages.producer_page" if "pages.producer_page" in views else "pages.dossiers_list"
    if actor.supervised_units and "supervisor.index" in views:
        return "supervisor.index"
    if actor.is_designer and "designer.index" in views:
        return "designer.index"
    return "pages.inbox"


def nav_items(actor: Actor | None) -> list[dict[str, str]]:
    if actor is None:
        return []
    from flask_babel import gettext as _

    items = [("pages.inbox", _("Inbox")), ("pages.dossiers_list", _("Dossiers"))]
    if any(g.role == APPLICANT for g in actor.grants):
        items.insert(0, ("pages.producer_page", _("My products")))
    if any(g.role in (APPLICANT, COMMUNE_OFFICER) for g in actor.grants):
        items.append(("pages.new_dossier", _("File a dossier")))
    items.append(("certificates.index", _("Certificates")))
    if actor.supervised_units:
        items.append(("supervisor.index", _("Supervision")))
    if any(g.role in REWARD_READERS for g in actor.grants) or actor.supervised_units:
        items.append(("pages.rewards_page", _("Rewards")))
    if actor.is_designer:
        items.append(("designer.index", _("Processes")))
        items.append(("migrations.index", _("Migrations")))
        items.append(("simulation.index", _("Simulation")))
    if actor.is_admin:
        items.append(("incidents.index", _("Incidents")))
    views = current_app.view_functions
    return [{"endpoint": e, "url": url_for(e), "label": label} for e, label in items if e in views]


def init_session(app: Flask) -> None:
    @app.context_processor
    def _page_globals() -> dict[str, Any]:
        actor = signed_in_actor() if request.blueprint != "api" else None
        return {"actor": actor, "nav_items": nav_items(actor), "current_lang": session.get("lang", "vi")}
