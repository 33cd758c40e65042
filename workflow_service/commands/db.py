"""`ocopflow db`: upgrade, backup, restore, and the monitoring counts' rebuild (registered by cli.py)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click
from flask import Flask

from ..config import Settings
from .common import run_or_exit


@click.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply all migrations."""
    from ..persistence.database import make_engine
    from ..persistence.migrate import upgrade

    upgrade(make_engine(Settings.from_env().database_url))
    click.echo("database is at the latest schema")


@db.command("backup")
@click.argument("file", type=click.Path(path_type=Path))
def db_backup(file: Path) -> None:
    """Write a backup of DATABASE_URL to FILE (SQLite online backup; PostgreSQL pg_dump -Fc)."""
    from ..services.operations.backup import backup

    run_or_exit(lambda: backup(Settings.from_env().database_url, file))
    click.echo(f"backup written to {file}")


@db.command("restore")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="drop what the database holds first (else it must be empty)")
def db_restore(file: Path, replace: bool) -> None:
    """Load FILE (from `db backup`) into DATABASE_URL; then run `db upgrade` and `audit verify`."""
    from ..services.operations.backup import restore

    run_or_exit(lambda: restore(Settings.from_env().database_url, file, replace=replace))
    click.echo(f"restored from {file}")


def rebuild_counts_command(make_app: Callable[[], Flask]) -> click.Command:
    """`db rebuild-counts`, opening the service (settings from the environment, no deploy) with `make_app`."""

    @click.command("rebuild-counts")
    @click.option("--check", is_flag=True, help="only compare the kept counts with a recount (exit 1 if they differ)")
    def db_rebuild_counts(check: bool) -> None:
        """Recount the monitoring summary's task counts from the tasks (after rows written without triggers)."""
        from ..services.monitoring.counts import count_differences, rebuild_counts

        app = make_app()
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

    return db_rebuild_counts
