"""Dossiers in flight for the migration tests: filed and stepped through the real services and API."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask

from tests.conftest import ROOT, Api
from tests.engine.evaluation_steps import COMMUNE_OK, FILING
from workflow_service.domain.clock import FixedClock
from workflow_service.services.context import ServiceContext

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PLANS = ROOT / "bpmn" / "migrations"
R2_TO_R3 = (PLANS / "r2_to_r3_2025.yaml").read_text(encoding="utf-8")
R3_TO_R4 = (PLANS / "r3_to_r4_2026.yaml").read_text(encoding="utf-8")


def at(clock: FixedClock, year: int, month: int, day: int, hour: int = 9, api: Api | None = None) -> None:
    """Move the service clock; tokens signed before a jump of days have expired, so sign in again."""
    clock.set(datetime(year, month, day, hour, 0, tzinfo=VN))
    if api is not None:
        api.forget_tokens()


def ctx_of(app: Flask) -> ServiceContext:
    context: ServiceContext = app.extensions["ocopflow"]
    return context


def file_r2_at_district(api: Api, product: str = "Bưởi Phúc Trạch") -> dict[str, Any]:
    """Filed by the producer today (R2 in force) at Hương Khê; the commune reviews it; it waits at the district."""
    filing = {**FILING, "product": {**FILING["product"], "name": product}}
    filed = api.post("producer.huongkhe", "/dossiers", {"commune": "18101", "kind": "first_time", "data": filing})
    assert filed.status_code == 201, filed.json
    assert filed.json["regulation"] == "R2", filed.json
    dossier = filed.json
    [review] = [t for t in api.inbox("officer.huongkhe", scope="claimable") if t["dossier_id"] == dossier["id"]]
    assert api.do("officer.huongkhe", review["id"], COMMUNE_OK[1]).status_code == 200
    return dossier


def open_tasks(api: Api, dossier_id: int, user: str = "admin") -> list[dict[str, Any]]:
    got = api.get(user, f"/dossiers/{dossier_id}")
    assert got.status_code == 200, got.json
    return [t for t in got.json["tasks"] if t["status"] == "open"]


def plan_file(tmp_path: Path, text: str, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
