"""Filing chooses the chain from the regulation registry (bpmn/regulations.yaml) by the filing day."""

from __future__ import annotations

import io
from typing import Any

from tests.conftest import FIXTURES, Api
from tests.engine.test_ocop_evaluation import FILING

OFFICER, PRODUCER = "officer.huongkhe", "producer.huongkhe"


def _file(api: Api, user: str, **body: Any) -> Any:
    return api.post(user, "/dossiers", {"commune": "18101", "kind": "first_time", "data": FILING, **body})


def _deploy_r2_stand_in(api: Api) -> None:
    files = {"r2_stand_in.bpmn": (FIXTURES / "bpmn" / "regulations" / "r2_stand_in.bpmn").read_bytes(),
             "mini_check.json": (FIXTURES / "bpmn" / "mini_check.json").read_bytes(),
             "mini_score.json": (FIXTURES / "bpmn" / "mini_score.json").read_bytes()}
    response = api.client.post("/api/v1/process-definitions", content_type="multipart/form-data",
                               data={"files": [(io.BytesIO(c), n) for n, c in files.items()]},
                               headers=api.headers("designer"))
    assert response.status_code == 201, response.json
    assert response.json["key"] == "ocop_qd148_2023"


def test_a_dossier_filed_today_runs_the_chain_in_force(api: Api) -> None:
    filed = _file(api, PRODUCER)  # the clock stands at 23/11/2026: R4, QĐ 26/2026/QĐ-TTg
    assert filed.status_code == 201, filed.json
    assert (filed.json["process_key"], filed.json["regulation"]) == ("ocop_evaluation", "R4")
    assert filed.json["regulation_title"] == "QĐ 26/2026/QĐ-TTg" and filed.json["filed_on"] is None
    listed = api.get(OFFICER, "/dossiers").json["items"]
    assert [(d["regulation"], d["regulation_title"]) for d in listed] == [("R4", "QĐ 26/2026/QĐ-TTg")]
    history = api.get(OFFICER, f"/dossiers/{filed.json['id']}").json["history"]
    assert history[0]["data"]["regulation"] == "R4" and history[0]["data"]["filed_on"] == "2026-11-23"


def test_a_paper_dossier_received_in_2024_chooses_r2_which_is_not_deployed_yet(api: Api) -> None:
    refused = _file(api, OFFICER, filed_on="2024-03-01")
    assert refused.status_code == 409, refused.json
    assert "R2 (QĐ 148/QĐ-TTg 2023" in refused.json["detail"]
    assert "'ocop_qd148_2023'" in refused.json["detail"] and "not deployed" in refused.json["detail"]
    assert "process_key" in refused.json["errors"]
    may_2026 = _file(api, OFFICER, filed_on="2026-05-10")
    assert may_2026.status_code == 409 and "R3" in may_2026.json["detail"], may_2026.json


def test_once_deployed_r2_routes_to_the_district_of_the_filing_day(api: Api) -> None:
    _deploy_r2_stand_in(api)
    filed = _file(api, OFFICER, filed_on="2024-03-01", data={})
    assert filed.status_code == 201, filed.json
    assert (filed.json["process_key"], filed.json["regulation"], filed.json["filed_on"]) == (
        "ocop_qd148_2023", "R2", "2024-03-01")
    assert filed.json["registration_number"] == "001/PĐK-42-18101-2024"
    assert filed.json["regulation_title"] == "QĐ 148/QĐ-TTg 2023"
    [check] = filed.json["open_tasks"]
    assert api.do(OFFICER, check["id"], {"complete": True}).status_code == 200
    [score] = api.inbox("council1.huongkhe")
    assert (score["element_id"], score["role"], score["unit_code"]) == ("district_score", "district_council", "444")
    assert api.inbox("council1.hatinh", dossier_id=filed.json["id"]) == []


def test_a_day_outside_every_regulation_is_refused_naming_it(api: Api) -> None:
    refused = _file(api, OFFICER, filed_on="2018-03-01")
    assert refused.status_code == 422, refused.json
    assert "2018-03-01" in refused.json["detail"] and "filed_on" in refused.json["errors"]
    explicit = _file(api, OFFICER, filed_on="2018-03-01", process_key="ocop_evaluation")
    assert explicit.status_code == 422 and "2018-03-01" in explicit.json["detail"]


def test_only_the_commune_officer_gives_an_earlier_filing_day_and_never_a_future_one(api: Api) -> None:
    producer = _file(api, PRODUCER, filed_on="2026-06-01")
    assert producer.status_code == 403 and "filed_on" in producer.json["errors"]
    future = _file(api, OFFICER, filed_on="2026-11-24")
    assert future.status_code == 422 and "filed_on" in future.json["errors"]
    bad = _file(api, OFFICER, filed_on="31/6/2026")
    assert bad.status_code == 422 and "filed_on" in bad.json["errors"]
    june = _file(api, OFFICER, filed_on="2026-06-01")
    assert june.status_code == 201 and june.json["regulation"] == "R4", june.json


def test_only_an_admin_overrides_the_chain_in_force_with_a_reason_and_it_is_audited(api: Api) -> None:
    # 10/5/2026 falls under R3, whose chain is not deployed; running R4 instead is an admin's call.
    body = {"filed_on": "2026-05-10", "process_key": "ocop_evaluation"}
    officer = _file(api, OFFICER, **body, override_reason="R3 chưa triển khai")
    assert officer.status_code == 403 and "process_key" in officer.json["errors"], officer.json
    assert "R3" in officer.json["detail"]
    no_reason = _file(api, "admin", **body)
    assert no_reason.status_code == 422 and "override_reason" in no_reason.json["errors"], no_reason.json
    done = _file(api, "admin", **body, override_reason="R3 chưa triển khai; Hội đồng thống nhất áp dụng QĐ 26")
    assert done.status_code == 201, done.json
    assert (done.json["process_key"], done.json["regulation"], done.json["filed_on"]) == (
        "ocop_evaluation", "R4", "2026-05-10")
    [entry] = [h for h in done.json["history"] if h["action"] == "file"]
    assert (entry["actor"], entry["acting_as"]) == ("admin", "admin@VN")
    assert entry["data"]["override"] == {"in_force": "R3",
                                         "reason": "R3 chưa triển khai; Hội đồng thống nhất áp dụng QĐ 26"}
    assert api.get(OFFICER, f"/dossiers/{done.json['id']}").status_code == 200  # still the commune's dossier


def test_a_registered_chain_other_than_the_one_in_force_is_refused_to_a_producer(api: Api) -> None:
    _deploy_r2_stand_in(api)
    refused = _file(api, PRODUCER, process_key="ocop_qd148_2023", data={})
    assert refused.status_code == 403 and "R4" in refused.json["detail"], refused.json
