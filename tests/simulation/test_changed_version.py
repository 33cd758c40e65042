"""A designer simulates a changed version before deploying it: the 4★ threshold of the R4 star table
raised from 70 to 80 points turns the shipped "78 points → 4 stars" scenario into 3 stars, the report
names each expectation that no longer holds, and the live database is exactly as it was."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import Engine, MetaData, func, select

from tests.conftest import ROOT
from workflow_service.services.context import ServiceContext
from workflow_service.services.simulation.simulate import SimulationRequest, simulate

from .conftest import DESIGNER, SCENARIOS

SCENARIO = (SCENARIOS / "ocop_evaluation" / "recognised-4-stars.yaml").read_text(encoding="utf-8")
STAR_TABLE = (ROOT / "bpmn" / "ocop_star_rating.dmn").read_text(encoding="utf-8")
FOUR_FROM_80 = STAR_TABLE.replace("70 &lt;= ? &lt; 90", "80 &lt;= ? &lt; 90").replace(
    "50 &lt;= ? &lt; 70", "50 &lt;= ? &lt; 80")


def row_counts(engine: Engine) -> dict[str, int]:
    tables = MetaData()
    tables.reflect(engine)
    with engine.connect() as connection:
        return {name: connection.scalar(select(func.count()).select_from(table)) or 0
                for name, table in tables.tables.items()}


def run(ctx: ServiceContext, files: dict[str, bytes] | None = None) -> dict[str, Any]:
    report, _xml = simulate(ctx, DESIGNER, SimulationRequest(SCENARIO, files or {}))
    return report.as_dict()


def test_the_changed_star_table_gives_3_stars_where_the_deployed_one_gives_4_and_live_data_is_untouched(
        app: Flask) -> None:
    ctx: ServiceContext = app.extensions["ocopflow"]
    engine: Engine = app.extensions["ocopflow.engine"]
    assert FOUR_FROM_80 != STAR_TABLE
    before = row_counts(engine)
    assert before["process_definitions"] == len(list((ROOT / "bpmn").glob("*.bpmn"))) and before["users"] > 0

    deployed = run(ctx)
    changed = run(ctx, {"ocop_star_rating.dmn": FOUR_FROM_80.encode()})

    assert deployed["passed"] and deployed["dossier"]["stars"] == 4
    assert (changed["process"]["source"], changed["process"]["uploaded"]) == ("uploaded", ["ocop_star_rating.dmn"])
    assert changed["process"]["based_on_version"] == 1
    assert not changed["passed"] and changed["stopped"] is None
    assert (changed["dossier"]["score"], changed["dossier"]["stars"]) == (78.0, 3)
    assert changed["dossier"]["certificate"]["stars"] == 3
    failed = {(f["step"], f["field"]): (f["expected"], f["got"]) for f in changed["failures"]}
    assert failed == {("step 4 (council_scoring)", "data.band"): (4, 3),
                      ("step 4 (council_scoring)", "data.stars"): (4, 3),
                      ("outcome", "stars"): (4, 3),
                      ("outcome", "certificate"): ({"number": "42-2026-0001", "stars": 4, "issued_by": "province",
                                                    "expiry_date": "2029-06-25"}, changed["dossier"]["certificate"])}
    # the same steps were taken (3 stars are recognised by the province chair too), only the outcome differs
    steps = [(p["element_id"], p["unit"], p["due_at"]) for p in deployed["path"]]
    assert [(p["element_id"], p["unit"], p["due_at"]) for p in changed["path"]] == steps
    assert row_counts(engine) == before  # nothing written to the live database, not even an audit record


def test_the_same_scenario_on_the_same_version_gives_the_same_report(live_ctx: ServiceContext) -> None:
    first, second = run(live_ctx), run(live_ctx)
    assert first == second
    assert first["path"][0]["opened_at"] == "2026-06-01T09:00:00+07:00"
