"""What each document says: the values its template fills in, taken from the dossier's record only (never
the clock), so a document rendered twice from the same record has the same bytes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote

from ...domain import documents as d
from ...domain.documents import DocumentKind
from ...domain.units import Level
from .facts import Record, Step
from .rendering import data_uri, qr_png
from .revocation import revocation_doc, revocation_file_name

ATTACHED_NOTE = ("Nội dung phần này do chủ thể trình bày trong tài liệu kèm theo hồ sơ sản phẩm "
                 "(phiếu đăng ký điện tử không kê khai phần này).")
CRITERIA = (
    ("local_raw_materials", "Về sử dụng nguyên liệu địa phương",
     "Đạt. Chủ thể sử dụng nguyên liệu có nguồn gốc tại địa phương.",
     "Chưa đạt. Chủ thể chưa sử dụng nguyên liệu có nguồn gốc tại địa phương."),
    ("local_labour", "Về sử dụng lao động địa phương",
     "Đạt. Chủ thể sử dụng lao động tại địa phương.", "Chưa đạt. Chủ thể chưa sử dụng lao động địa phương."),
    ("idea_origin", "Nguồn gốc ý tưởng sản phẩm",
     "Đạt. Ý tưởng sản phẩm có nguồn gốc từ thực tế của địa phương.",
     "Chưa đạt. Ý tưởng sản phẩm chưa thể hiện nguồn gốc tại địa phương."),
    ("local_identity", "Bản sắc/trí tuệ địa phương",
     ("Đạt. Sản phẩm thể hiện giá trị văn hóa, tri thức bản địa và phương thức sản xuất đặc trưng của địa "
     "phương, tạo nên sự khác biệt của sản phẩm."),
     "Chưa đạt. Sản phẩm chưa thể hiện rõ bản sắc, trí tuệ địa phương."),
)
TEMPLATES = {kind: f"{kind.value}.html" for kind in DocumentKind}


@dataclass(frozen=True)
class Paper:
    """A document ready to render: its template, the values it shows, its file name and who issued it."""

    kind: DocumentKind
    template: str
    doc: dict[str, Any]
    file_name: str
    created_by: str


def papers(record: Record, kinds: list[DocumentKind], public_base_url: str | None) -> list[Paper]:
    made = []
    for kind in kinds:
        if kind is DocumentKind.REGISTRATION or kind is DocumentKind.SELF_ASSESSMENT:
            made.append(_paper(kind, _registration(record), record.registration_number, record.filed_by))
        elif kind is DocumentKind.COMMUNE_REPORT and record.commune_step:
            made.append(_paper(kind, _commune_report(record, record.commune_step), record.registration_number,
                               record.commune_step.actor))
        elif kind is DocumentKind.RECOGNITION_DECISION and record.decision_step:
            doc = _recognition(record, record.decision_step)
            made.append(_paper(kind, doc, doc["decision_number"], record.decision_step.actor))
        elif kind is DocumentKind.CERTIFICATE and record.decision_step and public_base_url:
            doc = _certificate(record, record.decision_step, public_base_url)
            made.append(_paper(kind, doc, doc["certificate_number"], record.decision_step.actor))
        elif kind is DocumentKind.REVOCATION_DECISION and record.revocation and record.revoking_step:
            made.append(Paper(kind, TEMPLATES[kind], revocation_doc(record.revocation),
                              revocation_file_name(record.revocation), record.revoking_step.actor))
    return made


def verification_url(public_base_url: str, certificate_number: str) -> str:
    """Where the QR code points: the public register's page of this certificate."""
    return f"{public_base_url.rstrip('/')}/register/certificates/{quote(certificate_number, safe='')}"


def _paper(kind: DocumentKind, doc: dict[str, Any], reference: str, created_by: str) -> Paper:
    doc = {"title": d.TITLES[kind], **doc}
    return Paper(kind, TEMPLATES[kind], doc, d.file_name(kind, reference), created_by)


def _text(section: dict[str, Any], key: str) -> str:
    value = section.get(key)
    return value.strip() if isinstance(value, str) else ""


def _parties(record: Record) -> dict[str, Any]:
    producer: dict[str, Any] = record.data.get("producer") or {}
    product: dict[str, Any] = record.data.get("product") or {}
    producer_type, group = _text(producer, "type"), _text(product, "group")
    samples = product.get("sample_count")
    return {
        "producer": {key: _text(producer, key) for key in ("name", "tax_code", "address", "phone", "email",
                                                           "representative", "representative_title")}
        | {"type_label": record.labels.get("producer.type", {}).get(producer_type, producer_type)},
        "product": {"name": _text(product, "name"), "subgroup": _text(product, "subgroup"),
                    "group_label": record.labels.get("product.group", {}).get(group, group),
                    "sample_count": samples if isinstance(samples, int) and not isinstance(samples, bool) else None,
                    "description_lines": [line for line in _text(product, "description").splitlines() if line.strip()]},
        "registration_number": record.registration_number,
        "kind": record.kind,
        "annex_of": d.ANNEX_OF.get(record.regulation or "", ""),
    }


def _registration(record: Record) -> dict[str, Any]:
    """Mẫu 01 and Mẫu 02 share their values: the filing's data, place and day."""
    commune = record.unit_name(Level.COMMUNE.value, record.filed_on)
    province = record.unit_name(Level.PROVINCE.value, record.filed_on)
    parties = _parties(record)
    return {**parties, "author": parties["producer"]["name"], "year": record.filed_on.year,
            "province_lower": d.in_sentence(province), "commune_lower": d.in_sentence(commune),
            "place": d.place_name(commune), "filed_long": d.long_date(record.filed_on),
            "received_on": d.short_date(record.filed_on),
            "receiver": record.filer_name if record.filed_by_officer else None, "attached_note": ATTACHED_NOTE}


def _commune_report(record: Record, step: Step) -> dict[str, Any]:
    commune = record.unit_name(Level.COMMUNE.value, step.on)
    recipient_level = Level.DISTRICT.value if Level.DISTRICT.value in record.units else Level.PROVINCE.value
    letter = " ngày ".join(filter(None, (_text(step.data, "proposal_letter_number"),
                                         _day_text(_text(step.data, "proposal_letter_date")))))
    return {**_parties(record), "author": f"Ủy ban nhân dân {d.in_sentence(commune)}", "commune": commune,
            "commune_lower": d.in_sentence(commune), "recipient_lower": d.in_sentence(
                record.unit_name(recipient_level, step.on)),
            "report_number": _text(step.data, "mau03_report_number") or None,
            "place": d.place_name(commune), "reported_long": d.long_date(step.on),
            "criteria": [{"title": title, "finding": yes if step.data.get(key) is True else no}
                         for key, title, yes, no in CRITERIA],
            "notes": _text(step.data, "notes"), "samples_sent": step.data.get("samples_sent") is True,
            "proposal_letter": letter, "signer": step.actor_name}


def _day_text(text: str) -> str:
    try:
        return d.short_date(date.fromisoformat(text))
    except ValueError:
        return text


def _authority(record: Record, issued_by: str, on: date) -> dict[str, Any]:
    """Who decides: the province chair, the Minister, or (QĐ 148/2023, 3★) the district chair."""
    commune = d.in_sentence(record.unit_name(Level.COMMUNE.value, on))
    if issued_by == "ministry":
        ministry = record.unit_name(Level.CENTRAL.value, on)
        return {"authority": ministry, "decider": f"Bộ trưởng {ministry}", "place": "Hà Nội",
                "signer_titles": ["Bộ trưởng"],
                "bases": [f"Nghị định quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của {ministry}"],
                "proposal": "Theo kết quả đánh giá, phân hạng của Hội đồng đánh giá, phân hạng sản phẩm OCOP cấp "
                            "trung ương và đề nghị của cơ quan tham mưu quản lý OCOP của Bộ",
                "executors": f"Chánh Văn phòng Bộ, Thủ trưởng cơ quan tham mưu quản lý OCOP của Bộ, Chủ tịch Ủy ban "
                             f"nhân dân {d.in_sentence(record.unit_name(Level.PROVINCE.value, on))}, Chủ tịch Ủy "
                             f"ban nhân dân {commune}"}
    level = Level.DISTRICT.value if issued_by == "district" else Level.PROVINCE.value
    unit = record.unit_name(level, on)
    council = "cấp huyện" if issued_by == "district" else "cấp tỉnh"
    return {"authority": f"Ủy ban nhân dân {d.in_sentence(unit)}",
            "decider": f"Chủ tịch Ủy ban nhân dân {d.in_sentence(unit)}", "place": d.place_name(unit),
            "signer_titles": ["Chủ tịch"], "bases": ["Luật Tổ chức chính quyền địa phương"],
            "proposal": f"Theo kết quả đánh giá, phân hạng của Hội đồng đánh giá, phân hạng sản phẩm OCOP {council} "
                        f"và đề nghị của cơ quan tham mưu quản lý OCOP {council}",
            "executors": f"Chánh Văn phòng Ủy ban nhân dân {d.in_sentence(unit)}, Thủ trưởng cơ quan tham mưu quản "
                         f"lý OCOP {council}, Chủ tịch Ủy ban nhân dân {commune}"}


def _recognition(record: Record, step: Step) -> dict[str, Any]:
    certificate = record.certificate or {}
    decided = _day(certificate.get("issue_date"), step.on)
    expiry = _day(certificate.get("expiry_date"), decided)
    stars = int(certificate.get("stars") or record.stars or 0)
    authority = _authority(record, str(certificate.get("issued_by") or "province"), decided)
    return {**_parties(record), **authority, "author": authority["authority"],
            "bases": [*authority["bases"], d.legal_basis(record.regulation)],
            "decision_number": str(certificate.get("decision_number") or ""),
            "certificate_number": str(certificate.get("number") or ""),
            "decided_long": d.long_date(decided), "expiry_long": d.long_date(expiry), "year": decided.year,
            "stars": stars, "stars_text": d.stars_text(stars), "score": d.score_text(record.score),
            "signer": step.actor_name}


def _certificate(record: Record, step: Step, public_base_url: str) -> dict[str, Any]:
    doc = _recognition(record, step)
    url = verification_url(public_base_url, doc["certificate_number"])
    return {**doc, "verification_url": url, "qr": data_uri(qr_png(url))}


def _day(value: Any, fallback: date) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return fallback
