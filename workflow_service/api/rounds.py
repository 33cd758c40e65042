"""/api/v1/rounds: extra evaluation rounds per province (admin adds, anyone signed in reads)."""

from __future__ import annotations

from flask.wrappers import Response

from ..schemas.deadlines import RoundRequest, RoundSchema
from ..schemas.queries import RoundQuery
from ..services.deadlines import rounds
from .common import api, body, ctx, current_actor, query, reply


@api.get("/rounds")
def list_rounds() -> Response:
    current_actor()
    rows = rounds.list_rounds(ctx(), query(RoundQuery())["province"])
    return reply({"items": RoundSchema(many=True).dump(rows)})


@api.post("/rounds")
def add_round() -> Response:
    actor = current_actor()
    row, changed = rounds.add_round(ctx(), actor, rounds.NewRound(**body(RoundRequest())))
    return reply(RoundSchema().dump(row) | {"tasks_rescheduled": changed}, 201)
