"""The revocation decision (Điều 8): rendered from the revocation's own data by whoever revokes.

The revocation process (services of the certificate records) calls `render_revocation_decision` with no
transaction open, then stores the bytes with `issuing.add_document(..., DocumentKind.REVOCATION_DECISION,
revocation_file_name(facts), ...)` in the transaction that revokes the certificate, so the decision, its
audit entry and the register's change commit together."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ...domain import documents as d
from ...domain.documents import DocumentKind
from ...domain.errors import ValidationFailed
from .rendering import render_pdf

AUTHORITIES = ("province", "ministry")  # Điều 8 khoản 2: the province chair for 3★/4★, the Minister for 5★
BY_ROLE = {"province_chair": "province", "minister": "ministry"}  # the deciding role names the authority too


@dataclass(frozen=True)
class RevocationFacts:
    decision_number: str          # e.g. "150/QĐ-UBND"
    decided_on: date
    authority: str                # "province" or "ministry" (or the deciding role: "province_chair", "minister")
    authority_unit_name: str      # "Tỉnh Hà Tĩnh" / "Bộ Nông nghiệp và Môi trường"
    signer_name: str
    certificate_number: str
    certificate_issued_on: date
    product_name: str
    producer_name: str
    stars: int
    ground: str                   # a key of domain.documents.REVOCATION_GROUNDS
    finding: str                  # the competent authority's conclusion it rests on, e.g. "Kết luận kiểm tra số 12/KL-SNNMT ngày 02 tháng 3 năm 2027"
    producer_address: str = ""
    recognition_decision_number: str = ""
    regulation: str | None = None  # the registry id whose decision is cited (default: the one in force)


def revocation_file_name(facts: RevocationFacts) -> str:
    return d.file_name(DocumentKind.REVOCATION_DECISION, facts.decision_number)


def render_revocation_decision(facts: RevocationFacts) -> bytes:
    return render_pdf("revocation_decision.html", revocation_doc(facts))


def revocation_doc(facts: RevocationFacts) -> dict[str, Any]:
    problems = {}
    authority_level = BY_ROLE.get(facts.authority, facts.authority)
    if facts.ground not in d.REVOCATION_GROUNDS:
        problems["ground"] = [f"one of {', '.join(d.REVOCATION_GROUNDS)}"]
    if authority_level not in AUTHORITIES:
        problems["authority"] = [f"one of {', '.join(AUTHORITIES)}"]
    if problems:
        raise ValidationFailed("the revocation cannot be written as a decision", problems)
    clause, ground = d.REVOCATION_GROUNDS[facts.ground]
    unit = facts.authority_unit_name
    if authority_level == "ministry":
        authority = {"authority": unit, "decider": f"Bộ trưởng {unit}", "place": "Hà Nội",
                     "signer_titles": ["Bộ trưởng"], "executors": "Chánh Văn phòng Bộ, Thủ trưởng cơ quan tham "
                     "mưu quản lý OCOP của Bộ",
                     "bases": [f"Nghị định quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của {unit}"]}
    else:
        authority = {"authority": f"Ủy ban nhân dân {d.in_sentence(unit)}",
                     "decider": f"Chủ tịch Ủy ban nhân dân {d.in_sentence(unit)}", "place": d.place_name(unit),
                     "signer_titles": ["Chủ tịch"], "bases": ["Luật Tổ chức chính quyền địa phương"],
                     "executors": f"Chánh Văn phòng Ủy ban nhân dân {d.in_sentence(unit)}, Thủ trưởng cơ quan "
                                  "tham mưu quản lý OCOP cấp tỉnh"}
    basis = d.legal_basis(facts.regulation)
    return {**authority, "title": d.TITLES[DocumentKind.REVOCATION_DECISION], "author": authority["authority"],
            "bases": [*authority["bases"], basis], "basis_short": basis.split(" ngày ")[0],
            "decision_number": facts.decision_number, "decided_long": d.long_date(facts.decided_on),
            "certificate_number": facts.certificate_number,
            "certificate_issued_long": d.long_date(facts.certificate_issued_on),
            "recognition_decision_number": facts.recognition_decision_number, "product_name": facts.product_name,
            "producer_name": facts.producer_name, "producer_address": facts.producer_address,
            "stars_text": d.stars_text(facts.stars), "ground_clause": clause, "ground_text": ground,
            "finding": facts.finding, "signer": facts.signer_name}
