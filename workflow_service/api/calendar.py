"""/api/v1/calendar: the year's non-working days and the admin's corrections."""

from __future__ import annotations

from flask.wrappers import Response

from ..domain.errors import NotFound
from ..schemas.deadlines import CalendarDaySchema, CorrectionRequest, CorrectionSchema
from ..schemas.queries import OptionalYearQuery, YearQuery
from ..services.deadlines import corrections as calendar
from .common import api, body, ctx, current_actor, query, reply


@api.get("/calendar")
def calendar_year() -> Response:
    current_actor()
    year: int = query(YearQuery())["year"]
    days_off, working = calendar.year_overview(ctx(), year)
    days = CalendarDaySchema(many=True)
    return reply({"year": year, "days_off": days.dump(days_off), "working_weekend_days": days.dump(working)})


@api.get("/calendar/corrections")
def list_corrections() -> Response:
    actor = current_actor()
    rows = calendar.list_corrections(ctx(), actor, query(OptionalYearQuery())["year"])
    return reply(CorrectionSchema(many=True).dump(rows))


@api.get("/calendar/corrections/<day>")
def get_correction(day: str) -> Response:
    wanted = calendar.parse_day(day)
    rows = calendar.list_corrections(ctx(), current_actor(), wanted.year)
    row = next((r for r in rows if r.day == wanted), None)
    if row is None:
        raise NotFound(f"no calendar correction for {wanted.isoformat()}")
    return reply(CorrectionSchema().dump(row))


@api.put("/calendar/corrections/<day>")
def put_correction(day: str) -> Response:
    actor = current_actor()
    wanted = calendar.parse_day(day)
    payload = body(CorrectionRequest())
    row, changed = calendar.set_correction(ctx(), actor, wanted, payload["kind"], payload["reason"])
    return reply(CorrectionSchema().dump(row) | {"tasks_rescheduled": changed})


@api.delete("/calendar/corrections/<day>")
def delete_correction(day: str) -> Response:
    actor = current_actor()
    changed = calendar.delete_correction(ctx(), actor, calendar.parse_day(day))
    return reply({"deleted": day, "tasks_rescheduled": changed})
