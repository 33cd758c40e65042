"""An admin corrects the working calendar; open tasks get their new due dates at once."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask
from sqlalchemy import select

from tests.conftest import Api
from tests.engine.test_ocop_evaluation import FILING
from workflow_service.domain.clock import FixedClock
from workflow_service.persistence.deadline_models import CalendarCorrection
from workflow_service.persistence.models import AuditEntry
from workflow_service.services.context import ServiceContext
from workflow_service.services.deadlines.calendar import working_calendar

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _commune_review(api: Api) -> str:
    filed = api.file("producer.huongkhe", "18101", FILING)
    assert filed.status_code == 201, filed.json
    [task] = filed.json["open_tasks"]
    assert task["element_id"] == "commune_review" and task["deadline_rule"] == "15 working days"
    return str(task["id"])


def _due(api: Api, task_id: str) -> str:
    return str(api.get("officer.huongkhe", f"/tasks/{task_id}").json["due_at"])


def test_corrections_move_open_deadlines_across_tet_2027(api: Api, app: Flask, clock: FixedClock) -> None:
    clock.set(datetime(2027, 2, 3, 9, 0, tzinfo=VN))
    task_id = _commune_review(api)
    # Tết 2027 closes 4–10 Feb: the 15th working day after 3 Feb is Wed 3 March.
    assert _due(api, task_id) == "2027-03-03T17:00:00+07:00"

    extra_off = api.client.put("/api/v1/calendar/corrections/2027-02-12", headers=api.headers("admin"),
                               json={"kind": "off", "reason": "Nghỉ thêm theo QĐ 1/QĐ-UBND"})
    assert extra_off.status_code == 200, extra_off.json
    assert extra_off.json["tasks_rescheduled"] == 1
    assert _due(api, task_id) == "2027-03-04T17:00:00+07:00"

    make_up = api.client.put("/api/v1/calendar/corrections/2027-02-20", headers=api.headers("admin"),
                             json={"kind": "working", "reason": "Làm bù cho ngày 12/02/2027"})
    assert make_up.status_code == 200
    assert _due(api, task_id) == "2027-03-03T17:00:00+07:00"

    year = api.get("admin", "/calendar", query_string={"year": 2027}).json
    off = {d["date"]: d for d in year["days_off"]}
    assert off["2027-02-12"] == {"date": "2027-02-12", "reason": "Nghỉ thêm theo QĐ 1/QĐ-UBND",
                                 "source": "correction"}
    assert off["2027-02-05"]["source"] == "national" and off["2027-02-05"]["reason"]
    assert "2027-02-13" not in off  # an ordinary Saturday is not listed
    assert {"date": "2027-02-20", "reason": "Làm bù cho ngày 12/02/2027", "source": "correction"} \
        in year["working_weekend_days"]

    listed = api.get("admin", "/calendar/corrections", query_string={"year": 2027}).json
    assert [(c["date"], c["kind"]) for c in listed] == [("2027-02-12", "off"), ("2027-02-20", "working")]

    removed = api.client.delete("/api/v1/calendar/corrections/2027-02-12", headers=api.headers("admin"))
    assert removed.status_code == 200 and removed.json["tasks_rescheduled"] == 1
    assert _due(api, task_id) == "2027-03-02T17:00:00+07:00"  # the Saturday worked still counts
    assert api.get("admin", "/calendar/corrections/2027-02-12").status_code == 404

    with app.extensions["ocopflow"].uow() as uow:
        actions = uow.session.scalars(select(AuditEntry.action).where(
            AuditEntry.action.like("calendar%")).order_by(AuditEntry.id)).all()
    assert actions == ["calendar_correct", "calendar_correct", "calendar_uncorrect"]


def test_bad_corrections_are_refused_and_change_nothing(api: Api) -> None:
    admin = api.headers("admin")
    for day, payload, status in [
        ("2027-02-30", {"kind": "off", "reason": "x"}, 422),
        ("2027-13-01", {"kind": "off", "reason": "x"}, 422),
        ("tomorrow", {"kind": "off", "reason": "x"}, 422),
        ("2027-02-12", {"kind": "holiday", "reason": "x"}, 422),
        ("2027-02-12", {"kind": "off", "reason": ""}, 422),
    ]:
        response = api.client.put(f"/api/v1/calendar/corrections/{day}", headers=admin, json=payload)
        assert response.status_code == status, (day, payload, response.json)
        assert response.content_type == "application/problem+json"
    officer = api.client.put("/api/v1/calendar/corrections/2027-02-12", headers=api.headers("officer.huongkhe"),
                             json={"kind": "off", "reason": "x"})
    assert officer.status_code == 403
    assert api.get("admin", "/calendar/corrections").json == []
    assert api.get("admin", "/calendar", query_string={"year": "27"}).status_code == 422


def test_a_correction_written_by_another_process_is_seen_at_the_next_use(service_ctx: ServiceContext) -> None:
    with service_ctx.uow() as uow:
        assert working_calendar(uow.session).is_working_day(date(2027, 3, 12))
    with service_ctx.uow() as other_process:  # writes the table directly, as another worker would
        other_process.session.add(CalendarCorrection(day=date(2027, 3, 12), kind="off", reason="x",
                                                     created_by="admin", created_at=datetime(2027, 1, 1, tzinfo=VN)))
        other_process.commit()
    with service_ctx.uow() as uow:
        assert not working_calendar(uow.session).is_working_day(date(2027, 3, 12))


def test_the_cli_records_a_correction(tmp_path: object) -> None:
    from click.testing import CliRunner

    from workflow_service.cli import main

    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/cli.db", "OCOPFLOW_INSTANCE": str(tmp_path),
           "OCOPFLOW_ENV": "testing"}
    runner = CliRunner()
    done = runner.invoke(main, ["calendar", "correct", "2027-02-20", "working", "--reason", "Làm bù"], env=env)
    assert done.exit_code == 0, done.output
    assert "2027-02-20 is now a working day" in done.output
    bad = runner.invoke(main, ["calendar", "correct", "2027-02-30", "off", "--reason", "x"], env=env)
    assert bad.exit_code == 2 and "not a date" in bad.output
