"""The life of an OCOP certificate: validity, the re-evaluation window, revocation grounds and authority.

QĐ 26/2026/QĐ-TTg: a certificate is valid 36 months from issue (Điều 4, domain/rating.py); the
re-evaluation dossier is filed no earlier than 180 and no later than 120 days before expiry
(Điều 7 khoản 6 điểm a) and decided within 45 days of a complete proposal (điểm g); a certificate
under re-evaluation stays valid until decided, at most 180 days past expiry (Điều 12 khoản 3);
revocation on six grounds (Điều 8 khoản 1) by the province chair for 3★/4★ and the Minister for 5★
(khoản 2) within 15 days of the finding (khoản 4). Days here are calendar days.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from .rating import certificate_expiry
from .roles import MINISTER, PROVINCE_CHAIR

VALID = "valid"
RE_EVALUATING = "re_evaluating"
EXPIRED = "expired"
REVOKED = "revoked"
STATES = (VALID, RE_EVALUATING, EXPIRED, REVOKED)
LISTED_STATES = (VALID, RE_EVALUATING)  # what the public register shows

WINDOW_OPENS_DAYS_BEFORE = 180
WINDOW_CLOSES_DAYS_BEFORE = 120
CLOSING_NOTICE_DAYS = 15  # "before it closes": this many days before the last filing day
GRACE_DAYS_AFTER_EXPIRY = 180
REEVALUATION_DAYS = 45
REVOCATION_DAYS = 15

# Processes started from a certificate's page, never from the filing page.
CERTIFICATE_PROCESSES = ("ocop_reevaluation", "ocop_inspection", "ocop_revocation")

# Notices of the re-evaluation window, in the order they are due; each is sent once.
NOTICE_NONE, NOTICE_OPENED, NOTICE_CLOSING = "none", "window_opened", "window_closing"
NOTICE_ORDER = (NOTICE_NONE, NOTICE_OPENED, NOTICE_CLOSING)


@dataclass(frozen=True)
class Ground:
    code: str
    clause: str  # Điều 8 khoản 1 điểm …
    vi: str
    en: str


REVOCATION_GROUNDS: tuple[Ground, ...] = (
    Ground("false_dossier", "a", "Cung cấp thông tin, tài liệu không trung thực hoặc giả mạo hồ sơ",
           "False information or a forged dossier"),
    Ground("criteria_not_met", "b", "Sản phẩm không còn đáp ứng Bộ tiêu chí theo kết luận kiểm tra, giám sát",
           "The product no longer meets the criteria (inspection finding)"),
    Ground("legal_violation", "c", "Vi phạm pháp luật về chất lượng, an toàn thực phẩm, môi trường, "
           "sở hữu trí tuệ, ghi nhãn hoặc quy định khác", "Violation of quality, food safety, environment, "
           "intellectual property, labelling or other law"),
    Ground("mark_misuse", "d", "Sử dụng nhãn hiệu OCOP không đúng quy định, gây nhầm lẫn",
           "Misuse of the OCOP mark, misleading buyers"),
    Ground("production_stopped", "đ", "Chủ thể không còn hoạt động sản xuất sản phẩm OCOP",
           "The producer no longer produces the product"),
    Ground("other_finding", "e", "Trường hợp khác theo kết luận của cơ quan nhà nước có thẩm quyền",
           "Another finding of a competent authority"),
)
GROUND_CODES = tuple(g.code for g in REVOCATION_GROUNDS)


@dataclass(frozen=True)
class Window:
    opens: date
    closes: date  # last day a re-evaluation dossier may be filed (included)
    closing_notice: date

    def contains(self, day: date) -> bool:
        return self.opens <= day <= self.closes


def expiry_of(issued: date) -> date:
    return certificate_expiry(issued)


def reevaluation_window(expiry: date) -> Window:
    closes = expiry - timedelta(days=WINDOW_CLOSES_DAYS_BEFORE)
    return Window(expiry - timedelta(days=WINDOW_OPENS_DAYS_BEFORE), closes,
                  closes - timedelta(days=CLOSING_NOTICE_DAYS))


def listed_until(state: str, expiry: date) -> date | None:
    """The last day the register lists a certificate in this state (None: not listed)."""
    if state == VALID:
        return expiry
    if state == RE_EVALUATING:
        return expiry + timedelta(days=GRACE_DAYS_AFTER_EXPIRY)
    return None


def notice_due(today: date, expiry: date, sent: str) -> str | None:
    """The window notice to send today, given the last one sent (None: nothing)."""
    window = reevaluation_window(expiry)
    if today > window.closes:
        return None
    due = NOTICE_CLOSING if today >= window.closing_notice else NOTICE_OPENED if today >= window.opens else None
    if due is None or NOTICE_ORDER.index(due) <= NOTICE_ORDER.index(sent):
        return None
    return due


def revocation_authority(stars: int) -> str:
    """The role that decides a revocation: the Minister for 5★, the province chair for 3★/4★."""
    if stars == 5:
        return MINISTER
    if stars in (3, 4):
        return PROVINCE_CHAIR
    raise ValueError(f"a {stars}-star product has no certificate to revoke")


def revocation_due(finding_day: date) -> date:
    return finding_day + timedelta(days=REVOCATION_DAYS)


def fold(text: str) -> str:
    """Lower case without diacritics, for search: "Mật Ong Đất" → "mat ong dat"."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.lower().split())


def expiry_quarter(expiry: date) -> str:
    return f"{expiry.year}-Q{(expiry.month - 1) // 3 + 1}"


def effective_state(state: str, listed_to: date | None, today: date) -> str:
    """The state as of today: a listed certificate past its last listed day is expired, even before
    the nightly job has written it."""
    if state in LISTED_STATES and (listed_to is None or listed_to < today):
        return EXPIRED
    return state
