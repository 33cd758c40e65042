"""The same story over the API, as a designer's client sees it: dry run as JSON and CSV (with what cannot
migrate and why), a run followed by its status, a dossier reverted."""

from __future__ import annotations

import csv
import io

from flask import Flask

from tests.conftest import Api
from tests.engine.test_qd148_2023 import DISTRICT_COUNCIL, DISTRICT_OK
from workflow_service.domain.clock import FixedClock

from .helpers import R2_TO_R3, at, file_r2_at_district, open_tasks


def test_dry_run_run_status_and_revert_over_the_api(app: Flask, api: Api, clock: FixedClock) -> None:
    at(clock, 2025, 6, 20)
    waiting = file_r2_at_district(api, "Kẹo cu đơ")
    scoring = file_r2_at_district(api, "Mật ong rừng")
    [check] = open_tasks(api, scoring["id"])
    assert api.do("officer.huongkhe.district", check["id"], DISTRICT_OK[1]).status_code == 200
    sheets = open_tasks(api, scoring["id"])
    first = next(t for t in sheets if t["candidate"] == DISTRICT_COUNCIL[0])
    sheet = {"part_a": 30, "part_b": 20, "part_c": 25, "minimum_star": 5, "comments": "Tốt."}
    assert api.do(DISTRICT_COUNCIL[0], first["id"], sheet).status_code == 200
    at(clock, 2025, 7, 6, api=api)
    listed = R2_TO_R3.replace("select: all", f"select: {{dossiers: [{waiting['id']}, {scoring['id']}, "
                                             f"'{waiting['registration_number']}', 'NO-SUCH-NUMBER']}}")

    preview = api.post("designer", "/migrations/dry-run", {"plan": listed})
    assert preview.status_code == 200, preview.json
    assert preview.json["counts"] == {"affected": 3, "migratable": 1, "cannot": 2}
    rows = {d["registration_number"]: d for d in preview.json["dossiers"]}
    assert rows[waiting["registration_number"]]["lands_at"][0]["offered_to"] == "province_office@42"
    half = rows[scoring["registration_number"]]
    assert half["waiting_at"] == ["district_scoring"] and "half done (1 of 3 completed)" in half["reason"]
    assert rows["NO-SUCH-NUMBER"]["reason"] == "no such dossier"

    exported = api.post("designer", "/migrations/dry-run?format=csv", {"plan": listed})
    assert exported.mimetype == "text/csv"
    table = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))
    assert [r["migratable"] for r in table] == ["yes", "no", "no"]
    assert table[0]["lands_at"] == "office_check" and table[0]["offered_to"] == "province_office@42"

    started = api.post("designer", "/migrations/runs", {"plan": listed})
    assert started.status_code == 202, started.json
    run = api.get("designer", f"/migrations/runs/{started.json['id']}").json
    assert run["status"] == "finished"
    assert {i["registration_number"]: i["status"] for i in run["items"]} == {
        waiting["registration_number"]: "migrated", scoring["registration_number"]: "refused"}
    assert [r["id"] for r in api.get("admin", "/migrations/runs").json] == [run["id"]]

    reverted = api.post("designer", f"/migrations/runs/{run['id']}/dossiers/{waiting['id']}/revert")
    assert reverted.status_code == 200, reverted.json
    again = api.post("designer", f"/migrations/runs/{run['id']}/dossiers/{waiting['id']}/revert")
    assert again.status_code == 409
    [task] = open_tasks(api, waiting["id"])
    assert task["element_id"] == "district_check"
