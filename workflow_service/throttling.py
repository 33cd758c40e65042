"""Sign-in throttling with Flask-Limiter, wired by create_app onto both sign-in endpoints.

Two limits, each counting only *failed* attempts (answers 401), shared by the sign-in page and
POST /api/v1/auth/token: per user name (`OCOPFLOW_SIGNIN_USER_LIMIT`, default 5 per 15 minutes) and
per client address (`OCOPFLOW_SIGNIN_ADDRESS_LIMIT`, 20 per 15 minutes). Flask-Limiter checks them
before the view runs, so once a limit is reached the password is not even looked at — the right one
is refused too — until the window ends. The breach sets `g.sign_in_retry_after` (seconds) for the
429 answers (api/errors.py, web/auth.py). Counters live in the service database by default
(services/accounts/throttle_store.py: shared by all workers, on the service clock);
`OCOPFLOW_SIGNIN_LIMIT_STORAGE=memory://` keeps them per process instead."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

from flask import Flask, g, request
from flask.wrappers import Response
from flask_limiter import Limiter, RequestLimit
from limits import parse

from .config import ConfigurationError, Settings
from .services.accounts.throttle_store import SCHEME
from .services.context import ServiceContext

SIGN_IN_ENDPOINTS = ("pages.login", "api.token")
# The public register (no sign-in): every request counts, per client address (OCOPFLOW_REGISTER_LIMIT).
REGISTER_ENDPOINTS = ("api.register_certificates", "api.register_certificate", "api.register_certificate_pdf",
                      "register.index", "register.certificate")


def client_address() -> str:
    return request.remote_addr or "unknown"


def attempted_username() -> str:
    """The user name being tried, from the page form or the JSON body; compared case-insensitively."""
    payload = request.get_json(silent=True) if request.is_json else None
    name = payload.get("username") if isinstance(payload, dict) else request.form.get("username")
    name = name.strip().lower()[:80] if isinstance(name, str) else ""
    return name or "-"  # an empty key would make Flask-Limiter skip (and log) the limit


def failed(response: Response) -> bool:
    return response.status_code == 401


def init_throttling(app: Flask, settings: Settings, context: ServiceContext) -> Limiter:
    for name, value in (("OCOPFLOW_SIGNIN_USER_LIMIT", settings.sign_in_user_limit),
                        ("OCOPFLOW_SIGNIN_ADDRESS_LIMIT", settings.sign_in_address_limit)):
        try:
            parse(value)
        except ValueError as err:
            raise ConfigurationError(f"{name}={value!r} is not a limit like '5 per 15 minutes'") from err
    now: Callable[[], float] = time.time
    storage_uri = settings.sign_in_limit_storage
    if storage_uri == "database":
        storage_uri = f"{SCHEME}://"
        app.config["RATELIMIT_STORAGE_OPTIONS"] = {"ctx": context}
        now = lambda: context.clock.now().timestamp()

    def remember_retry_after(limit: RequestLimit) -> None:
        g.sign_in_retry_after = max(1, math.ceil(limit.window.reset_time - now()))

    limiter = Limiter(client_address, app=app, storage_uri=storage_uri, strategy="fixed-window",
                      key_prefix="sign-in", on_breach=remember_retry_after)
    per_user = limiter.shared_limit(settings.sign_in_user_limit, scope="user", key_func=attempted_username,
                                    deduct_when=failed, methods=["POST"])
    per_address = limiter.shared_limit(settings.sign_in_address_limit, scope="address", key_func=client_address,
                                       deduct_when=failed, methods=["POST"])
    for endpoint in SIGN_IN_ENDPOINTS:
        if endpoint in app.view_functions:
            view: Callable[..., Any] = app.view_functions[endpoint]
            app.view_functions[endpoint] = per_address(per_user(view))
    _limit_register(app, limiter, settings, remember_retry_after)
    return limiter


def _limit_register(app: Flask, limiter: Limiter, settings: Settings,
                    remember_retry_after: Callable[[RequestLimit], None]) -> None:
    try:
        parse(settings.register_limit)
    except ValueError as err:
        raise ConfigurationError(f"OCOPFLOW_REGISTER_LIMIT={settings.register_limit!r} is not a limit like "
                                 "'120 per minute'") from err

    def on_breach(limit: RequestLimit) -> None:
        g.throttled = "register"
        remember_retry_after(limit)

    per_address = limiter.shared_limit(settings.register_limit, scope="register", key_func=client_address,
                                       on_breach=on_breach)
    for endpoint in REGISTER_ENDPOINTS:
        if endpoint in app.view_functions:
            view: Callable[..., Any] = app.view_functions[endpoint]
            app.view_functions[endpoint] = per_address(view)
