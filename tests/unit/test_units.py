from datetime import date

import pytest

from workflow_service.domain.errors import NotFound, ValidationFailed
from workflow_service.domain.units import (
    Level,
    Period,
    Unit,
    UnitTree,
    merge_periods,
    parse_units_csv,
    with_periods,
)

REFORM_EVE = date(2025, 6, 30)
REFORM_DAY = date(2025, 7, 1)

HA_TINH = Unit("42", "Tỉnh Hà Tĩnh", Level.PROVINCE)
HUONG_KHE = Unit("436", "Huyện Hương Khê", Level.DISTRICT, "42", valid_to=REFORM_EVE)
OLD_COMMUNE = Unit("18100", "Thị trấn Hương Khê", Level.COMMUNE, "436", valid_to=REFORM_EVE)
NEIGHBOUR = Unit("18103", "Xã Điền Mỹ", Level.COMMUNE, "436", valid_to=REFORM_EVE)
# After the 2025 reform the merged commune is a new unit row hanging directly under the province.
NEW_COMMUNE = Unit("18101", "Xã Hương Khê", Level.COMMUNE, "42", valid_from=REFORM_DAY)


@pytest.fixture
def tree() -> UnitTree:
    return UnitTree([HA_TINH, HUONG_KHE, OLD_COMMUNE, NEIGHBOUR, NEW_COMMUNE])


def test_levels_rank_from_central_down_to_commune() -> None:
    assert [level.rank for level in Level] == [0, 1, 2, 3]
    assert Level.CENTRAL.rank < Level.PROVINCE.rank < Level.DISTRICT.rank < Level.COMMUNE.rank
    assert Level("district") is Level.DISTRICT


def test_validity_period_includes_both_end_days() -> None:
    assert HUONG_KHE.is_valid_on(REFORM_EVE)
    assert not HUONG_KHE.is_valid_on(REFORM_DAY)
    assert not NEW_COMMUNE.is_valid_on(REFORM_EVE)
    assert NEW_COMMUNE.is_valid_on(REFORM_DAY)
    assert HA_TINH.is_valid_on(date(1991, 1, 1))


def test_2019_tree_resolves_the_district_of_a_commune(tree: UnitTree) -> None:
    day = date(2019, 9, 1)
    assert [u.code for u in tree.ancestors("18100", day)] == ["18100", "436", "42"]
    assert tree.unit_at_level("18100", Level.DISTRICT, day) == HUONG_KHE
    assert tree.unit_at_level("18100", Level.PROVINCE, day) == HA_TINH
    assert tree.unit_at_level("18100", Level.COMMUNE, day) == OLD_COMMUNE


def test_commune_after_the_reform_has_no_district(tree: UnitTree) -> None:
    assert [u.code for u in tree.ancestors("18101", REFORM_DAY)] == ["18101", "42"]
    assert tree.unit_at_level("18101", Level.PROVINCE, REFORM_DAY) == HA_TINH
    with pytest.raises(ValidationFailed) as caught:
        tree.unit_at_level("18101", Level.DISTRICT, REFORM_DAY)
    assert caught.value.status == 422
    assert "district" in caught.value.detail and "18101" in caught.value.detail


def test_abolished_district_is_not_followed_after_the_reform(tree: UnitTree) -> None:
    assert [u.code for u in tree.ancestors("18100", REFORM_EVE)] == ["18100", "436", "42"]
    assert [u.code for u in tree.ancestors("18100", REFORM_DAY)] == ["18100"]


def test_unknown_parent_ends_the_chain() -> None:
    orphan = Unit("99999", "Xã mồ côi", Level.COMMUNE, "999")
    assert UnitTree([orphan]).ancestors("99999", date(2024, 1, 1)) == [orphan]


def test_unknown_unit_is_not_found(tree: UnitTree) -> None:
    with pytest.raises(NotFound) as caught:
        tree.get("00000")
    assert caught.value.status == 404
    with pytest.raises(NotFound):
        tree.ancestors("00000", REFORM_DAY)
    with pytest.raises(NotFound):
        tree.descendants("00000")


def test_is_within_follows_the_chain_of_the_day(tree: UnitTree) -> None:
    assert tree.is_within("18100", "42", date(2024, 5, 1))
    assert tree.is_within("18100", "436", date(2024, 5, 1))
    assert tree.is_within("18100", "18100", date(2024, 5, 1))
    assert tree.is_within("18101", "42", REFORM_DAY)
    assert not tree.is_within("18100", "42", REFORM_DAY)


def test_one_commune_is_never_within_another(tree: UnitTree) -> None:
    assert not tree.is_within("18100", "18103", date(2024, 5, 1))
    assert not tree.is_within("18103", "18100", date(2024, 5, 1))


def test_descendants_cover_the_whole_subtree_over_time(tree: UnitTree) -> None:
    assert tree.descendants("42") == {"42", "436", "18100", "18103", "18101"}
    assert tree.descendants("436") == {"436", "18100", "18103"}
    assert tree.descendants("18100") == {"18100"}


def test_tree_rejects_duplicate_codes() -> None:
    with pytest.raises(ValidationFailed):
        UnitTree([HA_TINH, HA_TINH])


HEADER = "code,name,level,parent_code,valid_from,valid_to\n"
GOOD_CSV = (
    HEADER
    + "42,Tỉnh Hà Tĩnh,province,,,\n"
    + "18100,Thị trấn Hương Khê,commune,436,,2025-06-30\n"
    + "436,Huyện Hương Khê,district,42,,2025-06-30\n"
    + "18101,Xã Hương Khê,commune,42,2025-07-01,\n"
)


def test_csv_parses_units_with_parents_in_any_order() -> None:
    units = parse_units_csv(GOOD_CSV)
    assert units == [
        HA_TINH,
        OLD_COMMUNE,
        HUONG_KHE,
        NEW_COMMUNE,
    ]
    tree = UnitTree(units)
    assert tree.unit_at_level("18100", Level.DISTRICT, date(2023, 1, 1)).code == "436"


def test_csv_accepts_a_byte_order_mark_and_blank_lines() -> None:
    assert len(parse_units_csv("\ufeff" + GOOD_CSV + "\n")) == 4


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("436,Huyện Hương Khê,district,42,,2025-06-31", "valid_to"),
        ("436,Huyện Hương Khê,district,42,30/06/2025,", "valid_from"),
        ("436,Huyện Hương Khê,huyen,42,,", "unknown level"),
        ("42,Tỉnh Hà Tĩnh bis,province,,,", "duplicate code 42"),
        ("436,Huyện Hương Khê,district,40,,", "parent 40"),
        ("436,Huyện Hương Khê,district,42,2025-07-01,2025-06-30", "after"),
        ("436,Huyện Hương Khê,district", "columns"),
        (",Huyện Hương Khê,district,42,,", "empty code"),
    ],
)
def test_csv_bad_row_is_named_by_line_and_nothing_returned(row: str, problem: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_units_csv(HEADER + "42,Tỉnh Hà Tĩnh,province,,,\n" + row + "\n")
    assert "Line 3" in caught.value.detail
    assert problem in caught.value.detail
    assert list(caught.value.errors) == ["line 3"]


def test_csv_reports_every_bad_line() -> None:
    text = HEADER + "42,Tỉnh Hà Tĩnh,province,,,\n436,X,huyen,42,,\n18100,Y,commune,436,2025-13-01,\n"
    with pytest.raises(ValidationFailed) as caught:
        parse_units_csv(text)
    assert set(caught.value.errors) == {"line 3", "line 4"}
    assert "Line 3" in caught.value.detail


def test_csv_with_wrong_header_is_rejected() -> None:
    with pytest.raises(ValidationFailed, match="header"):
        parse_units_csv("ma,ten,cap\n42,Hà Tĩnh,province\n")


PERIODS_CSV = (
    HEADER
    + "42,Tỉnh Hà Tĩnh,province,,,\n"
    + "444,Huyện Hương Khê,district,42,,2025-06-30\n"
    + "18101,Thị trấn Hương Khê,commune,444,,2025-06-30\n"
    + "18101,Xã Hương Khê,commune,42,2025-07-01,\n"
)


def test_a_code_on_two_rows_is_one_unit_with_a_parent_per_period() -> None:
    units = parse_units_csv(PERIODS_CSV)
    commune = next(u for u in units if u.code == "18101")
    assert (commune.name, commune.parent_code, commune.valid_from, commune.valid_to) == ("Xã Hương Khê", "42",
                                                                                         None, None)
    assert [(p.name, p.parent_code) for p in commune.periods] == [("Thị trấn Hương Khê", "444"),
                                                                  ("Xã Hương Khê", "42")]
    tree = UnitTree(units)
    assert [u.code for u in tree.ancestors("18101", date(2024, 3, 1))] == ["18101", "444", "42"]
    assert [u.code for u in tree.ancestors("18101", date(2026, 6, 1))] == ["18101", "42"]
    assert tree.unit_at_level("18101", Level.DISTRICT, REFORM_EVE).code == "444"
    assert tree.descendants("444") == {"444", "18101"}


@pytest.mark.parametrize(("row", "problem"), [
    ("18101,Xã Hương Khê,commune,42,2025-06-30,", "duplicate code 18101: its period overlaps line 4"),
    ("18101,Xã Hương Khê,district,42,2025-07-01,", "another level"),
])
def test_repeated_codes_may_not_overlap_or_change_level(row: str, problem: str) -> None:
    text = HEADER + "42,Tỉnh Hà Tĩnh,province,,,\n444,Huyện Hương Khê,district,42,,2025-06-30\n" \
        "18101,Thị trấn Hương Khê,commune,444,,2025-06-30\n" + row + "\n"
    with pytest.raises(ValidationFailed) as caught:
        parse_units_csv(text)
    assert problem in caught.value.detail and list(caught.value.errors) == ["line 5"]


def test_a_new_list_replaces_only_the_periods_it_overlaps() -> None:
    old = [Period("Thị trấn Hương Khê", "444", None, REFORM_EVE), Period("Xã Hương Khê", "42", REFORM_DAY)]
    corrected = Period("Xã Hương Khê (mới)", "42", REFORM_DAY)
    assert merge_periods(old, [corrected]) == [old[0], corrected]
    merged = with_periods(NEW_COMMUNE, merge_periods(old, [corrected]))
    assert (merged.name, merged.parent_on(date(2020, 1, 1)), merged.parent_on(REFORM_DAY)) == (
        "Xã Hương Khê (mới)", "444", "42")
