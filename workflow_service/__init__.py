"""OCOP Flow workflow service: create_app wires settings, database, engine cache, API and pages."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from .config import ConfigurationError, Settings, refuse_unsafe_production
from .domain.clock import VN_TZ, Clock, OffsetClock, SystemClock

if TYPE_CHECKING:  # Flask is imported when an app is created: script workers import this package too
    from flask import Flask
    from sqlalchemy import Engine

    from .services.context import ServiceContext


def create_app(settings: Settings | None = None, clock: Clock | None = None, *,
               refuse_demo_accounts: bool = True) -> Flask:
    """refuse_demo_accounts=False only for the command line's account maintenance (users passwd)."""
    from flask import Flask

    from .api import (  # noqa: F401 - the modules register their routes on the blueprint
        accounts,
        certificates,
        common,
        cycle,
        deadline_routes,
        designer,
        documents,
        incidents,
        migrations,
        monitoring,
        notifications,
        openapi,
        openapi_certificates,
        openapi_cycle,
        openapi_documents,
        openapi_incidents,
        openapi_migrations,
        operations,
        producer,
        register,
        routes,
        simulation,
    )
    from .api.errors import register_error_handlers
    from .api.hardening import init_api
    from .engine.cache import RuntimeCache
    from .engine.sandbox import ScriptLimits
    from .persistence.database import make_engine, make_session_factory
    from .persistence.migrate import upgrade
    from .persistence.unit_of_work import close_request_connection, open_request_connection
    from .services.context import ServiceContext, reset_commit_state
    from .services.definitions.deploy import deploy_directory
    from .services.regulations.registry import registry

    settings = settings or Settings.from_env()
    refuse_unsafe_production(settings)
    engine = make_engine(settings.database_url, settings.db_pool_size, settings.db_max_overflow,
                         settings.db_pool_timeout)
    upgrade(engine)
    context = ServiceContext(
        session_factory=make_session_factory(engine),
        clock=clock or _clock(settings),
        forms_dir=settings.forms_dir,
        secret_key=settings.secret_key,
        token_ttl_minutes=settings.token_ttl_minutes,
        refresh_token_hours=settings.refresh_token_hours,
        runtimes=RuntimeCache(ScriptLimits(settings.script_timeout_ms, settings.script_memory_mb,
                                           settings.script_max_bytes)),
        regulations_file=settings.bpmn_dir / "regulations.yaml",
        public_base_url=settings.public_base_url,
        test_pause=frozenset(filter(None, settings.test_pause.split(","))),
    )
    registry(context)  # a broken registry stops the start, not the first filing
    if settings.env == "production" and refuse_demo_accounts:
        _refuse_demo_accounts(context, engine)
    if settings.deploy_on_start and settings.bpmn_dir.is_dir():
        deploy_directory(context, settings.bpmn_dir)

    app = Flask(__name__, static_folder=None)  # the pages blueprint serves /static (web/static)
    from .request_log import configure_logging, init_request_log

    configure_logging(settings.log_format)
    init_request_log(app)  # first, so the request id exists before any other hook logs
    if settings.metrics_enabled:
        from .observability import init_metrics

        init_metrics(app, context)
    app.config.update(SECRET_KEY=settings.secret_key, JSON_SORT_KEYS=False, MAX_CONTENT_LENGTH=20 * 2**20)
    init_api(app)  # id converter, JSON limits, API headers: before the blueprint's routes are bound
    app.extensions["ocopflow"] = context
    app.extensions["ocopflow.settings"] = settings
    app.extensions["ocopflow.engine"] = engine
    app.register_blueprint(common.api)
    app.before_request(reset_commit_state)  # what a 503 says depends on this request's commits only
    app.before_request(lambda: open_request_connection(engine))  # one pooled connection per request
    app.teardown_request(lambda _error: close_request_connection())
    register_error_handlers(app)
    from . import web

    web.init_app(app, csrf_exempt=(common.api,))
    from .throttling import init_throttling

    init_throttling(app, settings, context)
    if settings.trusted_proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n)  # type: ignore[method-assign]
    return app


def _refuse_demo_accounts(context: ServiceContext, engine: Engine) -> None:
    from .services.demo.loader import demo_accounts_with_published_password

    found = demo_accounts_with_published_password(context)
    if found:
        engine.dispose()
        raise ConfigurationError(
            f"refusing to start in production: demo account(s) with the published demo password exist: "
            f"{', '.join(found)}. Give each a new password (ocopflow users passwd USER) or remove it.")


def _clock(settings: Settings) -> Clock:
    if settings.clock_start:
        start = datetime.fromisoformat(settings.clock_start)
        return OffsetClock(start if start.tzinfo else start.replace(tzinfo=VN_TZ))
    return SystemClock()
