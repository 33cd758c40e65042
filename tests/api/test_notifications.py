"""GET /api/v1/notifications and POST /api/v1/notifications/<id>/read."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from flask import Flask

from tests.conftest import Api
from tests.timer_helpers import deploy_fixture, file_on
from workflow_service.domain.clock import FixedClock
from workflow_service.services.deadlines.escalation import sweep_deadlines

VN = ZoneInfo("Asia/Ho_Chi_Minh")
SUPERVISOR = "supervisor.hatinh"


@pytest.fixture
def escalated(mini_app: Flask, mini_api: Api, clock: FixedClock) -> Api:
    """One task became due soon, then overdue: two notifications each for the officer and the supervisor."""
    ctx = mini_app.extensions["ocopflow"]
    deploy_fixture(ctx, "deadline_review.bpmn")
    file_on(ctx, "deadline_review")
    clock.set(datetime(2026, 11, 26, 8, 0, tzinfo=VN))
    sweep_deadlines(ctx)
    clock.set(datetime(2026, 12, 2, 8, 0, tzinfo=VN))
    sweep_deadlines(ctx)
    return mini_api


def test_my_notifications_newest_first_and_paged(escalated: Api) -> None:
    page = escalated.get(SUPERVISOR, "/notifications", query_string={"limit": 1})
    assert page.status_code == 200
    assert (page.json["total"], page.json["unread"]) == (2, 2)
    [newest] = page.json["items"]
    assert newest["kind"] == "task_overdue" and newest["created_at"] == "2026-12-02T08:00:00+07:00"
    assert newest["read_at"] is None and "Quá hạn" in newest["message"]
    second = escalated.get(SUPERVISOR, "/notifications", query_string={"limit": 1, "offset": 1}).json
    assert [n["kind"] for n in second["items"]] == ["task_due_soon"]
    assert escalated.get("council1.hatinh", "/notifications").json == {"items": [], "total": 0, "unread": 0}


def test_reading_a_notification_removes_it_from_the_unread_list(escalated: Api, clock: FixedClock) -> None:
    newest = escalated.get(SUPERVISOR, "/notifications").json["items"][0]
    read = escalated.post(SUPERVISOR, f"/notifications/{newest['id']}/read")
    assert read.status_code == 200 and read.json["read_at"] == clock.now().isoformat()
    again = escalated.post(SUPERVISOR, f"/notifications/{newest['id']}/read")
    assert again.json["read_at"] == read.json["read_at"]  # reading twice keeps the first time
    unread = escalated.get(SUPERVISOR, "/notifications", query_string={"unread": "true"}).json
    assert [n["kind"] for n in unread["items"]] == ["task_due_soon"] and unread["unread"] == 1


def test_another_users_notification_is_not_found(escalated: Api) -> None:
    theirs = escalated.get(SUPERVISOR, "/notifications").json["items"][0]["id"]
    response = escalated.post("officer.huongkhe", f"/notifications/{theirs}/read")
    assert response.status_code == 404
    assert escalated.get(SUPERVISOR, "/notifications").json["unread"] == 2
    assert escalated.post(SUPERVISOR, "/notifications/999999/read").status_code == 404


def test_bad_paging_is_refused_and_a_token_is_required(escalated: Api) -> None:
    assert escalated.get(SUPERVISOR, "/notifications", query_string={"limit": 0}).status_code == 422
    assert escalated.client.get("/api/v1/notifications").status_code == 401
