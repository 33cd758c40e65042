"""PostgreSQL keeps room on each dossier page, so a step rewrites the row in place (migration 0020)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, text

from tests.timer_helpers import deploy_fixture, file_on
from workflow_service.domain.clock import FixedClock
from workflow_service.services.context import ServiceContext
from workflow_service.services.timers.firing import fire_due_timers


def _page(engine: Engine, dossier: int) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(text("SELECT (ctid::text::point)[0] FROM dossiers WHERE id = :d"), {"d": dossier}))


def test_a_step_keeps_the_dossier_on_its_page_and_its_state_compressed_with_lz4(
        service_ctx: ServiceContext, clock: FixedClock, database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("page layout and TOAST compression are PostgreSQL's")
    ctx, engine = service_ctx, service_ctx.session_factory.kw["bind"]
    deploy_fixture(ctx, "timer_review.bpmn")
    dossiers = [file_on(ctx, "timer_review") for _ in range(40)]
    with engine.connect() as conn:  # rewritten as densely as the table allows, as after a bulk load
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("VACUUM FULL dossiers"))
    first, page = dossiers[0], _page(engine, dossiers[0])
    assert _page(engine, dossiers[-1]) > page

    clock.advance(timedelta(days=1, minutes=1))
    assert fire_due_timers(ctx, "w1").fired == len(dossiers)  # each row rewritten with a new state
    assert _page(engine, first) == page  # packed full, the new version would have moved to another page
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT pg_column_compression(state) FROM dossiers WHERE id = :d"),
                           {"d": first}) == "lz4"
