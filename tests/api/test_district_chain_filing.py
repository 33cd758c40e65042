"""Filing under a district-level chain (R2, QĐ 148/2023) on a unit tree that still has a district:
the district lanes resolve to the district above the commune and its council scores one task per member."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask

from tests.conftest import ROOT, Api
from tests.engine.evaluation_steps import COMMUNE_OK, FILING
from workflow_service.domain.clock import FixedClock
from workflow_service.services.accounts.users import add_user
from workflow_service.services.units.importing import import_units

DEMO_UNITS = (ROOT / "workflow_service" / "demo_data" / "units.csv").read_text(encoding="utf-8").rstrip("\n")
UNITS = DEMO_UNITS + """
436,Huyện Hương Khê (thử nghiệm),district,42,2019-01-01,2025-06-30
18199,Xã Phúc Trạch (thử nghiệm),commune,436,2019-01-01,2025-06-30
"""
PASSWORD = "ocop-demo-2026"
MEMBERS = ["dcouncil1", "dcouncil2", "dcouncil3"]


def _district(app: Flask, clock: FixedClock) -> None:
    clock.set(datetime(2024, 3, 4, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    ctx = app.extensions["ocopflow"]
    import_units(ctx, UNITS)
    add_user(ctx, "producer.phuctrach", PASSWORD, ["applicant@18199"])
    add_user(ctx, "officer.phuctrach", PASSWORD, ["commune_officer@18199"])
    add_user(ctx, "officer.huongkhe-district", PASSWORD, ["district_officer@436"])
    for member in MEMBERS:
        add_user(ctx, member, PASSWORD, ["district_council@436"])


def test_the_district_council_scores_one_task_per_member(app: Flask, api: Api, clock: FixedClock) -> None:
    _district(app, clock)
    filed = api.file("producer.phuctrach", "18199", FILING, process_key="ocop_qd148_2023")
    assert filed.status_code == 201, filed.json
    dossier_id = filed.json["id"]
    [commune] = api.inbox("officer.phuctrach", scope="claimable")
    assert api.do("officer.phuctrach", commune["id"], COMMUNE_OK[1]).status_code == 200
    [check] = api.inbox("officer.huongkhe-district", scope="claimable")
    assert (check["element_id"], check["due_at"]) == ("district_check", "2024-03-25T17:00:00+07:00")
    assert api.do("officer.huongkhe-district", check["id"], {"complete": True}).status_code == 200
    for member in MEMBERS:
        [task] = api.inbox(member, scope="claimable")
        assert task["element_id"] == "district_scoring"
    dossier = api.get("officer.phuctrach", f"/dossiers/{dossier_id}").json
    assert "district_council_members" not in dossier["data"] and "council_members" not in dossier["data"]


def test_a_district_without_council_members_is_refused(app: Flask, api: Api, clock: FixedClock) -> None:
    _district(app, clock)
    ctx = app.extensions["ocopflow"]
    add_user(ctx, "producer.other", PASSWORD, ["applicant@18199"])
    import_units(ctx, UNITS.replace("\n436,", "\n437,").replace(",436,", ",437,"))
    refused = api.file("producer.other", "18199", FILING, process_key="ocop_qd148_2023")
    assert refused.status_code == 422
    assert "district 437 has no council members" in refused.json["detail"]
