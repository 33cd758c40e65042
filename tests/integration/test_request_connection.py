"""The units of work of one request share one pooled connection; a unit opened inside another does not."""

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
