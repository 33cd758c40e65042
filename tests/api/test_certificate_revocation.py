"""Inspections and revocations of a certificate: the six grounds, authority by star, the 15-day limit,
and the decision and the register change in one step."""

from __future__ import annotations

from tests.api.certificate_steps import FOUR_STARS, act, certify, certify_five_stars
from tests.conftest import Api

EVERYONE = ["producer.huongkhe", "officer.huongkhe", "office.hatinh", "chair.hatinh", "office.thanhhoa",
            "ministry.office", "minister", "supervisor.hatinh"]


def offered(api: Api, dossier_id: int, element: str) -> list[str]:
    return [u for u in EVERYONE if any(t["dossier_id"] == dossier_id and t["element_id"] == element
                                       for t in api.inbox(u))]


def listed(api: Api, number: str) -> bool:
    return any(c["number"] == number for c in api.client.get("/api/v1/register/certificates").json["items"])


FINDING = {"ground": "criteria_not_met", "finding_date": "2026-11-20", "finding_by": "Sở Nông nghiệp và Môi trường",
           "finding_reference": "12/KL-SNNMT", "description": "Không duy trì tiêu chí chất lượng."}


def test_a_province_chair_revokes_a_four_star_certificate_within_15_days_and_it_leaves_the_register(
        api: Api) -> None:
    certify(api, "Bưởi Phúc Trạch", "HT-2026-400", "2026-11-20", FOUR_STARS)
    assert listed(api, "HT-2026-400")
    for stranger in ("producer.huongkhe", "officer.huongkhe", "office.thanhhoa", "chair.hatinh"):
        assert api.post(stranger, "/certificates/HT-2026-400/revocations", FINDING).status_code in (403, 404)
    bad = api.post("office.hatinh", "/certificates/HT-2026-400/revocations", {**FINDING, "ground": "dislike"})
    assert bad.status_code == 422 and "ground" in bad.json["errors"]
    opened = api.post("office.hatinh", "/certificates/HT-2026-400/revocations", FINDING)
    assert opened.status_code == 201, opened.json
    dossier_id = opened.json["id"]
    assert opened.json["registration_number"].endswith("/TH-42-18101-2026")
    assert offered(api, dossier_id, "province_verify") == ["office.hatinh"]
    verify = next(t for t in api.inbox("office.hatinh") if t["dossier_id"] == dossier_id)
    assert verify["due_at"].startswith("2026-12-05")  # 15 days from the finding of 20/11/2026
    act(api, dossier_id, "office.hatinh", "province_verify", {"verified": True, "report": "Xác minh đúng."})
    assert offered(api, dossier_id, "chair_revocation") == ["chair.hatinh"]
    assert listed(api, "HT-2026-400")  # nothing changes before the decision
    act(api, dossier_id, "chair.hatinh", "chair_revocation", {
        "revoke": True, "revocation_number": "77/QĐ-UBND", "decided_on": "2026-11-23"})
    assert not listed(api, "HT-2026-400")
    public = api.client.get("/api/v1/register/certificates/HT-2026-400").json
    assert (public["state"], public["revoked_on"], public["listed"]) == ("revoked", "2026-11-23", False)
    cert = api.get("office.hatinh", "/certificates/HT-2026-400").json
    assert cert["revocation"] == {"ground": "criteria_not_met", "decision_number": "77/QĐ-UBND"}
    assert [h["action"] for h in cert["history"]] == ["issued", "revocation_started", "revocation_decided"]
    assert cert["history"][-1]["actor"] == "chair.hatinh"
    trail = api.get("office.hatinh", f"/dossiers/{dossier_id}").json["history"]
    decided = [h for h in trail if h["action"] == "certificate_revocation_decided"]
    assert decided and decided[0]["data"]["state_to"] == "revoked" and decided[0]["actor"] == "chair.hatinh"
    told = [n for n in api.get("producer.huongkhe", "/notifications").json["items"]
            if n["kind"] == "certificate_revoked"]
    assert len(told) == 1 and "HT-2026-400" in told[0]["message"] and "77/QĐ-UBND" in told[0]["message"]
    again = api.post("office.hatinh", "/certificates/HT-2026-400/revocations", FINDING)
    assert again.status_code == 422 and "revoked" in again.json["detail"]


def test_a_five_star_certificate_is_revoked_by_the_minister_not_the_province_chair(api: Api) -> None:
    certify_five_stars(api, "Nước mắm Cửa Hội", "BNN-2026-500")
    dossier_id = api.post("office.hatinh", "/certificates/BNN-2026-500/revocations",
                          {**FINDING, "ground": "mark_misuse"}).json["id"]
    assert offered(api, dossier_id, "province_verify") == []
    assert offered(api, dossier_id, "ministry_verify") == ["ministry.office"]
    act(api, dossier_id, "ministry.office", "ministry_verify", {"verified": True, "report": "Đúng."})
    assert offered(api, dossier_id, "minister_revocation") == ["minister"]
    assert not [t for t in api.inbox("chair.hatinh") if t["dossier_id"] == dossier_id]
    act(api, dossier_id, "minister", "minister_revocation", {
        "revoke": True, "revocation_number": "9/QĐ-BNNMT", "decided_on": "2026-11-23"})
    assert api.client.get("/api/v1/register/certificates/BNN-2026-500").json["state"] == "revoked"


def test_a_revocation_whose_grounds_are_not_confirmed_keeps_the_certificate(api: Api) -> None:
    certify(api, "Cam Khe Mừ", "HT-2026-600")
    dossier_id = api.post("office.hatinh", "/certificates/HT-2026-600/revocations", FINDING).json["id"]
    act(api, dossier_id, "office.hatinh", "province_verify", {"verified": False, "report": "Không có căn cứ."})
    assert api.get("office.hatinh", f"/dossiers/{dossier_id}").json["state"] == "completed"
    assert listed(api, "HT-2026-600")
    history = api.get("office.hatinh", "/certificates/HT-2026-600").json["history"]
    assert history[-1]["action"] == "revocation_decided" and history[-1]["note"] == "not revoked"


def test_a_revocation_filed_as_an_ordinary_dossier_does_not_touch_the_certificate(api: Api) -> None:
    certify(api, "Cam Khe Mừ", "HT-2026-650")
    forged = api.post("officer.huongkhe", "/dossiers", {
        "process_key": "ocop_revocation", "commune": "18101", "kind": "first_time",
        "data": {"subject_certificate": "HT-2026-650", "certificate_stars": 3, "ground": "false_dossier",
                 "finding_date": "2026-11-20", "finding_by": "x", "producer": {"name": "x"},
                 "product": {"name": "x"}}})
    assert forged.status_code == 422 and "subject_certificate" in forged.json["errors"]
    assert listed(api, "HT-2026-650")


def test_a_periodic_inspection_is_a_task_of_the_province_office_and_records_its_findings(api: Api) -> None:
    certify(api, "Mật ong Vũ Quang", "HT-2026-700")
    assert api.post("producer.huongkhe", "/certificates/HT-2026-700/inspections",
                    {"kind": "periodic", "due_on": "2026-12-31"}).status_code == 404
    opened = api.post("office.hatinh", "/certificates/HT-2026-700/inspections",
                      {"kind": "periodic", "due_on": "2026-12-31", "reason": "Kiểm tra định kỳ năm 2026"})
    assert opened.status_code == 201, opened.json
    dossier_id = opened.json["id"]
    assert offered(api, dossier_id, "province_inspection") == ["office.hatinh"]
    task = next(t for t in api.inbox("office.hatinh") if t["dossier_id"] == dossier_id)
    assert task["due_at"].startswith("2026-12-31")
    act(api, dossier_id, "office.hatinh", "province_inspection", {
        "inspected_on": "2026-11-23", "maintains_criteria": False, "mark_used_correctly": True,
        "outcome": "violation", "violation_ground": "criteria_not_met", "findings": "Không duy trì tiêu chí."})
    history = api.get("office.hatinh", "/certificates/HT-2026-700").json["history"]
    assert [h["action"] for h in history] == ["issued", "inspection_started", "inspection_recorded"]
    assert history[-1]["note"] == "Không duy trì tiêu chí." and listed(api, "HT-2026-700")
    revocation = api.post("office.hatinh", "/certificates/HT-2026-700/revocations",
                          {**FINDING, "finding_date": "2026-11-23", "inspection_dossier_id": dossier_id})
    assert revocation.status_code == 201


def test_the_ministry_office_inspects_a_five_star_product(api: Api) -> None:
    certify_five_stars(api, "Nước mắm Cửa Hội", "BNN-2026-800")
    dossier_id = api.post("ministry.office", "/certificates/BNN-2026-800/inspections",
                          {"kind": "ad_hoc", "due_on": "2026-12-15", "reason": "Phản ánh của người tiêu dùng"}).json["id"]
    assert offered(api, dossier_id, "ministry_inspection") == ["ministry.office"]
    assert offered(api, dossier_id, "province_inspection") == []
