from datetime import date

import pytest

from workflow_service.domain.errors import ValidationFailed
from workflow_service.domain.rating import (
    PART_CAPS_2019,
    CouncilSheet,
    Rating,
    certificate_expiry,
    rate,
    star_band,
)


@pytest.mark.parametrize(
    ("score", "stars"),
    [
        (100, 5), (90, 5), (89.99, 4), (70, 4), (69.99, 3), (50, 3),
        (49.99, 2), (30, 2), (29.99, 1), (0, 1),
    ],
)  # fmt: skip
def test_star_band_boundaries(score: float, stars: int) -> None:
    assert star_band(score) == stars


@pytest.mark.parametrize("score", [-0.01, 100.01, float("nan")])
def test_score_outside_0_to_100_is_rejected(score: float) -> None:
    with pytest.raises(ValidationFailed):
        star_band(score)


def sheet(member: str, total: float, minimum_star: int = 5) -> CouncilSheet:
    # Split a total over parts A/B/C without exceeding the 40/25/35 caps.
    part_a = min(total, 40)
    part_b = min(total - part_a, 25)
    return CouncilSheet(member, part_a, part_b, total - part_a - part_b, minimum_star)


def test_sheet_total_is_the_sum_of_its_parts() -> None:
    assert CouncilSheet("Ông A", 38, 22.5, 30, 5).total == 90.5


def test_high_score_is_capped_by_unmet_minimums() -> None:
    rating = rate([sheet("Ông A", 92, 4), sheet("Bà B", 92, 5)])
    assert rating == Rating(score=92.0, band=5, minimum_star=4, stars=4, certified=True)


def test_score_is_the_average_rounded_to_two_decimals() -> None:
    rating = rate([sheet("A", 90), sheet("B", 89.5), sheet("C", 89.5)])
    assert rating.score == 89.67
    assert rating.stars == 4


def test_three_stars_and_up_are_certified_below_are_not() -> None:
    assert rate([sheet("A", 55, 5)]).certified
    low = rate([sheet("A", 48, 5), sheet("B", 50, 5)])
    assert (low.band, low.stars, low.certified) == (2, 2, False)
    capped = rate([sheet("A", 75, 2)])
    assert (capped.band, capped.stars, capped.certified) == (4, 2, False)


def test_rating_needs_at_least_one_sheet() -> None:
    with pytest.raises(ValidationFailed):
        rate([])


@pytest.mark.parametrize(
    ("parts", "field"),
    [((40.5, 20, 30), "part_a"), ((40, 26, 30), "part_b"), ((40, 25, 36), "part_c"), ((-1, 20, 30), "part_a")],
)
def test_sheet_parts_beyond_their_caps_are_rejected(parts: tuple[float, float, float], field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        CouncilSheet("Ông A", *parts, minimum_star=5)
    assert field in caught.value.errors


@pytest.mark.parametrize("minimum_star", [0, 6])
def test_minimum_star_must_be_one_to_five(minimum_star: int) -> None:
    with pytest.raises(ValidationFailed) as caught:
        CouncilSheet("Ông A", 30, 20, 30, minimum_star)
    assert "minimum_star" in caught.value.errors


def test_2019_scoresheets_use_their_own_caps() -> None:
    assert CouncilSheet("Ông A", 35, 25, 40, 5, caps=PART_CAPS_2019).total == 100
    with pytest.raises(ValidationFailed):
        CouncilSheet("Ông A", 36, 25, 39, 5, caps=PART_CAPS_2019)


@pytest.mark.parametrize(
    ("issue", "expiry"),
    [
        (date(2026, 6, 15), date(2029, 6, 15)),
        (date(2028, 2, 29), date(2031, 2, 28)),
        (date(2025, 12, 31), date(2028, 12, 31)),
    ],
)
def test_certificate_is_valid_36_months(issue: date, expiry: date) -> None:
    assert certificate_expiry(issue) == expiry
