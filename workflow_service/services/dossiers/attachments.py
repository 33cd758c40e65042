"""Files attached to a dossier: checked by size and content, stored by sha256, read only by those who
can see the dossier (and, for a file on a council member's sheet, read that sheet)."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from ...domain.access import Actor
from ...domain.errors import Conflict, NotFound, ValidationFailed
from ...domain.roles import APPLICANT, COMMUNE_OFFICER
from ...persistence.models import Attachment, Dossier
from ..access.visibility import readable_attachments, visible_dossiers, visible_task
from ..audit.trail import audit
from ..context import ServiceContext
from ..tasks.actions import require_open

MAX_BYTES = 10 * 2**20
FILING_KINDS = ("mau02", "papers")  # sent with the filing: the self-assessment (Mẫu 02), the product's papers
# Extension → (content type, how the file must start). The bytes decide, never the browser's header.
ALLOWED: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
}


@dataclass(frozen=True)
class Upload:
    filename: str
    content: bytes


def _checked(upload: Upload) -> tuple[str, str]:
    name = Path(upload.filename.replace("\\", "/")).name.strip()[:255]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if not name or ext not in ALLOWED:
        raise ValidationFailed.coded("attachment.type_not_allowed", {"file": ["type not allowed"]},
                                     types=", ".join(sorted(ALLOWED)))
    if not upload.content:
        raise ValidationFailed.coded("attachment.empty", {"file": ["empty"]})
    if len(upload.content) > MAX_BYTES:
        raise ValidationFailed.coded("attachment.too_large", {"file": ["too large"]}, mib=MAX_BYTES // 2**20)
    content_type, magics = ALLOWED[ext]
    if not upload.content.startswith(magics):
        raise ValidationFailed.coded("attachment.content_mismatch", {"file": ["content does not match"]}, ext=ext)
    return name, content_type


def blob_path(storage: Path, sha256: str) -> Path:
    return storage / sha256[:2] / sha256


def _store(storage: Path, content: bytes, sha256: str) -> None:
    target = blob_path(storage, sha256)
    if target.exists():
        return  # same bytes already stored
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
    with os.fdopen(fd, "wb") as out:
        out.write(content)
    os.replace(tmp, target)


def attach_to_task(ctx: ServiceContext, actor: Actor, task_id: str, upload: Upload, storage: Path) -> Attachment:
    """The holder of an open task attaches a file to its dossier."""
    name, content_type = _checked(upload)
    sha256 = hashlib.sha256(upload.content).hexdigest()
    now = ctx.clock.now()
    with ctx.uow() as uow:
        session = uow.session
        row = visible_task(session, actor, task_id)
        require_open(row)
        if row.claimed_by != actor.username:
            raise Conflict.coded("task.claim_before_attach", task=task_id)
        _store(storage, upload.content, sha256)  # before commit: a row never points at missing bytes
        attachment = Attachment(dossier_id=row.dossier_id, task_id=task_id, filename=name,
                                content_type=content_type, size=len(upload.content), sha256=sha256,
                                uploaded_by=actor.username, uploaded_at=now)
        session.add(attachment)
        session.flush()
        audit(session, actor=actor.username, acting_as=f"{row.role}@{row.unit_code}", action="attach", at=now,
              dossier_id=row.dossier_id, task_id=task_id,
              data={"attachment": attachment.id, "filename": name, "size": len(upload.content)})
        uow.commit()
        return attachment


def check_upload(upload: Upload) -> None:
    """Raises the error an upload would meet (type, size, content), before anything is stored or filed."""
    _checked(upload)


def attach_filed(ctx: ServiceContext, actor: Actor, dossier_id: int, uploads: list[tuple[str, Upload]],
                 storage: Path) -> list[Attachment]:
    """The filer attaches the papers sent with the filing (kind: FILING_KINDS), checked as any attachment."""
    checked = [(kind, upload, *_checked(upload)) for kind, upload in uploads if kind in FILING_KINDS]
    now = ctx.clock.now()
    with ctx.uow() as uow:
        session = uow.session
        dossier = session.get(Dossier, dossier_id)
        if dossier is None or dossier.filed_by != actor.username:
            raise NotFound(f"dossier {dossier_id} not found")
        acting_as = next((f"{r}@{dossier.commune_code}" for r in (APPLICANT, COMMUNE_OFFICER)
                          if actor.holds(r, dossier.commune_code)), "admin@VN")
        found = []
        for kind, upload, name, content_type in checked:
            sha256 = hashlib.sha256(upload.content).hexdigest()
            _store(storage, upload.content, sha256)
            attachment = Attachment(dossier_id=dossier_id, task_id=None, filename=name, content_type=content_type,
                                    size=len(upload.content), sha256=sha256, uploaded_by=actor.username,
                                    uploaded_at=now, kind=kind)
            session.add(attachment)
            session.flush()
            audit(session, actor=actor.username, acting_as=acting_as, action="attach", at=now,
                  dossier_id=dossier_id, data={"attachment": attachment.id, "filename": name,
                                               "size": len(upload.content), "kind": kind})
            found.append(attachment)
        uow.commit()
        return found


def list_attachments(ctx: ServiceContext, actor: Actor, dossier_id: int) -> list[Attachment]:
    with ctx.uow() as uow:
        session = uow.session
        if session.scalar(select(Dossier.id).where(Dossier.id == dossier_id,
                                                   visible_dossiers(session, actor))) is None:
            raise NotFound(f"dossier {dossier_id} not found")
        return list(session.scalars(select(Attachment).where(Attachment.dossier_id == dossier_id,
                                                             readable_attachments(actor))
                                    .order_by(Attachment.id)))


def open_attachment(ctx: ServiceContext, actor: Actor, attachment_id: int, storage: Path) -> tuple[Attachment,
                                                                                                   Path]:
    with ctx.uow() as uow:
        session = uow.session
        attachment = session.scalars(select(Attachment).join(Dossier, Dossier.id == Attachment.dossier_id)
                                     .where(Attachment.id == attachment_id, visible_dossiers(session, actor),
                                            readable_attachments(actor))
                                     ).first()
        if attachment is None:
            raise NotFound(f"attachment {attachment_id} not found")
        path = blob_path(storage, attachment.sha256)
        if not path.is_file():
            raise NotFound(f"the bytes of attachment {attachment_id} are missing")
        return attachment, path
