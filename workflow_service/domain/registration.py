"""Registration numbers of product dossiers filed at a commune."""

from __future__ import annotations

from .errors import ValidationFailed

REGISTRATION_MARK = "PĐK"  # phiếu đăng ký


def registration_number(seq: int, province_code: str, commune_code: str, year: int,
                        mark: str = REGISTRATION_MARK) -> str:
    errors: dict[str, list[str]] = {}
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
        errors["seq"] = ["must be a positive integer"]
    if not province_code.strip():
        errors["province_code"] = ["must not be empty"]
    if not commune_code.strip():
        errors["commune_code"] = ["must not be empty"]
    if isinstance(year, bool) or not isinstance(year, int) or not 1000 <= year <= 9999:
        errors["year"] = ["must be a four-digit year"]
    if errors:
        raise ValidationFailed("Cannot build a registration number", errors)
    return f"{seq:03d}/{mark}-{province_code.strip()}-{commune_code.strip()}-{year}"
