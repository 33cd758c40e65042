"""The shipped scenarios (bpmn/scenarios/<process key>/*.yaml) a designer may start from on the page."""

from __future__ import annotations

import re
from pathlib import Path

from ...domain.errors import NotFound
from ...domain.scenario_yaml import ScenarioInvalid, load_yaml

_NAME = re.compile(r"[a-z0-9_]+/[a-z0-9_-]+")  # "<process key>/<file stem>": nothing else is ever opened


def shipped_scenarios(folder: Path) -> list[str]:
    """Every shipped scenario as "<process key>/<name>", sorted."""
    if not folder.is_dir():
        return []
    return sorted(f"{p.parent.name}/{p.stem}" for p in folder.glob("*/*.yaml") if _NAME.fullmatch(
        f"{p.parent.name}/{p.stem}"))


def shipped_scenario_titles(folder: Path) -> list[tuple[str, str]]:
    """Every shipped scenario as ("<process key>/<name>", the scenario's own name, or "" if unreadable)."""
    found = []
    for name in shipped_scenarios(folder):
        try:
            doc = load_yaml((folder / f"{name}.yaml").read_text(encoding="utf-8"))
        except ScenarioInvalid:
            doc = None
        title = doc.get("name") if isinstance(doc, dict) else None
        found.append((name, title if isinstance(title, str) else ""))
    return found


def shipped_scenario(folder: Path, name: str) -> str:
    if name not in shipped_scenarios(folder):
        raise NotFound(f"no shipped scenario {name!r}")
    return (folder / f"{name}.yaml").read_text(encoding="utf-8")
