"""Certificates issued by the recognition step, and the history of each one's state.

Defined on models.Base so metadata and Alembic see them (migrations/env.py imports this module)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base


class Certificate(Base):
    """One OCOP certificate. `*_folded` hold the names without diacritics, lower case, for search;
    `listed_until` is the last day the public register shows it (None once expired or revoked)."""

    __tablename__ = "certificates"
    __table_args__ = (Index("ix_certificates_register", "state", "listed_until", "province_code", "stars"),
                      Index("ix_certificates_expiry", "province_code", "expiry_date"),
                      Index("ix_certificates_listing", "province_code", "product_folded", "id"))
    # On PostgreSQL migration 0019_register also adds trigram indexes on the *_folded names (search by word).
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(200), unique=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), unique=True)
    product_name: Mapped[str] = mapped_column(String(300))
    product_folded: Mapped[str] = mapped_column(String(300))
    producer_name: Mapped[str] = mapped_column(String(300))  # the business name, the only personal data shown
    producer_folded: Mapped[str] = mapped_column(String(300))
    producer_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    stars: Mapped[int] = mapped_column(Integer)
    issuer_level: Mapped[str] = mapped_column(String(16))  # province / ministry / district
    issuer_unit_code: Mapped[str] = mapped_column(String(32))
    issuer_unit_name: Mapped[str] = mapped_column(String(200))
    province_code: Mapped[str] = mapped_column(String(32))
    province_name: Mapped[str] = mapped_column(String(200))
    province_folded: Mapped[str] = mapped_column(String(200))
    commune_code: Mapped[str] = mapped_column(String(32))
    regulation: Mapped[str] = mapped_column(String(200))  # the decision the dossier ran under
    decision_number: Mapped[str] = mapped_column(String(200))
    issue_date: Mapped[date] = mapped_column(Date)
    expiry_date: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16))
    listed_until: Mapped[date | None] = mapped_column(Date)
    notice: Mapped[str] = mapped_column(String(16), default="none")  # last re-evaluation window notice sent
    reevaluation_dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"))
    replaced_by: Mapped[str | None] = mapped_column(String(200))  # the number issued by its re-evaluation
    revoked_on: Mapped[date | None] = mapped_column(Date)
    revocation_ground: Mapped[str | None] = mapped_column(String(40))
    revocation_decision: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]
    changed_at: Mapped[datetime]


class CertificateEvent(Base):
    """What happened to a certificate: issued, re-evaluation started/decided, inspected, revoked, expired."""

    __tablename__ = "certificate_events"
    __table_args__ = (Index("ix_certificate_events_cert", "certificate_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id"))
    at: Mapped[datetime]
    action: Mapped[str] = mapped_column(String(40))
    state_from: Mapped[str | None] = mapped_column(String(16))
    state_to: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(120))
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
