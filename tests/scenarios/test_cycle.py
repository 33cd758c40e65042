"""The annual cycle before the evaluation, on the Ba Tơ 2025 plan (plans/ba-to-2025.yaml): an idea registered
at a Ba Tơ commune in March 2025 is reviewed by the commune by the end of the plan's "March–April" window and
selected by the district by the end of "April–May"; its business plan is approved by the district chair, and
the approved plan lets the producer file the evaluation dossier, linked to both."""

from __future__ import annotations

from typing import Any

from flask import Flask

from tests.conftest import Api
from tests.engine.chain_runner import Step, step
from tests.engine.cycle_steps import IDEA_FORM, PLAN_FORM, approved, eligible, follow_up, progress, selected
from tests.engine.evaluation_steps import FILING
from workflow_service.domain.clock import FixedClock

from .seed_world import at, due, import_plan
from .test_seeds_r2 import BA_TO_USERS, add_users

PRODUCER, OFFICER, DISTRICT, CHAIR = "producer.bato", "officer.bato", "officer.bato.district", "chair.bato"


def act(api: Api, user: str, item_id: int, the_step: Step) -> dict[str, Any]:
    """Complete the item's open task `element_id` as `user`, from the user's own inbox."""
    element_id, data = the_step
    [task] = [t for t in api.inbox(user, dossier_id=item_id) if t["element_id"] == element_id]
    done = api.do(user, task["id"], data)
    assert done.status_code == 200, done.json
    return task


def test_ba_to_2025_idea_to_approved_plan_to_linked_dossier(app: Flask, api: Api, clock: FixedClock) -> None:
    at(clock, "2025-03-10", api)
    add_users(app, {**BA_TO_USERS, CHAIR: ["district_chair@535"]})
    import_plan(api, DISTRICT, "ba-to-2025.yaml")

    registered = api.post(PRODUCER, "/ideas", {"commune": "22601", "data": IDEA_FORM})
    assert registered.status_code == 201, registered.json
    idea = registered.json
    assert (idea["registration_number"], idea["series"], idea["status"]) == ("001/YT-51-22601-2025", "idea",
                                                                            "in_review")
    assert idea["data"]["selecting_level"] == "district"
    [review] = idea["open_tasks"]
    assert (review["element_id"], review["deadline_rule"], review["due_at"], review["unit_code"]) == (
        "commune_review_idea", "plan:idea-registration", due("2025-04-30"), "22601")

    act(api, OFFICER, idea["id"], step("commune_review_idea", idea_forwarded=True, commune_opinion="Có tiềm năng."))
    [selection] = api.get(DISTRICT, f"/ideas/{idea['id']}").json["open_tasks"]
    assert (selection["element_id"], selection["deadline_rule"], selection["due_at"], selection["unit_code"]) == (
        "district_select_idea", "plan:idea-selection", due("2025-05-31"), "535")
    act(api, DISTRICT, idea["id"], selected("district_select_idea", "45/QĐ-UBND", "2025-05-20"))
    idea = api.get(PRODUCER, f"/ideas/{idea['id']}").json
    assert (idea["status"], idea["decision"]) == ("selected", {"number": "45/QĐ-UBND", "date": "2025-05-20",
                                                                "level": "district"})
    assert [i["id"] for i in api.get(DISTRICT, "/ideas?status=selected").json["items"]] == [idea["id"]]
    listed = api.get(DISTRICT, "/ideas", query_string={"decision": "45/QĐ-UBND"}).json["items"]
    assert [(i["registration_number"], i["decision"]["date"]) for i in listed] == [("001/YT-51-22601-2025",
                                                                                  "2025-05-20")]

    submitted = api.post(PRODUCER, "/business-plans", {"idea_id": idea["id"], "data": PLAN_FORM})
    assert submitted.status_code == 201, submitted.json
    plan = submitted.json
    assert (plan["registration_number"], plan["idea_id"], plan["product_name"]) == (
        "001/PA-51-22601-2025", idea["id"], "Trà dây Ba Tơ")
    early = api.post(PRODUCER, "/dossiers", {"commune": "22601", "kind": "first_time", "data": FILING,
                                             "business_plan_id": plan["id"]})
    assert early.status_code == 409 and "in evaluation" in early.json["detail"]

    act(api, DISTRICT, plan["id"], eligible("district_evaluate_plan"))
    act(api, CHAIR, plan["id"], approved("district_approve_plan", "88/QĐ-UBND", "2025-06-15"))
    plan = api.get(PRODUCER, f"/business-plans/{plan['id']}").json
    assert (plan["status"], plan["decision"]["number"]) == ("approved", "88/QĐ-UBND")
    [report] = plan["open_tasks"]
    assert (report["element_id"], report["candidate"], report["due_at"]) == (
        "report_progress", PRODUCER, due("2025-12-31"))  # development-support: "thường xuyên" 1-12/2025

    filed = api.post(PRODUCER, "/dossiers", {"commune": "22601", "kind": "first_time", "data": FILING,
                                             "business_plan_id": plan["id"]})
    assert filed.status_code == 201, filed.json
    dossier = filed.json
    assert (dossier["registration_number"], dossier["idea_id"], dossier["business_plan_id"]) == (
        "001/PĐK-51-22601-2025", idea["id"], plan["id"])  # the product series still starts at 001
    assert dossier["history"][0]["data"]["business_plan_id"] == plan["id"]

    act(api, PRODUCER, plan["id"], progress(True, 100))
    act(api, OFFICER, plan["id"], follow_up(True))
    assert api.get(OFFICER, f"/business-plans/{plan['id']}").json["status"] == "implemented"
    actions = [h["action"] for h in api.get(PRODUCER, f"/business-plans/{plan['id']}").json["history"]
               if h["action"] != "claim"]
    assert actions == ["register_business_plan", "complete", "complete", "complete", "complete"]


def test_after_july_2025_the_province_office_selects_and_other_producers_see_nothing(
        app: Flask, api: Api, clock: FixedClock) -> None:
    at(clock, "2025-08-04", api)
    add_users(app, {**BA_TO_USERS, "producer2.bato": ["applicant@22601"]})
    idea = api.post(PRODUCER, "/ideas", {"commune": "22601", "data": IDEA_FORM}).json
    assert idea["data"]["selecting_level"] == "province"
    act(api, OFFICER, idea["id"], step("commune_review_idea", idea_forwarded=True, commune_opinion="Tốt."))
    assert api.inbox(DISTRICT, dossier_id=idea["id"]) == []
    act(api, "office.quangngai", idea["id"], selected("province_select_idea"))
    assert api.get(PRODUCER, f"/ideas/{idea['id']}").json["status"] == "selected"
    assert api.get("producer2.bato", f"/ideas/{idea['id']}").status_code == 404
    assert api.get("producer2.bato", "/ideas").json["items"] == []
    stranger = api.post("producer2.bato", "/business-plans", {"idea_id": idea["id"], "data": PLAN_FORM})
    assert stranger.status_code == 404
    wrong = api.post(PRODUCER, "/ideas", {"commune": "22601", "data": {"product": {"name": ""}}})
    assert wrong.status_code == 422 and wrong.json["errors"]
