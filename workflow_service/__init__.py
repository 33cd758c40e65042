"""OCOP Flow workflow service: create_app wires settings, database, engine cache, API and pages."""

from __future__ import annotations

from datetime import datetime

from flask import Flask

from .config import Settings
from .domain.clock import VN_TZ, Clock, OffsetClock, SystemClock


def create_app(settings: Settings | None = None, clock: Clock | None = None) -> Flask:
    from .api import (  # noqa: F401 - the modules register their routes on the blueprint
        common,
        deadline_routes,
        designer,
        monitoring,
        notifications,
        openapi,
        routes,
    )
    from .api.errors import register_error_handlers
    from .persistence.database import make_engine, make_session_factory
    from .persistence.migrate import upgrade
    from .services.context import ServiceContext
    from .services.definitions.deploy import deploy_directory
    from .services.regulations.registry import registry

    settings = settings or Settings.from_env()
    engine = make_engine(settings.database_url)
    upgrade(engine)
    context = ServiceContext(
        session_factory=make_session_factory(engine),
        clock=clock or _clock(settings),
        forms_dir=settings.forms_dir,
        secret_key=settings.secret_key,
        token_ttl_minutes=settings.token_ttl_minutes,
        regulations_file=settings.bpmn_dir / "regulations.yaml",
    )
    registry(context)  # a broken registry stops the start, not the first filing
    if settings.deploy_on_start and settings.bpmn_dir.is_dir():
        deploy_directory(context, settings.bpmn_dir)

    app = Flask(__name__, static_folder=None)  # the pages blueprint serves /static (web/static)
    app.config.update(SECRET_KEY=settings.secret_key, JSON_SORT_KEYS=False, MAX_CONTENT_LENGTH=20 * 2**20)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.extensions["ocopflow"] = context
    app.extensions["ocopflow.settings"] = settings
    app.extensions["ocopflow.engine"] = engine
    app.register_blueprint(common.api)
    register_error_handlers(app)
    from . import web

    web.init_app(app, csrf_exempt=(common.api,))
    return app


def _clock(settings: Settings) -> Clock:
    if settings.clock_start:
        start = datetime.fromisoformat(settings.clock_start)
        return OffsetClock(start if start.tzinfo else start.replace(tzinfo=VN_TZ))
    return SystemClock()
