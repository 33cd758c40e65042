"""What a certificate shows: the public fields (register, verification) and an official's view."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ...domain.certificates import LISTED_STATES, effective_state, reevaluation_window
from ...persistence.certificate_models import Certificate

ISSUERS = {"province": "Chủ tịch UBND cấp tỉnh", "ministry": "Bộ trưởng Bộ Nông nghiệp và Môi trường",
           "district": "Chủ tịch UBND cấp huyện"}


@dataclass(frozen=True)
class PublicCertificate:
    """Only what a public register shows: no scores, no attachments, no personal data beyond the
    producer's business name."""

    number: str
    product: str
    producer: str
    stars: int
    issuer_level: str
    issuer: str
    issuer_unit: str
    province_code: str
    province: str
    regulation: str
    decision_number: str
    issue_date: date
    expiry_date: date
    state: str
    revoked_on: date | None
    replaced_by: str | None
    has_pdf: bool = False  # the verification page offers the certificate's PDF (set by register.verify)

    @property
    def listed(self) -> bool:
        return self.state in LISTED_STATES

    def as_json(self) -> dict[str, Any]:
        return {"number": self.number, "product": self.product, "producer": self.producer, "stars": self.stars,
                "issuer": {"level": self.issuer_level, "title": self.issuer, "unit": self.issuer_unit},
                "province": {"code": self.province_code, "name": self.province},
                "regulation": self.regulation, "decision_number": self.decision_number,
                "issue_date": self.issue_date.isoformat(), "expiry_date": self.expiry_date.isoformat(),
                "state": self.state, "listed": self.listed,
                "revoked_on": self.revoked_on.isoformat() if self.revoked_on else None,
                "replaced_by": self.replaced_by}


def public_view(cert: Certificate, today: date) -> PublicCertificate:
    return PublicCertificate(
        number=cert.number, product=cert.product_name, producer=cert.producer_name, stars=cert.stars,
        issuer_level=cert.issuer_level, issuer=ISSUERS.get(cert.issuer_level, cert.issuer_level),
        issuer_unit=cert.issuer_unit_name, province_code=cert.province_code, province=cert.province_name,
        regulation=cert.regulation, decision_number=cert.decision_number, issue_date=cert.issue_date,
        expiry_date=cert.expiry_date, state=effective_state(cert.state, cert.listed_until, today),
        revoked_on=cert.revoked_on, replaced_by=cert.replaced_by)


@dataclass(frozen=True)
class Event:
    at: datetime
    action: str
    state_from: str | None
    state_to: str
    actor: str
    dossier_id: int | None
    note: str
    data: dict[str, Any]


@dataclass(frozen=True)
class CertificateView:
    """An official's (or the producer's) view: the public fields, links and the history."""

    public: PublicCertificate
    id: int
    dossier_id: int
    commune_code: str
    window_opens: date
    window_closes: date
    reevaluation_dossier_id: int | None
    revocation_ground: str | None
    revocation_decision: str | None
    history: list[Event]
    dossier_numbers: dict[int, str] = field(default_factory=dict)  # the linked dossiers' registration numbers

    def as_json(self) -> dict[str, Any]:
        return {**self.public.as_json(), "id": self.id, "dossier_id": self.dossier_id,
                "commune": self.commune_code,
                "reevaluation_window": {"opens": self.window_opens.isoformat(),
                                        "closes": self.window_closes.isoformat()},
                "reevaluation_dossier_id": self.reevaluation_dossier_id,
                "revocation": ({"ground": self.revocation_ground, "decision_number": self.revocation_decision}
                               if self.revocation_ground else None),
                "history": [{"at": e.at.isoformat(), "action": e.action, "state_from": e.state_from,
                             "state_to": e.state_to, "actor": e.actor, "dossier_id": e.dossier_id,
                             "note": e.note} for e in self.history]}


def official_view(cert: Certificate, today: date, history: list[Event],
                  dossier_numbers: dict[int, str] | None = None) -> CertificateView:
    window = reevaluation_window(cert.expiry_date)
    return CertificateView(public_view(cert, today), cert.id, cert.dossier_id, cert.commune_code, window.opens,
                           window.closes, cert.reevaluation_dossier_id, cert.revocation_ground,
                           cert.revocation_decision, history, dict(dossier_numbers or {}))
