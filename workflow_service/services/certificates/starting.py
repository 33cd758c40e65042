"""Start a re-evaluation, an inspection or a revocation from a certificate.

Each is a dossier of its own process (bpmn/ocop_reevaluation, ocop_inspection, ocop_revocation) filed
at the certificate's commune with `subject_certificate` in its data; services.certificate_records
checks, in the filing's transaction, that the window is open and that the right person started it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from ...domain.access import Actor
from ...domain.certificates import GROUND_CODES
from ...domain.errors import NotFound, ValidationFailed
from ...domain.roles import MINISTRY_OFFICE, PROVINCE_OFFICE
from ...persistence.certificate_models import Certificate
from ...persistence.models import Dossier
from ..context import ServiceContext
from ..dossiers.filing import FileDossier, file_dossier, file_for_certificate
from .records import get_certificate


@dataclass(frozen=True)
class Revocation:
    ground: str
    finding_date: date
    finding_by: str
    finding_reference: str | None = None
    description: str | None = None
    inspection_dossier_id: int | None = None


def start_reevaluation(ctx: ServiceContext, actor: Actor, number: str, changes: str | None = None) -> Dossier:
    """The producer (or the commune officer for them) files the re-evaluation dossier at the commune."""
    view = get_certificate(ctx, actor, number)  # 404 unless the actor sees the certificate
    public = view.public
    data: dict[str, Any] = {"subject_certificate": public.number, "previous_stars": public.stars,
                            "producer": {"name": public.producer}, "product": {"name": public.product}}
    if changes:
        data["changes"] = changes
    return file_dossier(ctx, actor, FileDossier(None, view.commune_code, "re_evaluation", data))


def start_inspection(ctx: ServiceContext, actor: Actor, number: str, kind: str, due_on: date,
                     reason: str | None = None) -> Dossier:
    cert, role, unit = _office_and_certificate(ctx, actor, number)
    if due_on < ctx.clock.now().date():
        raise ValidationFailed.coded("certificate.due_in_past", {"due_on": ["in the past"]})
    data: dict[str, Any] = {**_subject(cert), "inspection_kind": kind, "due_on": due_on.isoformat(),
                            "inspecting_level": "ministry" if role == MINISTRY_OFFICE else "province"}
    if reason:
        data["reason"] = reason
    return file_for_certificate(ctx, actor, FileDossier("ocop_inspection", cert.commune_code, "inspection", data),
                                f"{role}@{unit}")


def start_revocation(ctx: ServiceContext, actor: Actor, number: str, finding: Revocation) -> Dossier:
    if finding.ground not in GROUND_CODES:
        raise ValidationFailed(f"ground must be one of {', '.join(GROUND_CODES)}", {"ground": ["unknown ground"]})
    cert, role, unit = _office_and_certificate(ctx, actor, number)
    if finding.finding_date > ctx.clock.now().date():
        raise ValidationFailed.coded("certificate.finding_in_future", {"finding_date": ["in the future"]})
    data: dict[str, Any] = {**_subject(cert), "ground": finding.ground,
                            "finding_date": finding.finding_date.isoformat(), "finding_by": finding.finding_by}
    for key in ("finding_reference", "description", "inspection_dossier_id"):
        value = getattr(finding, key)
        if value:
            data[key] = value
    return file_for_certificate(ctx, actor, FileDossier("ocop_revocation", cert.commune_code, "revocation", data),
                                f"{role}@{unit}")


def _office_and_certificate(ctx: ServiceContext, actor: Actor, number: str) -> tuple[Certificate, str, str]:
    """The certificate and the office grant the actor opens it with (province's office, else the Ministry's)."""
    with ctx.uow() as uow:
        cert = uow.session.scalars(select(Certificate).where(Certificate.number == number.strip())).first()
    if cert is not None and actor.holds(PROVINCE_OFFICE, cert.province_code):
        return cert, PROVINCE_OFFICE, cert.province_code
    ministry = sorted(actor.units_for(MINISTRY_OFFICE))
    if cert is not None and ministry:
        return cert, MINISTRY_OFFICE, ministry[0]
    raise NotFound(f"certificate {number} not found")  # to anyone but the OCOP office, as if it did not exist


def _subject(cert: Certificate) -> dict[str, Any]:
    return {"subject_certificate": cert.number, "certificate_stars": cert.stars,
            "producer": {"name": cert.producer_name}, "product": {"name": cert.product_name}}
