"""Calendar corrections an admin records (make-up working days, extra days off) and the year view.

Each change recomputes, in the same transaction, the due dates of open tasks whose deadline is a
period counted on the calendar ("N working days", "N days", "N months").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from ...domain.access import Actor
from ...domain.errors import Forbidden, NotFound, ValidationFailed
from ...persistence.deadline_models import CalendarCorrection as CorrectionRow
from ..audit.trail import audit
from ..context import ServiceContext
from .calendar import national_holidays, working_calendar
from .clock import refresh_open_due_dates

KINDS = ("working", "off")
MAX_REASON = 300


@dataclass(frozen=True)
class CalendarDay:
    day: date
    reason: str
    source: str  # "national" (holidays package) or "correction"


def _require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise Forbidden("only an admin may change or read the calendar corrections")


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationFailed(f"{text!r} is not a date written yyyy-mm-dd",
                               {"date": ["must be a real date, yyyy-mm-dd"]}) from None


def list_corrections(ctx: ServiceContext, actor: Actor, year: int | None = None) -> list[CorrectionRow]:
    _require_admin(actor)
    query = select(CorrectionRow).order_by(CorrectionRow.day)
    if year is not None:
        query = query.where(CorrectionRow.day >= date(year, 1, 1), CorrectionRow.day <= date(year, 12, 31))
    with ctx.uow() as uow:
        return list(uow.session.scalars(query))


def set_correction(ctx: ServiceContext, actor: Actor, day: date, kind: str, reason: str) -> tuple[CorrectionRow, int]:
    """Record (or change) one day; returns the row and how many open tasks got a new due date."""
    _require_admin(actor)
    reason = " ".join((reason or "").split())
    problems: dict[str, list[str]] = {}
    if kind not in KINDS:
        problems["kind"] = ["must be 'working' or 'off'"]
    if not reason:
        problems["reason"] = ["say why (e.g. the decision that announced it)"]
    elif len(reason) > MAX_REASON:
        problems["reason"] = [f"at most {MAX_REASON} characters"]
    if problems:
        raise ValidationFailed(f"calendar correction for {day.isoformat()} is invalid", problems)
    now = ctx.clock.now()
    with ctx.uow() as uow:
        session = uow.session
        row = session.get(CorrectionRow, day, with_for_update=True)
        before = None if row is None else {"kind": row.kind, "reason": row.reason}
        if row is None:
            row = CorrectionRow(day=day)
            session.add(row)
        row.kind, row.reason, row.created_by, row.created_at = kind, reason, actor.username, now
        session.flush()
        changed = refresh_open_due_dates(session, working_calendar(session), kinds=("period",), affected_from=day)
        audit(session, actor=actor.username, acting_as=actor.describe(), action="calendar_correct", at=now,
              data={"day": day.isoformat(), "kind": kind, "reason": reason, "before": before,
                    "tasks_rescheduled": changed})
        uow.commit()
        return row, changed


def delete_correction(ctx: ServiceContext, actor: Actor, day: date) -> int:
    _require_admin(actor)
    now = ctx.clock.now()
    with ctx.uow() as uow:
        session = uow.session
        row = session.get(CorrectionRow, day, with_for_update=True)
        if row is None:
            raise NotFound(f"no calendar correction for {day.isoformat()}")
        before = {"kind": row.kind, "reason": row.reason}
        session.delete(row)
        session.flush()
        changed = refresh_open_due_dates(session, working_calendar(session), kinds=("period",), affected_from=day)
        audit(session, actor=actor.username, acting_as=actor.describe(), action="calendar_uncorrect", at=now,
              data={"day": day.isoformat(), "before": before, "tasks_rescheduled": changed})
        uow.commit()
        return changed


def year_overview(ctx: ServiceContext, year: int) -> tuple[list[CalendarDay], list[CalendarDay]]:
    """Weekday days off and weekend working days of `year`, each with its reason.

    Ordinary Saturdays and Sundays are not listed: they are off unless listed as working.
    """
    if not 2000 <= year <= 2100:
        raise ValidationFailed(f"year {year} is out of range", {"year": ["between 2000 and 2100"]})
    with ctx.uow() as uow:
        calendar = working_calendar(uow.session)
        corrected = dict(uow.session.execute(select(CorrectionRow.day, CorrectionRow.reason).where(
            CorrectionRow.day >= date(year, 1, 1), CorrectionRow.day <= date(year, 12, 31))).all())
    national = national_holidays(year)
    off: list[CalendarDay] = []
    working: list[CalendarDay] = []
    day = date(year, 1, 1)
    while day.year == year:
        source = "correction" if day in corrected else "national"
        weekend = day.weekday() >= 5
        if calendar.is_working_day(day):
            if weekend:
                reason = corrected.get(day) or national.make_up_days.get(day, "Ngày làm bù")
                working.append(CalendarDay(day, reason, source))
        elif not weekend or day in corrected or day in national.days_off:
            off.append(CalendarDay(day, calendar.reason_off(day) or "", source))
        day += timedelta(days=1)
    return off, working
