"""The producer's page: their ideas, business plans, dossiers, certificates and reports in one place."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ...domain.access import Actor
from ...domain.cycle import IDEA_SERIES, PLAN_SERIES, PRODUCT_SERIES
from ...domain.errors import Forbidden
from ...domain.roles import APPLICANT
from ...persistence.models import Dossier, User
from ..certificates import list_for_producer
from ..context import ServiceContext
from ..plans.producer_reports import ProducerReportView, list_producer_reports
from .views import CycleItem, describe, open_steps_of

MAX_ROWS = 200


@dataclass(frozen=True)
class CertificateView:
    dossier_id: int
    registration_number: str
    product_name: str
    number: str
    stars: int | None
    issued_by: str | None
    issue_date: str | None
    expiry_date: str | None
    state: str = "valid"


@dataclass(frozen=True)
class ProducerOverview:
    communes: list[str]
    ideas: list[CycleItem]
    plans: list[CycleItem]
    dossiers: list[Dossier]
    certificates: list[CertificateView]
    reports: list[ProducerReportView]


def producer_overview(ctx: ServiceContext, actor: Actor) -> ProducerOverview:
    communes = sorted(actor.units_for(APPLICANT))
    if not communes:
        raise Forbidden("the producer page is for producers (role applicant)")
    with ctx.uow() as uow:
        session = uow.session
        rows = list(session.scalars(select(Dossier).where(Dossier.filed_by == actor.username)
                                    .order_by(Dossier.id.desc()).limit(MAX_ROWS)))
        cycle = [r for r in rows if r.series in (IDEA_SERIES, PLAN_SERIES)]
        steps = open_steps_of(session, [r.id for r in cycle])
    items = [describe(r, steps[r.id]) for r in cycle]
    return ProducerOverview(
        communes, [i for i in items if i.row.series == IDEA_SERIES], [i for i in items if i.row.series == PLAN_SERIES],
        [r for r in rows if r.series == PRODUCT_SERIES], certificates_for_producer(ctx, actor),
        list_producer_reports(ctx, actor))


def certificates_for_producer(ctx: ServiceContext, actor: Actor) -> list[CertificateView]:
    """The producer's certificates as records (services/certificates), newest first, with their state."""
    with ctx.uow() as uow:
        user_id = uow.session.scalar(select(User.id).where(User.username == actor.username))
    if user_id is None:
        return []
    records = list_for_producer(ctx, user_id)
    with ctx.uow() as uow:
        numbers = dict(uow.session.execute(select(Dossier.id, Dossier.registration_number).where(
            Dossier.id.in_([c.dossier_id for c in records]))).all())
    return [CertificateView(c.dossier_id, numbers.get(c.dossier_id, ""), c.public.product, c.public.number,
                            c.public.stars, c.public.issuer, c.public.issue_date.isoformat(),
                            c.public.expiry_date.isoformat(), c.public.state) for c in records]
