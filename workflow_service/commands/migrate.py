"""`ocopflow migrate`: dry-run or run a migration plan from the command line, with a progress bar.

    ocopflow migrate bpmn/migrations/r2_to_r3_2025.yaml --dry-run [--format csv]
    ocopflow migrate bpmn/migrations/r2_to_r3_2025.yaml --execute
    ocopflow migrate --resume RUN
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from flask import Flask

from ..domain.access import Actor
from .common import CLI_DESIGNER, run_or_exit


def migrate_command(make_app: Callable[[], Flask]) -> click.Command:
    """The command, opening the service (settings from the environment, no deploy) with `make_app`."""

    @click.command("migrate")
    @click.argument("plan_file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--dry-run", "mode", flag_value="dry-run", help="show every affected dossier, change nothing")
    @click.option("--execute", "mode", flag_value="execute", help="migrate the dossiers (one transaction each)")
    @click.option("--resume", "resume_run", type=int, default=None, help="continue run RUN after a crash")
    @click.option("--format", "output", type=click.Choice(["json", "csv"]), default="json", show_default=True,
                  help="dry run output")
    @click.option("--as", "username", default=None, help="act as this designer (default: 'cli')")
    def migrate(plan_file: Path | None, mode: str | None, resume_run: int | None, output: str,
                username: str | None) -> None:
        """Migrate dossiers in flight to another process version, as PLAN_FILE says."""
        from ..services.accounts.users import load_actor

        if resume_run is None and (plan_file is None or mode is None):
            raise click.UsageError("give PLAN_FILE with --dry-run or --execute, or --resume RUN")
        ctx = make_app().extensions["ocopflow"]
        actor = run_or_exit(lambda: load_actor(ctx, username)) if username else CLI_DESIGNER
        if resume_run is not None:
            _execute(ctx, actor, resume_run)
        elif mode == "dry-run":
            assert plan_file is not None
            _dry_run(ctx, actor, plan_file.read_text("utf-8"), output)
        else:
            assert plan_file is not None
            from ..services.migration.runs import start_run

            run_id = run_or_exit(lambda: start_run(ctx, actor, plan_file.read_text("utf-8")))
            click.echo(f"run {run_id} started (resume it with: ocopflow migrate --resume {run_id})", err=True)
            _execute(ctx, actor, run_id)

    return migrate


def _dry_run(ctx: Any, actor: Actor, text: str, output: str) -> None:
    from ..services.migration import dry_run as previews

    preview = run_or_exit(lambda: previews.dry_run(ctx, actor, text))
    if output == "csv":
        click.echo(previews.preview_csv(preview), nl=False)
    else:
        click.echo(json.dumps({"plan": preview.plan, "counts": preview.counts,
                               "dossiers": [previews.outcome_view(o) for o in preview.outcomes]},
                              ensure_ascii=False, indent=2))
    counts = preview.counts
    click.echo(f"{counts['affected']} dossier(s): {counts['migratable']} would migrate, "
               f"{counts['cannot']} cannot", err=True)


def _execute(ctx: Any, actor: Actor, run_id: int) -> None:
    from ..services.migration.runs import run_pending, run_status

    pending = run_or_exit(lambda: run_status(ctx, actor, run_id)).counts["pending"]
    with click.progressbar(length=pending, label=f"run {run_id}", file=sys.stderr,
                           show_pos=True) as bar:
        def step(_done: int, _total: int, outcome: Any) -> None:
            bar.update(1)
            if not outcome.migratable:
                bar.label = f"run {run_id} ({outcome.registration_number}: not migrated)"

        view = run_or_exit(lambda: run_pending(ctx, actor, run_id, progress=step))
    for item in view.items:
        if item["status"] in ("failed", "refused"):
            click.echo(f"{item['status'].upper()} {item['registration_number']} (dossier {item['dossier_id']}): "
                       f"{item['error']}", err=True)
    counts = view.counts
    click.echo(f"run {run_id} {view.status}: {counts['migrated']} migrated, {counts['refused']} refused, "
               f"{counts['failed']} failed, {counts['pending']} pending")
    if counts["failed"]:
        sys.exit(1)
