"""The hot path's plumbing: one pooled connection per request (a unit opened inside another takes
its own), and the new tasks of a step written as one Core INSERT."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event, select, update

from tests.conftest import Api
from workflow_service.persistence.models import TaskRow, User
from workflow_service.persistence.unit_of_work import close_request_connection, open_request_connection

OFFICER = "officer.huongkhe"


@contextmanager
def _checkouts(engine: Engine) -> Iterator[list[Any]]:
    seen: list[Any] = []

    def count(_dbapi: Any, _record: Any, _proxy: Any) -> None:
        seen.append(_record)

    event.listen(engine, "checkout", count)
    try:
        yield seen
    finally:
        event.remove(engine, "checkout", count)


def test_a_complete_authenticates_reads_and_writes_on_one_checked_out_connection(mini_api: Api) -> None:
    app = mini_api.client.application
    dossier = mini_api.file(OFFICER, "18101", process_key="mini_review").json
    task_id = dossier["open_tasks"][0]["id"]
    assert mini_api.post(OFFICER, f"/tasks/{task_id}/claim").status_code == 200
    headers = mini_api.headers(OFFICER)  # signs in (if needed) before counting
    with _checkouts(app.extensions["ocopflow.engine"]) as seen:
        done = mini_api.client.post(f"/api/v1/tasks/{task_id}/complete", json={"data": {"complete": True}},
                                    headers=headers)
    assert done.status_code == 200, done.json
    assert len(seen) == 1  # authentication, the read before the step and the write: one check-out
    with app.extensions["ocopflow"].read() as uow:
        row = uow.session.get(TaskRow, task_id)
        assert row is not None and row.status == "completed"


def test_a_unit_opened_inside_another_commits_on_its_own_connection(mini_api: Api) -> None:
    app = mini_api.client.application
    ctx, engine = app.extensions["ocopflow"], app.extensions["ocopflow.engine"]
    open_request_connection(engine)
    try:
        with _checkouts(engine) as seen, ctx.read() as outer:
            before = outer.session.scalar(select(User.display_name).where(User.username == OFFICER))
            with ctx.uow() as inner:
                inner.session.execute(update(User).where(User.username == OFFICER).values(display_name="Renamed"))
                inner.commit()
            assert len(seen) == 2  # the outer unit's connection was busy: the inner one took its own
    finally:
        close_request_connection()
    assert before != "Renamed"
    with ctx.read() as uow:  # committed by the inner unit alone
        assert uow.session.scalar(select(User.display_name).where(User.username == OFFICER)) == "Renamed"


def test_the_tasks_a_step_offers_are_stored_whole(mini_api: Api) -> None:
    """complete_task writes a step's new tasks with one Core INSERT (instances/sync.insert_tasks):
    the rows carry every default an ORM insert gave them and reach the inboxes they are offered to."""
    app = mini_api.client.application
    dossier = mini_api.file(OFFICER, "18101", process_key="mini_review").json
    mini_api.do(OFFICER, dossier["open_tasks"][0]["id"], {"complete": True})
    engine = app.extensions["ocopflow.engine"]
    with engine.connect() as conn:
        sheets = conn.execute(select(TaskRow.status, TaskRow.escalation, TaskRow.claimed_by, TaskRow.candidate,
                                     TaskRow.created_at, TaskRow.draft.is_(None), TaskRow.role, TaskRow.unit_code)
                              .where(TaskRow.dossier_id == dossier["id"], TaskRow.element_id == "score")
                              .order_by(TaskRow.candidate)).all()
    assert [(s.status, s.escalation, s.claimed_by, s.candidate, s.role, s.unit_code) for s in sheets] == [
        ("open", "none", None, member, "province_council", "42")
        for member in ("council1.hatinh", "council2.hatinh", "council3.hatinh")]
    assert all(s.created_at is not None and s[5] for s in sheets)  # draft is SQL NULL, as before
    inbox = mini_api.inbox("council1.hatinh")  # offered to the member it names
    assert [t["element_id"] for t in inbox if t["dossier_id"] == dossier["id"]] == ["score"]
