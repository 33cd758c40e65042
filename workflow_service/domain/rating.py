"""Scoring and star ranking of a product by the evaluation council."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta

from .errors import ValidationFailed

CERTIFICATE_MONTHS = 36
MIN_CERTIFIED_STARS = 3  # 1★/2★ products get no decision and no certificate


@dataclass(frozen=True)
class PartCaps:
    """Maximum points of scoresheet parts A, B, C (always summing to 100)."""

    part_a: float
    part_b: float
    part_c: float


PART_CAPS = PartCaps(40, 25, 35)  # QĐ 148/2023 onwards
PART_CAPS_2019 = PartCaps(35, 25, 40)  # QĐ 1048/2019


def star_band(score: float) -> int:
    if math.isnan(score) or not 0 <= score <= 100:
        raise ValidationFailed(f"Score {score} is outside 0–100", {"score": ["must be between 0 and 100"]})
    if score >= 90:
        return 5
    if score >= 70:
        return 4
    if score >= 50:
        return 3
    if score >= 30:
        return 2
    return 1


@dataclass(frozen=True)
class CouncilSheet:
    member: str
    part_a: float
    part_b: float
    part_c: float
    minimum_star: int
    caps: PartCaps = field(default=PART_CAPS, compare=False)

    def __post_init__(self) -> None:
        errors: dict[str, list[str]] = {}
        for name in ("part_a", "part_b", "part_c"):
            value, cap = getattr(self, name), getattr(self.caps, name)
            if math.isnan(value) or not 0 <= value <= cap:
                errors[name] = [f"must be between 0 and {cap:g}, got {value}"]
        if isinstance(self.minimum_star, bool) or self.minimum_star not in range(1, 6):
            errors["minimum_star"] = [f"must be 1–5, got {self.minimum_star}"]
        if errors:
            raise ValidationFailed(f"Scoresheet of {self.member} is out of range", errors)

    @property
    def total(self) -> float:
        return self.part_a + self.part_b + self.part_c


@dataclass(frozen=True)
class Rating:
    score: float
    band: int
    minimum_star: int
    stars: int
    certified: bool


def rate(sheets: Sequence[CouncilSheet]) -> Rating:
    if not sheets:
        raise ValidationFailed("No council scoresheets to rate", {"sheets": ["at least one sheet required"]})
    score = round(sum(sheet.total for sheet in sheets) / len(sheets), 2)
    # Banded on the rounded score so the published score and the stars never disagree.
    band = star_band(score)
    minimum_star = min(sheet.minimum_star for sheet in sheets)
    stars = min(band, minimum_star)
    return Rating(score, band, minimum_star, stars, stars >= MIN_CERTIFIED_STARS)


def certificate_expiry(issue: date) -> date:
    # relativedelta clamps to the month's last day: 29 Feb 2028 → 28 Feb 2031.
    expiry: date = issue + relativedelta(months=CERTIFICATE_MONTHS)
    return expiry
