"""Bring a dossier to a given step through the services, as the people of the chain would."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tests.engine.test_ocop_evaluation import FILING
from workflow_service.persistence.models import TaskRow
from workflow_service.services.accounts.users import load_actor
from workflow_service.services.context import ServiceContext
from workflow_service.services.dossiers.filing import FileDossier, file_dossier
from workflow_service.services.tasks.actions import claim_task, complete_task

BEFORE_SCORING: list[tuple[str, str, dict[str, Any]]] = [
    ("officer.huongkhe", "commune_review", {
        "complete": True, "local_raw_materials": True, "local_labour": True, "idea_origin": True,
        "local_identity": True, "mau03_report_number": "12/BC-UBND", "proposal_letter_number": "13/TTr-UBND",
        "samples_sent": True}),
    ("office.hatinh", "office_check", {"complete": True}),
    ("advisory.hatinh", "advisory_review", {"supplement_needed": False, "site_survey_done": True,
                                            "lab_tests_required": False, "report": "Đủ điều kiện trình Hội đồng."}),
]


def file(ctx: ServiceContext, data: dict[str, Any] | None = None, user: str = "producer.huongkhe") -> int:
    return file_dossier(ctx, load_actor(ctx, user),
                        FileDossier("ocop_evaluation", "18101", "first_time", data or FILING)).id


def open_task(ctx: ServiceContext, dossier_id: int, element: str, candidate: str | None = None) -> TaskRow:
    with ctx.uow() as uow:
        query = select(TaskRow).where(TaskRow.dossier_id == dossier_id, TaskRow.element_id == element,
                                      TaskRow.status == "open")
        if candidate:
            query = query.where(TaskRow.candidate == candidate)
        return uow.session.scalars(query).one()


def do(ctx: ServiceContext, dossier_id: int, user: str, element: str, data: dict[str, Any]) -> None:
    actor = load_actor(ctx, user)
    task = open_task(ctx, dossier_id, element, user if element == "council_scoring" else None)
    claim_task(ctx, actor, task.id)
    complete_task(ctx, actor, task.id, data)


def to_council_scoring(ctx: ServiceContext, data: dict[str, Any] | None = None) -> int:
    dossier_id = file(ctx, data)
    for user, element, form in BEFORE_SCORING:
        do(ctx, dossier_id, user, element, form)
    return dossier_id
