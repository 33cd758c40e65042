"""Officers working through a running service over HTTP, each in a thread: read the inbox, file a
dossier, claim its task, complete it; every answer is kept with when it was asked and answered.

An action answered 503 is asked again later. One whose answer is lost in between (a 503 after the
commit reached the server) shows up as a 409 on the repeat; the test checks those against the rows.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Answer:
    worker: int
    action: str          # inbox, file, claim, complete
    target: str          # the dossier's or task's id, "" for inbox and a filing
    started: float       # time.monotonic()
    ended: float
    status: int          # 0: no HTTP answer at all (connection refused or reset)
    content_type: str
    body: str
    data: Any


def call(base: str, method: str, path: str, token: str | None = None, body: Any = None,
         timeout: float = 30) -> tuple[int, str, str, Any]:
    headers = {"Content-Type": "application/json"} | ({"Authorization": f"Bearer {token}"} if token else {})
    request = urllib.request.Request(f"{base}{path}", method=method, headers=headers,
                                     data=json.dumps(body).encode() if body is not None else None)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, content_type, raw = response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as err:
        status, content_type, raw = err.code, err.headers.get("Content-Type", ""), err.read()
    except OSError:
        return 0, "", "", None
    text = raw.decode("utf-8", "replace")
    try:
        data = json.loads(text) if text else None
    except ValueError:
        data = None
    return status, content_type, text, data


@dataclass
class Officer:
    """One thread's loop. `pending`: the dossier it filed and the task still to claim or complete."""

    number: int
    base: str
    token: str
    commune: str
    process_key: str
    answers: list[Answer]
    stop: threading.Event
    pending: dict[str, Any] = field(default_factory=dict)

    def run(self) -> None:
        while not self.stop.is_set():
            self._ask("inbox", "", "GET", "/tasks?limit=5")
            if not self.pending:
                answer = self._ask("file", "", "POST", "/dossiers", {
                    "process_key": self.process_key, "commune": self.commune, "kind": "first_time", "data": {}})
                if answer.status == 201:
                    self.pending = {"dossier": answer.data["id"], "task": answer.data["open_tasks"][0]["id"],
                                    "claimed": False}
            elif not self.pending["claimed"]:
                answer = self._ask("claim", self.pending["task"], "POST", f"/tasks/{self.pending['task']}/claim")
                self.pending["claimed"] = answer.status == 200
            else:
                answer = self._ask("complete", self.pending["task"], "POST",
                                   f"/tasks/{self.pending['task']}/complete", {"data": {"complete": False}})
                if answer.status in (200, 409):  # 409: an earlier, unanswered attempt did complete it
                    self.pending = {}
            if answer.status in (0, 503):
                time.sleep(0.2)  # what a client told Retry-After does, shortened

    def _ask(self, action: str, target: str, method: str, path: str, body: Any = None) -> Answer:
        started = time.monotonic()
        status, content_type, text, data = call(self.base, method, path, self.token, body)
        answer = Answer(self.number, action, target, started, time.monotonic(), status, content_type, text, data)
        self.answers.append(answer)  # list.append is atomic: the threads share one list
        return answer
