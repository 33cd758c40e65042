"""One transaction per action: a failure anywhere leaves the previous state intact."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from tests.conftest import FIXTURES, Api
from workflow_service.persistence.models import AuditEntry, Dossier, TaskRow

OFFICER = "officer.huongkhe"


def _snapshot(api: Api, dossier_id: int) -> tuple[str, list[tuple[str, str, str | None]], int]:
    with api.client.application.extensions["ocopflow"].uow() as uow:
        session = uow.session
        state = session.scalars(select(Dossier.state).where(Dossier.id == dossier_id)).one()
        tasks = [(t.id, t.status, t.claimed_by) for t in session.scalars(
            select(TaskRow).where(TaskRow.dossier_id == dossier_id).order_by(TaskRow.id))]
        audits = len(session.scalars(select(AuditEntry.id).where(AuditEntry.dossier_id == dossier_id)).all())
        return state, tasks, audits


def _deploy_failing_variant(api: Api) -> None:
    mini = (FIXTURES / "bpmn" / "mini.bpmn").read_text()
    failing = mini.replace('score = average([s["points"] for s in sheets])', "score = average([])")
    files = {"files": [(io.BytesIO(failing.encode()), "mini.bpmn")]}
    response = api.client.post("/api/v1/process-definitions", data=files, content_type="multipart/form-data",
                               headers=api.headers("designer"))
    assert response.status_code == 201, response.json


def test_a_script_error_after_a_task_keeps_the_task_open_and_the_state_unchanged(mini_api: Api) -> None:
    _deploy_failing_variant(mini_api)
    dossier = mini_api.file(OFFICER, "18101", process_key="mini_review").json
    mini_api.do(OFFICER, dossier["open_tasks"][0]["id"], {"complete": True})
    members = ["council1.hatinh", "council2.hatinh", "council3.hatinh"]
    for member in members[:2]:
        mini_api.do(member, mini_api.inbox(member)[0]["id"], {"points": 70})
    last = mini_api.inbox(members[2])[0]["id"]
    mini_api.post(members[2], f"/tasks/{last}/claim")
    before = _snapshot(mini_api, dossier["id"])
    failed = mini_api.post(members[2], f"/tasks/{last}/complete", {"data": {"points": 90}})
    assert failed.status_code == 422
    assert "total" in failed.json["detail"] and "average of no values" in failed.json["detail"]
    state, tasks, audits = _snapshot(mini_api, dossier["id"])
    assert (state, tasks, audits) == (before[0], before[1], before[2] + 1)  # + the incident's audit entry
    # read by the province office: the entry belongs to a council member's step, which the commune sees redacted
    history = mini_api.get("office.hatinh", f"/dossiers/{dossier['id']}").json["history"]
    assert history[-1]["action"] == "incident" and history[-1]["data"]["element"] == "total"


def test_a_database_failure_at_commit_changes_nothing(mini_api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    dossier = mini_api.file(OFFICER, "18101", process_key="mini_review").json
    task_id = dossier["open_tasks"][0]["id"]
    mini_api.post(OFFICER, f"/tasks/{task_id}/claim")
    before = _snapshot(mini_api, dossier["id"])

    def broken_commit(self: Session) -> None:
        raise DBAPIError("COMMIT", {}, Exception("disk full"))

    monkeypatch.setattr(Session, "commit", broken_commit)
    failed = mini_api.post(OFFICER, f"/tasks/{task_id}/complete", {"data": {"complete": True}})
    monkeypatch.undo()
    assert failed.status_code == 500
    assert failed.content_type == "application/problem+json"
    assert _snapshot(mini_api, dossier["id"]) == before
    assert mini_api.post(OFFICER, f"/tasks/{task_id}/complete", {"data": {"complete": True}}).status_code == 200


def test_a_crash_in_the_middle_of_writing_tasks_rolls_everything_back(
        mini_api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    dossier = mini_api.file(OFFICER, "18101", process_key="mini_review").json
    task_id = dossier["open_tasks"][0]["id"]
    mini_api.post(OFFICER, f"/tasks/{task_id}/claim")
    before = _snapshot(mini_api, dossier["id"])
    from workflow_service.services.tasks import completion as tasks

    def crash(*_args: object, **_kw: object) -> None:
        raise RuntimeError("worker killed")

    monkeypatch.setattr(tasks, "audit", crash)  # after the engine stepped and the task rows changed
    assert mini_api.post(OFFICER, f"/tasks/{task_id}/complete", {"data": {"complete": True}}).status_code == 500
    assert _snapshot(mini_api, dossier["id"]) == before


def test_the_audit_trail_cannot_be_changed_or_deleted(mini_api: Api) -> None:
    mini_api.file(OFFICER, "18101", process_key="mini_review")
    engine = mini_api.client.application.extensions["ocopflow.engine"]
    for statement in ("UPDATE audit_entries SET actor = 'someone else'", "DELETE FROM audit_entries"):
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
