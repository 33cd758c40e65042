"""Shared by the timer and escalation tests: deploy the timer fixtures and file dossiers on them."""

from __future__ import annotations

from sqlalchemy import select

from tests.conftest import FIXTURES
from workflow_service.domain.access import Actor
from workflow_service.domain.roles import RoleGrant
from workflow_service.persistence.deadline_models import TimerRow
from workflow_service.persistence.models import TaskRow
from workflow_service.services.context import ServiceContext
from workflow_service.services.definitions.deploy import deploy_bundle
from workflow_service.services.dossiers.filing import FileDossier, file_dossier

TIMER_BPMN = FIXTURES / "bpmn" / "timers"
DESIGNER = Actor("designer", (RoleGrant("designer", "VN"),))
OFFICER = Actor("officer.huongkhe", (RoleGrant("commune_officer", "18101"),))


def deploy_fixture(ctx: ServiceContext, name: str) -> None:
    deploy_bundle(ctx, DESIGNER, {name: (TIMER_BPMN / name).read_bytes()})


def file_on(ctx: ServiceContext, process_key: str, actor: Actor = OFFICER) -> int:
    return file_dossier(ctx, actor, FileDossier(process_key, "18101", "first_time", {})).id


def timers_of(ctx: ServiceContext, dossier_id: int) -> dict[str, str]:
    with ctx.uow() as uow:
        return {r.element_id: r.status for r in uow.session.scalars(
            select(TimerRow).where(TimerRow.dossier_id == dossier_id).order_by(TimerRow.due_at))}


def open_tasks(ctx: ServiceContext, dossier_id: int) -> list[str]:
    with ctx.uow() as uow:
        return sorted(uow.session.scalars(select(TaskRow.element_id).where(
            TaskRow.dossier_id == dossier_id, TaskRow.status == "open")))
