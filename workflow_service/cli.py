"""The `ocopflow` command: serve, scheduler, db, units, users, deploy, demo, migrate, simulate (commands/)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from flask import Flask

from .commands.common import run_or_exit
from .commands.db import db, rebuild_counts_command
from .commands.migrate import migrate_command
from .commands.simulate import simulate_command
from .config import Settings
from .process_tuning import tune_garbage_collector


def open_app(refuse_demo_accounts: bool = True, **overrides: Any) -> Flask:
    """The service with the environment's settings, `overrides` (e.g. deploy_on_start=False) on top."""
    from . import create_app

    settings = Settings.from_env()
    if overrides:
        settings = Settings(**{**settings.__dict__, **overrides})
    return create_app(settings, refuse_demo_accounts=refuse_demo_accounts)


def _ctx(app: Flask) -> Any:
    return app.extensions["ocopflow"]


@click.group()
def main() -> None:
    """OCOP Flow: workflow service for OCOP product dossiers."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--threads", default=4, show_default=True, type=int)
def serve(host: str, port: int, threads: int) -> None:
    """Migrate, deploy bpmn/, load demo data into an empty database (never in production), and serve."""
    from gunicorn.app.base import BaseApplication

    from .services.demo.loader import is_empty

    app = open_app()
    settings: Settings = app.extensions["ocopflow.settings"]
    if settings.env == "production":
        if is_empty(_ctx(app)):
            click.echo("The database has no users yet: add them with `ocopflow users add` (production never "
                       "loads the demo accounts).")
    elif is_empty(_ctx(app)):
        _load_demo(_ctx(app), list_users=True)
    click.echo(f"Database: {settings.database_url}")
    click.echo(f"OCOP Flow on http://{host}:{port}/  (API: http://{host}:{port}/api/v1/openapi.json)")

    class _Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", 1)
            self.cfg.set("threads", threads)
            self.cfg.set("post_worker_init", _start_scheduler_in_worker)

        def load(self) -> Flask:
            return app

    tune_garbage_collector()
    _Server().run()


def _start_scheduler_in_worker(worker: Any) -> None:
    # In the forked worker, not the master: connections and threads do not survive a fork.
    from .jobs.scheduler import start_scheduler

    app = worker.app.wsgi()
    app.extensions["ocopflow.engine"].dispose(close=False)
    if start_scheduler(app) is not None:
        click.echo("scheduler started (set OCOPFLOW_SCHEDULER=off to run it elsewhere)")


@main.command()
def scheduler() -> None:
    """Run only the scheduler (BPMN timers, deadline escalation); any number may run on one database."""
    import threading

    from .jobs.scheduler import scheduler_enabled, start_scheduler, stop_scheduler

    if not scheduler_enabled():
        raise click.UsageError("OCOPFLOW_SCHEDULER is off")
    app = open_app()
    tune_garbage_collector()
    start_scheduler(app)
    click.echo("scheduler running; Ctrl+C stops it")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        stop_scheduler()


main.add_command(db)
db.add_command(rebuild_counts_command(lambda: open_app(deploy_on_start=False)))


@main.group()
def units() -> None:
    """Administrative units."""


@units.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def units_import(csv_file: Path) -> None:
    """Import code,name,level,parent_code,valid_from,valid_to."""
    from .services.units.importing import import_units

    count = run_or_exit(lambda: import_units(_ctx(open_app(deploy_on_start=False)), csv_file.read_text("utf-8-sig")))
    click.echo(f"imported {count} units")


@main.group()
def users() -> None:
    """User accounts."""


@users.command("add")
@click.argument("username")
@click.option("--password", required=True)
@click.option("--role", "roles", multiple=True, required=True, help="role or role@UNIT (repeatable)")
@click.option("--unit", default=None, help="unit for roles given without @UNIT")
@click.option("--email", default=None, help="address for deadline e-mails (due soon, overdue)")
@click.option("--name", default="", help="full name, as it signs official documents (e.g. 'Võ Trọng Hải')")
def users_add(username: str, password: str, roles: tuple[str, ...], unit: str | None, email: str | None,
              name: str) -> None:
    """Create or update a user with role@unit grants."""
    from .services.accounts.users import add_user

    grants = [r if "@" in r else f"{r}@{unit}" for r in roles]
    if any(g.endswith("@None") for g in grants):
        raise click.UsageError("give --unit CODE or write each role as role@UNIT")
    app = open_app(refuse_demo_accounts=False, deploy_on_start=False)
    run_or_exit(lambda: add_user(_ctx(app), username, password, grants, display_name=name, email=email))
    click.echo(f"user {username}: {', '.join(grants)}")


@users.command("passwd")
@click.argument("username")
@click.option("--password", prompt="New password", hide_input=True, confirmation_prompt=True,
              help="the new password (asked for when not given)")
def users_passwd(username: str, password: str) -> None:
    """Set USER's password; every session and token of USER ends."""
    from .services.accounts.sessions import set_password

    app = open_app(refuse_demo_accounts=False, deploy_on_start=False)  # this is how demo passwords get changed
    run_or_exit(lambda: set_password(_ctx(app), _cli_actor(), username, password))
    click.echo(f"password of {username} changed; every session and token of {username} has ended")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def deploy(files: tuple[Path, ...]) -> None:
    """Deploy a bundle: one .bpmn plus the .dmn and form .json files it uses."""
    from .domain.access import Actor
    from .domain.roles import RoleGrant
    from .services.definitions.deploy import deploy_bundle

    cli_actor = Actor("cli", (RoleGrant("designer", "-"),))
    result = run_or_exit(lambda: deploy_bundle(_ctx(open_app()), cli_actor, {f.name: f.read_bytes() for f in files}))
    verb = "deployed" if result.created else "unchanged:"
    click.echo(f"{verb} {result.definition.key} version {result.definition.version}")


@main.command()
def demo() -> None:
    """Load the demo data set (units, one user per role, open R2 and R4 dossiers); refused in production."""
    if Settings.from_env().env == "production":
        raise click.UsageError("the demo accounts share a published password: never in production")
    _load_demo(_ctx(open_app()), list_users=False)


def _load_demo(ctx: Any, list_users: bool) -> None:
    from .services.demo.data_set import load_demo_set
    from .services.demo.loader import DEMO_PASSWORD

    loaded = load_demo_set(ctx)
    click.echo(f"Demo data loaded: {len(loaded.users)} users, {len(loaded.dossiers)} open dossiers, "
               f"{len(loaded.certificates)} certificates in the public register at /register/. "
               f"Every demo login has the password: {DEMO_PASSWORD}")
    if loaded.skipped:
        click.echo(f"No demo dossiers: {loaded.skipped}.")
    if list_users:
        for username, grants in loaded.users.items():
            click.echo(f"  {username:<22} {', '.join(grants)}")


main.add_command(simulate_command(open_app))
main.add_command(migrate_command(lambda: open_app(deploy_on_start=False)))


@main.group("audit")
def audit_group() -> None:
    """The audit trail."""


@audit_group.command("verify")
@click.option("--dossier", "dossier_id", type=int, default=None, help="verify only this dossier's chain")
def audit_verify(dossier_id: int | None) -> None:
    """Walk each hash chain; name the first record that does not match (exit 1)."""
    from .services.audit.verify import verify_audit

    app = open_app(deploy_on_start=False)
    try:
        result = verify_audit(_ctx(app), dossier_id)
    finally:
        app.extensions["ocopflow.engine"].dispose()
    for chain_break in result.breaks:
        click.echo(f"BROKEN {chain_break.chain}: audit record {chain_break.entry_id}: {chain_break.reason}",
                   err=True)
    if not result.intact:
        sys.exit(1)
    click.echo(f"audit trail intact: {result.checked} records verified in {result.chains} chain(s)")


_CLI_ADMIN = ("cli", "admin@VN")


def _cli_actor() -> Any:
    from .domain.access import Actor
    from .domain.roles import RoleGrant

    return Actor(_CLI_ADMIN[0], (RoleGrant.parse(_CLI_ADMIN[1]),))


@main.group("calendar")
def calendar_group() -> None:
    """Working-day calendar corrections."""


@calendar_group.command("correct")
@click.argument("day")
@click.argument("kind", type=click.Choice(["working", "off"]))
@click.option("--reason", required=True, help="why, e.g. the decision that announced it")
def calendar_correct(day: str, kind: str, reason: str) -> None:
    """Mark DAY (yyyy-mm-dd) as a make-up working day or an extra day off."""
    from .services.deadlines.corrections import parse_day, set_correction

    app = open_app(deploy_on_start=False)
    _, changed = run_or_exit(lambda: set_correction(_ctx(app), _cli_actor(), parse_day(day), kind, reason))
    click.echo(f"{day} is now {'a working day' if kind == 'working' else 'a day off'}; "
               f"{changed} open task(s) got a new due date")


@main.group()
def plans() -> None:
    """Yearly plans."""


@plans.command("import")
@click.argument("plan_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="replace the unit's plan for the same years")
@click.option("--dry-run", is_flag=True, help="check the file and report, change nothing")
def plans_import(plan_file: Path, replace: bool, dry_run: bool) -> None:
    """Import a plan file (YAML: unit, year, source, steps)."""
    from .services.plans.importing import import_plan

    app = open_app(deploy_on_start=False)
    result = run_or_exit(lambda: import_plan(_ctx(app), _cli_actor(), plan_file.read_text("utf-8"),
                                      replace=replace, dry_run=dry_run))
    click.echo(result.summary())

