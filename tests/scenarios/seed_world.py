"""Helpers for the seed scenarios: import a plan from plans/, add the users a plan's units need, file
under the regulation in force on the clock's day, and walk a dossier through its chain as the lane users."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask

from tests.conftest import ROOT, Api
from tests.engine.chain_runner import Step, step
from tests.engine.evaluation_steps import FILING
from workflow_service.domain.clock import FixedClock
from workflow_service.services.accounts.users import add_user
from workflow_service.services.demo.loader import DEMO_PASSWORD

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def at(clock: FixedClock, day: str, api: Api | None = None) -> None:
    """Set the service clock to 9:00 on `day`; sign in again afterwards (tokens expire with the clock)."""
    clock.set(datetime.fromisoformat(day).replace(hour=9, tzinfo=VN))
    if api is not None:
        api.forget_tokens()


def due(day: str) -> str:
    """A deadline as the API shows it: 17:00 Vietnam time on its last day."""
    return f"{day}T17:00:00+07:00"


def add_users(app: Flask, users: dict[str, list[str]]) -> None:
    ctx = app.extensions["ocopflow"]
    for username, grants in users.items():
        add_user(ctx, username, DEMO_PASSWORD, grants)


def import_plan(api: Api, user: str, name: str) -> dict[str, str]:
    """Import plans/<name> through the API; the last day of each step (a due day or a window's end)."""
    response = api.client.post("/api/v1/plans", data=(ROOT / "plans" / name).read_bytes(),
                               headers={**api.headers(user), "Content-Type": "application/yaml"})
    assert response.status_code == 201, response.json
    return {s["key"]: s["due"] if "due" in s else s["window"]["to"]
            for s in response.json["steps"] if "recurrence" not in s}


def file(api: Api, user: str, commune: str, **body: Any) -> Any:
    """File without a process key: the regulation registry picks the chain by the filing day."""
    return api.post(user, "/dossiers", {"commune": commune, "kind": "first_time", "data": FILING, **body})


def three(element_id: str, a: int, b: int, c: int, minimum_star: int = 5) -> Step:
    return (element_id, [{"part_a": a, "part_b": b, "part_c": c, "minimum_star": minimum_star,
                          "comments": "Sản phẩm đặc trưng địa phương."}] * 3)


class Walk:
    """One dossier walked through the API; every step as the user of its lane, its task kept as seen."""

    def __init__(self, api: Api, filed: Any):
        assert filed.status_code == 201, filed.json
        self.api, self.id, self.filed = api, filed.json["id"], filed.json
        self.seen: dict[str, dict[str, Any]] = {}

    def do(self, user: str, the_step: Step) -> dict[str, Any]:
        element_id, data = the_step
        [task] = [t for t in self.api.inbox(user, dossier_id=self.id) if t["element_id"] == element_id]
        done = self.api.do(user, task["id"], data)
        assert done.status_code == 200, done.json
        self.seen[element_id] = task
        return task

    def council(self, members: list[str], sheets: Step) -> None:
        element_id, data = sheets
        for member, sheet in zip(members, data, strict=True):
            self.do(member, (element_id, sheet))

    def open_steps(self) -> list[str]:
        return sorted(t["element_id"] for t in self.dossier()["open_tasks"])

    def dossier(self) -> dict[str, Any]:
        response = self.api.get("admin", f"/dossiers/{self.id}")
        assert response.status_code == 200, response.json
        body: dict[str, Any] = response.json
        return body

    def due(self, element_id: str) -> tuple[str | None, str | None, str]:
        """(deadline rule, due_at, unit) of the step as its user saw it."""
        task = self.seen[element_id]
        return task["deadline_rule"], task["due_at"], task["unit_code"]


# Steps as the lane users submit them (forms/ of bpmn/qd1048_2019 and qd148_2023).
def r1_certifies(day: str) -> Step:
    return step("commune_review", complete=True, local_raw_material_ratio=85, local_labour_ratio=92.5,
                certification_number="15/XN-UBND", certification_date=day, notes="")


def r2_commune_ok(day: str) -> Step:
    return step("commune_review", complete=True, local_raw_materials=True, local_labour=True, idea_origin=True,
                local_identity=False, mau03_report_number="12/BC-UBND", proposal_letter_number="13/UBND-NN",
                proposal_letter_date=day, samples_sent=True, notes="")


def chair_approves(element_id: str, number: str, day: str) -> Step:
    return step(element_id, approved=True, decision_number="1234/QĐ-UBND", certificate_number=number,
                issue_date=day)


def notify(element_id: str, day: str) -> Step:
    return step(element_id, notice_number="77/TB-VPĐP", notified_commune=True, notified_producer=True,
                sent_date=day)


DISTRICT_OK = step("district_check", complete=True)
OFFICE_OK = step("office_check", complete=True)
