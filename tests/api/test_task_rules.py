"""Routing and inbox rules: who sees, claims, completes and reassigns which task."""

from __future__ import annotations

import threading

from sqlalchemy import select

from tests.conftest import Api
from workflow_service.domain.errors import Conflict
from workflow_service.persistence.models import AuditEntry
from workflow_service.services.accounts.users import load_actor
from workflow_service.services.context import ServiceContext
from workflow_service.services.tasks.actions import claim_task

OFFICER, OTHER_OFFICER = "officer.huongkhe", "officer.huongpho"


def _filed_check_task(api: Api) -> tuple[int, str]:
    filed = api.file(OFFICER, "18101", process_key="mini_review")
    assert filed.status_code == 201, filed.json
    return filed.json["id"], filed.json["open_tasks"][0]["id"]


def test_a_task_reaches_only_the_officer_of_that_commune(mini_api: Api) -> None:
    _dossier_id, task_id = _filed_check_task(mini_api)
    assert [t["id"] for t in mini_api.inbox(OFFICER)] == [task_id]
    assert mini_api.inbox(OTHER_OFFICER) == []
    assert mini_api.inbox("office.hatinh") == []


def test_another_units_task_and_dossier_are_not_found(mini_api: Api) -> None:
    dossier_id, task_id = _filed_check_task(mini_api)
    for path in (f"/tasks/{task_id}", f"/dossiers/{dossier_id}"):
        response = mini_api.get(OTHER_OFFICER, path)
        assert response.status_code == 404
        assert response.content_type == "application/problem+json"
    for action in ("claim", "complete", "unclaim"):
        assert mini_api.post(OTHER_OFFICER, f"/tasks/{task_id}/{action}", {"data": {}}).status_code == 404


def test_only_the_claimant_completes(mini_api: Api) -> None:
    _, task_id = _filed_check_task(mini_api)
    unclaimed = mini_api.post(OFFICER, f"/tasks/{task_id}/complete", {"data": {"complete": True}})
    assert unclaimed.status_code == 409
    assert mini_api.post(OFFICER, f"/tasks/{task_id}/claim").status_code == 200
    assert mini_api.post("supervisor.hatinh", f"/tasks/{task_id}/complete",
                         {"data": {"complete": True}}).status_code == 409


def test_a_claimed_task_leaves_the_claimable_list_of_others(mini_api: Api) -> None:
    _, task_id = _filed_check_task(mini_api)
    mini_api.post(OFFICER, f"/tasks/{task_id}/claim")
    assert [t["claimed_by"] for t in mini_api.inbox(OFFICER, scope="mine")] == [OFFICER]
    assert mini_api.inbox(OFFICER, scope="claimable") == []
    assert mini_api.post(OFFICER, f"/tasks/{task_id}/unclaim").status_code == 200
    assert [t["id"] for t in mini_api.inbox(OFFICER, scope="claimable")] == [task_id]


def test_acting_on_a_completed_task_is_a_conflict(mini_api: Api) -> None:
    _, task_id = _filed_check_task(mini_api)
    assert mini_api.do(OFFICER, task_id, {"complete": False}).status_code == 200
    again = mini_api.post(OFFICER, f"/tasks/{task_id}/complete", {"data": {"complete": True}})
    assert again.status_code == 409
    assert "completed" in again.json["detail"]
    assert mini_api.post(OFFICER, f"/tasks/{task_id}/claim").status_code == 409


def test_invalid_form_data_is_rejected_per_field_and_changes_nothing(mini_api: Api) -> None:
    dossier_id, task_id = _filed_check_task(mini_api)
    mini_api.post(OFFICER, f"/tasks/{task_id}/claim")
    bad = mini_api.post(OFFICER, f"/tasks/{task_id}/complete", {"data": {"complete": "yes", "extra": 1}})
    assert bad.status_code == 422
    assert bad.content_type == "application/problem+json"
    assert "complete" in bad.json["errors"]
    missing = mini_api.post(OFFICER, f"/tasks/{task_id}/complete", {"data": {}})
    assert missing.json["errors"] == {"complete": ["'complete' is a required property"]}
    dossier = mini_api.get(OFFICER, f"/dossiers/{dossier_id}").json
    assert [t["id"] for t in dossier["open_tasks"]] == [task_id]
    assert [h["action"] for h in dossier["history"]] == ["file", "claim"]


def test_two_simultaneous_claims_exactly_one_wins(mini_api: Api, service_ctx: ServiceContext) -> None:
    _, task_id = _filed_check_task(mini_api)
    from workflow_service.services.accounts.users import add_user
    add_user(service_ctx, "officer2.huongkhe", "password-123", ["commune_officer@18101"])
    actors = [load_actor(service_ctx, OFFICER), load_actor(service_ctx, "officer2.huongkhe")]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def claim(actor: object) -> None:
        barrier.wait()
        try:
            claim_task(service_ctx, actor, task_id)  # type: ignore[arg-type]
            outcomes.append("won")
        except Conflict:
            outcomes.append("409")

    threads = [threading.Thread(target=claim, args=(a,)) for a in actors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["409", "won"]
    with service_ctx.uow() as uow:
        claims = uow.session.scalars(select(AuditEntry).where(AuditEntry.action == "claim")).all()
        assert len(claims) == 1


def test_the_http_claim_race_answers_409_to_the_loser(mini_api: Api) -> None:
    _, task_id = _filed_check_task(mini_api)
    mini_api.post(OFFICER, f"/tasks/{task_id}/claim")
    mini_api.client.application.extensions["ocopflow"]  # same app, second user below
    from workflow_service.services.accounts.users import add_user
    add_user(mini_api.client.application.extensions["ocopflow"], "officer2.huongkhe", "password-123",
             ["commune_officer@18101"])
    token = mini_api.client.post("/api/v1/auth/token",
                                 json={"username": "officer2.huongkhe", "password": "password-123"}).json
    loser = mini_api.client.post(f"/api/v1/tasks/{task_id}/claim",
                                 headers={"Authorization": f"Bearer {token['access_token']}"})
    assert loser.status_code == 409


def test_a_supervisor_reassigns_but_an_officer_cannot(mini_api: Api) -> None:
    _, task_id = _filed_check_task(mini_api)
    from workflow_service.services.accounts.users import add_user
    add_user(mini_api.client.application.extensions["ocopflow"], "officer2.huongkhe", "password-123",
             ["commune_officer@18101"])
    assert mini_api.post(OFFICER, f"/tasks/{task_id}/assign",
                         {"username": "officer2.huongkhe"}).status_code == 403
    moved = mini_api.post("supervisor.hatinh", f"/tasks/{task_id}/assign", {"username": "officer2.huongkhe"})
    assert moved.status_code == 200 and moved.json["claimed_by"] == "officer2.huongkhe"
    wrong = mini_api.post("supervisor.hatinh", f"/tasks/{task_id}/assign", {"username": OTHER_OFFICER})
    assert wrong.status_code == 422  # the other commune's officer does not hold the role here


def test_council_members_each_get_their_own_scoring_task(mini_api: Api) -> None:
    _, task_id = _filed_check_task(mini_api)
    mini_api.do(OFFICER, task_id, {"complete": True})
    members = ["council1.hatinh", "council2.hatinh", "council3.hatinh"]
    tasks = {m: mini_api.inbox(m) for m in members}
    assert all(len(t) == 1 for t in tasks.values())
    assert len({t[0]["id"] for t in tasks.values()}) == 3
    not_mine = tasks["council2.hatinh"][0]["id"]
    assert mini_api.post("council1.hatinh", f"/tasks/{not_mine}/claim").status_code == 403


def test_a_token_is_required_and_errors_are_problem_json(mini_api: Api) -> None:
    response = mini_api.client.get("/api/v1/tasks")
    assert response.status_code == 401
    assert response.content_type == "application/problem+json"
    bad_login = mini_api.client.post("/api/v1/auth/token", json={"username": OFFICER, "password": "nope"})
    assert bad_login.status_code == 401
    assert mini_api.client.post("/api/v1/auth/token", json={}).json["errors"].keys() == {"username", "password"}
