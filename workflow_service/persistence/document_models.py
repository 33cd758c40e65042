"""The official documents of a dossier (Mẫu 01/02/03, decisions, certificate) as the PDF bytes issued.

Defined on models.Base so metadata and Alembic see them; migrations/env.py imports this module."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base


class DossierDocument(Base):
    """One issued document: its bytes are kept as issued (never re-rendered), their SHA-256 also in the
    audit trail. One of each kind per dossier."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("dossier_id", "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    file_name: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # read only to download
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(80))  # whose step issued it
