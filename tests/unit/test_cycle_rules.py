"""The cycle's pure rules: numbers per series, who selects, where an idea or plan stands, and a plan's rewards."""

from __future__ import annotations

import pytest

from workflow_service.domain.cycle import (
    IDEA_SERIES,
    PLAN_SERIES,
    PRODUCT_SERIES,
    cycle_number,
    idea_status,
    plan_status,
    selecting_level,
    selection_decision,
)
from workflow_service.domain.errors import ValidationFailed
from workflow_service.domain.plans import PlanInvalid, parse_plan

PLAN = """unit: "38"
year: 2021
source: "KH 2021"
steps:
  - key: star-rewards
    title: "Thưởng sản phẩm đạt sao"
    window: "1-12/2021"
"""


def test_each_series_has_its_mark() -> None:
    assert cycle_number(IDEA_SERIES, 1, "51", "22601", 2025) == "001/YT-51-22601-2025"
    assert cycle_number(PLAN_SERIES, 12, "51", "22601", 2025) == "012/PA-51-22601-2025"
    assert cycle_number(PRODUCT_SERIES, 3, "42", "18101", 2026) == "003/PĐK-42-18101-2026"
    with pytest.raises(ValidationFailed):
        cycle_number("certificate", 1, "42", "18101", 2026)


def test_the_district_selects_while_the_commune_has_one() -> None:
    assert selecting_level({"commune": "22601", "district": "535", "province": "51"}) == "district"
    assert selecting_level({"commune": "22601", "province": "51"}) == "province"


def test_where_an_idea_and_a_plan_stand() -> None:
    assert idea_status({}, completed=False) == "in_review"
    assert idea_status({"idea_forwarded": False}, completed=True) == "not_forwarded"
    chosen = {"idea_forwarded": True, "idea_selected": True, "selection_decision_number": "45/QĐ-UBND",
              "selection_decision_date": "2025-05-20", "selecting_level": "district"}
    assert idea_status(chosen, completed=True) == "selected"
    assert selection_decision(chosen) == {"number": "45/QĐ-UBND", "date": "2025-05-20", "level": "district"}
    assert idea_status({"idea_selected": False}, completed=True) == "not_selected"
    assert plan_status({"plan_eligible": False}, False, {"revise_business_plan"}) == "revising"
    assert plan_status({"plan_approved": True}, completed=False) == "approved"
    assert plan_status({"plan_approved": True}, completed=True) == "implemented"
    assert plan_status({"plan_approved": False}, completed=True) == "not_approved"


def test_a_plan_s_rewards_are_read_by_star() -> None:
    plan = parse_plan(PLAN + "rewards:\n  3: 10000000\n  4: 20000000\n  5: 100000000\n")
    assert [plan.rewards.amount_for(s) for s in (2, 3, 4, 5, None)] == [0, 10_000_000, 20_000_000, 100_000_000, 0]
    assert parse_plan(PLAN).rewards.amounts == ()


@pytest.mark.parametrize(("section", "line", "message"), [
    ("rewards:\n  2: 5000000\n", 9, "rewards are set for 3, 4 or 5 stars, not '2'"),
    ("rewards:\n  3: 10 triệu\n", 9, "whole amount in VND"),
    ("rewards:\n  3: 1\n  3: 2\n", 10, "duplicate reward for 3 stars"),
    ("rewards:\n  4: 0\n", 9, "between 1 and"),
    ("rewards: 10000000\n", 8, "rewards must map stars"),
])
def test_a_bad_rewards_section_names_its_line(section: str, line: int, message: str) -> None:
    with pytest.raises(PlanInvalid) as caught:
        parse_plan(PLAN + section)
    [error] = caught.value.errors
    assert error.line == line and message in error.message
