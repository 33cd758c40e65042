"""Producers' own periodic reports (Hà Tĩnh 2019: monthly to the district before the 15th).

A plan's recurring step whose `responsible` role is `applicant` is owed by every producer of the plan's
unit (its whole subtree) who has an approved business plan or a recognised product there — from the day
they had it (the approval decision's or the certificate's date): earlier periods are not owed.
`generate_producer_reports` is idempotent (unique producer/step/period); it runs on each plan import and
daily from the scheduler (`refresh_producer_reports`), so a producer approved later starts owing then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.access import Actor
from ...domain.clock import VN_TZ
from ...domain.cycle import PLAN_SERIES, PRODUCT_SERIES, plan_status
from ...domain.deadlines import OFFICE_CLOSE
from ...domain.errors import Conflict, Forbidden, NotFound, ValidationFailed
from ...domain.plan_schedules import Recurrence
from ...domain.roles import APPLICANT, SUPERVISOR
from ...persistence.cycle_models import ProducerReport
from ...persistence.deadline_models import YearlyPlan as PlanRow
from ...persistence.models import Dossier
from ..audit.trail import audit
from ..context import ServiceContext
from ..deadlines.calendar import working_calendar
from ..deadlines.due_dates import status as deadline_status
from ..deadlines.plan_dates import last_year, parsed
from ..units.tree import subtree_codes
from .reports import period_of

REPORT_STATUSES = ("open", "submitted")


def _eligible_from(row: Dossier) -> date | None:
    """The day the producer of `row` started owing reports; None if the row gives no reason to."""
    data: dict[str, Any] = row.data or {}
    if row.series == PLAN_SERIES and plan_status(data, row.status == "completed") in ("approved", "implemented"):
        return _day(data.get("approval_decision_date")) or row.filed_at.astimezone(VN_TZ).date()
    if row.series == PRODUCT_SERIES and row.certificate and (row.stars or 0) >= 3:
        return _day(row.certificate.get("issue_date")) or row.filed_at.astimezone(VN_TZ).date()
    return None


def _day(text: object) -> date | None:
    try:
        return date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def _producers(session: Session, unit_code: str) -> dict[str, tuple[str, date]]:
    """producer → (commune, first day owing) for producers with an account (not paper filings)."""
    communes = subtree_codes(session, {unit_code})
    found: dict[str, tuple[str, date]] = {}
    rows = session.scalars(select(Dossier).where(Dossier.commune_code.in_(communes),
                                                 Dossier.series.in_((PLAN_SERIES, PRODUCT_SERIES))))
    for row in rows:
        since = _eligible_from(row)
        if since is None or not (row.routing or {}).get("filer_is_applicant"):
            continue
        if row.filed_by not in found or since < found[row.filed_by][1]:
            found[row.filed_by] = (row.commune_code, since)
    return found


def generate_producer_reports(session: Session, plan_row: PlanRow) -> int:
    plan = parsed(plan_row.document)
    steps = [s for s in plan.steps if s.responsible == APPLICANT and isinstance(s.schedule, Recurrence)]
    if not steps:
        return 0
    producers = _producers(session, plan_row.unit_code)
    existing: set[tuple[str, str, str]] = {
        (p, k, d) for p, k, d in session.execute(select(ProducerReport.producer, ProducerReport.step_key,
                                                        ProducerReport.period)
                                                 .where(ProducerReport.producer.in_(list(producers))))}
    created = 0
    for step in steps:
        assert isinstance(step.schedule, Recurrence)
        for year in range(plan_row.year, last_year(plan_row) + 1):
            for day in step.schedule.occurrences(year):
                period = period_of(step.schedule, day)
                for producer, (commune, since) in producers.items():
                    if day <= since or (producer, step.key, period) in existing:
                        continue
                    existing.add((producer, step.key, period))
                    session.add(ProducerReport(plan_id=plan_row.id, producer=producer, commune_code=commune,
                                               step_key=step.key, title=step.title, period=period, status="open",
                                               due_at=datetime.combine(day, OFFICE_CLOSE, tzinfo=VN_TZ)))
                    created += 1
    session.flush()
    return created


def refresh_producer_reports(ctx: ServiceContext) -> int:
    """Every plan with a producers' recurring step (the scheduler runs this daily)."""
    with ctx.uow() as uow:
        created = sum(generate_producer_reports(uow.session, row) for row in uow.session.scalars(select(PlanRow)))
        uow.commit()
        return created


@dataclass(frozen=True)
class ProducerReportView:
    row: ProducerReport
    deadline_status: str | None


def _visible(session: Session, actor: Actor) -> tuple[set[str] | None, str]:
    """(communes whose reports the actor reads — None: all —, the producer name the actor reads as)."""
    if actor.is_admin:
        return None, actor.username
    officers = {g.unit_code for g in actor.grants if g.role not in (APPLICANT, SUPERVISOR)} | actor.supervised_units
    return subtree_codes(session, officers), actor.username


def list_producer_reports(ctx: ServiceContext, actor: Actor, status: str | None = None) -> list[ProducerReportView]:
    if status is not None and status not in REPORT_STATUSES:
        raise ValidationFailed(f"status must be one of {', '.join(REPORT_STATUSES)}", {"status": ["unknown"]})
    now = ctx.clock.now()
    with ctx.uow() as uow:
        session = uow.session
        communes, me = _visible(session, actor)
        query = select(ProducerReport).order_by(ProducerReport.due_at, ProducerReport.id)
        if communes is not None:
            query = query.where((ProducerReport.producer == me) | ProducerReport.commune_code.in_(communes))
        if status is not None:
            query = query.where(ProducerReport.status == status)
        calendar = working_calendar(session)
        return [ProducerReportView(r, deadline_status(r.due_at, now, r.submitted_at, calendar))
                for r in session.scalars(query.limit(1000))]


def submit_producer_report(ctx: ServiceContext, actor: Actor, report_id: int,
                           content: dict[str, Any]) -> ProducerReportView:
    now = ctx.clock.now()
    with ctx.uow() as uow:
        session = uow.session
        row = session.get(ProducerReport, report_id, with_for_update=True)
        communes, me = _visible(session, actor)
        if row is None or (communes is not None and row.producer != me and row.commune_code not in communes):
            raise NotFound(f"report {report_id} not found")
        if row.producer != actor.username:
            raise Forbidden(f"report {report_id} is owed by producer {row.producer}")
        if row.status != "open":
            raise Conflict(f"report {report_id} was already submitted")
        row.status, row.submitted_at, row.content = "submitted", now, content
        audit(session, actor=actor.username, acting_as=f"{APPLICANT}@{row.commune_code}", action="producer_report",
              at=now, data={"report_id": row.id, "step": row.step_key, "period": row.period, "content": content})
        uow.commit()
        return ProducerReportView(row, deadline_status(row.due_at, now, row.submitted_at, working_calendar(session)))
