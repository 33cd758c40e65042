"""Reading a dossier's documents: listed and downloaded by whoever sees the dossier (404 for anyone else,
services/access decides), the certificate also by the public register."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import undefer

from ...domain.access import Actor
from ...domain.documents import ORDER, DocumentKind
from ...domain.errors import NotFound
from ...persistence.document_models import DossierDocument
from ...persistence.models import Dossier
from ..access.visibility import visible_dossiers
from ..context import ServiceContext
from .issuing import issue_after_step

RANK = {kind.value: rank for rank, kind in enumerate(ORDER)}


def list_documents(ctx: ServiceContext, actor: Actor, dossier_id: int) -> list[DossierDocument]:
    """The dossier's documents in the order of the procedure. Any still due (a crash after its step, or a
    dossier older than this feature) is issued first."""
    _require_visible(ctx, actor, dossier_id)
    issue_after_step(ctx, dossier_id)
    with ctx.uow() as uow:
        rows = list(uow.session.scalars(select(DossierDocument).where(DossierDocument.dossier_id == dossier_id)))
    return sorted(rows, key=lambda row: (RANK.get(row.kind, len(RANK)), row.id))


def open_document(ctx: ServiceContext, actor: Actor, dossier_id: int, document_id: int) -> DossierDocument:
    """The document with its bytes, when the actor sees its dossier."""
    with ctx.uow() as uow:
        session = uow.session
        row = session.scalars(select(DossierDocument).options(undefer(DossierDocument.content))
                              .join(Dossier, Dossier.id == DossierDocument.dossier_id)
                              .where(DossierDocument.id == document_id, DossierDocument.dossier_id == dossier_id,
                                     visible_dossiers(session, actor))).first()
        if row is None:
            raise NotFound(f"document {document_id} of dossier {dossier_id} not found")
        return row


def certificate_document(ctx: ServiceContext, dossier_id: int) -> DossierDocument | None:
    """The certificate PDF of a dossier with its bytes, for the public register (no sign-in: the register
    calls this only for a certificate it shows). Issued first if it is due; None if there is none."""
    issue_after_step(ctx, dossier_id)
    with ctx.uow() as uow:
        return uow.session.scalars(select(DossierDocument).options(undefer(DossierDocument.content)).where(
            DossierDocument.dossier_id == dossier_id,
            DossierDocument.kind == DocumentKind.CERTIFICATE.value)).first()


def _require_visible(ctx: ServiceContext, actor: Actor, dossier_id: int) -> None:
    with ctx.uow() as uow:
        session = uow.session
        if session.scalar(select(Dossier.id).where(Dossier.id == dossier_id,
                                                   visible_dossiers(session, actor))) is None:
            raise NotFound(f"dossier {dossier_id} not found")
