"""The rewards table page: the amounts a unit's plan pays by star for the year's recognised products."""

from __future__ import annotations

from flask import Response, render_template, request
from flask.typing import ResponseReturnValue

from ..domain.access import Actor
from ..domain.clock import VN_TZ
from ..services.cycle import rewards, rewards_export
from .pages import pages
from .session import ctx, current_actor, login_required


def reward_units(actor: Actor) -> list[str]:
    """The units whose rewards the actor reads directly (their officer, chair or supervisor grants)."""
    return sorted({g.unit_code for g in actor.grants if g.role in rewards.READER_ROLES} | actor.supervised_units)


@pages.get("/rewards")
@login_required
def rewards_page() -> ResponseReturnValue:
    actor = current_actor()
    units = reward_units(actor)
    unit = request.args.get("unit", units[0] if units else "")[:32]
    year = request.args.get("year", type=int) or ctx().clock.now().astimezone(VN_TZ).year
    table = rewards.rewards_table(ctx(), actor, unit, min(max(year, 2000), 2100))
    if request.args.get("format") in ("csv", "xlsx"):
        content, content_type, name = rewards_export.export_rewards(table, str(request.args["format"]))
        return Response(content, content_type=content_type,
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    return render_template("rewards.html", table=table, units=units)
