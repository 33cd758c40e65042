"""GET /metrics, parsed with prometheus_client's own text parser: HTTP counts and latency, and the
database gauges (open tasks by deadline status, timer lag, open incidents) on the injected clock."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import func, select

from tests.api.test_incidents import _deploy, _with_script_after
from tests.api.test_monitoring import file_review, move, vn
from tests.conftest import ROOT, Api
from tests.timer_helpers import deploy_fixture, file_on
from workflow_service import create_app
from workflow_service.config import Settings
from workflow_service.domain.clock import FixedClock
from workflow_service.persistence.deadline_models import TimerRow


def scrape(client: FlaskClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of /metrics as {(sample name, sorted labels): value}."""
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.content_type.startswith("text/plain; version=")
    samples = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def open_tasks(samples: dict[tuple[str, tuple[tuple[str, str], ...]], float]) -> dict[str, float]:
    return {dict(labels)["deadline_status"]: value for (name, labels), value in samples.items()
            if name == "ocopflow_open_tasks"}


def test_open_tasks_by_deadline_status_follow_the_clock(api: Api, clock: FixedClock) -> None:
    assert open_tasks(scrape(api.client)) == {"on_time": 0, "due_soon": 0, "overdue": 0, "no_deadline": 0}
    task = file_review(api)  # the commune review, due Tuesday 15/12/2026 17:00
    assert task["due_at"] == "2026-12-15T17:00:00+07:00"
    assert open_tasks(scrape(api.client)) == {"on_time": 1, "due_soon": 0, "overdue": 0, "no_deadline": 0}
    move(api, clock, vn(2026, 12, 10, 9, 0))  # three working days left: due soon, as the inbox says
    assert open_tasks(scrape(api.client))["due_soon"] == 1
    move(api, clock, vn(2026, 12, 15, 17, 1))
    assert open_tasks(scrape(api.client)) == {"on_time": 0, "due_soon": 0, "overdue": 1, "no_deadline": 0}
    assert scrape(api.client)[("ocopflow_open_incidents", ())] == 0


def test_requests_are_counted_by_route_method_and_status_with_their_latency(api: Api) -> None:
    key = ("ocopflow_http_requests_total", (("endpoint", "/api/v1/health"), ("method", "GET"), ("status", "200")))
    missing = ("ocopflow_http_requests_total",
               (("endpoint", "/api/v1/dossiers/<id:dossier_id>"), ("method", "GET"), ("status", "401")))
    latency = ("ocopflow_http_request_duration_seconds_count", (("endpoint", "/api/v1/health"), ("method", "GET")))
    before = scrape(api.client)
    for _ in range(3):
        assert api.client.get("/api/v1/health").status_code == 200
    assert api.client.get("/api/v1/dossiers/7").status_code == 401
    after = scrape(api.client)
    assert after[key] - before.get(key, 0) == 3
    assert after[missing] - before.get(missing, 0) == 1
    assert after[latency] - before.get(latency, 0) == 3
    bucket = ("ocopflow_http_request_duration_seconds_bucket",
              (("endpoint", "/api/v1/health"), ("le", "+Inf"), ("method", "GET")))
    assert after[bucket] == after[latency]


def test_timer_lag_is_the_age_of_the_oldest_due_timer_not_fired(mini_app: Flask, clock: FixedClock) -> None:
    ctx = mini_app.extensions["ocopflow"]
    client = mini_app.test_client()
    deploy_fixture(ctx, "timer_review.bpmn")
    dossier = file_on(ctx, "timer_review")
    with ctx.uow() as uow:
        first_due = uow.session.scalar(select(func.min(TimerRow.due_at)).where(TimerRow.dossier_id == dossier))
    assert first_due > clock.now()
    assert scrape(client)[("ocopflow_timer_lag_seconds", ())] == 0
    clock.set(first_due + timedelta(seconds=90))  # due 90 s ago; no scheduler ran
    assert scrape(client)[("ocopflow_timer_lag_seconds", ())] == 90


def test_open_incidents_are_counted_until_an_admin_resolves_them(mini_api: Api) -> None:
    _deploy(mini_api, _with_script_after("start", "x = 1 / 0"))
    assert mini_api.file("officer.huongkhe", "18101", process_key="mini_review").status_code == 422
    assert scrape(mini_api.client)[("ocopflow_open_incidents", ())] == 1
    [incident] = mini_api.get("admin", "/incidents").json["items"]
    resolved = mini_api.post("admin", f"/incidents/{incident['id']}/resolve", {"reason": "script fixed"})
    assert resolved.status_code == 200, resolved.json
    assert scrape(mini_api.client)[("ocopflow_open_incidents", ())] == 0


def test_metrics_can_be_switched_off(tmp_path: Path, clock: FixedClock) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'off.db'}", secret_key="test-secret-" + "x" * 40,
                        env="testing", bpmn_dir=ROOT / "bpmn", forms_dir=ROOT / "forms", metrics_enabled=False)
    app = create_app(settings, clock=clock)
    try:
        assert app.test_client().get("/metrics").status_code == 404
        assert Settings.from_env({"OCOPFLOW_METRICS": "off", "OCOPFLOW_INSTANCE_DIR": str(tmp_path)}).metrics_enabled \
            is False
    finally:
        app.extensions["ocopflow.engine"].dispose()
