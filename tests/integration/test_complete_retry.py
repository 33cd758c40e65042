"""Two council members complete their sheets at once: the step that read the dossier first and wrote
second finds the version moved, is redone on the fresh state, and both sheets count exactly once."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from workflow_service.persistence.models import AuditEntry, Dossier, TaskRow
from workflow_service.services.accounts.users import load_actor
from workflow_service.services.audit.verify import verify_audit
from workflow_service.services.dossiers.filing import FileDossier, file_dossier
from workflow_service.services.tasks import completion
from workflow_service.services.tasks.actions import claim_task, complete_task

COUNCIL = ("council1.hatinh", "council2.hatinh", "council3.hatinh")


def _open(ctx: Any, dossier_id: int, element: str) -> list[TaskRow]:
    with ctx.uow() as uow:
        return list(uow.session.scalars(select(TaskRow).where(
            TaskRow.dossier_id == dossier_id, TaskRow.element_id == element, TaskRow.status == "open")
            .order_by(TaskRow.candidate)))


def test_a_step_whose_dossier_moved_while_it_ran_is_redone_on_the_fresh_state(
        mini_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = mini_app.extensions["ocopflow"]
    officer = load_actor(ctx, "officer.huongkhe")
    dossier_id = file_dossier(ctx, officer, FileDossier("mini_review", "18101", "first_time", {})).id
    [check] = _open(ctx, dossier_id, "check")
    claim_task(ctx, officer, check.id)
    complete_task(ctx, officer, check.id, {"complete": True})
    sheets = {t.candidate: t.id for t in _open(ctx, dossier_id, "score")}
    members = {name: load_actor(ctx, name) for name in COUNCIL}
    for name, task_id in sheets.items():
        claim_task(ctx, members[name], task_id)

    reads = []
    real_read = completion._read

    def read_then_let_another_member_finish(*args: Any) -> Any:
        read = real_read(*args)
        reads.append(args[2])
        if len(reads) == 1:  # while council1's step runs, council2 completes their sheet and commits
            complete_task(ctx, members["council2.hatinh"], sheets["council2.hatinh"], {"points": 70})
        return read

    monkeypatch.setattr(completion, "_read", read_then_let_another_member_finish)
    done = complete_task(ctx, members["council1.hatinh"], sheets["council1.hatinh"], {"points": 90})
    monkeypatch.undo()

    assert done.status == "completed"
    assert reads == [sheets["council1.hatinh"], sheets["council2.hatinh"], sheets["council1.hatinh"]]  # redone
    assert [t.candidate for t in _open(ctx, dossier_id, "score")] == ["council3.hatinh"]
    complete_task(ctx, members["council3.hatinh"], sheets["council3.hatinh"], {"points": 80})
    with ctx.uow() as uow:
        dossier = uow.session.get(Dossier, dossier_id)
        assert dossier is not None and dossier.status == "completed" and dossier.score == 80.0  # 90, 70, 80
        completes = uow.session.scalars(select(AuditEntry.task_id).where(
            AuditEntry.dossier_id == dossier_id, AuditEntry.action == "complete")).all()
    assert sorted(completes) == sorted([check.id, *sheets.values()])  # each sheet recorded once
    assert verify_audit(ctx, dossier_id).intact
