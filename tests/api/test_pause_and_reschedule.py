"""A supplement request pauses the step's clock; a late step may be rescheduled once, with a reason."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask
from sqlalchemy import select

from tests.api.test_plan_deadlines import deploy_with_deadline
from tests.conftest import ROOT, Api
from tests.engine.test_ocop_evaluation import FILING
from workflow_service.domain.clock import FixedClock
from workflow_service.persistence.models import AuditEntry

VN = ZoneInfo("Asia/Ho_Chi_Minh")
OFFICER = "officer.huongkhe"


def _at(api: Api, clock: FixedClock, *when: int) -> None:
    clock.set(datetime(*when, tzinfo=VN))  # type: ignore[misc]
    api.forget_tokens()


def _tasks(api: Api, dossier_id: int) -> list[dict[str, Any]]:
    tasks: list[dict[str, Any]] = api.get(OFFICER, f"/dossiers/{dossier_id}").json["tasks"]
    return tasks


def _supplement_round_trip(api: Api, clock: FixedClock) -> tuple[dict[str, Any], dict[str, Any]]:
    """Filed Mon 1 March 2027, returned for a supplement on Fri 5 March, back on Fri 19 March."""
    _at(api, clock, 2027, 3, 1, 9, 0)
    dossier_id = api.file("producer.huongkhe", "18101", FILING).json["id"]
    [first] = _tasks(api, dossier_id)
    assert first["due_at"] == "2027-03-22T17:00:00+07:00"  # 15 working days from Mon 1 March
    _at(api, clock, 2027, 3, 5, 10, 0)  # 4 working days used, 11 left
    done = api.do(OFFICER, first["id"], {"complete": False, "missing_items": "Thiếu phiếu kiểm nghiệm"})
    assert done.status_code == 200, done.json
    _at(api, clock, 2027, 3, 19, 15, 0)
    supplement = next(t for t in _tasks(api, dossier_id) if t["element_id"] == "applicant_supplement")
    assert supplement["due_at"] is None
    assert api.do("producer.huongkhe", supplement["id"], {"supplement_note": "Đã bổ sung"}).status_code == 200
    tasks = _tasks(api, dossier_id)
    resumed = next(t for t in tasks if t["status"] == "open")
    assert resumed["element_id"] == "commune_review"
    return next(t for t in tasks if t["id"] == first["id"]), resumed


def test_the_commune_clock_pauses_while_the_producer_supplements(api: Api, clock: FixedClock) -> None:
    paused, resumed = _supplement_round_trip(api, clock)
    assert paused["paused_at"] == "2027-03-05T10:00:00+07:00"
    assert paused["deadline_status"] == "on_time"
    assert resumed["due_at"] == "2027-04-05T17:00:00+07:00"  # 11 working days from 19 March, not 15


def test_a_restart_step_gets_a_fresh_clock(api: Api, clock: FixedClock) -> None:
    bpmn = (ROOT / "bpmn" / "ocop_evaluation.bpmn").read_text().replace(
        '<spiffworkflow:property name="deadlinePause" value="pause" />',
        '<spiffworkflow:property name="deadlinePause" value="restart" />')
    files = {"ocop_evaluation.bpmn": bpmn.encode(),
             **{p.name: p.read_bytes() for p in (ROOT / "bpmn").glob("*.dmn")}}
    data = {"files": [(io.BytesIO(content), name) for name, content in files.items()]}
    deployed = api.client.post("/api/v1/process-definitions", data=data, content_type="multipart/form-data",
                               headers=api.headers("designer"))
    assert deployed.status_code == 201, deployed.json
    paused, resumed = _supplement_round_trip(api, clock)
    assert paused["paused_at"] is None
    assert resumed["due_at"] == "2027-04-09T17:00:00+07:00"  # a new 15 working days from 19 March


def test_a_bad_pause_property_is_refused_at_deploy(mini_api: Api) -> None:
    for xml, message in (('<spiffworkflow:property name="deadlinePause" value="stop" />', "deadlinePause 'stop'"),
                         ('<spiffworkflow:property name="supplementFor" value="nowhere" />', "'nowhere'")):
        files = {"mini_bad.bpmn": (ROOT / "tests" / "fixtures" / "bpmn" / "mini.bpmn").read_text().replace(
            'value="mini_check.json" />', 'value="mini_check.json" />' + xml).encode(),
            **{n: (ROOT / "tests" / "fixtures" / "bpmn" / n).read_bytes() for n in ("mini_check.json", "mini_score.json")}}
        data = {"files": [(io.BytesIO(content), name) for name, content in files.items()]}
        refused = mini_api.client.post("/api/v1/process-definitions", data=data, content_type="multipart/form-data",
                                       headers=mini_api.headers("designer"))
        assert refused.status_code == 422 and message in str(refused.json), refused.json


def test_reschedule_once_before_the_due_day_with_a_reason(mini_api: Api, mini_app: Flask, clock: FixedClock) -> None:
    deploy_with_deadline(mini_api, '<spiffworkflow:property name="deadline" value="5 working days" />',
                         "mini_timed")
    _at(mini_api, clock, 2027, 3, 1, 9, 0)
    dossier_id = mini_api.file(OFFICER, "18101", process_key="mini_timed").json["id"]
    [task] = _tasks(mini_api, dossier_id)
    assert task["due_at"] == "2027-03-08T17:00:00+07:00"
    path = f"/tasks/{task['id']}/reschedule"

    assert mini_api.post("officer.huongpho", path, {"due_on": "2027-03-15", "reason": "x"}).status_code == 404
    assert mini_api.post(OFFICER, path, {"due_on": "2027-03-15", "reason": "x"}).status_code == 403  # not claimed
    assert mini_api.post(OFFICER, f"/tasks/{task['id']}/claim").status_code == 200
    for payload in ({"due_on": "2027-03-15"}, {"due_on": "2027-03-15", "reason": "   "},
                    {"due_on": "2027-03-05", "reason": "Xin lỗi"}, {"due_on": "2027-03-13", "reason": "Xin lỗi"},
                    {"due_on": "15/03/2027", "reason": "Xin lỗi"}):
        refused = mini_api.post(OFFICER, path, payload)
        assert refused.status_code == 422, (payload, refused.json)

    done = mini_api.post(OFFICER, path, {"due_on": "2027-03-15", "reason": "Chờ kết quả kiểm nghiệm"})
    assert done.status_code == 200, done.json
    assert (done.json["due_at"], done.json["original_due_at"]) == ("2027-03-15T17:00:00+07:00",
                                                                   "2027-03-08T17:00:00+07:00")
    assert done.json["reschedule_reason"] == "Chờ kết quả kiểm nghiệm"
    second = mini_api.post("supervisor.hatinh", path, {"due_on": "2027-03-16", "reason": "Lần hai"})
    assert second.status_code == 409 and "only once" in second.json["detail"]
    with mini_app.extensions["ocopflow"].uow() as uow:
        entry = uow.session.scalars(select(AuditEntry).where(AuditEntry.action == "reschedule")).one()
    assert (entry.actor, entry.data["reason"]) == (OFFICER, "Chờ kết quả kiểm nghiệm")


def test_a_supervisor_may_reschedule_but_not_on_the_due_day(mini_api: Api, clock: FixedClock) -> None:
    deploy_with_deadline(mini_api, '<spiffworkflow:property name="deadline" value="5 working days" />',
                         "mini_timed")
    _at(mini_api, clock, 2027, 3, 1, 9, 0)
    first = _tasks(mini_api, mini_api.file(OFFICER, "18101", process_key="mini_timed").json["id"])[0]
    second = _tasks(mini_api, mini_api.file(OFFICER, "18101", process_key="mini_timed").json["id"])[0]
    ok = mini_api.post("supervisor.hatinh", f"/tasks/{first['id']}/reschedule",
                       {"due_on": "2027-03-10", "reason": "Điều chỉnh theo chỉ đạo"})
    assert ok.status_code == 200, ok.json
    _at(mini_api, clock, 2027, 3, 8, 8, 0)  # the due day itself
    late = mini_api.post("supervisor.hatinh", f"/tasks/{second['id']}/reschedule",
                         {"due_on": "2027-03-10", "reason": "Quá muộn"})
    assert late.status_code == 409 and "before the due day" in late.json["detail"]
