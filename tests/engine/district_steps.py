"""Steps of the district-level chains (R1 QĐ 1048/2019, R2 QĐ 148/2023) beside R4's catalogue."""

from __future__ import annotations

from typing import Any

from .chain_runner import sheets, step

DISTRICT_COUNCIL = ["council1.huongkhe", "council2.huongkhe", "council3.huongkhe"]
PROVINCE_COUNCIL = ["council1.hatinh", "council2.hatinh", "council3.hatinh"]

DISTRICT_OK = step("district_check", complete=True)
DISTRICT_RETURNS = step("district_check", complete=False, return_reason="Thiếu xác nhận của UBND xã.")
COMMUNE_COMPLETES_FOR_DISTRICT = step("commune_complete_for_district", completion_note="Đã bổ sung xác nhận.")
OFFICE_RETURNS_TO_DISTRICT = step("office_check", complete=False, return_reason="Thiếu biên bản Hội đồng huyện.")
DISTRICT_COMPLETES = step("district_complete_dossier", completion_note="Đã gửi biên bản Hội đồng huyện.")
DISTRICT_NOTIFY = step("district_notify_result", notice_number="21/TB-UBND", notified_commune=True,
                       notified_producer=True, sent_date="2023-11-10")


def district(*parts: tuple[int, int, int, int]) -> tuple[str, Any]:
    """The district council's sheets: one (A, B, C, minimum star) per member."""
    return sheets("district_scoring", *parts)


def same(element_id: str, a: int, b: int, c: int, minimum_star: int = 5) -> tuple[str, Any]:
    """Three members giving the same sheet (the average is a + b + c)."""
    return sheets(element_id, *[(a, b, c, minimum_star)] * 3)
