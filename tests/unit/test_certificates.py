"""The certificate's dates and rules from QĐ 26/2026/QĐ-TTg (Điều 7 khoản 6, Điều 8, Điều 12 khoản 3)."""

from __future__ import annotations

from datetime import date

import pytest

from workflow_service.domain.certificates import (
    EXPIRED,
    GROUND_CODES,
    NOTICE_CLOSING,
    NOTICE_NONE,
    NOTICE_OPENED,
    RE_EVALUATING,
    REVOKED,
    VALID,
    effective_state,
    expiry_of,
    expiry_quarter,
    fold,
    listed_until,
    notice_due,
    reevaluation_window,
    revocation_authority,
    revocation_due,
)


def test_a_three_star_certificate_of_10_june_2026_expires_and_opens_its_window_on_the_issues_dates() -> None:
    expiry = expiry_of(date(2026, 6, 10))
    assert expiry == date(2029, 6, 10)
    window = reevaluation_window(expiry)
    assert (window.opens, window.closes) == (date(2028, 12, 12), date(2029, 2, 10))
    assert window.contains(date(2028, 12, 12)) and window.contains(date(2029, 2, 10))
    assert not window.contains(date(2028, 12, 11)) and not window.contains(date(2029, 2, 11))


def test_each_window_notice_is_due_once_in_order() -> None:
    expiry = date(2029, 6, 10)
    assert notice_due(date(2028, 12, 11), expiry, NOTICE_NONE) is None
    assert notice_due(date(2028, 12, 12), expiry, NOTICE_NONE) == NOTICE_OPENED
    assert notice_due(date(2028, 12, 13), expiry, NOTICE_OPENED) is None
    assert notice_due(date(2029, 1, 26), expiry, NOTICE_OPENED) == NOTICE_CLOSING  # 15 days before 10/2
    assert notice_due(date(2029, 1, 27), expiry, NOTICE_CLOSING) is None
    assert notice_due(date(2029, 2, 11), expiry, NOTICE_NONE) is None  # the window has closed


def test_a_certificate_under_re_evaluation_is_listed_at_most_180_days_past_expiry() -> None:
    expiry = date(2029, 6, 10)
    assert listed_until(VALID, expiry) == expiry
    assert listed_until(RE_EVALUATING, expiry) == date(2029, 12, 7)
    assert listed_until(REVOKED, expiry) is None and listed_until(EXPIRED, expiry) is None
    assert effective_state(VALID, expiry, date(2029, 6, 10)) == VALID
    assert effective_state(VALID, expiry, date(2029, 6, 11)) == EXPIRED
    assert effective_state(RE_EVALUATING, date(2029, 12, 7), date(2029, 12, 8)) == EXPIRED
    assert effective_state(REVOKED, None, date(2027, 1, 1)) == REVOKED


@pytest.mark.parametrize(("stars", "role"), [(3, "province_chair"), (4, "province_chair"), (5, "minister")])
def test_revocation_authority_follows_the_star(stars: int, role: str) -> None:
    assert revocation_authority(stars) == role


def test_revocation_has_six_grounds_and_fifteen_days() -> None:
    assert len(GROUND_CODES) == 6 and len(set(GROUND_CODES)) == 6
    assert revocation_due(date(2027, 3, 1)) == date(2027, 3, 16)
    with pytest.raises(ValueError, match="2-star"):
        revocation_authority(2)


def test_search_folds_diacritics_and_case() -> None:
    assert fold("Mật ong rừng ĐẤT Hà Tĩnh") == "mat ong rung dat ha tinh"
    assert fold("  MAT   ong ") == "mat ong"
    assert expiry_quarter(date(2029, 6, 10)) == "2029-Q2"
