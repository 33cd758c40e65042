"""Official documents of a dossier: which exist, what they are called, and how they write dates, stars
and legal citations the way Vietnamese administrative documents do (Nghị định 30/2020/NĐ-CP)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class DocumentKind(StrEnum):
    REGISTRATION = "mau_01"                  # Phiếu đăng ký (Mẫu 01, Phụ lục III)
    SELF_ASSESSMENT = "mau_02"               # Báo cáo tự đánh giá (Mẫu 02)
    COMMUNE_REPORT = "mau_03"                # Báo cáo đánh giá của UBND xã (Mẫu 03)
    RECOGNITION_DECISION = "recognition_decision"
    CERTIFICATE = "certificate"
    REVOCATION_DECISION = "revocation_decision"


# The title a person sees, and the start of the file name (the dossier's or decision's number follows).
TITLES: dict[DocumentKind, str] = {
    DocumentKind.REGISTRATION: "Mẫu 01 - Phiếu đăng ký đánh giá, phân hạng sản phẩm OCOP",
    DocumentKind.SELF_ASSESSMENT: "Mẫu 02 - Báo cáo tự đánh giá về sản phẩm",
    DocumentKind.COMMUNE_REPORT: "Mẫu 03 - Báo cáo đánh giá của Ủy ban nhân dân xã",
    DocumentKind.RECOGNITION_DECISION: "Quyết định công nhận sản phẩm OCOP",
    DocumentKind.CERTIFICATE: "Giấy chứng nhận sản phẩm OCOP",
    DocumentKind.REVOCATION_DECISION: "Quyết định thu hồi giấy chứng nhận sản phẩm OCOP",
}
FILE_STEMS: dict[DocumentKind, str] = {
    DocumentKind.REGISTRATION: "Mẫu 01 - Phiếu đăng ký",
    DocumentKind.SELF_ASSESSMENT: "Mẫu 02 - Báo cáo tự đánh giá",
    DocumentKind.COMMUNE_REPORT: "Mẫu 03 - Báo cáo đánh giá của UBND xã",
    DocumentKind.RECOGNITION_DECISION: "Quyết định công nhận OCOP",
    DocumentKind.CERTIFICATE: "Giấy chứng nhận OCOP",
    DocumentKind.REVOCATION_DECISION: "Quyết định thu hồi giấy chứng nhận OCOP",
}
ORDER = tuple(DocumentKind)

# The national decision a dossier's documents cite, by regulation registry id (bpmn/regulations.yaml).
LEGAL_BASIS: dict[str, str] = {
    "R1": "Quyết định số 1048/QĐ-TTg ngày 21 tháng 8 năm 2019 của Thủ tướng Chính phủ ban hành Bộ tiêu chí "
          "đánh giá, phân hạng sản phẩm Chương trình mỗi xã một sản phẩm",
    "R2": "Quyết định số 148/QĐ-TTg ngày 24 tháng 02 năm 2023 của Thủ tướng Chính phủ ban hành Bộ tiêu chí "
          "và quy trình đánh giá, phân hạng sản phẩm Chương trình mỗi xã một sản phẩm",
    "R3": "Quyết định số 148/QĐ-TTg ngày 24 tháng 02 năm 2023 của Thủ tướng Chính phủ, được sửa đổi, bổ sung "
          "bởi Quyết định số 1489/QĐ-TTg năm 2025",
    "R4": "Quyết định số 26/2026/QĐ-TTg ngày 22 tháng 5 năm 2026 của Thủ tướng Chính phủ ban hành Bộ tiêu chí "
          "và quy trình đánh giá, phân hạng sản phẩm mỗi xã một sản phẩm",
}
CURRENT_BASIS = "R4"

# Điều 8 khoản 1: the six grounds for revoking a certificate, by the key a revocation carries.
REVOCATION_GROUNDS: dict[str, tuple[str, str]] = {
    "false_dossier": ("a", ("Chủ thể OCOP bị phát hiện cung cấp thông tin, tài liệu không trung thực hoặc giả "
                           "mạo hồ sơ trong quá trình đăng ký đánh giá, phân hạng sản phẩm OCOP")),
    "criteria_not_met": ("b", ("Sản phẩm OCOP không còn đáp ứng các tiêu chí theo Bộ tiêu chí OCOP theo kết "
                              "luận kiểm tra, giám sát của cơ quan có thẩm quyền")),
    "legal_violation": ("c", ("Sản phẩm OCOP vi phạm quy định pháp luật về chất lượng sản phẩm, an toàn thực "
                             "phẩm, bảo vệ môi trường, sở hữu trí tuệ, ghi nhãn hàng hóa hoặc các quy định "
                             "pháp luật khác có liên quan theo kết luận của cơ quan có thẩm quyền")),
    "mark_misuse": ("d", ("Chủ thể OCOP sử dụng nhãn hiệu OCOP không đúng quy định, gây nhầm lẫn về sản phẩm "
                         "được công nhận")),
    "production_stopped": ("đ", "Chủ thể OCOP không còn hoạt động sản xuất sản phẩm OCOP"),
    "other_finding": ("e", ("Trường hợp khác theo kết luận và đề nghị của cơ quan nhà nước có thẩm quyền về "
                           "việc sản phẩm OCOP không đủ điều kiện tiếp tục được công nhận")),
}


@dataclass(frozen=True)
class DossierFacts:
    """What decides which documents a dossier has: filed with a registration, the commune's report
    issued, a certificate issued, (a revocation dossier) the certificate revoked."""

    has_registration: bool
    commune_reported: bool
    certified: bool
    revoked: bool = False


def due_kinds(facts: DossierFacts) -> list[DocumentKind]:
    """The documents the dossier's steps have produced so far."""
    due: list[DocumentKind] = []
    if facts.has_registration:
        due += [DocumentKind.REGISTRATION, DocumentKind.SELF_ASSESSMENT]
    if facts.commune_reported:
        due.append(DocumentKind.COMMUNE_REPORT)
    if facts.certified:
        due += [DocumentKind.RECOGNITION_DECISION, DocumentKind.CERTIFICATE]
    if facts.revoked:
        due.append(DocumentKind.REVOCATION_DECISION)
    return due


_UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def file_name(kind: DocumentKind, reference: str) -> str:
    """`<what it is> - <its number>.pdf`, Vietnamese kept; characters no file system takes become '-'."""
    number = _UNSAFE_IN_NAME.sub("-", reference).strip(" .-")
    name = f"{FILE_STEMS[kind]} - {number}" if number else FILE_STEMS[kind]
    return f"{name[:240]}.pdf"


def ascii_name(name: str) -> str:
    """The file name without diacritics, for clients that cannot read an RFC 6266 filename* parameter."""
    folded = unicodedata.normalize("NFKD", name.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return plain.encode("ascii", "ignore").decode().replace('"', "'")


def two_digits(number: int) -> str:
    return f"{number:02d}"


def long_date(day: date) -> str:
    """"ngày 05 tháng 02 năm 2026", "ngày 25 tháng 11 năm 2026": a day below 10 and the months January
    and February get a leading zero (Nghị định 30/2020/NĐ-CP, Phụ lục I)."""
    month = two_digits(day.month) if day.month <= 2 else str(day.month)
    return f"ngày {two_digits(day.day)} tháng {month} năm {day.year}"


def short_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def stars_text(stars: int) -> str:
    return f"{stars} sao"


def legal_basis(regulation: str | None) -> str:
    return LEGAL_BASIS.get(regulation or "", LEGAL_BASIS[CURRENT_BASIS])


def unit_title(unit_name: str) -> str:
    """'Tỉnh Hà Tĩnh' → 'TỈNH HÀ TĨNH' for the headings (str.upper keeps every Vietnamese diacritic)."""
    return unit_name.upper()


def place_name(unit_name: str) -> str:
    """The place a document is dated at: the unit's name without its level ('Tỉnh Hà Tĩnh' → 'Hà Tĩnh')."""
    for prefix in ("Thành phố ", "Thị trấn ", "Phường ", "Tỉnh ", "Huyện ", "Xã ", "Thị xã ", "Quận "):
        if unit_name.startswith(prefix):
            return unit_name[len(prefix):]
    return unit_name


# The decision whose Phụ lục III holds Mẫu 01/02/03 as printed here (older decisions numbered theirs
# otherwise: their documents say only "Mẫu số 0N").
ANNEX_OF = {"R4": "Quyết định số 26/2026/QĐ-TTg"}


def in_sentence(unit_name: str) -> str:
    """'Tỉnh Hà Tĩnh' → 'tỉnh Hà Tĩnh', as a unit is named inside a sentence."""
    return unit_name[:1].lower() + unit_name[1:]


def score_text(score: float | None) -> str:
    """78.0 → '78', 77.667 → '77,67' (Vietnamese decimal comma)."""
    if score is None:
        return ""
    rounded = round(score, 2)
    return str(int(rounded)) if rounded == int(rounded) else f"{rounded:.2f}".rstrip("0").replace(".", ",")


def authority_lines(authority: str) -> list[str]:
    """A heading's authority on two lines, as printed: 'Ủy ban nhân dân' / 'tỉnh Hà Tĩnh'."""
    prefix = "Ủy ban nhân dân "
    return [prefix.strip(), authority[len(prefix):]] if authority.startswith(prefix) else [authority]
