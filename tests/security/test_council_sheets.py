"""Council members' scoresheets: read by the council, its office, its chair and admins; everyone else
who sees the dossier reads the step, its time and the aggregate (score, stars), never a member's
name, marks, comment, draft or attached file."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.security.world import COMMENT, World

MEMBERS = ("council1.hatinh", "council2.hatinh", "council3.hatinh")
READERS = ("council1.hatinh", "council3.hatinh", "office.hatinh", "chair.hatinh", "admin")
# They see the dossier, not the sheets (the advisory team reports before the council scores).
OTHERS = ("producer.huongkhe", "officer.huongkhe", "chairman.huongkhe", "advisory.hatinh", "supervisor.hatinh")


def dossier(world: World, user: str, case: str = "own") -> dict[str, Any]:
    response = world.api.get(user, f"/dossiers/{world.cases[case].dossier}")
    assert response.status_code == 200, response.json
    body: dict[str, Any] = response.json
    return body


def council_entries(view: dict[str, Any]) -> list[dict[str, Any]]:
    sheet_tasks = {t["id"] for t in view["tasks"] if t["element_id"] == "council_scoring"}
    return [h for h in view["history"] if h["task_id"] in sheet_tasks]


@pytest.mark.parametrize("user", OTHERS)
def test_others_read_the_outcome_and_the_steps_not_the_sheets(world: World, user: str) -> None:
    view = dossier(world, user)
    assert (view["score"], view["stars"]) == (78.0, 4)
    assert (view["data"]["score"], view["data"]["stars"]) == (78.0, 4)
    assert "council_sheets" not in view["data"]
    entries = council_entries(view)
    assert [h["action"] for h in entries] == ["claim", "attach", "complete"] + ["claim", "complete"] * 2
    assert all(h["redacted"] and h["actor"] is None and h["data"] == {} and h["at"] for h in entries)
    assert all(h["acting_as"] == "province_council@42" for h in entries)
    sheets = [t for t in view["tasks"] if t["element_id"] == "council_scoring"]
    assert len(sheets) == 3 and all(t["status"] == "completed" for t in sheets)
    assert all(t["candidate"] is None and t["claimed_by"] is None and t["completed_by"] is None for t in sheets)
    text = json.dumps(view, ensure_ascii=False)
    assert not any(member in text for member in MEMBERS) and COMMENT not in text


@pytest.mark.parametrize("user", READERS)
def test_the_council_its_office_and_chair_read_every_sheet(world: World, user: str) -> None:
    view = dossier(world, user)
    assert [s["member"] for s in view["data"]["council_sheets"]] == list(MEMBERS)
    entries = council_entries(view)
    assert {h["actor"] for h in entries} == set(MEMBERS) and not any(h["redacted"] for h in entries)
    assert any(h["data"].get("data", {}).get("comments") == COMMENT for h in entries)


@pytest.mark.parametrize("user", OTHERS + READERS)
def test_the_dossier_page_timeline_hides_members_from_others(world: World, user: str) -> None:
    page = world.page_client(user).get(f"/dossiers/{world.cases['own'].dossier}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    readable = user in READERS
    assert ("council2.hatinh" in html) is readable
    assert (COMMENT in html) is readable
    assert ("phieu-cham-diem.pdf" in html) is readable
    assert ("Thành viên Hội đồng (bảo mật)" in html) is not readable
    assert "bien-ban-xa.pdf" in html  # the commune's file is the dossier's, for all who see it


@pytest.mark.parametrize("user", OTHERS + READERS)
def test_a_file_attached_to_a_sheet_is_downloaded_only_by_its_readers(world: World, user: str) -> None:
    response = world.page_client(user).get(f"/attachments/{world.sheet_attachment}")
    response.close()
    assert response.status_code == (200 if user in READERS else 404)


@pytest.mark.parametrize(("user", "status", "draft"), [
    ("council3.hatinh", 200, {"part_a": 33}),   # its holder
    ("council1.hatinh", 200, {"part_a": 33}),   # the council, its office and chair read the sheets
    ("office.hatinh", 200, {"part_a": 33}),
    ("chair.hatinh", 200, {"part_a": 33}),
    ("supervisor.hatinh", 200, None),           # sees the task to reassign it, not what is on it
    ("officer.huongkhe", 404, None),            # sees the dossier (filed it), not the sheet
    ("advisory.hatinh", 404, None),
    ("producer.huongkhe", 404, None),           # not even the dossier
    ("office.thanhhoa", 404, None),
])
def test_a_members_sheet_task(world: World, user: str, status: int, draft: Any) -> None:
    response = world.api.get(user, f"/tasks/{world.sheet_task}")
    assert response.status_code == status
    page = world.page_client(user).get(f"/tasks/{world.sheet_task}")
    assert page.status_code == status
    if status == 200:
        assert response.json["draft"] == draft
        assert response.json["claimed_by"] == (None if draft is None else "council3.hatinh")
        assert ('value="33"' in page.get_data(as_text=True)) is (draft is not None)


@pytest.mark.parametrize("user", ["producer.huongkhe", "officer.huongkhe", "advisory.hatinh"])
def test_a_done_sheet_is_not_found_for_others(world: World, user: str) -> None:
    assert world.api.get(user, f"/tasks/{world.done_sheet_task}").status_code == 404
    assert world.api.post(user, f"/tasks/{world.done_sheet_task}/claim").status_code == 404


@pytest.mark.parametrize(("user", "named"), [("officer.huongkhe", False), ("supervisor.hatinh", False),
                                             ("office.hatinh", True), ("council2.hatinh", True)])
def test_the_diagram_names_the_members_only_to_readers(world: World, user: str, named: bool) -> None:
    diagram = world.api.get(user, f"/dossiers/{world.in_council.dossier}/diagram").json
    current = [c for c in diagram["current"] if c["element_id"] == "council_scoring"]
    assert len(current) == 3
    assert {c["candidate"] for c in current} == (set(MEMBERS) if named else {None})
    assert all(c["offered_to"] == "province_council@42" for c in current)
    page = world.page_client(user).get(f"/dossiers/{world.in_council.dossier}").get_data(as_text=True)
    assert ("council3.hatinh" in page) is named
