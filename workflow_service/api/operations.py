"""Readiness for load balancers and orchestrators (liveness is GET /health in routes.py)."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask.wrappers import Response

from ..config import Settings
from ..services.operations.readiness import readiness
from .common import api, ctx, reply
from .errors import problem


@api.get("/ready")
def ready() -> Response:
    settings: Settings = current_app.extensions["ocopflow.settings"]
    result = readiness(ctx(), scheduler_expected=settings.scheduler_expected,
                       max_heartbeat_age=timedelta(seconds=2 * settings.timer_sweep_seconds))
    if result.ready:
        return reply({"status": "ready", "checks": result.checks})
    detail = "not ready: " + "; ".join(f"{name} {result.checks[name]}" for name in result.problems)
    return problem(503, "Service not ready", detail, result.problems, headers={"Retry-After": "10"})
