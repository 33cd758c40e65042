"""Locust users for bench/scaleout.py: filing, claiming and completing across communes, with races.

Each simulated user signs in once (POST /auth/token) per account it plays. Every request is recorded
(name, status, milliseconds) and every acknowledged action with the id it acted on, so scaleout.py can
compare what clients were told with what the audit trail recorded. Results go to $SCALEOUT_OUT.
"""

from __future__ import annotations

import itertools
import json
import os
import time
from typing import Any

import gevent
from locust import HttpUser, between, events, task

PASSWORD = "ocop-demo-2026"
COMMUNES = ["18101", "18103", "16001"]
FILING = {
    "producer": {"name": "HTX Nông nghiệp Hương Khê", "type": "cooperative", "tax_code": "3001234567",
                 "address": "Thôn 1, xã Hương Khê, tỉnh Hà Tĩnh", "phone": "0912 345 678"},
    "product": {"name": "Bưởi Phúc Trạch", "group": "food", "subgroup": "Rau, củ, quả, hạt tươi",
                "description": "Bưởi tươi, quả 1–1,5 kg.", "sample_count": 5},
}
COMMUNE_OK = {"complete": True, "local_raw_materials": True, "local_labour": True, "idea_origin": True,
              "local_identity": True, "mau03_report_number": "12/BC-UBND",
              "proposal_letter_number": "13/TTr-UBND", "samples_sent": True}
ADVISORY_OK = {"supplement_needed": False, "site_survey_done": True, "lab_tests_required": False,
               "report": "Hồ sơ đạt yêu cầu, trình Hội đồng."}
SHEETS = [(30, 20, 28, 5), (32, 19, 27, 4), (31, 21, 26, 4)]
SEATS = itertools.count()  # the accounts each simulated user plays (made by scaleout.py)
RECORD: dict[str, list[Any]] = {"requests": [], "acked": [], "claim_races": [], "council_races": []}


class Flow(HttpUser):
    abstract = True
    wait_time = between(0.1, 0.5)

    def sign_in(self, user: str) -> str:
        body = self.call("sign_in", "POST", "/auth/token", json={"username": user, "password": PASSWORD})
        return str(body["access_token"])

    def call(self, action: str, method: str, path: str, token: str | None = None, json: Any = None,
             key: Any = None, expect: tuple[int, ...] = (200, 201)) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        start = time.perf_counter()
        with self.client.request(method, f"/api/v1{path}", json=json, headers=headers, name=action,
                                 catch_response=True) as response:
            ms = (time.perf_counter() - start) * 1000
            RECORD["requests"].append((action, response.status_code, round(ms, 2)))
            if response.status_code in expect:
                response.success()
            else:
                response.failure(f"{response.status_code}: {response.text[:200]}")
            try:
                body = response.json() if response.text else None
            except ValueError:
                body = None
            if response.status_code in (200, 201) and action in ("file", "claim", "complete"):
                RECORD["acked"].append((action, key if key is not None else body["id"]))
            return body if response.status_code in (200, 201) else None

    def task_of(self, token: str, dossier_id: int, element: str) -> list[dict[str, Any]]:
        body = self.call("inbox", "GET", f"/tasks?dossier_id={dossier_id}&element_id={element}", token)
        return list(body["items"]) if body else []

    def do(self, token: str, dossier_id: int, element: str, data: dict[str, Any]) -> bool:
        found = self.task_of(token, dossier_id, element)
        if not found:
            return False
        task_id = found[0]["id"]
        if self.call("claim", "POST", f"/tasks/{task_id}/claim", token, key=task_id) is None:
            return False
        return self.call("complete", "POST", f"/tasks/{task_id}/complete", token, {"data": data},
                         key=task_id) is not None

    def file(self, token: str, commune: str) -> int | None:
        body = self.call("file", "POST", "/dossiers", token, {"process_key": "ocop_evaluation",
                                                             "commune": commune, "kind": "first_time",
                                                             "data": FILING})
        return int(body["id"]) if body else None


class Filer(Flow):
    """A producer files, the commune officer claims and completes the commune review."""

    weight = 6

    def on_start(self) -> None:
        seat = next(SEATS)
        self.commune = COMMUNES[seat % 3]
        self.producer = self.sign_in(f"producer{seat}.{self.commune}")
        self.officer = self.sign_in(f"officer{seat}a.{self.commune}")

    @task
    def file_and_review(self) -> None:
        dossier = self.file(self.producer, self.commune)
        if dossier is not None:
            self.do(self.officer, dossier, "commune_review", COMMUNE_OK)


class ClaimRacer(Flow):
    """Two officers of one commune claim the same task at the same instant: one 200, one 409."""

    weight = 3

    def on_start(self) -> None:
        seat = next(SEATS)
        self.commune = COMMUNES[seat % 3]
        self.producer = self.sign_in(f"producer{seat}.{self.commune}")
        self.officers = [self.sign_in(f"officer{seat}{x}.{self.commune}") for x in "ab"]

    @task
    def race(self) -> None:
        dossier = self.file(self.producer, self.commune)
        found = self.task_of(self.officers[0], dossier, "commune_review") if dossier else []
        if not found:
            return
        task_id = found[0]["id"]
        statuses: list[int] = []

        def claim(token: str) -> None:
            body = self.call("claim", "POST", f"/tasks/{task_id}/claim", token, key=task_id, expect=(200, 409))
            statuses.append(200 if body is not None else 409)

        gevent.joinall([gevent.spawn(claim, t) for t in self.officers])
        RECORD["claim_races"].append(sorted(statuses))
        for token in self.officers:  # whoever won completes; the loser's attempt is a 409
            if self.call("complete", "POST", f"/tasks/{task_id}/complete", token, {"data": COMMUNE_OK},
                         key=task_id, expect=(200, 409)) is not None:
                break


class CouncilRacer(Flow):
    """A Hà Tĩnh dossier reaches the council; the three members complete their scoresheets at once."""

    fixed_count = 3

    def on_start(self) -> None:
        seat = next(SEATS)
        self.producer = self.sign_in(f"producer{seat}.18101")
        self.officer = self.sign_in(f"officer{seat}a.18101")
        self.office = self.sign_in("office.hatinh")
        self.advisory = self.sign_in("advisory.hatinh")
        self.council = [self.sign_in(f"council{i}.hatinh") for i in (1, 2, 3)]

    @task
    def to_council(self) -> None:
        dossier = self.file(self.producer, "18101")
        if dossier is None or not self.do(self.officer, dossier, "commune_review", COMMUNE_OK):
            return
        if not self.do(self.office, dossier, "office_check", {"complete": True}):
            return
        if not self.do(self.advisory, dossier, "advisory_review", ADVISORY_OK):
            return
        claimed: list[tuple[str, str]] = []
        for token in self.council:
            for item in self.task_of(token, dossier, "council_scoring"):
                if item["id"] not in {t for t, _ in claimed} and self.call(
                        "claim", "POST", f"/tasks/{item['id']}/claim", token, key=item["id"],
                        expect=(200, 409)) is not None:
                    claimed.append((item["id"], token))
                    break
        statuses: list[int] = []

        def complete(task_id: str, token: str, sheet: tuple[int, int, int, int]) -> None:
            a, b, c, minimum = sheet
            body = self.call("complete", "POST", f"/tasks/{task_id}/complete", token,
                             {"data": {"part_a": a, "part_b": b, "part_c": c, "minimum_star": minimum}},
                             key=task_id)
            statuses.append(200 if body is not None else 0)

        gevent.joinall([gevent.spawn(complete, t, tok, s) for (t, tok), s in zip(claimed, SHEETS, strict=False)])
        RECORD["council_races"].append({"dossier": dossier, "claimed": len(claimed), "statuses": sorted(statuses)})


@events.test_stop.add_listener
def _dump(**_kw: Any) -> None:
    with open(os.environ["SCALEOUT_OUT"], "w") as out:
        json.dump(RECORD, out)
