"""`ocopflow simulate SCENARIO.yaml [--bpmn FILE ...] [--json]`: run a scenario on a throw-away database.

Exit code 0 when every expectation holds, 1 when one fails or a step cannot be done, 2 when the
scenario or the uploaded files are invalid (the problems are printed, each naming its field).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from flask import Flask

from .common import CLI_DESIGNER, run_or_exit


def simulate_command(make_app: Callable[[], Flask]) -> click.Command:
    """The command, opening the service (settings from the environment) with `make_app`."""

    @click.command("simulate")
    @click.argument("scenario", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--bpmn", "files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
                  help="a changed .bpmn, .dmn or form .json to run instead of the deployed version's (repeatable)")
    @click.option("--json", "as_json", is_flag=True, help="print the whole report as JSON")
    def simulate(scenario: Path, files: tuple[Path, ...], as_json: bool) -> None:
        """Run SCENARIO on a throw-away database (the live one is only read) and report the path."""
        from ..services.simulation.simulate import SimulationRequest
        from ..services.simulation.simulate import simulate as run

        request = SimulationRequest(scenario.read_text(encoding="utf-8"), {f.name: f.read_bytes() for f in files})
        app = make_app()
        try:
            report, _xml = run_or_exit(lambda: run(app.extensions["ocopflow"], CLI_DESIGNER, request))
        finally:
            app.extensions["ocopflow.engine"].dispose()
        view = report.as_dict()
        click.echo(json.dumps(view, ensure_ascii=False, indent=2) if as_json else as_text(view))
        if not view["passed"]:
            sys.exit(1)

    return simulate


def as_text(view: dict[str, Any]) -> str:
    process = view["process"]
    version = f"version {process['version']}" if process["version"] else \
        f"uploaded {', '.join(process['uploaded'])} over version {process['based_on_version'] or '-'}"
    lines = [f"Scenario: {view['scenario']}", f"Process:  {process['key']} {version}", "Path:"]
    for entry in view["path"]:
        lines.append("  " + _path_line(entry))
    dossier = view["dossier"]
    if dossier:
        stars = f"{dossier['stars']}★" if dossier.get("stars") is not None else "no stars"
        lines.append(f"Outcome:  {dossier['status']} · score {dossier.get('score')} · {stars} · "
                     f"recognised by {dossier.get('recognised_by') or '-'} · {dossier['registration_number']}")
    if view["stopped"]:
        stop = view["stopped"]
        lines.append(f"STOPPED at {stop['step']} ({stop['action']}): {stop['reason']}")
        lines += [f"  {field}: {'; '.join(messages)}" for field, messages in stop["errors"].items()]
    for failure in view["failures"]:
        lines.append(f"FAILED {failure['step']}: {failure['field']} expected {failure['expected']!r}, "
                     f"got {failure['got']!r}")
    verdict = "PASSED" if view["passed"] else "FAILED"
    lines.append(f"{verdict}: {view['steps_run']}/{view['steps_total']} steps run, "
                 f"{len(view['failures'])} failed expectation(s)")
    return "\n".join(lines)


def _path_line(entry: dict[str, Any]) -> str:
    day = (entry["opened_at"] or entry["due_at"] or "")[:10]
    if entry["kind"] == "timer":
        return f"{day}  timer {entry['element_id']} due {entry['due_at'][:16]} · {entry['status']}"
    who = entry["holder"] or ", ".join(entry["candidates"]) or "nobody"
    due = f"{entry['deadline_rule'] or 'no deadline'}" + (f" → {entry['due_at'][:10]}" if entry["due_at"] else "")
    closed = f" · {entry['status']} {entry['closed_at'][:10]}" if entry["closed_at"] else f" · {entry['status']}"
    offer = f"{entry['role']}@{entry['unit']}"
    return f"{day}  {entry['element_id']:<28} {offer:<24} {who:<20} {due}{closed}"
