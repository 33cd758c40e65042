"""The audit chain under concurrency (no fork) and across the migration that introduced it."""

from __future__ import annotations

import threading
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from alembic import command
from alembic.config import Config
from flask import Flask
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.exc import DBAPIError

from tests.conftest import Api
from workflow_service.persistence.migrate import MIGRATIONS
from workflow_service.persistence.models import AuditEntry
from workflow_service.services.audit.trail import audit
from workflow_service.services.audit.verify import verify_audit
from workflow_service.services.context import ServiceContext

OFFICER = "officer.huongkhe"
AT = datetime(2026, 11, 23, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def _migrate(engine: Engine, revision: str, down: bool = False) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def _chain(ctx: ServiceContext) -> list[tuple[int, int | None, str | None, str]]:
    with ctx.uow() as uow:
        return [(e.id, e.dossier_id, e.prev_hash, e.hash)
                for e in uow.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_the_migration_chains_the_records_written_before_it(mini_app: Flask) -> None:
    api, ctx = Api(mini_app.test_client()), mini_app.extensions["ocopflow"]
    engine: Engine = mini_app.extensions["ocopflow.engine"]
    dossier = api.file(OFFICER, "18101", process_key="mini_review").json
    api.do(OFFICER, dossier["open_tasks"][0]["id"], {"complete": True})
    assert api.file(OFFICER, "18101", process_key="mini_review").status_code == 201
    written_live = _chain(ctx)
    assert len(written_live) == 5 and len({dossier for _, dossier, _, _ in written_live}) == 3

    _migrate(engine, "0005_timers", down=True)  # back to unchained rows
    with engine.connect() as conn:
        assert "hash" not in {c["name"] for c in inspect(conn).get_columns("audit_entries")}
    _migrate(engine, "head")  # the backfill, in id order per chain

    assert _chain(ctx) == written_live
    assert verify_audit(ctx).checked == len(written_live)
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text("UPDATE audit_entries SET actor = 'x'"))  # the triggers came back


@pytest.mark.parametrize("chain", ["dossier", "system"])
def test_two_writers_on_one_chain_do_not_fork_it(mini_app: Flask, database_url: str, chain: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite serialises every writer with BEGIN IMMEDIATE; the row lock matters on PostgreSQL")
    api, ctx = Api(mini_app.test_client()), mini_app.extensions["ocopflow"]
    engine: Engine = mini_app.extensions["ocopflow.engine"]
    dossier_id = api.file(OFFICER, "18101", process_key="mini_review").json["id"] if chain == "dossier" else None
    outcome: list[Exception] = []

    def second_writer() -> None:
        try:
            with ctx.uow() as uow:
                audit(uow.session, actor="b", acting_as="t", action="second", at=AT, dossier_id=dossier_id)
                uow.commit()
        except Exception as err:  # noqa: BLE001 - reported to the test thread
            outcome.append(err)

    with ctx.uow() as first:
        audit(first.session, actor="a", acting_as="t", action="first", at=AT, dossier_id=dossier_id)
        writer = threading.Thread(target=second_writer)
        writer.start()
        assert _waits_for_a_lock(engine, writer), "the second writer read the chain head without waiting"
        first.commit()
    writer.join(timeout=30)
    assert not writer.is_alive() and not outcome, outcome

    with ctx.uow() as uow:
        where = AuditEntry.dossier_id.is_(None) if dossier_id is None else AuditEntry.dossier_id == dossier_id
        tail = list(uow.session.scalars(select(AuditEntry).where(where).order_by(AuditEntry.id.desc()).limit(2)))
    second, first_entry = tail
    assert (first_entry.action, second.action) == ("first", "second")
    assert second.prev_hash == first_entry.hash  # linked, not forked from the same head
    assert verify_audit(ctx).intact


def _waits_for_a_lock(engine: Engine, writer: threading.Thread) -> bool:
    """True once another session of ours waits on a lock; False if the writer finished without waiting."""
    deadline = time.monotonic() + 10
    with engine.connect() as conn:
        while writer.is_alive() and time.monotonic() < deadline:
            waiting = conn.execute(text("SELECT count(*) FROM pg_locks WHERE NOT granted")).scalar_one()
            conn.rollback()
            if waiting:
                return True
            time.sleep(0.01)  # polling a condition, not waiting out a time rule
    return False
