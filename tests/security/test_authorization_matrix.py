"""The authorisation matrix: every /api/v1 endpoint and every page × every role × the dossier's relation
to the actor, with the status each cell must answer (docs/decisions/who-sees-what.md).

A route without a row here fails test_every_route_has_a_row; a role without a row fails
test_every_role_has_a_row. A dossier the actor may not see is 404 everywhere — API and pages, its
tasks, attachments and diagram — and absent from every list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.security.world import PDF, World
from workflow_service.domain.roles import ALL_ROLES

# Who plays each role (a role held at Hà Tĩnh / commune 18101 where it has a unit there).
ACTORS: dict[str, str | None] = {
    "applicant": "producer.huongkhe",
    "applicant/second producer": "producer2.huongkhe",
    "commune_officer": "officer.huongkhe",
    "commune_chair": "chairman.huongkhe",
    "district_officer": "district.officer",
    "district_council": "district.council",
    "district_chair": "district.chair",
    "province_office": "office.hatinh",
    "province_advisory": "advisory.hatinh",
    "province_council": "council1.hatinh",
    "province_chair": "chair.hatinh",
    "ministry_office": "ministry.office",
    "ministry_advisory": "ministry.advisory",
    "central_council": "central.council",
    "minister": "minister",
    "supervisor": "supervisor.hatinh",
    "designer": "designer",
    "admin": "admin",
    "anonymous": None,
}
# The dossiers, named by their relation to producer.huongkhe (commune 18101, province 42):
# own = filed by them; same_commune = filed by producer2.huongkhe at 18101; other_commune = 18103
# (same province); other_province = 16001 in Thanh Hóa (38). No dossier has reached a district
# or the Ministry.
RELATIONS = ("own", "same_commune", "other_commune", "other_province")
HA_TINH = {"own", "same_commune", "other_commune"}
SEES: dict[str, set[str]] = {
    "applicant": {"own"},
    "applicant/second producer": {"same_commune"},
    "commune_officer": {"own", "same_commune"},
    "commune_chair": {"own", "same_commune"},
    "district_officer": set(), "district_council": set(), "district_chair": set(),
    "province_office": HA_TINH, "province_advisory": HA_TINH, "province_council": HA_TINH,
    "province_chair": HA_TINH, "supervisor": HA_TINH,
    "ministry_office": set(), "ministry_advisory": set(), "central_council": set(), "minister": set(),
    "designer": set(),
    "admin": set(RELATIONS),
    "anonymous": set(),
}

Call = Callable[[World, str | None, str], Any]  # (world, user, relation) → response


@dataclass(frozen=True)
class DossierRow:
    """An endpoint about one dossier: `seen` are the statuses allowed when the actor sees the dossier."""

    call: Call
    seen: frozenset[int]
    page: bool = False


def api(method: str, path: str, json: Any = None) -> Call:
    def call(world: World, user: str | None, relation: str) -> Any:
        case = world.cases[relation]
        url = "/api/v1" + path.format(dossier=case.dossier, task=case.task, document=case.document)
        headers = world.api.headers(user) if user else {}
        return world.api.client.open(url, method=method, headers=headers, json=json)
    return call


def page(method: str, path: str, data: dict[str, Any] | None = None) -> Call:
    def call(world: World, user: str | None, relation: str) -> Any:
        case = world.cases[relation]
        url = path.format(dossier=case.dossier, task=case.task, attachment=case.attachment, document=case.document)
        return world.page_client(user).open(url, method=method, data=data() if callable(data) else data)
    return call


def pdf_upload() -> dict[str, Any]:
    from io import BytesIO
    return {"file": (BytesIO(PDF), "them.pdf")}


S = frozenset
# Requests on a visible task are built to be refused without changing anything: the task is held by
# someone outside the matrix (or already done), the assignee does not exist, the date is in the past.
DOSSIER_ROWS: dict[tuple[str, str], DossierRow] = {
    ("api.get_dossier", "GET"): DossierRow(api("GET", "/dossiers/{dossier}"), S({200})),
    ("api.dossier_diagram", "GET"): DossierRow(api("GET", "/dossiers/{dossier}/diagram"), S({200})),
    ("api.list_documents", "GET"): DossierRow(api("GET", "/dossiers/{dossier}/documents"), S({200})),
    ("api.download_document", "GET"): DossierRow(api("GET", "/dossiers/{dossier}/documents/{document}"),
                                                 S({200})),
    ("api.get_task", "GET"): DossierRow(api("GET", "/tasks/{task}"), S({200})),
    ("api.claim", "POST"): DossierRow(api("POST", "/tasks/{task}/claim"), S({403, 409})),
    ("api.unclaim", "POST"): DossierRow(api("POST", "/tasks/{task}/unclaim"), S({409})),
    ("api.complete", "POST"): DossierRow(api("POST", "/tasks/{task}/complete", {"data": {}}), S({409})),
    ("api.assign", "POST"): DossierRow(api("POST", "/tasks/{task}/assign", {"username": "nobody"}),
                                       S({403, 409, 422})),
    ("api.reschedule", "POST"): DossierRow(api("POST", "/tasks/{task}/reschedule",
                                               {"due_on": "2026-01-05", "reason": "thử"}), S({403, 409, 422})),
    ("pages.dossier", "GET"): DossierRow(page("GET", "/dossiers/{dossier}"), S({200}), page=True),
    ("pages.task", "GET"): DossierRow(page("GET", "/tasks/{task}"), S({200}), page=True),
    ("pages.submit_task", "POST"): DossierRow(page("POST", "/tasks/{task}", {"action": "save"}), S({409}),
                                              page=True),
    # a refused upload stays on the task page (409, its reason at the file field), it never redirects
    ("pages.upload", "POST"): DossierRow(page("POST", "/tasks/{task}/attachments", pdf_upload), S({409}),
                                         page=True),
    ("pages.download", "GET"): DossierRow(page("GET", "/attachments/{attachment}"), S({200}), page=True),
    ("pages.document", "GET"): DossierRow(page("GET", "/dossiers/{dossier}/documents/{document}"), S({200}),
                                          page=True),
    ("pages.claim", "POST"): DossierRow(page("POST", "/tasks/{task}/claim"), S({302}), page=True),
    ("pages.unclaim", "POST"): DossierRow(page("POST", "/tasks/{task}/unclaim"), S({302}), page=True),
    ("supervisor.assign", "POST"): DossierRow(page("POST", "/supervisor/tasks/{task}/assign",
                                                   {"username": "nobody"}), S({302}), page=True),
}
LIST_ROWS = {("api.list_dossiers", "GET"), ("pages.dossiers_list", "GET")}


DOSSIER_CELLS = [pytest.param(key, role, relation, id=f"{key[0]} {key[1]}|{role}|{relation}")
                 for key in DOSSIER_ROWS for role in ACTORS for relation in RELATIONS]


@pytest.mark.parametrize(("key", "role", "relation"), DOSSIER_CELLS)
def test_dossier_cell(world: World, key: tuple[str, str], role: str, relation: str) -> None:
    row, user = DOSSIER_ROWS[key], ACTORS[role]
    response = row.call(world, user, relation)
    response.close()  # a download holds its file open until closed
    if user is None:
        expected = S({302}) if row.page else S({401})
    else:
        expected = row.seen if relation in SEES[role] else S({404})
    assert response.status_code in expected, (response.status_code, response.get_data(as_text=True)[:300])
    if user is None and row.page:
        assert "/login" in response.headers["Location"]
    if not row.page:
        assert response.status_code < 400 or response.mimetype == "application/problem+json"


@pytest.mark.parametrize("role", list(ACTORS))
def test_dossier_lists_hold_exactly_what_the_role_sees(world: World, role: str) -> None:
    user = ACTORS[role]
    ids = {world.cases[r].dossier: r for r in RELATIONS}
    listed = world.api.get(user, "/dossiers?limit=200") if user else world.api.client.get("/api/v1/dossiers")
    html = world.page_client(user).get("/dossiers")
    if user is None:
        assert listed.status_code == 401 and html.status_code == 302
        return
    assert {ids[d["id"]] for d in listed.json["items"] if d["id"] in ids} == SEES[role]
    # and the paper dossier at 18101, seen by whoever sees the commune's dossiers but its producers
    paper = "same_commune" in SEES[role] and not role.startswith("applicant")
    assert listed.json["total"] == len(SEES[role]) + paper
    text = html.get_data(as_text=True)
    assert {r for r in RELATIONS if f"/dossiers/{world.cases[r].dossier}\"" in text} == SEES[role]


def test_every_role_has_a_row() -> None:
    assert {role.split("/")[0] for role in ACTORS} == ALL_ROLES | {"anonymous"}
    assert set(SEES) == set(ACTORS)


def test_every_route_has_a_row(world: World) -> None:
    from tests.security.test_route_matrix import GLOBAL_ROWS

    routes = {(rule.endpoint, method) for rule in world.app.url_map.iter_rules()
              for method in rule.methods or () if method not in ("HEAD", "OPTIONS")}
    routes.discard(("pages.static", "GET"))
    covered = set(DOSSIER_ROWS) | LIST_ROWS | set(GLOBAL_ROWS)
    assert routes - covered == set(), "a new route needs its row in the authorisation matrix"
    assert covered - routes == set(), "a row for a route that no longer exists"
