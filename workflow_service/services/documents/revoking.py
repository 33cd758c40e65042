"""The revocation decision's facts, read from a revocation dossier (bpmn/ocop_revocation.bpmn) once its
deciding step (the province chair's or the Minister's) has revoked the certificate: the decision in the
dossier's data, the finding it rests on, the certificate record and the signer."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain import documents as d
from ...domain.certificates import REVOKED
from ...persistence.certificate_models import Certificate
from ...persistence.models import Dossier
from .revocation import RevocationFacts

REVOCATION_KIND = "revocation"
# The deciding step of the revocation process, by the authority its script records.
REVOCATION_STEPS = {"province_chair": "chair_revocation", "minister": "minister_revocation"}


def revocation_decided(dossier: Dossier) -> dict[str, Any] | None:
    """The decision a revocation dossier's deciding step wrote, when it revoked; None otherwise."""
    decision = (dossier.data or {}).get("revocation")
    if dossier.kind != REVOCATION_KIND or not isinstance(decision, dict) or decision.get("revoked") is not True:
        return None
    return decision


def revocation_facts(session: Session, dossier: Dossier, decision: dict[str, Any], decided_by_name: str,
                     decided_step_on: date, authority_names: dict[str, str]) -> RevocationFacts | None:
    """`authority_names`: the deciding authority's unit name by role (the province's name on the day, the
    Ministry's). None while the certificate record does not say revoked."""
    data = dossier.data or {}
    cert = session.scalars(select(Certificate).where(
        Certificate.number == str(data.get("subject_certificate", "")))).first()
    if cert is None or cert.state != REVOKED:
        return None
    evaluated = session.get(Dossier, cert.dossier_id)
    producer: dict[str, Any] = ((evaluated.data if evaluated else None) or {}).get("producer") or {}
    authority = str(decision.get("authority") or "")
    return RevocationFacts(
        decision_number=str(decision.get("decision_number") or cert.revocation_decision or ""),
        decided_on=_day(decision.get("decided_on")) or cert.revoked_on or decided_step_on,
        authority=authority,
        authority_unit_name=authority_names.get(authority, ""),
        signer_name=decided_by_name, certificate_number=cert.number, certificate_issued_on=cert.issue_date,
        product_name=cert.product_name, producer_name=cert.producer_name, stars=cert.stars,
        ground=str(data.get("ground", "")), finding=finding_text(data),
        producer_address=str(producer.get("address") or "").strip(),
        recognition_decision_number=cert.decision_number, regulation=dossier.regulation)


def finding_text(data: dict[str, Any]) -> str:
    """'Kết luận số 12/KL-SNNMT ngày 20 tháng 11 năm 2026 của Sở Nông nghiệp và Môi trường'."""
    reference = str(data.get("finding_reference") or "").strip()
    found_on = _day(data.get("finding_date"))
    parts = ["Kết luận" + (f" số {reference}" if reference else "")]
    if found_on is not None:
        parts.append(d.long_date(found_on))
    by = str(data.get("finding_by") or "").strip()
    if by:
        parts.append(f"của {by}")
    return " ".join(parts)


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None
