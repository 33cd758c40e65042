"""The served OpenAPI document says what the service does: schemathesis, every check, as two users.

Runs schemathesis' own engine (examples, coverage, fuzzing and stateful phases, `--checks all`) in-process
against the Flask app, once with an admin's token and once with a producer's, with a fixed seed so CI sees
the same requests every run. Any failure is listed with the request that caused it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import schemathesis
import schemathesis.specs.openapi._auth_retry as auth_retry
from flask import Flask
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events, from_schema

from tests.conftest import ROOT, make_app
from workflow_service.domain.clock import FixedClock
from workflow_service.services.demo.loader import DEMO_PASSWORD

MAX_EXAMPLES = 6
SEED = 20261123
# Operations whose bodies or parameters are valid only against data a JSON Schema cannot state: a BPMN
# bundle's content, a YAML plan's lines and units, a round's cut-off and province, a summary's from ≤ to
# within 36 periods, a filing's commune and the chosen process's registration form, a password change's
# current password (only its owner knows it), a migration plan's YAML and the versions it names, a
# simulation's scenario (YAML naming a deployed process, its users and its steps). For these, a
# schema-valid request may rightly get 422 naming the field; every other check stays as it is.
SEMANTIC_422 = ["POST /process-definitions", "POST /plans", "POST /rounds", "GET /monitoring/summary",
                "POST /dossiers", "POST /me/password", "POST /migrations/validate", "POST /migrations/dry-run",
                "POST /migrations/runs", "POST /simulations",
                # a certificate's window, an inspection's due day, a finding day not in the future
                "POST /certificates/{number}/re-evaluation", "POST /certificates/{number}/inspections",
                "POST /certificates/{number}/revocations", "POST /ideas", "POST /business-plans"]
ACCEPTED = ["2xx", "3xx", 401, 403, 404, 409, 422, 429]


@pytest.fixture(scope="module")
def served_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    clock = FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    db = tmp_path_factory.mktemp("schemathesis") / "api.db"
    app = make_app(f"sqlite:///{db}", clock, ROOT / "bpmn", ROOT / "forms")
    yield app
    app.extensions["ocopflow.engine"].dispose()


@pytest.fixture(autouse=True)
def _probe_without_socket_options(monkeypatch: pytest.MonkeyPatch) -> None:
    """schemathesis 4.32 sends its "is auth ignored?" probe to a WSGI app with `max_redirects`, which
    werkzeug's test client does not take; drop the socket-only options as its own WSGI transport does."""
    original = auth_retry.build_retry_transport_kwargs

    def without_socket_options(*args: Any, **kwargs: Any) -> dict[str, Any]:
        sent = original(*args, **kwargs)
        for name in ("max_redirects", "verify", "cert", "proxies"):
            sent.pop(name, None)
        return sent

    monkeypatch.setattr(auth_retry, "build_retry_transport_kwargs", without_socket_options)


def _failures(app: Flask, user: str) -> list[str]:
    client = app.test_client()
    token = client.post("/api/v1/auth/token", json={"username": user, "password": DEMO_PASSWORD}).json
    config = SchemathesisConfig.from_dict({
        "seed": SEED, "workers": 1, "headers": {"Authorization": f"Bearer {token['access_token']}"},
        "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none"},
        "cache": {"enabled": False},
        "checks": {"enabled": True},
        "operations": [{"include-name": name, "checks": {"positive_data_acceptance": {
            "expected-statuses": ACCEPTED}}} for name in SEMANTIC_422],
    })
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, config=config)
    found: list[str] = []
    for event in from_schema(schema).execute():
        if isinstance(event, (events.NonFatalError, events.FatalError)):
            found.append(f"engine error: {event!r}")
        if not isinstance(event, events.ScenarioFinished):
            continue
        for case_id, checks in event.recorder.checks.items():
            for check in checks:
                if check.failure_info is None:
                    continue
                case = event.recorder.cases[case_id].value
                interaction = event.recorder.interactions.get(case_id)
                status = interaction.response.status_code if interaction and interaction.response else None
                found.append(f"{check.name} on {event.recorder.label}: {check.failure_info.failure.title} — "
                             f"{case.method} {case.path} {case.path_parameters} {case.query} -> {status}")
    return sorted(set(found))


@pytest.mark.parametrize("user", ["admin", "producer.huongkhe"])
def test_the_service_does_what_its_openapi_document_says(served_app: Flask, user: str) -> None:
    failures = _failures(served_app, user)
    assert not failures, "\n".join(failures)
