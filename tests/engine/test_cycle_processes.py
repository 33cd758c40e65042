"""bpmn/ocop_idea_registration.bpmn and bpmn/ocop_business_plan.bpmn: the cycle's steps before the evaluation,
straight and through save/restore, on each path a commune's idea or plan can take."""

from __future__ import annotations

import pytest

from workflow_service.domain.cycle import idea_status, plan_status
from workflow_service.domain.roles import ALL_ROLES
from workflow_service.engine.runtime import ProcessRuntime
from workflow_service.services.definitions.deadline_property import check_deadline_text

from .chain_runner import Chain, load_chain
from .cycle_steps import (
    FORWARD,
    IDEA,
    IDEA_FORM,
    NOT_FORWARDED,
    PLAN,
    PLAN_FORM,
    REVISED,
    CycleRun,
    approved,
    eligible,
    follow_up,
    needs_revision,
    not_selected,
    progress,
    rejected,
    selected,
)

ROUNDTRIP = pytest.mark.parametrize("roundtrip", [False, True], ids=["straight", "roundtrip"])


@pytest.fixture(scope="module")
def idea_runtime() -> ProcessRuntime:
    return ProcessRuntime(load_chain(IDEA))


@pytest.fixture(scope="module")
def plan_runtime() -> ProcessRuntime:
    return ProcessRuntime(load_chain(PLAN))


def idea(runtime: ProcessRuntime, level: str, roundtrip: bool) -> CycleRun:
    return CycleRun(runtime, IDEA, IDEA_FORM, {"commune": "22601", "registration_number": "001/YT-51-22601-2025",
                                               "selecting_level": level}, roundtrip)


def plan(runtime: ProcessRuntime, level: str, roundtrip: bool) -> CycleRun:
    return CycleRun(runtime, PLAN, PLAN_FORM, {"commune": "22601", "registration_number": "001/PA-51-22601-2025",
                                               "selecting_level": level, "idea_id": 7}, roundtrip)


@ROUNDTRIP
@pytest.mark.parametrize(("level", "selector"), [("district", "district_select_idea"),
                                                 ("province", "province_select_idea")])
def test_a_forwarded_idea_is_selected_by_the_district_or_after_july_2025_the_province(
        idea_runtime: ProcessRuntime, level: str, selector: str, roundtrip: bool) -> None:
    run = idea(idea_runtime, level, roundtrip)
    assert run.ready() == ["commune_review_idea"]
    assert idea_status(run.data, run.instance.is_completed) == "in_review"
    run.run(FORWARD)
    assert run.ready() == [selector]
    run.run(selected(selector))
    assert run.instance.is_completed
    assert idea_status(run.data, True) == "selected"
    assert (run.data["selection_decision_number"], run.data["selection_decision_date"]) == (
        "125/QĐ-UBND", "2025-05-20")


@ROUNDTRIP
def test_an_idea_the_commune_does_not_forward_ends_there(idea_runtime: ProcessRuntime, roundtrip: bool) -> None:
    run = idea(idea_runtime, "district", roundtrip)
    run.run(NOT_FORWARDED)
    assert run.instance.is_completed and run.ready() == []
    assert idea_status(run.data, True) == "not_forwarded"
    assert "district_select_idea" not in run.instance.completed_elements()


@ROUNDTRIP
def test_an_idea_found_not_feasible_is_not_selected(idea_runtime: ProcessRuntime, roundtrip: bool) -> None:
    run = idea(idea_runtime, "province", roundtrip)
    run.run(FORWARD, not_selected("province_select_idea"))
    assert run.instance.is_completed
    assert idea_status(run.data, True) == "not_selected"


@ROUNDTRIP
@pytest.mark.parametrize(("level", "evaluate", "approve"), [
    ("district", "district_evaluate_plan", "district_approve_plan"),
    ("province", "province_evaluate_plan", "province_approve_plan")])
def test_a_plan_revised_once_is_approved_then_followed_until_the_commune_closes_it(
        plan_runtime: ProcessRuntime, level: str, evaluate: str, approve: str, roundtrip: bool) -> None:
    run = plan(plan_runtime, level, roundtrip)
    assert run.ready() == [evaluate]
    run.run(needs_revision(evaluate))
    assert run.ready() == ["revise_business_plan"]
    assert plan_status(run.data, False, set(run.ready())) == "revising"
    run.run(REVISED)
    assert run.ready() == [evaluate]  # back to the same level
    run.run(eligible(evaluate))
    assert run.ready() == [approve]
    assert plan_status(run.data, False, set(run.ready())) == "in_evaluation"
    run.run(approved(approve))
    assert run.ready() == ["report_progress"]
    assert plan_status(run.data, False) == "approved"
    run.run(progress(False, 40), follow_up(False))  # the follow-up goes on: the producer reports again
    assert run.ready() == ["report_progress"]
    run.run(progress(True, 100), follow_up(True))
    assert run.instance.is_completed
    assert plan_status(run.data, True) == "implemented"
    assert (run.data["approval_decision_number"], run.data["idea_id"]) == ("88/QĐ-UBND", 7)


@ROUNDTRIP
def test_a_plan_the_chair_does_not_approve_ends_without_follow_up(plan_runtime: ProcessRuntime,
                                                                  roundtrip: bool) -> None:
    run = plan(plan_runtime, "district", roundtrip)
    run.run(eligible("district_evaluate_plan"), rejected("district_approve_plan"))
    assert run.instance.is_completed
    assert plan_status(run.data, True) == "not_approved"
    assert "report_progress" not in run.instance.completed_elements()


@pytest.mark.parametrize("chain", [IDEA, PLAN], ids=["idea", "plan"])
def test_bundles_pass_deploy_validation_with_plan_deadlines(chain: Chain) -> None:
    bundle = load_chain(chain, known_roles=set(ALL_ROLES), check_deadline=check_deadline_text)
    assert bundle.key == chain.key
    assert {t.id: t.lane for t in bundle.user_tasks.values()} == chain.lane_of
    assert {t.id: t.properties["deadline"] for t in bundle.user_tasks.values()
            if "deadline" in t.properties} == chain.deadlines
