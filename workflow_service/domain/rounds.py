"""Evaluation rounds (đợt đánh giá): which round a proposal joins and when that round closes.

Defaults are QĐ 26/2026/QĐ-TTg: the province decides proposals received by 30/4 by 30/6 and
those received by 30/10 by 30/12; the Ministry decides proposals received by 30/1 by 30/3 and
those received by 30/7 by 30/9. A cut-off day is inclusive. Extra rounds (seasonal products,
rounds a council's rules provide for) are configured as dated rounds.

District rounds (QĐ 148/2023, the R2 chain: the district council scores and the district recognises
3★) have no national dates: a district's rounds are the ones its yearly plan dates and the ones it
or its province declares, e.g. for seasonal products (Hà Tĩnh 2023–2025 plan, mục IV.3.d).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from .deadline_rules import ROUND_LEVELS, RoundLevel

Level = RoundLevel
LEVELS: tuple[Level, ...] = ROUND_LEVELS
_LEVEL_NAME = {"district": "Cấp huyện", "province": "Cấp tỉnh", "ministry": "Trung ương"}
_LEVELS_TEXT = "'district', 'province' or 'ministry'"
# Recurring dates are checked against a non-leap year so that 29/2 is refused, not skipped.
_NON_LEAP = 2001


@dataclass(frozen=True)
class YearlyRound:
    """A round held every year: proposals received by `cutoff` are decided by `closes`.

    Both are (month, day) in the same calendar year.
    """

    cutoff: tuple[int, int]
    closes: tuple[int, int]

    def __post_init__(self) -> None:
        for label, (month, day) in (("cutoff", self.cutoff), ("closes", self.closes)):
            try:
                date(_NON_LEAP, month, day)
            except ValueError:
                raise ValueError(f"{label} {day}/{month} is not a day that exists every year") from None
        if self.closes < self.cutoff:
            raise ValueError(f"round closing {self.closes} is before its cut-off {self.cutoff}")

    def in_year(self, year: int) -> tuple[date, date]:
        return date(year, *self.cutoff), date(year, *self.closes)


@dataclass(frozen=True)
class ExtraRound:
    level: Level
    cutoff: date
    closes_on: date
    name: str = ""

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(f"round level must be {_LEVELS_TEXT}, got {self.level!r}")
        if self.closes_on < self.cutoff:
            raise ValueError(f"extra round closing {self.closes_on} is before its cut-off {self.cutoff}")


@dataclass(frozen=True)
class EvaluationRound:
    level: Level
    cutoff: date
    closes_on: date
    name: str


PROVINCE_ROUNDS: tuple[YearlyRound, ...] = (YearlyRound((4, 30), (6, 30)), YearlyRound((10, 30), (12, 30)))
MINISTRY_ROUNDS: tuple[YearlyRound, ...] = (YearlyRound((1, 30), (3, 30)), YearlyRound((7, 30), (9, 30)))
DISTRICT_ROUNDS: tuple[YearlyRound, ...] = ()  # none in the decision: plans and declared rounds only


class RoundSchedule:
    def __init__(
        self,
        province: Sequence[YearlyRound] = PROVINCE_ROUNDS,
        ministry: Sequence[YearlyRound] = MINISTRY_ROUNDS,
        extra: Iterable[ExtraRound] = (),
        district: Sequence[YearlyRound] = DISTRICT_ROUNDS,
    ) -> None:
        self._yearly: dict[Level, tuple[YearlyRound, ...]] = {
            "district": tuple(sorted(district, key=lambda r: r.cutoff)),
            "province": tuple(sorted(province, key=lambda r: r.cutoff)),
            "ministry": tuple(sorted(ministry, key=lambda r: r.cutoff)),
        }
        self._extra = tuple(extra)

    def rounds_in(self, level: Level, year: int) -> list[EvaluationRound]:
        """Rounds of `level` whose cut-off falls in `year`, by cut-off."""
        rounds = self._yearly_rounds(level, year) + [
            r for r in self._extra_rounds(level) if r.cutoff.year == year
        ]
        return sorted(rounds, key=lambda r: (r.cutoff, r.closes_on))

    def round_for(self, level: Level, proposed_on: date) -> EvaluationRound:
        """The round that decides a proposal received on `proposed_on`.

        Of the rounds still accepting it (cut-off on or after that day) the one closing first;
        a proposal after the last cut-off of a year joins next year's first round.
        """
        candidates = (
            self._yearly_rounds(level, proposed_on.year)
            + self._yearly_rounds(level, proposed_on.year + 1)
            + self._extra_rounds(level)
        )
        open_rounds = [r for r in candidates if r.cutoff >= proposed_on]
        if not open_rounds:
            raise LookupError(f"no {level} round accepts proposals received on {proposed_on:%d/%m/%Y}")
        return min(open_rounds, key=lambda r: (r.closes_on, r.cutoff))

    def _yearly_rounds(self, level: Level, year: int) -> list[EvaluationRound]:
        if level not in LEVELS:
            raise ValueError(f"round level must be {_LEVELS_TEXT}, got {level!r}")
        return [
            EvaluationRound(level, *r.in_year(year), f"{_LEVEL_NAME[level]} – đợt {number}/{year}")
            for number, r in enumerate(self._yearly[level], start=1)
        ]

    def _extra_rounds(self, level: Level) -> list[EvaluationRound]:
        default = f"{_LEVEL_NAME[level]} – đợt bổ sung (nhận đến {{:%d/%m/%Y}})"
        return [
            EvaluationRound(level, x.cutoff, x.closes_on, x.name or default.format(x.cutoff))
            for x in self._extra
            if x.level == level
        ]
