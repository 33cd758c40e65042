"""/api/v1/rounds: evaluation rounds beside the national ones — a province's or the Ministry's extra
rounds (admin), district rounds (admin, the district's or the province's office); anyone signed in reads."""

from __future__ import annotations

from flask.wrappers import Response

from ..schemas.deadlines import RoundRequest, RoundSchema
from ..schemas.queries import RoundQuery
from ..services.deadlines import rounds
from .common import api, body, ctx, current_actor, query, reply


@api.get("/rounds")
def list_rounds() -> Response:
    current_actor()
    args = query(RoundQuery())
    rows = rounds.list_rounds(ctx(), args["province"], args["level"])
    return reply({"items": RoundSchema(many=True).dump(rows)})


@api.post("/rounds")
def add_round() -> Response:
    actor = current_actor()
    row, changed = rounds.add_round(ctx(), actor, rounds.NewRound(**body(RoundRequest())))
    return reply(RoundSchema().dump(row) | {"tasks_rescheduled": changed}, 201)
