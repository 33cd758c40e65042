"""The council's scoresheets completed in a process that never created them (another gunicorn worker,
or the service after a restart) still close the multi-instance step: found by bench/scaleout.py, where
two of five dossiers stayed at council_scoring with every sheet completed and no task open."""

from __future__ import annotations

from flask import Flask

from tests.api.test_evaluation_chain import COUNCIL, step
from tests.conftest import Api
from tests.engine.test_ocop_evaluation import FILING
from workflow_service.engine.cache import RuntimeCache


def test_scoresheets_completed_in_a_fresh_process_reach_the_chair(app: Flask) -> None:
    api = Api(app.test_client())
    dossier_id = api.file("producer.huongkhe", "18101", FILING).json["id"]
    step(api, dossier_id, "officer.huongkhe", "commune_review", {
        "complete": True, "local_raw_materials": True, "local_labour": True, "idea_origin": True,
        "local_identity": True, "mau03_report_number": "12/BC-UBND", "proposal_letter_number": "13/TTr-UBND",
        "samples_sent": True})
    step(api, dossier_id, "office.hatinh", "office_check", {"complete": True})
    step(api, dossier_id, "advisory.hatinh", "advisory_review", {
        "supplement_needed": False, "site_survey_done": True, "lab_tests_required": False, "report": "Đạt."})
    ctx = app.extensions["ocopflow"]
    ctx.runtimes = RuntimeCache(ctx.runtimes.limits)  # what a new worker process starts with
    for member, (a, b, c, minimum) in zip(COUNCIL, [(30, 20, 28, 5), (32, 19, 27, 4), (31, 21, 26, 4)],
                                          strict=True):
        step(api, dossier_id, member, "council_scoring",
             {"part_a": a, "part_b": b, "part_c": c, "minimum_star": minimum})
    dossier = api.get("office.hatinh", f"/dossiers/{dossier_id}").json
    assert [t["element_id"] for t in dossier["open_tasks"]] == ["chair_decision"]
    assert dossier["stars"] == 4
