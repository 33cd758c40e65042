"""The demo dossiers `ocopflow serve`/`demo` add on an empty database: one under R2, two under R4 filed
today, and open work in every deadline state with reviews done in past months (the dashboard's data)."""

from __future__ import annotations

from flask import Flask

from tests.conftest import Api
from workflow_service.services.demo.dossiers import load_demo_dossiers


def test_a_new_user_sees_an_r2_and_r4_dossiers_waiting_where_the_chains_put_them(app: Flask, api: Api) -> None:
    ids = load_demo_dossiers(app.extensions["ocopflow"])
    assert len(ids) == 13
    listed = [d for d in api.get("officer.huongkhe", "/dossiers").json["items"] if d["id"] in ids[:3]]
    assert sorted((d["regulation"], d["regulation_title"]) for d in listed) == [
        ("R2", "QĐ 148/QĐ-TTg 2023"), ("R4", "QĐ 26/2026/QĐ-TTg"), ("R4", "QĐ 26/2026/QĐ-TTg")]
    paper, waiting, at_office = (api.get("admin", f"/dossiers/{i}").json for i in ids[:3])
    assert (paper["filed_on"], paper["registration_number"]) == ("2024-03-01", "001/PĐK-42-18101-2024")
    # 18101 stood under Hương Khê district (444) on 1/3/2024: the district officer checks it, in 15 working days
    [check] = api.inbox("officer.huongkhe.district", dossier_id=ids[0])
    assert (check["element_id"], check["unit_code"], check["deadline_rule"]) == (
        "district_check", "444", "15 working days")
    assert [t["element_id"] for t in waiting["open_tasks"]] == ["commune_review"]
    assert [t["element_id"] for t in api.inbox("officer.huongkhe", dossier_id=ids[1])] == ["commune_review"]
    [office] = api.inbox("office.hatinh", dossier_id=ids[2])
    assert (office["element_id"], office["unit_code"]) == ("office_check", "42")
    assert [t["element_id"] for t in at_office["open_tasks"]] == ["office_check"]


def test_demo_dossiers_are_added_once(app: Flask, api: Api) -> None:
    ctx = app.extensions["ocopflow"]
    assert len(load_demo_dossiers(ctx)) == 13
    assert load_demo_dossiers(ctx) == []
    assert api.get("admin", "/dossiers").json["total"] == 13


def test_ocopflow_demo_loads_the_dossiers_once(tmp_path: object) -> None:
    from click.testing import CliRunner

    from workflow_service.cli import main

    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/demo.db", "OCOPFLOW_INSTANCE": str(tmp_path),
           "OCOPFLOW_ENV": "testing"}
    runner = CliRunner()
    first = runner.invoke(main, ["demo"], env=env)
    assert first.exit_code == 0, first.output
    assert "13 open dossiers" in first.output
    again = runner.invoke(main, ["demo"], env=env)
    assert again.exit_code == 0 and "0 open dossiers" in again.output, again.output


def test_the_demo_has_open_work_in_every_deadline_state_and_a_history(app: Flask, api: Api) -> None:
    load_demo_dossiers(app.extensions["ocopflow"])
    summary = api.get("supervisor.hatinh", "/monitoring/summary?unit=42").json
    assert summary["aging"] == {"1-5": 1, "6-10": 1, "11-20": 1, ">20": 1}
    assert sum(u["due_soon"] for u in summary["by_unit"]) >= 1
    assert sum(u["open"] - u["overdue"] - u["due_soon"] for u in summary["by_unit"]) >= 1  # on time
    assert sum(p["completed"] for p in summary["trend"]) >= 3
    assert {p["rate"] for p in summary["trend"] if p["completed"]} >= {0.0, 1.0}  # on time and late
    for low, high in ((1, 5), (6, 10), (11, 20)):  # each bucket's list holds exactly what it counts
        listed = api.get("supervisor.hatinh", f"/monitoring/tasks?unit=42&status=overdue&min_age={low}"
                                              f"&max_age={high}").json
        assert listed["total"] == 1 and low <= listed["items"][0]["days_overdue"] <= high
