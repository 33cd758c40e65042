"""Certificates as officials and producers see them: with their history, within the actor's reach.

A certificate is seen by whoever sees the dossier that issued it (services/access decides that)."""

from __future__ import annotations

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session

from ...domain.access import Actor
from ...domain.certificates import STATES
from ...domain.errors import NotFound, ValidationFailed
from ...persistence.certificate_models import Certificate, CertificateEvent
from ...persistence.models import Dossier
from ..access.visibility import visible_dossiers
from ..context import ServiceContext
from .register import today
from .views import CertificateView, Event, official_view


def list_for_producer(ctx: ServiceContext, producer_user_id: int) -> list[CertificateView]:
    """Every certificate issued to this producer's account, newest first, each with its history."""
    with ctx.uow() as uow:
        session = uow.session
        rows = list(session.scalars(select(Certificate).where(Certificate.producer_user_id == producer_user_id)
                                    .order_by(Certificate.issue_date.desc(), Certificate.id.desc())))
        return [_view(ctx, session, row) for row in rows]


def get_certificate(ctx: ServiceContext, actor: Actor, number: str) -> CertificateView:
    with ctx.uow() as uow:
        session = uow.session
        row = session.scalars(_visible(session, actor).where(Certificate.number == number.strip())).first()
        if row is None:
            raise NotFound(f"certificate {number} not found")
        return _view(ctx, session, row)


def list_certificates(ctx: ServiceContext, actor: Actor, *, state: str | None = None, province: str | None = None,
                      limit: int = 50, offset: int = 0) -> tuple[list[CertificateView], int]:
    if state is not None and state not in STATES:
        raise ValidationFailed(f"state must be one of {', '.join(STATES)}", {"state": ["unknown state"]})
    with ctx.uow() as uow:
        session = uow.session
        query = _visible(session, actor)
        if state:
            query = query.where(Certificate.state == state)
        if province:
            query = query.where(Certificate.province_code == province)
        total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = session.scalars(query.order_by(Certificate.expiry_date, Certificate.id).limit(limit).offset(offset))
        return [_view(ctx, session, row, with_history=False) for row in rows], total


def _visible(session: Session, actor: Actor) -> Select[Certificate]:
    seen = exists().where(Dossier.id == Certificate.dossier_id, visible_dossiers(session, actor))
    return select(Certificate).where(seen)


def _view(ctx: ServiceContext, session: Session, row: Certificate, with_history: bool = True) -> CertificateView:
    events = [] if not with_history else [
        Event(e.at, e.action, e.state_from, e.state_to, e.actor, e.dossier_id, e.note, e.data)
        for e in session.scalars(select(CertificateEvent).where(CertificateEvent.certificate_id == row.id)
                                 .order_by(CertificateEvent.id))]
    linked = {row.dossier_id, row.reevaluation_dossier_id, *(e.dossier_id for e in events)} - {None}
    numbers = {dossier_id: number for dossier_id, number in session.execute(
        select(Dossier.id, Dossier.registration_number).where(Dossier.id.in_(linked)))} if with_history else {}
    return official_view(row, today(ctx), events, numbers)
