"""The pure rule: which registry entry covers a filing day and kind; the shipped registry's dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from workflow_service.domain.errors import ValidationFailed
from workflow_service.domain.regulations import Registry, Regulation, parse_registry

SHIPPED = parse_registry((Path(__file__).resolve().parents[2] / "bpmn" / "regulations.yaml").read_text("utf-8"))


@pytest.mark.parametrize(("day", "expected"), [
    (date(2019, 8, 21), ("R1", "ocop_qd1048_2019")),
    (date(2023, 2, 23), ("R1", "ocop_qd1048_2019")),
    (date(2023, 2, 24), ("R2", "ocop_qd148_2023")),
    (date(2024, 3, 1), ("R2", "ocop_qd148_2023")),
    (date(2025, 7, 5), ("R2", "ocop_qd148_2023")),
    (date(2025, 7, 6), ("R3", "ocop_qd1489_2025")),
    (date(2026, 5, 21), ("R3", "ocop_qd1489_2025")),
    (date(2026, 5, 22), ("R4", "ocop_evaluation")),
    (date(2026, 6, 1), ("R4", "ocop_evaluation")),
    (date(2040, 1, 1), ("R4", "ocop_evaluation")),
])
def test_the_shipped_registry_gives_the_regulation_of_the_day(day: date, expected: tuple[str, str]) -> None:
    for kind in ("first_time", "upgrade", "re_evaluation"):
        found = SHIPPED.in_force(day, kind)
        if kind == "re_evaluation" and expected[0] == "R4":  # QĐ 26/2026 re-evaluates in its own process
            assert (found.id, found.process_key) == ("R4-PHL", "ocop_reevaluation")
            continue
        assert (found.id, found.process_key) == expected


def test_a_day_before_the_first_regulation_is_refused_naming_it() -> None:
    with pytest.raises(ValidationFailed) as caught:
        SHIPPED.in_force(date(2019, 8, 20), "first_time")
    assert caught.value.status == 422
    assert "2019-08-20" in caught.value.detail and "R1 QĐ 1048/QĐ-TTg 2019: 2019-08-21 – 2023-02-23" in caught.value.detail
    assert list(caught.value.errors) == ["filed_on"]


def test_entries_may_differ_by_kind() -> None:
    registry = parse_registry("""
regulations:
  - {id: A, title: "A", process_key: a, valid_from: 2024-01-01, kinds: [first_time, upgrade]}
  - {id: B, title: "B", process_key: b_reeval, valid_from: 2024-01-01, kinds: [re_evaluation]}
""")
    assert registry.in_force(date(2024, 5, 1), "upgrade").id == "A"
    assert registry.in_force(date(2024, 5, 1), "re_evaluation").id == "B"
    assert registry.lists("b_reeval") and not registry.lists("mini_review")
    assert registry.for_key("a", date(2020, 1, 1), "first_time") == registry.get("A")


def test_overlapping_entries_of_a_kind_are_rejected() -> None:
    with pytest.raises(ValidationFailed, match="R1 and R2 overlap for first_time"):
        Registry([Regulation("R1", "1", "a", date(2020, 1, 1), date(2021, 1, 1)),
                  Regulation("R2", "2", "b", date(2021, 1, 1), None)])


@pytest.mark.parametrize(("entry", "problem"), [
    ("{id: X, title: T, valid_from: 2024-01-01}", "process_key is required"),
    ("{id: X, title: T, process_key: p, valid_from: 1/1/2024}", "not a yyyy-mm-dd date"),
    ("{id: X, title: T, process_key: p, valid_from: 2024-01-01, valid_to: 2023-01-01}", "before valid_from"),
    ("{id: X, title: T, process_key: p, valid_from: 2024-01-01, kinds: [renewal]}", "kinds must be"),
    ("{id: X, title: T, process_key: p, valid_from: 2024-01-01, version: 0}", "positive whole number"),
    ("{id: X, title: T, process_key: p, valid_from: 2024-01-01, until: 2025-01-01}", "unknown field(s) until"),
])
def test_a_bad_entry_is_named(entry: str, problem: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_registry(f"regulations:\n  - {entry}\n")
    assert problem in caught.value.detail and "regulations[0]" in caught.value.detail


def test_a_file_without_the_list_is_rejected() -> None:
    with pytest.raises(ValidationFailed, match="needs a list"):
        parse_registry("R1: ocop_qd1048_2019\n")
    with pytest.raises(ValidationFailed, match="not valid YAML"):
        parse_registry("regulations: [\n")
