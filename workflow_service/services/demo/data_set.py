"""The whole demo data set as `ocopflow serve` (on an empty database) and `ocopflow demo` load it.

The demo dossiers and certificates are written for the chain in force today (R4, `ocop_evaluation`).
A service whose clock is set back to an older regulation (`OCOPFLOW_CLOCK=2025-06-20…`, to walk the
2025 reform) gets the units and users only, and is told why: filing them then would put them on
another chain than the one they are written for."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...domain.clock import VN_TZ
from ..context import ServiceContext
from ..regulations.registry import registry
from .certificates import load_demo_certificates
from .dossiers import load_demo_dossiers
from .loader import load_demo

DEMO_CHAIN = "ocop_evaluation"


@dataclass
class DemoSet:
    users: dict[str, list[str]]
    dossiers: list[int] = field(default_factory=list)
    certificates: list[str] = field(default_factory=list)
    skipped: str | None = None  # why no dossiers and certificates were filed


def load_demo_set(ctx: ServiceContext) -> DemoSet:
    loaded = DemoSet(load_demo(ctx))
    today = ctx.clock.now().astimezone(VN_TZ).date()
    in_force = registry(ctx).in_force(today, "first_time")
    if in_force.process_key != DEMO_CHAIN:
        loaded.skipped = (f"the demo dossiers follow {DEMO_CHAIN}; on {today.isoformat()} {in_force.id} "
                          f"({in_force.process_key}) is in force, so only units and users were loaded")
        return loaded
    loaded.dossiers = load_demo_dossiers(ctx)
    loaded.certificates = load_demo_certificates(ctx)
    return loaded
