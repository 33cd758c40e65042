"""The public register: search the listed certificates, download them as CSV, verify one by number.

No sign-in: everything returned is a PublicCertificate. Listed means valid or re-evaluating and not
past its last listed day (expiry, or expiry + 180 days while re-evaluated), so an expired certificate
leaves the register on its own even before the nightly job marks it expired.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from ...domain.certificates import LISTED_STATES, fold
from ...domain.clock import VN_TZ
from ...domain.documents import DocumentKind
from ...domain.errors import NotFound
from ...domain.search import COUNT_CAP
from ...domain.units import Level
from ...persistence.certificate_models import Certificate
from ...persistence.document_models import DossierDocument
from ...persistence.models import UnitRow
from ..context import ServiceContext
from ..documents.reading import certificate_document
from ..monitoring.export import neutralise
from .views import PublicCertificate, public_view

CSV_LIMIT = 50_000
CSV_COLUMNS = ("number", "product", "producer", "stars", "province", "issuer", "decision_number", "regulation",
               "issue_date", "expiry_date", "state")


@dataclass(frozen=True)
class RegisterFilter:
    q: str | None = None  # product or producer
    product: str | None = None
    producer: str | None = None
    province: str | None = None  # a code ("42") or a name ("ha tinh")
    stars: int | None = None
    limit: int = 20
    offset: int = 0


def today(ctx: ServiceContext) -> date:
    return ctx.clock.now().astimezone(VN_TZ).date()


@dataclass(frozen=True)
class RegisterPage:
    items: list[PublicCertificate]
    total: int  # exact when total_exact; otherwise there are more than this many
    total_exact: bool


def search_register(ctx: ServiceContext, wanted: RegisterFilter) -> RegisterPage:
    day = today(ctx)
    with ctx.uow() as uow:
        session = uow.session
        query = _listed(wanted, day, _province_codes(session, wanted.province))
        cap = wanted.offset + COUNT_CAP
        counted = session.scalar(select(func.count()).select_from(
            query.with_only_columns(Certificate.id).limit(cap + 1).subquery())) or 0
        rows = session.scalars(query.order_by(Certificate.province_code, Certificate.product_folded,
                                              Certificate.id).limit(wanted.limit).offset(wanted.offset))
        return RegisterPage([public_view(row, day) for row in rows], min(counted, cap), counted <= cap)


def register_csv(ctx: ServiceContext, wanted: RegisterFilter) -> bytes:
    day = today(ctx)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    with ctx.uow() as uow:
        listed = _listed(wanted, day, _province_codes(uow.session, wanted.province))
        rows = uow.session.scalars(listed.order_by(Certificate.province_code,
                                                                 Certificate.product_folded).limit(CSV_LIMIT))
        for cert in rows:
            view = public_view(cert, day)
            writer.writerow([neutralise(v) for v in (
                view.number, view.product, view.producer, view.stars, view.province, view.issuer_unit,
                view.decision_number, view.regulation, view.issue_date.isoformat(), view.expiry_date.isoformat(),
                view.state)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM: Excel reads UTF-8 (diacritics intact)


def verify(ctx: ServiceContext, number: str) -> PublicCertificate:
    """Any certificate by number, whatever its state (the page says revoked or expired), and whether its
    PDF can be downloaded."""
    with ctx.uow() as uow:
        session = uow.session
        cert = session.scalars(select(Certificate).where(Certificate.number == number.strip())).first()
        if cert is None:
            raise NotFound(f"no certificate numbered {number}")
        has_pdf = session.scalar(select(DossierDocument.id).where(
            DossierDocument.dossier_id == cert.dossier_id,
            DossierDocument.kind == DocumentKind.CERTIFICATE.value).limit(1)) is not None
        return replace(public_view(cert, today(ctx)), has_pdf=has_pdf)


def certificate_pdf(ctx: ServiceContext, number: str) -> DossierDocument:
    """The certificate's PDF as issued with its recognition, for anyone (no sign-in): every certificate the
    register knows, valid, re-evaluating, revoked or expired — its verification page says which."""
    with ctx.uow() as uow:
        dossier_id = uow.session.scalar(select(Certificate.dossier_id).where(Certificate.number == number.strip()))
    if dossier_id is None:
        raise NotFound(f"no certificate numbered {number}")
    document = certificate_document(ctx, dossier_id)
    if document is None:
        raise NotFound(f"the PDF of certificate {number} is not issued")
    return document


def _province_codes(session: Session, province: str | None) -> list[str] | None:
    """The provinces a "code or name" filter means, read from the units (a few dozen rows), so the
    register's query is an equality the index serves. None: no province unit matches (or no filter)."""
    if not province or not province.strip():
        return None
    wanted = fold(province)
    found = [code for code, name in session.execute(select(UnitRow.code, UnitRow.name).where(
        UnitRow.level == Level.PROVINCE.value)) if code == province.strip() or wanted in fold(name)]
    return found or None


def _listed(wanted: RegisterFilter, day: date, province_codes: list[str] | None) -> Select[Certificate]:
    query = select(Certificate).where(Certificate.state.in_(LISTED_STATES), Certificate.listed_until >= day)
    for word in fold(wanted.q or "").split():  # every word somewhere in the product or producer name
        query = query.where(or_(Certificate.product_folded.contains(word, autoescape=True),
                                Certificate.producer_folded.contains(word, autoescape=True)))
    for word in fold(wanted.product or "").split():
        query = query.where(Certificate.product_folded.contains(word, autoescape=True))
    for word in fold(wanted.producer or "").split():
        query = query.where(Certificate.producer_folded.contains(word, autoescape=True))
    if province_codes:
        query = query.where(Certificate.province_code.in_(province_codes))
    elif wanted.province:  # a former province's name, as printed on older certificates
        query = query.where(or_(Certificate.province_code == wanted.province.strip(),
                                Certificate.province_folded.contains(fold(wanted.province), autoescape=True)))
    if wanted.stars is not None:
        query = query.where(Certificate.stars == wanted.stars)
    return query
