"""Alembic environment: the URL comes from the caller's config (ocopflow db upgrade) or DATABASE_URL."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import engine_from_config, pool

from workflow_service.persistence import certificate_models as _certificate_models  # noqa: F401 - tables join the metadata
from workflow_service.persistence import cycle_models as _cycle_models  # noqa: F401 - tables join the metadata
from workflow_service.persistence import deadline_models as _deadline_models  # noqa: F401 - tables join the metadata
from workflow_service.persistence import document_models as _document_models  # noqa: F401 - its table joins the metadata
from workflow_service.persistence import migration_models as _migration_models  # noqa: F401 - tables join the metadata
from workflow_service.persistence import monitoring_models as _monitoring_models  # noqa: F401 - tables join
from workflow_service.persistence import sessions as _sessions  # noqa: F401 - its tables join the metadata
from workflow_service.persistence.models import Base

config = context.config
url = config.get_main_option("sqlalchemy.url") or os.environ.get("DATABASE_URL", "sqlite:///ocopflow.db")


def run_migrations() -> None:
    connectable = config.attributes.get("connection")
    if connectable is not None:
        context.configure(connection=connectable, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = engine_from_config({"sqlalchemy.url": url}, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
