from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workflow_service.domain.rounds import ExtraRound, RoundSchedule, YearlyRound

SCHEDULE = RoundSchedule()


@pytest.mark.parametrize(
    ("proposed_on", "cutoff", "closes_on", "name"),
    [
        (date(2026, 1, 2), date(2026, 4, 30), date(2026, 6, 30), "Cấp tỉnh – đợt 1/2026"),
        (date(2026, 4, 30), date(2026, 4, 30), date(2026, 6, 30), "Cấp tỉnh – đợt 1/2026"),
        (date(2026, 5, 1), date(2026, 10, 30), date(2026, 12, 30), "Cấp tỉnh – đợt 2/2026"),
        (date(2026, 10, 30), date(2026, 10, 30), date(2026, 12, 30), "Cấp tỉnh – đợt 2/2026"),
        (date(2026, 10, 31), date(2027, 4, 30), date(2027, 6, 30), "Cấp tỉnh – đợt 1/2027"),
        (date(2026, 12, 31), date(2027, 4, 30), date(2027, 6, 30), "Cấp tỉnh – đợt 1/2027"),
    ],
)
def test_province_rounds(proposed_on, cutoff, closes_on, name):
    chosen = SCHEDULE.round_for("province", proposed_on)
    assert (chosen.level, chosen.cutoff, chosen.closes_on, chosen.name) == (
        "province",
        cutoff,
        closes_on,
        name,
    )


def test_30_april_is_round_1_and_1_may_is_round_2():
    assert SCHEDULE.round_for("province", date(2026, 4, 30)).name.endswith("đợt 1/2026")
    assert SCHEDULE.round_for("province", date(2026, 5, 1)).name.endswith("đợt 2/2026")


@pytest.mark.parametrize(
    ("proposed_on", "cutoff", "closes_on"),
    [
        (date(2026, 1, 30), date(2026, 1, 30), date(2026, 3, 30)),  # same year's 30/3
        (date(2026, 1, 31), date(2026, 7, 30), date(2026, 9, 30)),
        (date(2026, 7, 30), date(2026, 7, 30), date(2026, 9, 30)),
        (date(2026, 7, 31), date(2027, 1, 30), date(2027, 3, 30)),  # next year's January round
        (date(2026, 12, 31), date(2027, 1, 30), date(2027, 3, 30)),
    ],
)
def test_ministry_rounds(proposed_on, cutoff, closes_on):
    chosen = SCHEDULE.round_for("ministry", proposed_on)
    assert (chosen.cutoff, chosen.closes_on) == (cutoff, closes_on)
    assert chosen.name.startswith("Trung ương – đợt")


def test_rounds_in_a_year():
    assert [(r.cutoff, r.closes_on) for r in SCHEDULE.rounds_in("ministry", 2027)] == [
        (date(2027, 1, 30), date(2027, 3, 30)),
        (date(2027, 7, 30), date(2027, 9, 30)),
    ]


def test_an_extra_round_takes_proposals_it_closes_first_for():
    seasonal = ExtraRound("province", date(2026, 5, 31), date(2026, 7, 31), "Đợt sản phẩm mùa vụ 2026")
    schedule = RoundSchedule(extra=[seasonal])
    assert schedule.round_for("province", date(2026, 4, 30)).closes_on == date(2026, 6, 30)
    assert schedule.round_for("province", date(2026, 5, 1)).name == "Đợt sản phẩm mùa vụ 2026"
    assert schedule.round_for("province", date(2026, 6, 1)).closes_on == date(2026, 12, 30)
    assert schedule.round_for("ministry", date(2026, 5, 1)).closes_on == date(2026, 9, 30)
    assert len(schedule.rounds_in("province", 2026)) == 3


def test_an_unnamed_extra_round_gets_a_name():
    schedule = RoundSchedule(extra=[ExtraRound("province", date(2026, 5, 15), date(2026, 8, 15))])
    assert (
        schedule.round_for("province", date(2026, 5, 2)).name
        == "Cấp tỉnh – đợt bổ sung (nhận đến 15/05/2026)"
    )


def test_configurable_yearly_rounds():
    three = RoundSchedule(
        province=[
            YearlyRound((2, 28), (4, 15)),
            YearlyRound((4, 30), (6, 30)),
            YearlyRound((10, 30), (12, 30)),
        ]
    )
    assert three.round_for("province", date(2026, 1, 10)).closes_on == date(2026, 4, 15)
    assert three.round_for("province", date(2026, 1, 10)).name == "Cấp tỉnh – đợt 1/2026"
    assert three.round_for("province", date(2026, 3, 1)).name == "Cấp tỉnh – đợt 2/2026"


def test_no_round_at_all():
    with pytest.raises(LookupError, match="no province round accepts proposals received on 01/02/2026"):
        RoundSchedule(province=[]).round_for("province", date(2026, 2, 1))


@pytest.mark.parametrize(
    ("cutoff", "closes", "message"),
    [
        ((2, 29), (4, 30), "29/2 is not a day that exists every year"),
        ((4, 31), (6, 30), "31/4 is not a day that exists every year"),
        ((6, 30), (4, 30), "before its cut-off"),
    ],
)
def test_bad_yearly_rounds(cutoff, closes, message):
    with pytest.raises(ValueError, match=message):
        YearlyRound(cutoff, closes)


def test_bad_extra_rounds_and_levels():
    with pytest.raises(ValueError, match="before its cut-off"):
        ExtraRound("province", date(2026, 6, 1), date(2026, 5, 1))
    with pytest.raises(ValueError, match="'district', 'province' or 'ministry'"):
        ExtraRound("commune", date(2026, 5, 1), date(2026, 6, 1))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'district', 'province' or 'ministry'"):
        SCHEDULE.round_for("commune", date(2026, 5, 1))  # type: ignore[arg-type]


def test_districts_have_no_national_rounds_only_their_own():
    with pytest.raises(LookupError, match="no district round accepts proposals received on 01/03/2024"):
        SCHEDULE.round_for("district", date(2024, 3, 1))
    regular = ExtraRound("district", date(2024, 4, 30), date(2024, 6, 28), "Huyện Hương Khê – đợt 1/2024")
    seasonal = ExtraRound("district", date(2024, 9, 15), date(2024, 10, 15), "Đợt bưởi Phúc Trạch 2024")
    schedule = RoundSchedule(extra=[regular, seasonal])
    assert schedule.round_for("district", date(2024, 3, 1)).name == "Huyện Hương Khê – đợt 1/2024"
    assert schedule.round_for("district", date(2024, 4, 30)).closes_on == date(2024, 6, 28)
    assert schedule.round_for("district", date(2024, 5, 2)).name == "Đợt bưởi Phúc Trạch 2024"
    with pytest.raises(LookupError):
        schedule.round_for("district", date(2024, 9, 16))  # none declared after it yet
    assert schedule.round_for("province", date(2024, 5, 2)).closes_on == date(2024, 12, 30)  # untouched
    assert [r.name for r in schedule.rounds_in("district", 2024)] == [regular.name, seasonal.name]


@given(
    level=st.sampled_from(["province", "ministry"]),
    proposed_on=st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 12, 31)),
)
def test_the_round_still_accepts_the_proposal_and_closes_within_a_year(level, proposed_on):
    chosen = SCHEDULE.round_for(level, proposed_on)
    assert proposed_on <= chosen.cutoff < chosen.closes_on
    assert (chosen.cutoff - proposed_on).days < 185
    assert (chosen.closes_on - proposed_on).days < 246
