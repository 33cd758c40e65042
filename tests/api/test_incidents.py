"""Runaway scripts are stopped at their limit, fail their step as an incident, and admins act on it."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from tests.conftest import FIXTURES, Api
from workflow_service import create_app
from workflow_service.config import Settings
from workflow_service.domain.clock import FixedClock
from workflow_service.engine import scripting
from workflow_service.engine.sandbox import ScriptLimits
from workflow_service.services.demo.loader import DEMO_PASSWORD, load_demo

LIMIT_MS = 300
RACE_LIMIT_MS = 3000  # the race test needs a window clearly longer than the other requests
MARGIN_S = 1.0  # killing the worker and answering; generous for a loaded 2-core machine
MINI = (FIXTURES / "bpmn" / "mini.bpmn").read_text()
FORMS = {name: (FIXTURES / "bpmn" / name).read_bytes() for name in ("mini_check.json", "mini_score.json")}
RUNAWAYS = {"endless loop": "while True:\n    pass", "huge power": "x = 10 ** 10 ** 8",
            "huge string": "x = 'x' * 10**10", "huge list": "x = [0] * 10**9"}


def _with_script_after(node: str, script: str) -> str:
    """mini.bpmn with a script task `runaway` right after `node` (start: at filing; check: on completing)."""
    flow = {"start": ('<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="check" />', "check"),
            "check": ('<bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="gw" />', "gw")}[node]
    return MINI.replace(flow[0], (
        f'<bpmn:sequenceFlow id="f_in" sourceRef="{node}" targetRef="runaway" />'
        f'<bpmn:scriptTask id="runaway" name="Runaway"><bpmn:script>{script}</bpmn:script></bpmn:scriptTask>'
        f'<bpmn:sequenceFlow id="f_out" sourceRef="runaway" targetRef="{flow[1]}" />'))


def _deploy(api: Api, bpmn: str) -> None:
    data = {"files": [(io.BytesIO(content), name) for name, content in {"mini.bpmn": bpmn.encode(), **FORMS}.items()]}
    response = api.client.post("/api/v1/process-definitions", data=data, content_type="multipart/form-data",
                               headers=api.headers("designer"))
    assert response.status_code == 201, response.json


@pytest.fixture
def limited_app(database_url: str, clock: FixedClock) -> Iterator[Flask]:
    settings = Settings(database_url=database_url, secret_key="test-secret-" + "x" * 40, env="testing",
                        bpmn_dir=FIXTURES / "bpmn", forms_dir=FIXTURES / "bpmn", script_timeout_ms=LIMIT_MS)
    application = create_app(settings, clock=clock)
    load_demo(application.extensions["ocopflow"])
    yield application
    application.extensions["ocopflow.engine"].dispose()


@pytest.fixture
def api(limited_app: Flask) -> Api:
    return Api(limited_app.test_client())


def _file(api: Api) -> Any:
    return api.file("officer.huongkhe", "18101", process_key="mini_review")


def _incidents(api: Api, **params: Any) -> list[dict[str, Any]]:
    response = api.get("admin", "/incidents", query_string=params)
    assert response.status_code == 200, response.json
    items: list[dict[str, Any]] = response.json["items"]
    return items


@pytest.mark.parametrize("case", sorted(RUNAWAYS))
def test_a_runaway_script_at_filing_answers_422_within_the_limit_and_files_nothing(api: Api, case: str) -> None:
    _deploy(api, _with_script_after("start", RUNAWAYS[case]))
    before = api.get("officer.huongkhe", "/dossiers").json["total"]
    started = time.monotonic()
    response = _file(api)
    elapsed = time.monotonic() - started
    assert response.status_code == 422, response.json
    assert response.content_type == "application/problem+json"
    assert "runaway" in response.json["errors"]["process_key"][0]
    assert elapsed < LIMIT_MS / 1000 + MARGIN_S, elapsed
    assert api.get("officer.huongkhe", "/dossiers").json["total"] == before
    [incident] = _incidents(api)
    assert (incident["action"], incident["element_id"], incident["dossier_id"], incident["attempts"],
            incident["status"], incident["opened_by"]) == ("file", "runaway", None, 1, "open", "officer.huongkhe")
    assert "limit" in incident["error"]


def test_the_database_is_not_held_while_a_script_runs(
        api: Api, limited_app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    good = _file(api).json  # on the fixture version, before the runaway one is deployed
    limited_app.extensions["ocopflow"].runtimes.limits = ScriptLimits(timeout_ms=RACE_LIMIT_MS)
    _deploy(api, _with_script_after("start", RUNAWAYS["endless loop"]))
    running = threading.Event()
    real = scripting.run_limited

    def signalling(*args: Any, **kwargs: Any) -> Any:
        running.set()
        return real(*args, **kwargs)

    monkeypatch.setattr(scripting, "run_limited", signalling)
    outcome: dict[str, Any] = {}
    other = Api(limited_app.test_client())
    other.headers("officer.huongkhe")  # signed in before the race
    filing = threading.Thread(target=lambda: outcome.update(response=_file(other)))
    filing.start()
    assert running.wait(10)
    timings = {}
    for name, request in {
        "health": lambda: api.client.get("/api/v1/health"),
        "claim": lambda: api.post("officer.huongkhe", f"/tasks/{good['open_tasks'][0]['id']}/claim"),
        "sign-in": lambda: api.client.post("/api/v1/auth/token",  # slow by design (password hash): last
                                           json={"username": "producer.huongkhe", "password": DEMO_PASSWORD}),
    }.items():
        started = time.monotonic()
        assert request().status_code == 200, name
        timings[name] = time.monotonic() - started
    still_running = filing.is_alive()
    filing.join(10)
    assert still_running, "the script finished before the other requests: the test proved nothing"
    # Held, SQLite would make the claim (a write) wait for the whole script (3 s); on PostgreSQL the
    # dossier and task locks would. Each answered while the script was still running.
    assert max(timings["health"], timings["claim"]) < RACE_LIMIT_MS / 1000 / 3, timings
    assert outcome["response"].status_code == 422


def test_a_failing_script_on_completion_leaves_the_dossier_as_it_was_and_counts_attempts(api: Api) -> None:
    _deploy(api, _with_script_after("check", "x = 10 ** 10 ** 8"))
    dossier = _file(api).json
    task_id = dossier["open_tasks"][0]["id"]
    assert api.post("officer.huongkhe", f"/tasks/{task_id}/claim").status_code == 200
    before = api.get("officer.huongkhe", f"/dossiers/{dossier['id']}").json
    response = api.post("officer.huongkhe", f"/tasks/{task_id}/complete", {"data": {"complete": True}})
    assert response.status_code == 422 and response.content_type == "application/problem+json"
    assert "runaway" in response.json["detail"] and "runaway" in response.json["errors"]["data"][0]
    after = api.get("officer.huongkhe", f"/dossiers/{dossier['id']}").json
    assert (after["state"], after["open_tasks"], after["data"]) == (before["state"], before["open_tasks"],
                                                                      before["data"])
    assert after["open_tasks"][0]["claimed_by"] == "officer.huongkhe"
    assert api.post("officer.huongkhe", f"/tasks/{task_id}/complete", {"data": {"complete": True}}).status_code == 422
    [incident] = _incidents(api)
    assert (incident["action"], incident["task_id"], incident["dossier_id"], incident["attempts"]) == (
        "complete", task_id, dossier["id"], 2)

    retried = api.post("admin", f"/incidents/{incident['id']}/retry")  # still broken: fails again
    assert retried.status_code == 422, retried.json
    assert api.get("admin", f"/incidents/{incident['id']}").json["attempts"] == 3

    assert api.post("admin", f"/incidents/{incident['id']}/resolve", {"reason": ""}).status_code == 422
    resolved = api.post("admin", f"/incidents/{incident['id']}/resolve",
                        {"reason": "script fixed in version 3; officer completes again"})
    assert resolved.status_code == 200, resolved.json
    assert (resolved.json["status"], resolved.json["resolved_by"]) == ("resolved", "admin")
    assert _incidents(api) == [] and len(_incidents(api, status="resolved")) == 1
    assert api.post("admin", f"/incidents/{incident['id']}/resolve", {"reason": "again"}).status_code == 409
    history = api.get("officer.huongkhe", f"/dossiers/{dossier['id']}").json["history"]
    actions = [entry["action"] for entry in history]
    assert actions.count("incident") == 3 and "incident_resolve" in actions


def test_retry_after_a_transient_failure_completes_the_step_in_the_holders_name(
        api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    _deploy(api, _with_script_after("check", "note = 'checked'"))
    dossier = _file(api).json
    task_id = dossier["open_tasks"][0]["id"]
    real = scripting.run_limited

    def overloaded(*args: Any, **kwargs: Any) -> Any:
        raise scripting.ScriptLimitExceeded("the script ran longer than its limit of 300 ms")

    monkeypatch.setattr(scripting, "run_limited", overloaded)
    assert api.do("officer.huongkhe", task_id, {"complete": False}).status_code == 422
    monkeypatch.setattr(scripting, "run_limited", real)
    [incident] = _incidents(api)
    retried = api.post("admin", f"/incidents/{incident['id']}/retry")
    assert retried.status_code == 200, retried.json
    assert (retried.json["status"], retried.json["attempts"]) == ("resolved", 2)
    assert "completed" in retried.json["resolution"]
    after = api.get("officer.huongkhe", f"/dossiers/{dossier['id']}").json
    assert after["state"] == "completed" and after["data"]["note"] == "checked"
    complete = next(e for e in after["history"] if e["action"] == "complete")
    assert (complete["actor"], complete["data"]["retried_by"]) == ("officer.huongkhe", "admin")


def test_only_admins_see_and_act_on_incidents(api: Api) -> None:
    _deploy(api, _with_script_after("start", "x = undefined_name"))
    assert _file(api).status_code == 422
    [incident] = _incidents(api)
    assert "NameError" in incident["error"]
    for user in ("officer.huongkhe", "designer", "supervisor.hatinh"):
        assert api.get(user, "/incidents").status_code == 403
        assert api.get(user, f"/incidents/{incident['id']}").status_code == 403
        assert api.post(user, f"/incidents/{incident['id']}/retry").status_code == 403
        assert api.post(user, f"/incidents/{incident['id']}/resolve", {"reason": "x"}).status_code == 403
    assert api.get("admin", "/incidents/99999").status_code == 404
    assert "/incidents/{incident_id}/retry" in api.client.get("/api/v1/openapi.json").json["paths"]


def test_the_admin_page_lists_open_incidents_and_resolves_one_with_a_reason(api: Api, limited_app: Flask) -> None:
    from tests.web.conftest import Browser

    _deploy(api, _with_script_after("check", "while True:\n    pass"))
    dossier = _file(api).json
    assert api.do("officer.huongkhe", dossier["open_tasks"][0]["id"], {"complete": True}).status_code == 422
    summary = api.get("supervisor.hatinh", "/monitoring/summary", query_string={"unit": "42"}).json
    assert summary["open_incidents"] == 1
    officer, admin = Browser(limited_app.test_client()), Browser(limited_app.test_client())
    officer.sign_in("officer.huongkhe")
    assert officer.get("/admin/incidents/").status_code == 403
    admin.sign_in("admin")
    page = admin.get("/admin/incidents/").get_data(as_text=True)
    [incident] = _incidents(api)
    assert "runaway" in page and f'data-incident="{incident["id"]}"' in page and "Chạy lại" in page
    resolve = f"/admin/incidents/{incident['id']}/resolve"
    assert admin.post(resolve, {"reason": "fixed"}, csrf=False).status_code == 400
    assert admin.post(resolve, {"reason": "đã sửa kịch bản"}).status_code == 302
    assert _incidents(api) == []
    assert "Không có sự cố" in admin.get("/admin/incidents/").get_data(as_text=True)
