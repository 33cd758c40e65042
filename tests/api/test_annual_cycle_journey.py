"""Issue 15's "Done when", walked through the API on the service clock: an idea registered at a Hà Tĩnh commune
is reviewed by the commune and selected by the province; its business plan is approved by the chair; the
evaluation dossier filed from the plan goes through the R4 chain to a 4★ recognition; the certificate is in the
public register (found without diacritics) with its verification page; Mẫu 01/02/03, the decision and the
certificate are PDFs whose text has the product's name with every diacritic; a revocation completes within its
15 days, its decision is a PDF and the product leaves the register; every step is in the audit trail, and
the trail verifies."""

from __future__ import annotations

from typing import Any

from flask import Flask

from tests.api.certificate_steps import FOUR_STARS, filing
from tests.api.test_documents import download, text_of
from tests.api.test_evaluation_chain import COUNCIL, step
from tests.conftest import Api
from tests.engine.cycle_steps import PLAN_FORM
from tests.scenarios.seed_world import at
from workflow_service.domain.clock import FixedClock
from workflow_service.services.audit.verify import verify_audit
from workflow_service.services.context import ServiceContext

PRODUCT = "Bưởi Phúc Trạch đặc sản Hương Khê"  # ư ở ú ạ đ ặ ả ơ ê: a reader must get each of them back
PRODUCER = "Hợp tác xã Nông nghiệp Hương Khê"
NUMBER = "041/GCN-UBND"
IDEA = {"producer": {"name": PRODUCER, "type": "cooperative", "address": "Thôn 1, xã Hương Khê, tỉnh Hà Tĩnh",
                     "phone": "0912 345 678"},
        "product": {"name": PRODUCT, "group": "food", "description": "Bưởi tươi từ vườn bưởi Phúc Trạch."}}


def act(api: Api, user: str, dossier_id: int, element: str, data: dict[str, Any]) -> None:
    [task] = [t for t in api.inbox(user, dossier_id=dossier_id) if t["element_id"] == element]
    done = api.do(user, task["id"], data)
    assert done.status_code == 200, done.json


def steps_in_trail(history: list[dict[str, Any]]) -> list[str]:
    return [h["data"]["element"] for h in history if h["action"] == "complete"]


def in_register(api: Api, query: str) -> list[str]:
    found = api.client.get("/api/v1/register/certificates", query_string={"q": query})
    assert found.status_code == 200
    return [c["number"] for c in found.json["items"]]


def test_an_idea_becomes_a_four_star_certificate_in_the_register_and_a_revocation_takes_it_out(
        app: Flask, api: Api, clock: FixedClock) -> None:
    ctx: ServiceContext = app.extensions["ocopflow"]

    # 1. The idea, registered at the commune, reviewed, selected by the province (after 1/7/2025).
    at(clock, "2026-03-02", api)
    idea = api.post("producer.huongkhe", "/ideas", {"commune": "18101", "data": IDEA})
    assert idea.status_code == 201, idea.json
    idea_id = idea.json["id"]
    assert idea.json["data"]["selecting_level"] == "province"
    at(clock, "2026-03-16", api)
    act(api, "officer.huongkhe", idea_id, "commune_review_idea",
        {"idea_forwarded": True, "commune_opinion": "Ý tưởng có tiềm năng, nguyên liệu sẵn có."})
    at(clock, "2026-04-20", api)
    act(api, "office.hatinh", idea_id, "province_select_idea", {
        "idea_selected": True, "selection_decision_number": "35/QĐ-UBND", "selection_decision_date": "2026-04-20"})
    assert api.get("producer.huongkhe", f"/ideas/{idea_id}").json["status"] == "selected"

    # 2. The business plan: evaluated by the province office, approved by the chair.
    at(clock, "2026-05-04", api)
    plan = api.post("producer.huongkhe", "/business-plans", {"idea_id": idea_id, "data": PLAN_FORM})
    assert plan.status_code == 201, plan.json
    plan_id = plan.json["id"]
    at(clock, "2026-05-18", api)
    act(api, "office.hatinh", plan_id, "province_evaluate_plan",
        {"plan_eligible": True, "plan_evaluation_notes": "Phương án khả thi."})
    at(clock, "2026-06-01", api)
    act(api, "chair.hatinh", plan_id, "province_approve_plan", {
        "plan_approved": True, "approval_decision_number": "88/QĐ-UBND", "approval_decision_date": "2026-06-01"})
    assert api.get("producer.huongkhe", f"/business-plans/{plan_id}").json["status"] == "approved"

    # 3. The evaluation dossier filed from the approved plan, through the chain to the chair's 4★ decision.
    at(clock, "2026-07-01", api)
    filed = api.post("producer.huongkhe", "/dossiers", {
        "process_key": "ocop_evaluation", "commune": "18101", "kind": "first_time",
        "data": filing(PRODUCT, PRODUCER), "business_plan_id": plan_id})
    assert filed.status_code == 201, filed.json
    dossier_id = filed.json["id"]
    assert (filed.json["idea_id"], filed.json["business_plan_id"]) == (idea_id, plan_id)
    at(clock, "2026-07-08", api)
    step(api, dossier_id, "officer.huongkhe", "commune_review", {
        "complete": True, "local_raw_materials": True, "local_labour": True, "idea_origin": True,
        "local_identity": True, "mau03_report_number": "12/BC-UBND", "proposal_letter_number": "13/TTr-UBND",
        "samples_sent": True})
    at(clock, "2026-07-15", api)
    step(api, dossier_id, "office.hatinh", "office_check", {"complete": True})
    step(api, dossier_id, "advisory.hatinh", "advisory_review", {
        "supplement_needed": False, "site_survey_done": True, "lab_tests_required": False, "report": "Đạt."})
    at(clock, "2026-08-03", api)
    for member, (a, b, c, minimum) in zip(COUNCIL, FOUR_STARS, strict=True):
        step(api, dossier_id, member, "council_scoring", {"part_a": a, "part_b": b, "part_c": c,
                                                          "minimum_star": minimum})
    at(clock, "2026-08-10", api)
    step(api, dossier_id, "chair.hatinh", "chair_decision", {
        "approved": True, "decision_number": "2345/QĐ-UBND", "certificate_number": NUMBER,
        "issue_date": "2026-08-10"})

    # 4. In the public register, found without diacritics, with its verification page and PDF.
    at(clock, "2026-08-11", api)
    assert in_register(api, "buoi phuc trach dac san") == [NUMBER]
    assert in_register(api, "HOP TAC XA NONG NGHIEP HUONG KHE") == [NUMBER]
    public = api.client.get("/api/v1/register/certificates/041%2FGCN-UBND").json
    assert (public["product"], public["producer"], public["stars"], public["state"]) == (PRODUCT, PRODUCER, 4,
                                                                                         "valid")
    assert (public["issue_date"], public["expiry_date"]) == ("2026-08-10", "2029-08-10")
    page = api.client.get("/register/certificates/041%2FGCN-UBND")
    assert page.status_code == 200 and PRODUCT in page.get_data(as_text=True)

    # 5. The dossier's documents, read back by a person: the product's name with every diacritic.
    docs = download(api, "producer.huongkhe", dossier_id)
    assert list(docs) == ["mau_01", "mau_02", "mau_03", "recognition_decision", "certificate"]
    for kind, (_, pdf) in docs.items():
        assert PRODUCT in text_of(pdf), kind
    assert "Số: 2345/QĐ-UBND" in text_of(docs["recognition_decision"][1])
    assert "Trần Đức Khiêm" in text_of(docs["recognition_decision"][1])  # the chair's name, not chair.hatinh
    from_register = api.client.get(public["certificate_pdf"])
    assert from_register.status_code == 200 and from_register.data == docs["certificate"][1]

    # 6. A revocation: the finding of 01/03/2027 gives 15 days; the chair revokes on the 10th.
    at(clock, "2027-03-02", api)
    opened = api.post("office.hatinh", "/certificates/041%2FGCN-UBND/revocations", {
        "ground": "criteria_not_met", "finding_date": "2027-03-01", "finding_by": "Sở Nông nghiệp và Môi trường",
        "finding_reference": "12/KL-SNNMT", "description": "Không duy trì tiêu chí chất lượng."})
    assert opened.status_code == 201, opened.json
    revocation_id = opened.json["id"]
    at(clock, "2027-03-05", api)
    act(api, "office.hatinh", revocation_id, "province_verify", {"verified": True, "report": "Xác minh đúng."})
    at(clock, "2027-03-10", api)
    act(api, "chair.hatinh", revocation_id, "chair_revocation", {
        "revoke": True, "revocation_number": "77/QĐ-UBND", "decided_on": "2027-03-10"})
    revocation = api.get("office.hatinh", f"/dossiers/{revocation_id}").json
    assert revocation["state"] == "completed"
    assert str(revocation["data"]["revocation_due"])[:10] == "2027-03-16"  # 15 days from the finding
    for task in revocation["tasks"]:  # each step done within the limit
        assert task["due_at"].startswith("2027-03-16") and task["completed_at"][:10] <= "2027-03-16", task
    decision = download(api, "office.hatinh", revocation_id)
    assert list(decision) == ["revocation_decision"]
    revoked_text = text_of(decision["revocation_decision"][1])
    for phrase in (PRODUCT, "Số: 77/QĐ-UBND", f"Giấy chứng nhận sản phẩm OCOP số {NUMBER}", "Trần Đức Khiêm"):
        assert phrase in revoked_text, phrase
    assert in_register(api, "buoi phuc trach") == []
    gone = api.client.get("/api/v1/register/certificates/041%2FGCN-UBND").json
    assert (gone["state"], gone["listed"], gone["revoked_on"]) == ("revoked", False, "2027-03-10")

    # 7. Every step in the audit trail of its dossier, and every chain verifies.
    idea_trail = api.get("office.hatinh", f"/ideas/{idea_id}").json["history"]
    assert steps_in_trail(idea_trail) == ["commune_review_idea", "province_select_idea"]
    plan_trail = api.get("office.hatinh", f"/business-plans/{plan_id}").json["history"]
    assert steps_in_trail(plan_trail) == ["province_evaluate_plan", "province_approve_plan"]
    trail = api.get("office.hatinh", f"/dossiers/{dossier_id}").json["history"]
    assert steps_in_trail(trail) == ["commune_review", "office_check", "advisory_review", *["council_scoring"] * 3,
                                     "chair_decision"]
    actions = [h["action"] for h in trail]
    assert actions[0] == "file" and "certificate_issued" in actions
    assert sorted(h["data"]["kind"] for h in trail if h["action"] == "document") == sorted(docs)
    revocation_trail = revocation["history"]
    assert steps_in_trail(revocation_trail) == ["province_verify", "chair_revocation"]
    assert {"certificate_revocation_started", "certificate_revocation_decided", "document"} <= {
        h["action"] for h in revocation_trail}
    for chain in (idea_id, plan_id, dossier_id, revocation_id):
        assert verify_audit(ctx, chain).intact, chain
    assert verify_audit(ctx).intact
