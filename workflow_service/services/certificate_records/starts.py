"""May this dossier start a re-evaluation, an inspection or a revocation of this certificate, today?

Checked in the filing's transaction whichever way the dossier was filed (the certificate's pages,
POST /dossiers), so a producer cannot re-evaluate someone else's certificate and only the OCOP
office inspects or proposes a revocation."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.certificates import LISTED_STATES, VALID, reevaluation_window
from ...domain.errors import ValidationFailed
from ...domain.roles import ADMIN, MINISTRY_OFFICE, PROVINCE_OFFICE
from ...persistence.certificate_models import Certificate
from ...persistence.models import Dossier, RoleAssignment, User

SUBJECT = "subject_certificate"


def check_start(session: Session, dossier: Dossier, cert: Certificate, today: date) -> None:
    if dossier.commune_code != cert.commune_code:
        _refuse(f"certificate {cert.number} belongs to commune {cert.commune_code}, "
                f"not {dossier.commune_code}")
    declared = dossier.data.get("previous_stars" if dossier.kind == "re_evaluation" else "certificate_stars")
    if declared != cert.stars:  # the stars choose who decides: they must be the certificate's
        _refuse(f"certificate {cert.number} is a {cert.stars}-star certificate, not {declared}")
    if dossier.kind == "re_evaluation":
        _check_reevaluation(session, dossier, cert, today)
        return
    if cert.state not in LISTED_STATES:
        _refuse(f"certificate {cert.number} is {cert.state}")
    if not office_of(session, dossier.filed_by, cert):
        _refuse(f"only the OCOP office of province {cert.province_code} (or the Ministry's) starts "
                f"a {dossier.kind} of certificate {cert.number}")


def _check_reevaluation(session: Session, dossier: Dossier, cert: Certificate, today: date) -> None:
    if cert.state != VALID or cert.reevaluation_dossier_id is not None:
        _refuse(f"certificate {cert.number} is {cert.state}: it cannot be re-evaluated now")
    window = reevaluation_window(cert.expiry_date)
    if not window.contains(today):
        _refuse(f"the re-evaluation dossier of certificate {cert.number} is filed from "
                f"{window.opens.isoformat()} to {window.closes.isoformat()} (180 to 120 days before its "
                f"expiry on {cert.expiry_date.isoformat()}), not on {today.isoformat()}")
    if dossier.routing.get("filer_is_applicant") and cert.producer_user_id is not None:
        filer = session.scalar(select(User.id).where(User.username == dossier.filed_by))
        if filer != cert.producer_user_id:
            _refuse(f"certificate {cert.number} is another producer's")


def office_of(session: Session, username: str, cert: Certificate) -> bool:
    """Does the user hold the OCOP office of the certificate's province, the Ministry's, or admin?"""
    grants = {(role, unit) for role, unit in session.execute(
        select(RoleAssignment.role, RoleAssignment.unit_code).join(User).where(User.username == username))}
    return ((PROVINCE_OFFICE, cert.province_code) in grants or any(r in (MINISTRY_OFFICE, ADMIN) for r, _ in grants))


def _refuse(message: str) -> None:
    raise ValidationFailed(message, {SUBJECT: [message]})
