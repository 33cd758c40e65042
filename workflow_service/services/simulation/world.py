"""The throw-away world a scenario runs in: a fresh SQLite file in a temporary folder, migrated, the demo
units and users plus those the scenario declares, the version deployed; removed when the run ends.

Nothing here touches the live database: the world has its own engine, session factory, clock and
parsed-process cache; it shares only read-only settings with the live context (the forms folder, the
script limits, the regulation registry, copied without its version pins since the world holds one
version of the process: the one simulated).
"""

from __future__ import annotations

import csv
import io
import secrets
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

import yaml

from ...domain.access import Actor
from ...domain.clock import VN_TZ, FixedClock
from ...domain.errors import DomainError, ValidationFailed
from ...domain.roles import RoleGrant
from ...domain.scenario import Scenario
from ...engine.cache import RuntimeCache
from ...persistence.database import make_engine, make_session_factory
from ...persistence.migrate import upgrade
from ..accounts.users import add_user
from ..context import ServiceContext
from ..definitions.deploy import deploy_bundle
from ..demo.loader import load_demo
from ..plans.importing import import_plan
from ..units.importing import import_units

SIMULATOR = Actor("simulation", (RoleGrant("designer", "VN"), RoleGrant("admin", "VN")))
NO_SIGN_IN = "!simulation: no password"  # declared users never sign in; a hash nothing matches
STEP_TIME = time(9, 0)  # each step happens at 9:00 Vietnam time on its day


@dataclass
class World:
    ctx: ServiceContext
    clock: FixedClock
    definition_id: int = 0

    def move_to(self, day: date) -> datetime:
        instant = datetime.combine(day, STEP_TIME, VN_TZ)
        if instant > self.clock.now():
            self.clock.set(instant)
        return self.clock.now()


@contextmanager
def throwaway_world(live: ServiceContext, scenario: Scenario, files: Mapping[str, bytes],
                    supporting: Mapping[str, Mapping[str, bytes]] | None = None) -> Iterator[World]:
    """A world ready for `scenario`: clock on its first day, `files` deployed as the simulated version and
    `supporting` (process key → files) as the versions its given runs play on."""
    with tempfile.TemporaryDirectory(prefix="ocopflow-simulation-") as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'simulation.db'}")
        try:
            upgrade(engine)
            clock = FixedClock(datetime.combine(scenario.starts_on, STEP_TIME, VN_TZ))
            ctx = ServiceContext(session_factory=make_session_factory(engine), clock=clock,
                                 forms_dir=live.forms_dir, secret_key=secrets.token_urlsafe(48),
                                 regulations_file=_unpinned_registry(live, Path(folder)),
                                 runtimes=RuntimeCache(live.runtimes.limits), issues_documents=False)
            load_demo(ctx)
            _declare(ctx, scenario)
            world = World(ctx, clock)
            for other in (supporting or {}).values():
                deploy_bundle(ctx, SIMULATOR, other)
            world.definition_id = deploy_bundle(ctx, SIMULATOR, files).definition.id
            yield world
        finally:
            engine.dispose()


def _declare(ctx: ServiceContext, scenario: Scenario) -> None:
    try:
        if scenario.units:
            import_units(ctx, _units_csv(scenario.units))
    except DomainError as err:
        raise ValidationFailed.coded("simulation.units_refused", {"scenario": [f"units: {err.detail}"]},
                                     error=err.detail) from err
    for username, grants in scenario.users.items():
        try:
            add_user(ctx, username, "", list(grants), password_hash=NO_SIGN_IN)
        except DomainError as err:
            raise ValidationFailed.coded("simulation.user_refused", {"scenario": [f"users.{username}: {err.detail}"]},
                                         user=username, error=err.detail) from err
    for number, plan in enumerate(scenario.plans, 1):
        try:
            import_plan(ctx, SIMULATOR, yaml.safe_dump(plan, allow_unicode=True, sort_keys=False))
        except DomainError as err:
            problems = [f"plans[{number}]: {m}" for messages in err.errors.values() for m in messages]
            raise ValidationFailed.coded("simulation.plan_refused", {"scenario": problems or [err.detail]},
                                         number=number, error=err.detail) from err


def _units_csv(units: tuple[dict[str, str], ...]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "name", "level", "parent_code", "valid_from", "valid_to"])
    for unit in units:
        writer.writerow([unit["code"], unit["name"], unit["level"], unit["parent"], unit["valid_from"],
                         unit["valid_to"]])
    return out.getvalue()


def _unpinned_registry(live: ServiceContext, folder: Path) -> Path | None:
    source = live.regulations_file
    if source is None or not source.is_file():
        return None
    document = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
    for entry in document.get("regulations") or []:
        if isinstance(entry, dict):
            entry.pop("version", None)
    target = folder / "regulations.yaml"
    target.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target
