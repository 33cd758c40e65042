"""The registration forms of the cycle's processes, as deployed (for the pages that start them)."""

from __future__ import annotations

from typing import Any

from ...domain.cycle import SERIES_PROCESS
from ...domain.errors import Conflict
from ..context import ServiceContext
from ..dossiers.filing_forms import start_form


def cycle_start_form(ctx: ServiceContext, series: str) -> dict[str, Any]:
    schema = start_form(ctx, process_key=SERIES_PROCESS[series])[2]
    if schema is None:
        raise Conflict(f"process {SERIES_PROCESS[series]} has no registration form")
    return schema
