"""Sign-in (throttled: see throttling.py), sign-out, changing one's password and the language switch."""

from __future__ import annotations

from datetime import timedelta

from flask import flash, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from ..domain.errors import Unauthorized, ValidationFailed
from ..services.accounts.sessions import change_password
from ..services.accounts.sessions import sign_in as check_sign_in
from .i18n import LANGUAGES, local_datetime
from .messages import field_errors
from .pages import pages
from .session import ctx, current_actor, login_required, safe_next, sign_in, sign_out, signed_in_actor


@pages.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    target = safe_next(request.values.get("next"), url_for("pages.index"))
    if request.method == "GET":
        if signed_in_actor() is not None:
            return redirect(target)
        return render_template("login.html", next=target, username="")
    username = request.form.get("username", "").strip()[:80]
    try:
        signed = check_sign_in(ctx(), username, request.form.get("password", "")[:200])
    except Unauthorized:
        flash(_("Unknown user or wrong password."), "error")
        return render_template("login.html", next=target, username=username), 401
    sign_in(signed)
    return redirect(target)


@pages.errorhandler(429)
def _locked(err: HTTPException) -> ResponseReturnValue:
    """Too many failed sign-ins: say when to try again; the password was not checked."""
    seconds = int(g.get("sign_in_retry_after") or 900)
    until = local_datetime(ctx().clock.now() + timedelta(seconds=seconds), "%H:%M")
    flash(_("Too many failed sign-in attempts. Try again in %(minutes)s minutes (at %(time)s).",
            minutes=max(1, -(-seconds // 60)), time=until), "error")
    target = safe_next(request.values.get("next"), url_for("pages.inbox"))
    page = render_template("login.html", next=target, username=request.form.get("username", "")[:80])
    return page, 429, {"Retry-After": str(seconds)}


@pages.post("/logout")
def logout() -> ResponseReturnValue:
    sign_out()
    flash(_("You have signed out."), "info")
    return redirect(url_for("pages.login"))


@pages.route("/password", methods=["GET", "POST"])
@login_required
def password() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template("password.html", errors={})
    new = request.form.get("new_password", "")[:200]
    if new != request.form.get("confirm_password", "")[:200]:
        errors = {"confirm_password": [_("The two new passwords differ.")]}
        return render_template("password.html", errors=errors), 422
    try:
        signed = change_password(ctx(), current_actor(), request.form.get("current_password", "")[:200], new)
    except ValidationFailed as err:
        return render_template("password.html", errors=_page_errors(err)), 422
    sign_in(signed)  # this browser stays signed in; every other session and token has ended
    flash(_("Your password was changed. Every other session was signed out."), "info")
    return redirect(url_for("pages.inbox"))


def _page_errors(err: ValidationFailed) -> dict[str, list[str]]:
    return field_errors(err)


@pages.post("/language")
def set_language() -> ResponseReturnValue:
    lang = request.form.get("lang", "")
    if lang in LANGUAGES:
        session["lang"] = lang
    return redirect(safe_next(request.form.get("next"), url_for("pages.index")))
