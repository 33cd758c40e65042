"""The matrix rows of the routes that are about no single dossier: every role's status on each.

test_authorization_matrix.test_every_route_has_a_row checks that these rows and the dossier rows
together name every route of the app."""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

import pytest

from tests.conftest import ROOT
from tests.security.test_authorization_matrix import ACTORS
from tests.security.world import World
from workflow_service.services.accounts.tokens import issue_access_token
from workflow_service.services.accounts.users import load_actor

SIGNED_IN = [role for role, user in ACTORS.items() if user]
FILERS = ("applicant", "applicant/second producer", "commune_officer")
PRODUCERS = ("applicant", "applicant/second producer")
DESIGNERS = ("designer", "admin")
OVERSEERS = ("supervisor", "admin", "commune_chair", "district_chair", "province_chair", "minister")
PLAN = (ROOT / "plans" / "ha-tinh-2019.yaml").read_text(encoding="utf-8")
PROVINCE_VIEW = ("supervisor", "admin", "province_chair")  # a province's certificate dashboard
NO_CERT = "NO-SUCH-CERT/1"  # no certificate exists in the matrix's world: 404 for everyone signed in
INSPECTION = {"kind": "periodic", "due_on": "2030-01-01"}
REVOCATION = {"ground": "mark_misuse", "finding_date": "2026-11-01", "finding_by": "Sở Công Thương"}
# the rewards of province 42: its office, chair and supervisor (officers below it read their own units only)
REWARD_READERS = ("province_office", "province_chair", "supervisor", "admin")


@dataclass(frozen=True)
class Row:
    method: str
    url: str
    default: int                        # every signed-in role not named in `roles`
    roles: dict[tuple[str, ...], int] = field(default_factory=dict)
    anonymous: int | None = None        # None: 401 on the API, 302 to sign-in on pages
    json: Any = None
    data: Any = None
    fresh: bool = False                 # a request that ends or changes the session: a throw-away client

    def expected(self, role: str) -> int:
        if ACTORS[role] is None:
            return self.anonymous if self.anonymous is not None else (401 if self.url.startswith("/api") else 302)
        return next((status for roles, status in self.roles.items() if role in roles), self.default)


def only(roles: tuple[str, ...], status: int = 200, others: int = 403, **kw: Any) -> dict[str, Any]:
    return {"default": others, "roles": {roles: status}, **kw}


V1 = "/api/v1"
GLOBAL_ROWS: dict[tuple[str, str], Row] = {
    ("api.health", "GET"): Row("GET", f"{V1}/health", 200, anonymous=200),
    ("api.ready", "GET"): Row("GET", f"{V1}/ready", 200, anonymous=200),
    ("metrics", "GET"): Row("GET", "/metrics", 200, anonymous=200),
    ("api.openapi", "GET"): Row("GET", f"{V1}/openapi.json", 200, anonymous=200),
    ("api.token", "POST"): Row("POST", f"{V1}/auth/token", 401, anonymous=401,
                               json={"username": "nobody", "password": "wrong-password"}),
    ("api.refresh", "POST"): Row("POST", f"{V1}/auth/refresh", 401, anonymous=401,
                                 json={"refresh_token": "not-a-refresh-token"}),
    ("api.change_password", "POST"): Row("POST", f"{V1}/me/password", 422,
                                         json={"current_password": "wrong-password",
                                               "new_password": "a-new-password-2027"}),
    ("api.revoke_sessions", "POST"): Row("POST", f"{V1}/users/nobody.here/revoke-sessions",
                                         **only(("admin",), 404)),
    ("api.calendar_year", "GET"): Row("GET", f"{V1}/calendar?year=2027", 200),
    ("api.list_corrections", "GET"): Row("GET", f"{V1}/calendar/corrections", **only(("admin",))),
    ("api.get_correction", "GET"): Row("GET", f"{V1}/calendar/corrections/2031-02-23", **only(("admin",), 404)),
    ("api.put_correction", "PUT"): Row("PUT", f"{V1}/calendar/corrections/2031-02-22",
                                       json={"kind": "working", "reason": "Làm bù (thử)"}, **only(("admin",))),
    ("api.delete_correction", "DELETE"): Row("DELETE", f"{V1}/calendar/corrections/2031-02-23",
                                             **only(("admin",), 404)),
    # an admin may file anywhere (e.g. under another chain, with a reason): the body is checked next
    ("api.file_dossier", "POST"): Row("POST", f"{V1}/dossiers", json={"commune": "18101", "kind": "first_time"},
                                      **only((*FILERS, "admin"), 422)),
    ("api.summary", "GET"): Row("GET", f"{V1}/monitoring/summary", **only(OVERSEERS)),
    ("api.monitored_tasks", "GET"): Row("GET", f"{V1}/monitoring/tasks", **only(OVERSEERS)),
    ("api.list_notifications", "GET"): Row("GET", f"{V1}/notifications", 200),
    ("api.read_notification", "POST"): Row("POST", f"{V1}/notifications/999999/read", 404),
    ("api.import_plan", "POST"): Row("POST", f"{V1}/plans?dry_run=true", data=PLAN,
                                     **only(("province_office", "admin"))),
    ("api.list_plans", "GET"): Row("GET", f"{V1}/plans", 200),
    ("api.get_plan", "GET"): Row("GET", f"{V1}/plans/999999", 404),
    ("api.list_definitions", "GET"): Row("GET", f"{V1}/process-definitions", 200),
    ("api.deploy", "POST"): Row("POST", f"{V1}/process-definitions", data=lambda: {
        "files": (BytesIO(b"<not-bpmn/>"), "broken.bpmn")}, **only(DESIGNERS, 422)),
    ("api.compare_versions", "GET"): Row("GET", f"{V1}/process-definitions/ocop_evaluation/compare?from=1&to=1",
                                         **only(DESIGNERS)),
    ("api.versions", "GET"): Row("GET", f"{V1}/process-definitions/ocop_evaluation/versions", 200),
    ("api.version_diagram", "GET"): Row("GET", f"{V1}/process-definitions/ocop_evaluation/versions/1/diagram",
                                        200),
    ("api.validate_diagram", "POST"): Row("POST", f"{V1}/process-definitions/validate", json={
        "key": "ocop_evaluation", "base_version": 1, "xml": "<x/>"}, **only(DESIGNERS)),
    ("api.shipped_plans", "GET"): Row("GET", f"{V1}/migrations/plans", **only(DESIGNERS)),
    ("api.validate_plan", "POST"): Row("POST", f"{V1}/migrations/validate", json={"file": "r2_to_r3_2025.yaml"},
                                       **only(DESIGNERS)),
    ("api.dry_run", "POST"): Row("POST", f"{V1}/migrations/dry-run", json={"file": "r3_to_r4_2026.yaml"},
                                 **only(DESIGNERS)),
    ("api.start_run", "POST"): Row("POST", f"{V1}/migrations/runs", json={"file": "no-such-plan.yaml"},
                                   **only(DESIGNERS, 404)),
    ("api.list_runs", "GET"): Row("GET", f"{V1}/migrations/runs", **only(DESIGNERS)),
    ("api.run_status", "GET"): Row("GET", f"{V1}/migrations/runs/999999", **only(DESIGNERS, 404)),
    ("api.resume_run", "POST"): Row("POST", f"{V1}/migrations/runs/999999/resume", **only(DESIGNERS, 404)),
    ("api.revert_dossier", "POST"): Row("POST", f"{V1}/migrations/runs/999999/dossiers/1/revert",
                                        **only(DESIGNERS, 404)),
    ("api.simulate", "POST"): Row("POST", f"{V1}/simulations", json={"scenario": "name: ["},
                                  **only(DESIGNERS, 422)),
    ("api.list_reports", "GET"): Row("GET", f"{V1}/reports", 200),
    ("api.complete_report", "POST"): Row("POST", f"{V1}/reports/999999/complete", 404),
    ("api.list_rounds", "GET"): Row("GET", f"{V1}/rounds", 200),
    ("api.add_round", "POST"): Row("POST", f"{V1}/rounds", json={
        "province": "42", "level": "province", "proposals_by": "2027-06-01", "closes_on": "2027-05-01"},
        **only(("admin",), 422)),
    ("api.list_tasks", "GET"): Row("GET", f"{V1}/tasks", 200),
    ("api.register_idea", "POST"): Row("POST", f"{V1}/ideas", json={"commune": "18101", "data": {}},
                                       **only(FILERS, 422)),
    ("api.list_ideas", "GET"): Row("GET", f"{V1}/ideas", 200),
    ("api.get_idea", "GET"): Row("GET", f"{V1}/ideas/999999", 404),
    ("api.submit_business_plan", "POST"): Row("POST", f"{V1}/business-plans", 404,
                                              json={"idea_id": 999999, "data": {}}),
    ("api.list_business_plans", "GET"): Row("GET", f"{V1}/business-plans", 200),
    ("api.producer_overview", "GET"): Row("GET", f"{V1}/producer",
                                          **only(("applicant", "applicant/second producer"))),
    ("api.list_producer_reports", "GET"): Row("GET", f"{V1}/producer-reports", 200),
    ("api.submit_producer_report", "POST"): Row("POST", f"{V1}/producer-reports/999999/submit", 404,
                                                json={"summary": "Sản lượng tháng 9: 2 tấn."}),
    ("api.rewards_table", "GET"): Row("GET", f"{V1}/rewards?unit=42&year=2026", **only(REWARD_READERS)),
    ("api.export_rewards", "GET"): Row("GET", f"{V1}/rewards/export?unit=42&year=2026&format=xlsx",
                                       **only(REWARD_READERS)),
    ("api.get_business_plan", "GET"): Row("GET", f"{V1}/business-plans/999999", 404),
    # a dossier's documents: every role × relation in test_authorization_matrix's DOSSIER_ROWS; here a
    # dossier nobody has is not found for everyone
    ("api.list_documents", "GET"): Row("GET", f"{V1}/dossiers/999999/documents", 404),
    ("api.download_document", "GET"): Row("GET", f"{V1}/dossiers/999999/documents/1", 404),
    ("pages.document", "GET"): Row("GET", "/dossiers/999999/documents/1", 404),
    ("pages.index", "GET"): Row("GET", "/", 302),
    ("pages.inbox", "GET"): Row("GET", "/inbox", 200),
    ("pages.login", "GET"): Row("GET", "/login", 302, anonymous=200),
    ("pages.login", "POST"): Row("POST", "/login", 401, anonymous=401, fresh=True,
                                 data={"username": "nobody", "password": "wrong-password"}),
    ("pages.logout", "POST"): Row("POST", "/logout", 302, anonymous=302, fresh=True),
    ("pages.password", "GET"): Row("GET", "/password", 200),
    ("pages.password", "POST"): Row("POST", "/password", 422, data={
        "current_password": "wrong-password", "new_password": "a-new-password-2027",
        "confirm_password": "a-new-password-2027"}),
    ("pages.set_language", "POST"): Row("POST", "/language", 302, anonymous=302, fresh=True,
                                        data={"lang": "en"}),
    ("pages.new_dossier", "GET"): Row("GET", "/dossiers/new", **only(FILERS, others=302)),
    ("pages.new_dossier", "POST"): Row("POST", "/dossiers/new", data={"commune": "18101"},
                                       **only(FILERS, 422, others=302)),
    ("pages.producer_page", "GET"): Row("GET", "/producer", **only(PRODUCERS)),
    ("pages.new_idea", "GET"): Row("GET", "/ideas/new", **only(PRODUCERS, others=302)),
    ("pages.new_idea", "POST"): Row("POST", "/ideas/new", data={"commune": "18101"}, **only(PRODUCERS, 422, others=302)),
    ("pages.new_business_plan", "GET"): Row("GET", "/business-plans/new?idea=999999", **only(PRODUCERS, others=302)),
    ("pages.new_business_plan", "POST"): Row("POST", "/business-plans/new", data={"idea": "999999"},
                                             **only(PRODUCERS, 404, others=302)),
    ("pages.send_producer_report", "POST"): Row("POST", "/producer/reports/999999", 404, data={"summary": "x"}),
    ("pages.rewards_page", "GET"): Row("GET", "/rewards?unit=42&year=2026", **only(REWARD_READERS)),
    ("designer.index", "GET"): Row("GET", "/designer/", **only(DESIGNERS)),
    ("designer.versions", "GET"): Row("GET", "/designer/ocop_evaluation", **only(DESIGNERS)),
    ("designer.view", "GET"): Row("GET", "/designer/ocop_evaluation/1", **only(DESIGNERS)),
    ("designer.edit", "GET"): Row("GET", "/designer/ocop_evaluation/1/edit", **only(DESIGNERS)),
    ("designer.validate", "POST"): Row("POST", "/designer/ocop_evaluation/1/validate", json={"xml": "<x/>"},
                                       **only(DESIGNERS)),
    ("designer.deploy", "POST"): Row("POST", "/designer/ocop_evaluation/1/deploy", json={"xml": "<x/>"},
                                     **only(DESIGNERS, 422)),
    ("designer.edit_dmn", "GET"): Row("GET", "/designer/ocop_evaluation/1/dmn/ocop_star_rating.dmn",
                                      **only(DESIGNERS)),
    ("designer.validate_dmn", "POST"): Row("POST", "/designer/ocop_evaluation/1/dmn/ocop_star_rating.dmn/validate",
                                           json={"xml": "<x/>"}, **only(DESIGNERS)),
    ("designer.deploy_dmn", "POST"): Row("POST", "/designer/ocop_evaluation/1/dmn/ocop_star_rating.dmn/deploy",
                                         json={"xml": "<x/>"}, **only(DESIGNERS, 422)),
    ("simulation.index", "GET"): Row("GET", "/designer/simulation/", **only(DESIGNERS)),
    ("simulation.run", "POST"): Row("POST", "/designer/simulation/", data={"scenario": "name: ["},
                                    **only(DESIGNERS, 422)),
    ("designer.compare", "GET"): Row("GET", "/designer/ocop_evaluation/compare?from=1&to=1", **only(DESIGNERS)),
    ("migrations.index", "GET"): Row("GET", "/designer/migrations/", **only(DESIGNERS)),
    ("migrations.dry_run", "POST"): Row("POST", "/designer/migrations/dry-run", data={"file": "r3_to_r4_2026.yaml"},
                                        **only(DESIGNERS)),
    ("migrations.dry_run_csv", "POST"): Row("POST", "/designer/migrations/dry-run.csv",
                                            data={"file": "r3_to_r4_2026.yaml"}, **only(DESIGNERS)),
    ("migrations.start", "POST"): Row("POST", "/designer/migrations/runs", data={"file": "no-such-plan.yaml"},
                                      **only(DESIGNERS, 404)),
    ("migrations.run", "GET"): Row("GET", "/designer/migrations/runs/999999", **only(DESIGNERS, 404)),
    ("migrations.run_progress", "GET"): Row("GET", "/designer/migrations/runs/999999/status.json",
                                            **only(DESIGNERS, 404)),
    ("migrations.revert_dossier", "POST"): Row("POST", "/designer/migrations/runs/999999/dossiers/1/revert",
                                               **only(DESIGNERS, 404)),
    ("api.list_incidents", "GET"): Row("GET", f"{V1}/incidents", **only(("admin",))),
    ("api.get_incident", "GET"): Row("GET", f"{V1}/incidents/999999", **only(("admin",), 404)),
    ("api.retry_incident", "POST"): Row("POST", f"{V1}/incidents/999999/retry", **only(("admin",), 404)),
    ("api.resolve_incident", "POST"): Row("POST", f"{V1}/incidents/999999/resolve", json={"reason": "x"},
                                          **only(("admin",), 404)),
    ("incidents.index", "GET"): Row("GET", "/admin/incidents/", **only(("admin",))),
    ("incidents.retry", "POST"): Row("POST", "/admin/incidents/999999/retry", **only(("admin",), 404)),
    ("incidents.resolve", "POST"): Row("POST", "/admin/incidents/999999/resolve", data={"reason": "x"},
                                       **only(("admin",), 404)),
    ("supervisor.index", "GET"): Row("GET", "/supervisor/", **only(OVERSEERS)),
    ("supervisor.task_list", "GET"): Row("GET", "/supervisor/tasks", **only(OVERSEERS)),
    ("supervisor.export", "GET"): Row("GET", "/supervisor/tasks/export.csv", **only(OVERSEERS)),
    # The public register: no sign-in, the same answer for everyone.
    ("api.register_certificates", "GET"): Row("GET", f"{V1}/register/certificates?q=mat+ong", 200, anonymous=200),
    ("api.register_certificate", "GET"): Row("GET", f"{V1}/register/certificates/{NO_CERT}", 404, anonymous=404),
    ("api.register_certificate_pdf", "GET"): Row("GET", f"{V1}/register/certificates/{NO_CERT}/certificate.pdf", 404,
                                                 anonymous=404),
    ("register.index", "GET"): Row("GET", "/register/?q=mat+ong", 200, anonymous=200),
    ("register.certificate", "GET"): Row("GET", f"/register/certificates/{NO_CERT}", 404, anonymous=404),
    ("api.list_certificates", "GET"): Row("GET", f"{V1}/certificates", 200),
    ("api.certificate_dashboard", "GET"): Row("GET", f"{V1}/certificates/dashboard?province=42",
                                              **only(PROVINCE_VIEW)),
    ("api.get_certificate", "GET"): Row("GET", f"{V1}/certificates/{NO_CERT}", 404),
    ("api.start_reevaluation", "POST"): Row("POST", f"{V1}/certificates/{NO_CERT}/re-evaluation", 404, json={}),
    ("api.start_inspection", "POST"): Row("POST", f"{V1}/certificates/{NO_CERT}/inspections", 404,
                                          json=INSPECTION),
    ("api.start_revocation", "POST"): Row("POST", f"{V1}/certificates/{NO_CERT}/revocations", 404,
                                          json=REVOCATION),
    ("certificates.index", "GET"): Row("GET", "/certificates/", 200),
    ("certificates.province_dashboard", "GET"): Row("GET", "/certificates/dashboard?province=42",
                                                    **only(PROVINCE_VIEW)),
    ("certificates.detail", "GET"): Row("GET", f"/certificates/{NO_CERT}", 404),
    ("certificates.reevaluate", "POST"): Row("POST", f"/certificates/{NO_CERT}/re-evaluation", 404, data={}),
    ("certificates.inspect", "POST"): Row("POST", f"/certificates/{NO_CERT}/inspections", 404, data=INSPECTION),
    ("certificates.revoke", "POST"): Row("POST", f"/certificates/{NO_CERT}/revocations", 404, data=REVOCATION),
}
CELLS = [pytest.param(key, role, id=f"{key[0]} {key[1]}|{role}") for key in GLOBAL_ROWS for role in ACTORS]


@pytest.mark.parametrize(("key", "role"), CELLS)
def test_route_cell(world: World, key: tuple[str, str], role: str) -> None:
    row, user = GLOBAL_ROWS[key], ACTORS[role]
    kw: dict[str, Any] = {"method": row.method, "json": row.json,
                          "data": row.data() if callable(row.data) else row.data}
    if row.url.startswith("/api"):
        if user:  # a sign-out row ends every session of the user: give them a token of their current version
            world.api._tokens[user] = issue_access_token(world.ctx, load_actor(world.ctx, user))
        response = world.api.client.open(row.url, headers=world.api.headers(user) if user else {}, **kw)
        assert response.status_code < 400 or response.mimetype == "application/problem+json"
    else:
        client = world.page_client(user)
        if row.fresh:
            client = world.app.test_client()
            if user:
                with client.session_transaction() as session:
                    session["user"] = user
                    session["sv"] = world.session_version(user)
        response = client.open(row.url, **kw)
    assert response.status_code == row.expected(role), response.get_data(as_text=True)[:300]
