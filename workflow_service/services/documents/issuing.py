"""Issuing a dossier's documents after the step that calls for them has committed.

Rendering takes tens of milliseconds per page (WeasyPrint), so it never runs inside a step's transaction:
the step commits, then `issue_after_step` renders what is due with no transaction open and stores each
document in a short transaction of its own (the dossier row locked, the kind checked again, the row and
its audit entry written together). A crash between the two leaves nothing half-written; the documents
still due are issued the next time anyone lists the dossier's documents (`issue_due_documents`).
"""

from __future__ import annotations

import hashlib
import logging
import time
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ...domain.documents import DocumentKind
from ...persistence.document_models import DossierDocument
from ...persistence.models import Dossier
from ..audit.trail import audit
from ..context import ServiceContext
from .contents import Paper, papers
from .facts import COMMUNE_REPORT_STEP, DECISION_STEPS, read_record
from .rendering import render_pdf
from .revoking import REVOCATION_STEPS

log = logging.getLogger("ocopflow.documents")
ISSUER = "documents"  # the audit trail's acting_as of a document issued by the service after a step


DOCUMENT_STEPS = frozenset({COMMUNE_REPORT_STEP, *DECISION_STEPS.values(), *REVOCATION_STEPS.values()})


def issue_after_step(ctx: ServiceContext, dossier_id: int, element_id: str | None = None) -> None:
    """Called once a step has committed. A failure here must not undo or fail the step: it is logged, and
    the documents stay due until the next listing issues them. `element_id`: the task just completed —
    only the commune's review, the recognising and the revoking decisions call for documents, so any other step costs
    nothing here (reading the dossier's completions would cost a task completion tens of ms). The
    revocation's deciding steps call for its decision."""
    if not ctx.issues_documents or (element_id is not None and element_id not in DOCUMENT_STEPS):
        return
    try:
        issue_due_documents(ctx, dossier_id)
    except DBAPIError as err:  # the database went away: an operational fact, not a bug (no traceback)
        log.warning("documents of dossier %s could not be issued now (database unavailable: %s); they will be on "
                    "the next listing", dossier_id, type(err.orig).__name__)
    except Exception:  # the step is committed: its documents are issued on the next listing
        log.exception("documents of dossier %s could not be issued now; they will be on the next listing",
                      dossier_id)


def issue_due_documents(ctx: ServiceContext, dossier_id: int) -> list[DossierDocument]:
    """Render and store every document the dossier's completed steps call for that it does not have yet."""
    with ctx.uow() as uow:
        session = uow.session
        have = set(session.scalars(select(DossierDocument.kind).where(DossierDocument.dossier_id == dossier_id)))
        record = read_record(ctx, session, dossier_id, have)
        if record is None:
            return []
        todo = papers(record, record.due, ctx.public_base_url)
    if DocumentKind.CERTIFICATE in record.due and ctx.public_base_url is None:
        log.warning("dossier %s: the certificate waits for OCOPFLOW_PUBLIC_BASE_URL (its QR code's address)",
                    dossier_id)
    issued = []
    for paper in todo:
        started = time.perf_counter()
        content = render_pdf(paper.template, paper.doc)
        log.info("dossier %s: %s rendered in %.0f ms (%d bytes)", dossier_id, paper.kind.value,
                 (time.perf_counter() - started) * 1000, len(content))
        row = _store(ctx, dossier_id, paper, content)
        if row is not None:
            issued.append(row)
    return issued


def _store(ctx: ServiceContext, dossier_id: int, paper: Paper, content: bytes) -> DossierDocument | None:
    with ctx.uow() as uow:
        session = uow.session
        session.execute(select(Dossier.id).where(Dossier.id == dossier_id).with_for_update(of=Dossier))
        if session.scalar(select(DossierDocument.id).where(DossierDocument.dossier_id == dossier_id,
                                                           DossierDocument.kind == paper.kind.value)):
            return None  # another request issued it meanwhile: the first one stays
        row = add_document(session, dossier_id, paper.kind, paper.file_name, content, paper.created_by,
                           ctx.clock.now())
        uow.commit()
        return row


def add_document(session: Session, dossier_id: int, kind: DocumentKind, file_name: str, content: bytes,
                 created_by: str, at: datetime, acting_as: str = ISSUER) -> DossierDocument:
    """Store a rendered document and its audit entry (with the SHA-256 of its bytes) in the caller's
    transaction. A revocation stores its decision this way in the transaction that revokes."""
    sha256 = hashlib.sha256(content).hexdigest()
    row = DossierDocument(dossier_id=dossier_id, kind=kind.value, file_name=file_name, content=content,
                          size=len(content), sha256=sha256, created_at=at, created_by=created_by)
    session.add(row)
    session.flush()
    audit(session, actor=created_by, acting_as=acting_as, action="document", at=at, dossier_id=dossier_id,
          data={"document": row.id, "kind": kind.value, "file_name": file_name, "size": len(content),
                "sha256": sha256})
    return row
