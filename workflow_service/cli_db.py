"""`ocopflow db`: upgrade, backup, restore, and the monitoring counts' rebuild (registered by cli.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from flask import Flask

from .config import Settings
from .domain.errors import DomainError


def _app(**overrides: Any) -> Flask:
    from . import create_app

    return create_app(Settings(**{**Settings.from_env().__dict__, **overrides}))


def _run(action: Any) -> Any:
    try:
        return action()
    except DomainError as err:
        click.echo(f"error: {err.detail}", err=True)
        for field, messages in err.errors.items():
            for message in messages:
                click.echo(f"  {field}: {message}", err=True)
        sys.exit(2)


@click.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply all migrations."""
    from .persistence.database import make_engine
    from .persistence.migrate import upgrade

    upgrade(make_engine(Settings.from_env().database_url))
    click.echo("database is at the latest schema")


@db.command("backup")
@click.argument("file", type=click.Path(path_type=Path))
def db_backup(file: Path) -> None:
    """Write a backup of DATABASE_URL to FILE (SQLite online backup; PostgreSQL pg_dump -Fc)."""
    from .services.operations.backup import backup

    _run(lambda: backup(Settings.from_env().database_url, file))
    click.echo(f"backup written to {file}")


@db.command("restore")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="drop what the database holds first (else it must be empty)")
def db_restore(file: Path, replace: bool) -> None:
    """Load FILE (from `db backup`) into DATABASE_URL; then run `db upgrade` and `audit verify`."""
    from .services.operations.backup import restore

    _run(lambda: restore(Settings.from_env().database_url, file, replace=replace))
    click.echo(f"restored from {file}")


@db.command("rebuild-counts")
@click.option("--check", is_flag=True, help="only compare the kept counts with a recount (exit 1 if they differ)")
def db_rebuild_counts(check: bool) -> None:
    """Recount the monitoring summary's task counts from the tasks (after rows written without triggers)."""
    from .services.monitoring.counts import count_differences, rebuild_counts

    app = _app(deploy_on_start=False)
    try:
        ctx = app.extensions["ocopflow"]
        differences = count_differences(ctx) if check else {}
        rebuilt = 0 if check else rebuild_counts(ctx)
    finally:
        app.extensions["ocopflow.engine"].dispose()
    for bucket, (kept, recounted) in sorted(differences.items(), key=str):
        click.echo(f"DIFFERS {bucket}: kept {kept}, recounted {recounted}", err=True)
    if check:
        sys.exit(1 if differences else 0)
    click.echo(f"task counts rebuilt: {rebuilt} buckets")
