"""Request ids: answered in X-Request-ID, carried by the JSON access-log line and by every log line
written while the request runs."""

from __future__ import annotations

import io
import json
import logging
import re

import pytest
from flask import Flask

from tests.conftest import Api
from workflow_service.config import Settings
from workflow_service.request_log import JsonFormatter, configure_logging


def access_lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, object]]:
    formatter = JsonFormatter()
    return [json.loads(formatter.format(r)) for r in caplog.records if r.name == "ocopflow.access"]


def test_an_incoming_request_id_is_answered_and_logged_as_json(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="ocopflow.access")
    response = api.client.get("/api/v1/health", headers={"X-Request-ID": "lb-7f3a.42"})
    assert response.headers["X-Request-ID"] == "lb-7f3a.42"
    [line] = access_lines(caplog)
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert (line["method"], line["path"], line["status"], line["user"], line["level"]) == (
        "GET", "/api/v1/health", 200, None, "INFO")
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0


def test_a_missing_or_insane_request_id_is_replaced_and_the_user_is_named(
        api: Api, caplog: pytest.LogCaptureFixture) -> None:
    headers = api.headers("producer.huongkhe")  # signs in first (its own access line)
    caplog.set_level(logging.INFO, logger="ocopflow.access")
    caplog.clear()
    response = api.client.get("/api/v1/dossiers", headers={**headers, "X-Request-ID": "<script>" + "x" * 200})
    assert response.status_code == 200
    generated = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    [line] = access_lines(caplog)
    assert (line["request_id"], line["user"], line["status"]) == (generated, "producer.huongkhe", 200)
    other = api.client.get("/api/v1/health").headers["X-Request-ID"]
    assert other != generated and re.fullmatch(r"[0-9a-f]{32}", other)


def test_every_line_logged_during_a_request_carries_its_id(app: Flask) -> None:
    @app.get("/_probe")
    def probe() -> str:
        logging.getLogger("workflow_service.probe").warning("inside the request")
        return "ok"

    handler = configure_logging("json")
    stream = io.StringIO()
    previous = handler.setStream(stream)  # type: ignore[attr-defined]
    try:
        response = app.test_client().get("/_probe", headers={"X-Request-ID": "req-1"})
        logging.getLogger("workflow_service.probe").warning("outside any request")
    finally:
        handler.setStream(previous)  # type: ignore[attr-defined]
        configure_logging("text")
    lines = [json.loads(text) for text in stream.getvalue().splitlines()]
    by_message = {line["message"]: line for line in lines}
    assert response.headers["X-Request-ID"] == "req-1"
    assert by_message["inside the request"]["request_id"] == "req-1"
    assert by_message["GET /_probe 200"]["request_id"] == "req-1"
    assert by_message["outside any request"]["request_id"] is None


def test_the_log_format_is_json_in_production_and_configurable(tmp_path: object) -> None:
    base = {"OCOPFLOW_INSTANCE_DIR": str(tmp_path)}
    assert Settings.from_env({**base, "OCOPFLOW_ENV": "production"}).log_format == "json"
    assert Settings.from_env(base).log_format == "text"
    assert Settings.from_env({**base, "OCOPFLOW_LOG_FORMAT": "JSON"}).log_format == "json"
    with pytest.raises(SystemExit, match="OCOPFLOW_LOG_FORMAT"):
        Settings.from_env({**base, "OCOPFLOW_LOG_FORMAT": "xml"})
