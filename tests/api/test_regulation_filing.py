"""Filing chooses the chain from the regulation registry (bpmn/regulations.yaml) by the filing day."""

from __future__ import annotations

from typing import Any

from tests.conftest import Api
from tests.engine.evaluation_steps import COMMUNE_OK, FILING

OFFICER, PRODUCER = "officer.huongkhe", "producer.huongkhe"


def _file(api: Api, user: str, **body: Any) -> Any:
    return api.post(user, "/dossiers", {"commune": "18101", "kind": "first_time", "data": FILING, **body})


def test_a_dossier_filed_today_runs_the_chain_in_force(api: Api) -> None:
    filed = _file(api, PRODUCER)  # the clock stands at 23/11/2026: R4, QĐ 26/2026/QĐ-TTg
    assert filed.status_code == 201, filed.json
    assert (filed.json["process_key"], filed.json["regulation"]) == ("ocop_evaluation", "R4")
    assert filed.json["regulation_title"] == "QĐ 26/2026/QĐ-TTg" and filed.json["filed_on"] is None
    listed = api.get(OFFICER, "/dossiers").json["items"]
    assert [(d["regulation"], d["regulation_title"]) for d in listed] == [("R4", "QĐ 26/2026/QĐ-TTg")]
    history = api.get(OFFICER, f"/dossiers/{filed.json['id']}").json["history"]
    assert history[0]["data"]["regulation"] == "R4" and history[0]["data"]["filed_on"] == "2026-11-23"


def test_a_dossier_received_on_1_3_2024_runs_r2_and_offers_its_district_step_to_that_district(api: Api) -> None:
    filed = _file(api, OFFICER, filed_on="2024-03-01")
    assert filed.status_code == 201, filed.json
    assert (filed.json["process_key"], filed.json["regulation"], filed.json["filed_on"]) == (
        "ocop_qd148_2023", "R2", "2024-03-01")
    assert filed.json["regulation_title"] == "QĐ 148/QĐ-TTg 2023"
    assert filed.json["registration_number"] == "001/PĐK-42-18101-2024"
    [commune] = api.inbox(OFFICER, dossier_id=filed.json["id"])
    assert api.do(OFFICER, commune["id"], COMMUNE_OK[1]).status_code == 200
    # 18101 stood under Hương Khê district (444) on 1/3/2024: its officers, and only they, get the check
    [check] = api.inbox("officer.huongkhe.district", dossier_id=filed.json["id"])
    assert (check["element_id"], check["role"], check["unit_code"]) == ("district_check", "district_officer", "444")
    assert api.inbox(OFFICER, dossier_id=filed.json["id"]) == []
    assert api.inbox("office.hatinh", dossier_id=filed.json["id"]) == []


def test_a_dossier_received_in_may_2026_runs_r3(api: Api) -> None:
    filed = _file(api, OFFICER, filed_on="2026-05-10")
    assert filed.status_code == 201, filed.json
    assert (filed.json["process_key"], filed.json["regulation"]) == ("ocop_qd1489_2025", "R3")


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
    refused = _file(api, PRODUCER, process_key="ocop_qd148_2023")
    assert refused.status_code == 403 and "R4" in refused.json["detail"], refused.json
