"""Filing a new dossier from the browser (producer or commune officer)."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from .pages import pages
from .session import login_required


@pages.route("/dossiers/new", methods=["GET", "POST"])
@login_required
def new_dossier() -> ResponseReturnValue:
    return render_template("filing.html")
