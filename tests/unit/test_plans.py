from datetime import date
from pathlib import Path

import pytest

from workflow_service.domain.deadlines import PlanStepDate, parse_deadline
from workflow_service.domain.plan_schedules import (
    FixedDate,
    Window,
)
from workflow_service.domain.plans import PlanInvalid, YearlyPlan, parse_plan

ROOT = Path(__file__).resolve().parents[2]
PLAN_FILES = sorted((ROOT / "plans").glob("*.yaml"))
ORIGINAL_2019 = ROOT / "tests" / "fixtures" / "plans" / "ha-tinh-2019-original.yaml"


def load(name: str) -> YearlyPlan:
    return parse_plan((ROOT / "plans" / name).read_text(encoding="utf-8"))


def errors_of(text: str) -> list[str]:
    with pytest.raises(PlanInvalid) as caught:
        parse_plan(text)
    return [str(e) for e in caught.value.errors]


def plan_text(steps: str, *, year: str = "2019", extra: str = "") -> str:
    return f'unit: "42"\nyear: {year}\nsource: "900/QĐ-UBND"\n{extra}steps:\n{steps}'


def test_there_are_five_seed_plans():
    assert [p.name for p in PLAN_FILES] == [
        "ba-to-2025.yaml",
        "district-2021.yaml",
        "ha-tinh-2019.yaml",
        "ha-tinh-2023-2025.yaml",
        "thanh-hoa-2021.yaml",
    ]


@pytest.mark.parametrize("path", PLAN_FILES, ids=lambda p: p.name)
def test_every_seed_plan_parses_and_its_keys_work_as_plan_deadlines(path):
    plan = parse_plan(path.read_text(encoding="utf-8"))
    assert plan.steps and plan.source
    for step in plan.steps:
        assert parse_deadline(f"plan:{step.key}") == PlanStepDate(step.key)
        assert step.responsible is not None


def test_ha_tinh_2019_dates():
    plan = load("ha-tinh-2019.yaml")
    assert (plan.unit, plan.year, plan.source) == ("42", 2019, "900/QĐ-UBND ngày 27/3/2019")
    expected = {
        "idea-registration-conferences": date(2019, 3, 30),
        "district-plans": date(2019, 3, 31),
        "district-idea-selection": date(2019, 4, 10),
        "department-support-teams": date(2019, 4, 10),
        "province-product-selection": date(2019, 4, 30),
        "product-support-plans": date(2019, 5, 20),
        "communication-plan": date(2019, 4, 30),
        "district-evaluation": date(2019, 10, 31),
        "province-evaluation": date(2019, 11, 30),
    }
    assert {key: plan.deadline_for(key) for key in expected} == expected
    assert plan.step("district-evaluation").schedule == Window(date(2019, 10, 1), date(2019, 10, 31))
    assert "staff-training" not in {s.key for s in plan.steps}


def test_ha_tinh_2019_monthly_reports():
    plan = load("ha-tinh-2019.yaml")
    assert plan.occurrences("district-monthly-report") == [date(2019, m, 20) for m in range(1, 13)]
    assert plan.deadline_for("producer-monthly-report", on=date(2019, 3, 15)) == date(2019, 3, 15)
    assert plan.deadline_for("producer-monthly-report", on=date(2019, 3, 16)) == date(2019, 4, 15)
    assert plan.deadline_for("district-monthly-report", on=date(2019, 12, 21)) == date(2020, 1, 20)
    with pytest.raises(ValueError, match="recurs; give the day"):
        plan.deadline_for("district-monthly-report")


def test_the_original_ha_tinh_2019_plan_is_rejected_at_the_line_of_31_6_2019():
    text = ORIGINAL_2019.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if 'due: "31/6/2019"' in row)
    with pytest.raises(PlanInvalid) as caught:
        parse_plan(text)
    assert [str(e) for e in caught.value.errors] == [
        f"line {line}: due '31/6/2019' is not a date (June has 30 days)"
    ]
    assert caught.value.errors[0].field.endswith(".due")


def test_thanh_hoa_2021():
    plan = load("thanh-hoa-2021.yaml")
    assert (plan.unit, plan.year) == ("38", 2021)
    assert plan.deadline_for("province-evaluation") == date(2021, 12, 31)
    assert plan.occurrences("district-six-month-report") == [date(2021, 6, 15)]
    assert plan.occurrences("district-annual-report") == [date(2021, 12, 1)]


def test_ha_tinh_2023_2025_spans_three_years():
    plan = load("ha-tinh-2023-2025.yaml")
    assert (plan.year, plan.last_year) == (2023, 2025)
    assert plan.occurrences("quarterly-report", 2024) == [date(2024, m, 25) for m in (3, 6, 9, 12)]
    assert len(plan.occurrences("quarterly-report")) == 12
    assert plan.occurrences("six-month-report") == [date(y, 6, 20) for y in (2023, 2024, 2025)]
    assert plan.deadline_for("annual-report", on=date(2024, 12, 16)) == date(2025, 12, 15)


def test_ba_to_2025_windows():
    plan = load("ba-to-2025.yaml")
    assert plan.unit == "535"
    assert plan.step("idea-registration").schedule == Window(date(2025, 3, 1), date(2025, 4, 30))
    assert plan.deadline_for("idea-selection") == date(2025, 5, 31)
    assert plan.step("district-evaluation").schedule == Window(date(2025, 4, 1), date(2025, 6, 30))
    assert plan.deadline_for("commune-assessment") == date(2025, 12, 31)


def test_district_2021():
    plan = load("district-2021.yaml")
    assert plan.deadline_for("commune-plans") == date(2021, 6, 15)
    assert plan.deadline_for("year-end-review") == date(2021, 12, 31)
    assert plan.step("commune-plans").schedule == FixedDate(date(2021, 6, 15))


def test_every_problem_is_reported_with_its_line():
    text = plan_text(
        "  - key: a\n"  # 5
        "    title: A\n"
        "    due: 31/6/2019\n"  # 7
        "  - key: a\n"  # 8
        "    title: B\n"
        "    window: 4-3/2019\n"  # 10
        "    due: 1/4/2019\n"  # 11
        "  - key: c\n"
        "    title: C\n"
        "    recurrence: monthly before day 30\n"  # 14
        "    responsible: nobody\n"  # 15
        "    foo: 1\n"  # 16
        "  - key: d\n"
        "    title: D\n"
        "    due: 10/4/2020\n"  # 19
        "  - key: E e\n"  # 20
        "    title:\n"  # 21
        "    recurrence: weekly on monday\n"  # 22
    )
    assert errors_of(text) == [
        "line 7: due '31/6/2019' is not a date (June has 30 days)",
        "line 8: duplicate step key 'a' (first at line 5)",
        "line 11: a step needs exactly one of due, window or recurrence, not due and window",
        "line 14: recurrence 'monthly before day 30': day 30 does not exist in every month it names (at most 28)",
        "line 15: unknown role 'nobody'",
        "line 16: unknown field 'foo'; expected key, title, responsible, due, window, recurrence",
        "line 19: due '10/4/2020' is outside the plan year 2019",
        "line 20: step key 'E e' must be lower-case letters, digits, '-', '_' or '.'",
        "line 21: title is empty",
        (
            "line 22: recurrence 'weekly on monday' is not a recurrence; write 'monthly before day 20', "
            "'quarterly before day 25 of last month' or 'yearly before 15/12'"
        ),
    ]


def test_plan_level_problems():
    assert errors_of("unit: 42\nyear: 19\nsource: x\nowner: me\nsteps: []\n") == [
        "line 2: year '19' must be like 2019 or 2023-2025",
        "line 4: unknown field 'owner'; expected unit, year, source, steps, rewards",
        "line 5: steps must be a non-empty list",
    ]
    assert errors_of("year: 2019\nyear: 2020\nsteps:\n  - key: a\n    title: A\n    due: 1/1/2019\n") == [
        "line 1: missing field 'unit'",
        "line 1: missing field 'source'",
        "line 2: duplicate field 'year' (first at line 1)",
    ]
    assert errors_of(plan_text("  - key: a\n    title: A\n    window: Q1/2019\n", year="2025-2019")) == [
        "line 2: year '2025-2019' is not a plan period of at most 10 years"
    ]


def test_a_step_without_a_date():
    assert errors_of(plan_text("  - key: a\n    title: A\n")) == [
        "line 5: a step needs exactly one of due, window or recurrence, not none"
    ]


def test_broken_yaml_and_empty_files():
    assert errors_of("unit: [42\n") == [
        "line 2: not valid YAML: while parsing a flow sequence, expected ',' or ']', but got '<stream end>'"
    ]
    assert errors_of("") == ["line 1: the plan is empty"]
    assert errors_of("- 1\n- 2\n") == ["line 1: the file must be a mapping of fields"]
    assert errors_of("unit: 1\n---\nunit: 2\n") == [
        "line 2: not valid YAML: expected a single document in the stream, but found another document"
    ]


def test_python_tags_are_never_constructed():
    text = plan_text('  - key: a\n    title: A\n    due: !!python/object/apply:os.system ["true"]\n')
    assert errors_of(text) == ["line 7: due must be a single value"]


def test_multi_year_plan_accepts_dates_in_any_of_its_years():
    plan = parse_plan(plan_text("  - key: a\n    title: A\n    due: 1/1/2025\n", year="2023-2025"))
    assert plan.deadline_for("a") == date(2025, 1, 1)
    assert errors_of(plan_text("  - key: a\n    title: A\n    window: Q1/2026\n", year="2023-2025")) == [
        "line 7: window 'Q1/2026' is outside the plan year 2023-2025"
    ]


def test_unknown_steps_and_non_recurring_occurrences():
    plan = load("district-2021.yaml")
    with pytest.raises(KeyError, match="no step 'nope'"):
        plan.deadline_for("nope")
    with pytest.raises(ValueError, match="does not recur"):
        plan.occurrences("commune-plans")
    lookup = plan.deadline_lookup()
    assert lookup("commune-plans") == date(2021, 6, 15)
    assert lookup("nope") is None
