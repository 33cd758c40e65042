"""Sign-in, sign-out and the language switch."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from ..domain.errors import Unauthorized
from ..services.accounts.users import authenticate
from .i18n import LANGUAGES
from .pages import pages
from .session import ctx, safe_next, sign_in, sign_out, signed_in_actor


@pages.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    target = safe_next(request.values.get("next"), url_for("pages.inbox"))
    if request.method == "GET":
        if signed_in_actor() is not None:
            return redirect(target)
        return render_template("login.html", next=target, username="")
    username = request.form.get("username", "").strip()[:80]
    try:
        actor = authenticate(ctx(), username, request.form.get("password", "")[:200])
    except Unauthorized:
        flash(_("Unknown user or wrong password."), "error")
        return render_template("login.html", next=target, username=username), 401
    sign_in(actor)
    return redirect(target)


@pages.post("/logout")
def logout() -> ResponseReturnValue:
    sign_out()
    flash(_("You have signed out."), "info")
    return redirect(url_for("pages.login"))


@pages.post("/language")
def set_language() -> ResponseReturnValue:
    lang = request.form.get("lang", "")
    if lang in LANGUAGES:
        session["lang"] = lang
    return redirect(safe_next(request.form.get("next"), url_for("pages.index")))
