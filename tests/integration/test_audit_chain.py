"""The audit trail is hash-chained per dossier: an edited or deleted record is found and named."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from sqlalchemy import Connection, Engine, select, text

from tests.conftest import Api
from workflow_service.cli import main
from workflow_service.domain.audit_chain import record_hash
from workflow_service.persistence.models import AuditEntry
from workflow_service.services.audit.verify import verify_audit

OFFICER = "officer.huongkhe"
COUNCIL = ["council1.hatinh", "council2.hatinh", "council3.hatinh"]


def _engine(api: Api) -> Engine:
    engine: Engine = api.client.application.extensions["ocopflow.engine"]
    return engine


def _entries(api: Api, dossier_id: int | None) -> list[AuditEntry]:
    chain = AuditEntry.dossier_id.is_(None) if dossier_id is None else AuditEntry.dossier_id == dossier_id
    with api.client.application.extensions["ocopflow"].uow() as uow:
        return list(uow.session.scalars(select(AuditEntry).where(chain).order_by(AuditEntry.id)))


def _walk_a_dossier(api: Api) -> int:
    """File, check, and two of three council scores: seven records in the dossier's chain."""
    dossier = api.file(OFFICER, "18101", process_key="mini_review").json
    assert api.do(OFFICER, dossier["open_tasks"][0]["id"], {"complete": True}).status_code == 200
    for member in COUNCIL[:2]:
        assert api.do(member, api.inbox(member)[0]["id"], {"points": 70}).status_code == 200
    return int(dossier["id"])


@contextmanager
def _append_only_lifted(engine: Engine) -> Iterator[Connection]:
    """A connection on which the append-only triggers are off, as a tamperer with admin rights would do."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_change"))
            yield conn
            conn.execute(text("ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_no_change"))
        else:
            conn.execute(text("DROP TRIGGER audit_entries_no_update"))
            conn.execute(text("DROP TRIGGER audit_entries_no_delete"))
            yield conn


def _cli_verify(database_url: str, tmp_path: Path, *args: str) -> Any:
    env = {"DATABASE_URL": database_url, "OCOPFLOW_INSTANCE_DIR": str(tmp_path / "cli"),
           "OCOPFLOW_SECRET_KEY": "k" * 48, "OCOPFLOW_ENV": "testing"}
    return CliRunner().invoke(main, ["audit", "verify", *args], env=env)


def test_each_record_links_to_the_one_before_it_in_its_dossier(mini_api: Api, database_url: str,
                                                               tmp_path: Path) -> None:
    first, second = _walk_a_dossier(mini_api), _walk_a_dossier(mini_api)
    for dossier_id in (first, second, None):  # None: deployments, the system chain
        entries = _entries(mini_api, dossier_id)
        assert entries and entries[0].prev_hash is None
        assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
        for entry in entries:
            assert entry.hash == record_hash(dossier_id=entry.dossier_id, task_id=entry.task_id, actor=entry.actor,
                                             acting_as=entry.acting_as, action=entry.action, at=entry.at,
                                             data=entry.data, prev_hash=entry.prev_hash)
    assert [e.action for e in _entries(mini_api, first)] == ["file", "claim", "complete"] + ["claim", "complete"] * 2
    total = sum(len(_entries(mini_api, d)) for d in (first, second, None))
    done = _cli_verify(database_url, tmp_path)
    assert done.exit_code == 0, done.output
    assert f"{total} records verified in 3 chain(s)" in done.output
    assert "7 records verified in 1 chain(s)" in _cli_verify(database_url, tmp_path, "--dossier", str(first)).output


def test_an_edited_record_is_named(mini_api: Api, database_url: str, tmp_path: Path) -> None:
    other, dossier_id = _walk_a_dossier(mini_api), _walk_a_dossier(mini_api)
    edited = _entries(mini_api, dossier_id)[4]  # the first council member's completion
    assert edited.action == "complete"
    with _append_only_lifted(_engine(mini_api)) as conn:
        conn.execute(text("UPDATE audit_entries SET actor = 'council3.hatinh' WHERE id = :id"), {"id": edited.id})

    result = verify_audit(mini_api.client.application.extensions["ocopflow"])
    assert [(b.chain, b.entry_id) for b in result.breaks] == [(f"dossier {dossier_id}", edited.id)]
    assert "altered" in result.breaks[0].reason
    done = _cli_verify(database_url, tmp_path)
    assert done.exit_code == 1
    assert f"BROKEN dossier {dossier_id}: audit record {edited.id}: its content does not match" in done.output
    assert _cli_verify(database_url, tmp_path, "--dossier", str(other)).exit_code == 0


def test_an_edit_with_a_recomputed_hash_breaks_the_next_link(mini_api: Api) -> None:
    dossier_id = _walk_a_dossier(mini_api)
    entries = _entries(mini_api, dossier_id)
    edited = entries[2]
    forged = record_hash(dossier_id=dossier_id, task_id=edited.task_id, actor="someone.else",
                         acting_as=edited.acting_as, action=edited.action, at=edited.at, data=edited.data,
                         prev_hash=edited.prev_hash)
    with _append_only_lifted(_engine(mini_api)) as conn:
        conn.execute(text("UPDATE audit_entries SET actor = 'someone.else', hash = :h WHERE id = :id"),
                     {"h": forged, "id": edited.id})
    result = verify_audit(mini_api.client.application.extensions["ocopflow"], dossier_id)
    assert [b.entry_id for b in result.breaks] == [entries[3].id]
    assert f"does not follow record {edited.id}" in result.breaks[0].reason


def test_a_deleted_middle_record_is_caught(mini_api: Api, database_url: str, tmp_path: Path) -> None:
    dossier_id = _walk_a_dossier(mini_api)
    entries = _entries(mini_api, dossier_id)
    with _append_only_lifted(_engine(mini_api)) as conn:
        conn.execute(text("DELETE FROM audit_entries WHERE id = :id"), {"id": entries[3].id})
    done = _cli_verify(database_url, tmp_path, "--dossier", str(dossier_id))
    assert done.exit_code == 1
    assert (f"BROKEN dossier {dossier_id}: audit record {entries[4].id}: it does not follow record "
            f"{entries[2].id}") in done.output


def test_a_deleted_first_record_and_an_edited_system_record_are_caught(mini_api: Api) -> None:
    dossier_id = _walk_a_dossier(mini_api)
    entries, system = _entries(mini_api, dossier_id), _entries(mini_api, None)
    with _append_only_lifted(_engine(mini_api)) as conn:
        conn.execute(text("DELETE FROM audit_entries WHERE id = :id"), {"id": entries[0].id})
        conn.execute(text("UPDATE audit_entries SET action = 'undeploy' WHERE id = :id"), {"id": system[0].id})
    result = verify_audit(mini_api.client.application.extensions["ocopflow"])
    assert [(b.chain, b.entry_id) for b in result.breaks] == [("system", system[0].id),
                                                               (f"dossier {dossier_id}", entries[1].id)]
    assert "does not follow the start of the chain" in result.breaks[1].reason


def test_records_written_in_one_transaction_link_in_order(mini_api: Api) -> None:
    from workflow_service.services.audit.trail import audit

    dossier_id = _walk_a_dossier(mini_api)
    ctx = mini_api.client.application.extensions["ocopflow"]
    with ctx.uow() as uow:  # as timer firing does when several timers of a dossier fire in one step
        for n in range(3):
            audit(uow.session, actor="scheduler", acting_as="scheduler", action="timer", at=ctx.clock.now(),
                  dossier_id=dossier_id, data={"n": n, "when": (1, 2)})
        uow.commit()
    entries = _entries(mini_api, dossier_id)
    assert [e.data for e in entries[-3:]] == [{"n": n, "when": [1, 2]} for n in range(3)]
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    assert verify_audit(ctx, dossier_id).checked == len(entries) == 10
