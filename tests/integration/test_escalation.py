"""A task left alone becomes due soon, then overdue; its holder and supervisors hear of each change once."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import datetime, timedelta
from email import message_from_bytes
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from tests.timer_helpers import OFFICER, deploy_fixture, file_on
from workflow_service.config import EscalationSettings, MailSettings
from workflow_service.domain.clock import FixedClock
from workflow_service.persistence.deadline_models import Notification
from workflow_service.persistence.models import TaskRow
from workflow_service.services.accounts.users import add_user
from workflow_service.services.context import ServiceContext
from workflow_service.services.deadlines.escalation import sweep_deadlines
from workflow_service.services.tasks.actions import claim_task

VN = ZoneInfo("Asia/Ho_Chi_Minh")
SUPERVISOR = "supervisor.hatinh"


@pytest.fixture
def ctx(service_ctx: ServiceContext) -> ServiceContext:
    deploy_fixture(service_ctx, "deadline_review.bpmn")
    return service_ctx


def _notifications(ctx: ServiceContext) -> list[tuple[str, str]]:
    with ctx.uow() as uow:
        return sorted((n.recipient, n.kind) for n in uow.session.scalars(select(Notification)))


def _sweep_often(ctx: ServiceContext, settings: EscalationSettings | None = None) -> None:
    for _ in range(3):
        sweep_deadlines(ctx, settings)


def test_a_task_left_alone_notifies_its_holder_and_supervisor_once_per_change(
        ctx: ServiceContext, clock: FixedClock) -> None:
    # Filed Mon 23/11/2026; Tue 24/11 is Vietnam Culture Day, so 5 working days end on Tue 1/12.
    dossier = file_on(ctx, "deadline_review")
    with ctx.uow() as uow:
        task = uow.session.scalars(select(TaskRow).where(TaskRow.dossier_id == dossier)).one()
    assert task.due_at == datetime(2026, 12, 1, 17, 0, tzinfo=VN)

    clock.set(datetime(2026, 11, 25, 16, 0, tzinfo=VN))  # four working days left
    _sweep_often(ctx)
    assert _notifications(ctx) == []

    clock.set(datetime(2026, 11, 26, 8, 0, tzinfo=VN))  # three left: due soon
    _sweep_often(ctx)
    # Unclaimed: every commune officer of 18101; no supervisor at the commune, Hà Tĩnh's one level up.
    assert _notifications(ctx) == [("officer.huongkhe", "task_due_soon"), (SUPERVISOR, "task_due_soon")]

    clock.set(datetime(2026, 12, 1, 17, 0, 1, tzinfo=VN))  # one second late
    _sweep_often(ctx)
    assert _notifications(ctx) == [("officer.huongkhe", "task_due_soon"), ("officer.huongkhe", "task_overdue"),
                                   (SUPERVISOR, "task_due_soon"), (SUPERVISOR, "task_overdue")]
    with ctx.uow() as uow:
        assert uow.session.get(TaskRow, task.id).escalation == "overdue"
        message = uow.session.scalars(select(Notification.message).where(
            Notification.recipient == SUPERVISOR, Notification.kind == "task_overdue")).one()
    assert "Check dossier" in message and "17:00 01/12/2026" in message


def test_a_claimed_task_notifies_its_claimant_not_the_whole_office(ctx: ServiceContext, clock: FixedClock) -> None:
    add_user(ctx, "officer2.huongkhe", "password-123", ["commune_officer@18101"])
    dossier = file_on(ctx, "deadline_review")
    with ctx.uow() as uow:
        task_id = uow.session.scalars(select(TaskRow.id).where(TaskRow.dossier_id == dossier)).one()
    claim_task(ctx, OFFICER, task_id)
    clock.set(datetime(2026, 12, 2, 9, 0, tzinfo=VN))  # straight to overdue: one notice, not two
    sweep_deadlines(ctx)
    assert _notifications(ctx) == [("officer.huongkhe", "task_overdue"), (SUPERVISOR, "task_overdue")]


def test_the_due_soon_threshold_is_configurable(ctx: ServiceContext, clock: FixedClock) -> None:
    file_on(ctx, "deadline_review")
    clock.set(datetime(2026, 11, 25, 16, 0, tzinfo=VN))  # four working days left
    sweep_deadlines(ctx)
    assert _notifications(ctx) == []
    sweep_deadlines(ctx, EscalationSettings(due_soon_days=4))
    assert len(_notifications(ctx)) == 2


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_port() -> int:
    return _free_port()


@pytest.fixture
def smtp(smtp_port: int) -> Iterator[_Inbox]:
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


def test_notifications_are_emailed_once_when_smtp_is_configured(
        ctx: ServiceContext, clock: FixedClock, smtp: _Inbox, smtp_port: int) -> None:
    add_user(ctx, SUPERVISOR, "password-123", ["supervisor@42"], email="giam.sat@hatinh.gov.vn")
    settings = EscalationSettings(mail=MailSettings(host="127.0.0.1", port=smtp_port, sender="ocop@hatinh.gov.vn"))
    file_on(ctx, "deadline_review")
    clock.set(datetime(2026, 11, 26, 8, 0, tzinfo=VN))
    _sweep_often(ctx, settings)
    assert [m["To"] for m in smtp.messages] == ["giam.sat@hatinh.gov.vn"]  # the officer has no address
    assert smtp.messages[0]["From"] == "ocop@hatinh.gov.vn"
    assert "Sắp đến hạn" in smtp.messages[0].get_payload(decode=True).decode()
    with ctx.uow() as uow:
        assert uow.session.scalars(select(Notification.emailed_at).where(
            Notification.recipient == SUPERVISOR)).one() == clock.now()


def test_a_failed_email_is_retried_on_the_next_sweep(ctx: ServiceContext, clock: FixedClock,
                                                      smtp_port: int) -> None:
    add_user(ctx, SUPERVISOR, "password-123", ["supervisor@42"], email="giam.sat@hatinh.gov.vn")
    settings = EscalationSettings(mail=MailSettings(host="127.0.0.1", port=smtp_port))
    file_on(ctx, "deadline_review")
    clock.set(datetime(2026, 11, 26, 8, 0, tzinfo=VN))
    assert sweep_deadlines(ctx, settings).emailed == 0  # nothing listens on the port yet
    assert len(_notifications(ctx)) == 2  # the in-app notifications are kept
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        clock.advance(timedelta(minutes=1))
        assert sweep_deadlines(ctx, settings).emailed == 1
        assert sweep_deadlines(ctx, settings).emailed == 0
    finally:
        controller.stop()
    assert [m["To"] for m in inbox.messages] == ["giam.sat@hatinh.gov.vn"]
