import pytest

from workflow_service.domain.errors import ValidationFailed
from workflow_service.domain.registration import registration_number


def test_number_pads_the_sequence_to_three_digits() -> None:
    assert registration_number(7, "42", "18101", 2026) == "007/PĐK-42-18101-2026"


def test_sequence_past_999_keeps_all_digits() -> None:
    assert registration_number(1234, "42", "18101", 2026) == "1234/PĐK-42-18101-2026"


@pytest.mark.parametrize(
    ("seq", "province", "commune", "year", "field"),
    [
        (0, "42", "18101", 2026, "seq"),
        (-3, "42", "18101", 2026, "seq"),
        (1, "", "18101", 2026, "province_code"),
        (1, "42", " ", 2026, "commune_code"),
        (1, "42", "18101", 26, "year"),
    ],
)
def test_invalid_parts_are_rejected(seq: int, province: str, commune: str, year: int, field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        registration_number(seq, province, commune, year)
    assert field in caught.value.errors
