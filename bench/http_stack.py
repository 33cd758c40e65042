"""The real HTTP stack: the Flask app behind werkzeug's WSGI server on 127.0.0.1, called over TCP."""

from __future__ import annotations

import http.client
import json
import logging
import threading
from typing import Any, Self

from flask import Flask
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server


class _QuietHandler(WSGIRequestHandler):
    # werkzeug writes headers and body in separate sends; without TCP_NODELAY a delayed ACK on the
    # client can add ~40 ms to a response, which measures the kernel, not the service.
    disable_nagle_algorithm = True

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


class Server:
    def __init__(self, app: Flask):
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        self._server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=False,
                                                   request_handler=_QuietHandler)
        self.port = self._server.server_port
        self._thread = threading.Thread(target=self._server.serve_forever, name="bench-http", daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)
        self._server.server_close()


class Client:
    """One TCP connection per request (werkzeug's server closes every connection after replying)."""

    def __init__(self, port: int, token: str | None = None):
        self.port = port
        self.token = token

    def call(self, method: str, path: str, payload: Any = None, expect: int = 200) -> Any:
        headers = {"Accept": "application/json"}
        body = None
        if payload is not None:
            body = json.dumps(payload).encode("utf-8")
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            raw = response.read()
        finally:
            conn.close()
        if response.status != expect:
            raise RuntimeError(f"{method} {path} -> {response.status} (expected {expect}): {raw[:500]!r}")
        return json.loads(raw) if raw else None
