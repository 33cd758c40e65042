"""A certificate's life on the service clock: the issue's dates, window notices once each, expiry, and
re-evaluation (written votes, the council meets only when opinions diverge, 45 days)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask

from tests.api.certificate_steps import act, certify
from tests.api.test_evaluation_chain import COUNCIL, step
from tests.conftest import Api
from workflow_service.domain.clock import FixedClock
from workflow_service.services.certificates.lifecycle import sweep_certificates

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def on(clock: FixedClock, day: str, api: Api) -> None:
    clock.set(datetime.fromisoformat(day).replace(hour=9, tzinfo=VN))
    api.forget_tokens()  # tokens last 15 minutes of the service clock


def notices(api: Api, user: str) -> list[str]:
    items = api.get(user, "/notifications").json["items"]
    return [n["kind"] for n in items if n["kind"].startswith("reevaluation_window")]


def listed(api: Api, number: str) -> bool:
    return number in [c["number"] for c in api.client.get("/api/v1/register/certificates").json["items"]]


def test_a_three_star_certificate_of_10_june_2026_notices_once_and_leaves_the_register_after_expiry(
        app: Flask, api: Api, clock: FixedClock) -> None:
    certify(api, "Mật ong Hương Khê", "HT-2026-100", "2026-06-10")
    cert = api.get("officer.huongkhe", "/certificates/HT-2026-100").json
    assert (cert["expiry_date"], cert["reevaluation_window"]) == ("2029-06-10", {"opens": "2028-12-12",
                                                                                "closes": "2029-02-10"})
    ctx = app.extensions["ocopflow"]
    on(clock, "2028-12-11", api)
    assert sweep_certificates(ctx).notices == 0
    on(clock, "2028-12-12", api)
    first = sweep_certificates(ctx)
    assert (first.notices, first.notified) == (1, 2)
    assert sweep_certificates(ctx).notices == 0
    on(clock, "2028-12-20", api)
    assert sweep_certificates(ctx).notices == 0
    assert notices(api, "producer.huongkhe") == ["reevaluation_window_opened"]
    assert notices(api, "officer.huongkhe") == ["reevaluation_window_opened"]
    assert notices(api, "officer.huongpho") == []
    on(clock, "2029-01-26", api)  # 15 days before the window closes on 10/2/2029
    assert sweep_certificates(ctx).notices == 1
    assert sweep_certificates(ctx).notices == 0
    assert notices(api, "producer.huongkhe") == ["reevaluation_window_closing", "reevaluation_window_opened"]
    message = api.get("producer.huongkhe", "/notifications").json["items"][0]["message"]
    assert "12/12/2028" in message and "10/02/2029" in message and "HT-2026-100" in message
    on(clock, "2029-06-10", api)
    assert listed(api, "HT-2026-100")
    on(clock, "2029-06-11", api)
    assert not listed(api, "HT-2026-100")  # off the register even before the sweep writes it
    assert api.client.get("/api/v1/register/certificates/HT-2026-100").json["state"] == "expired"
    assert sweep_certificates(ctx).expired == 1
    assert sweep_certificates(ctx).expired == 0
    history = api.get("officer.huongkhe", "/certificates/HT-2026-100").json["history"]
    assert [h["action"] for h in history] == ["issued", "notice_window_opened", "notice_window_closing", "expired"]


def test_re_evaluation_keeps_the_certificate_listed_past_expiry_and_replaces_it(
        app: Flask, api: Api, clock: FixedClock) -> None:
    certify(api, "Mật ong Hương Khê", "HT-2026-200", "2026-06-10")
    on(clock, "2028-12-01", api)
    early = api.post("producer.huongkhe", "/certificates/HT-2026-200/re-evaluation", {})
    assert early.status_code == 422 and "2028-12-12" in early.json["detail"]
    on(clock, "2028-12-20", api)
    assert api.post("officer.huongpho", "/certificates/HT-2026-200/re-evaluation", {}).status_code == 404
    started = api.post("producer.huongkhe", "/certificates/HT-2026-200/re-evaluation", {"changes": "Mở rộng"})
    assert started.status_code == 201, started.json
    dossier_id = started.json["id"]
    assert api.get("producer.huongkhe", "/certificates/HT-2026-200").json["state"] == "re_evaluating"
    again = api.post("producer.huongkhe", "/certificates/HT-2026-200/re-evaluation", {})
    assert again.status_code == 422
    step(api, dossier_id, "officer.huongkhe", "commune_review", {
        "complete": True, "local_raw_materials": True, "local_labour": True, "idea_origin": True,
        "local_identity": True, "mau03_report_number": "5/BC-UBND", "proposal_letter_number": "6/TTr-UBND",
        "samples_sent": True})
    step(api, dossier_id, "office.hatinh", "office_check", {
        "complete": True, "complete_on": "2029-01-05", "site_survey_done": False, "report": "Đủ hồ sơ."})
    votes = [t for t in api.inbox(COUNCIL[0]) if t["dossier_id"] == dossier_id]
    assert votes[0]["due_at"].startswith("2029-02-19")  # 45 days from the complete proposal
    for member, stars in zip(COUNCIL, (4, 4, 3), strict=True):
        act(api, dossier_id, member, "council_vote", {"vote_stars": stars, "opinion": "Ý kiến bằng văn bản"})
    act(api, dossier_id, "council2.hatinh", "council_meeting", {"minutes_number": "7/BB-HĐ", "agreed_stars": 4})
    on(clock, "2029-07-01", api)  # past expiry, decided within 180 days: still listed while re-evaluated
    assert listed(api, "HT-2026-200")
    assert sweep_certificates(app.extensions["ocopflow"]).expired == 0
    step(api, dossier_id, "chair.hatinh", "chair_decision", {
        "approved": True, "decision_number": "900/QĐ-UBND", "certificate_number": "HT-2029-200",
        "issue_date": "2029-07-01"})
    old = api.get("producer.huongkhe", "/certificates/HT-2026-200").json
    assert (old["state"], old["replaced_by"]) == ("expired", "HT-2029-200")
    new = api.client.get("/api/v1/register/certificates/HT-2029-200").json
    assert (new["stars"], new["expiry_date"], new["state"]) == (4, "2032-07-01", "valid")
    assert not listed(api, "HT-2026-200") and listed(api, "HT-2029-200")


def test_agreeing_written_votes_go_straight_to_the_chair(api: Api, clock: FixedClock) -> None:
    certify(api, "Chè Hương Khê", "HT-2026-300", "2026-06-10")
    on(clock, "2029-01-10", api)
    dossier_id = api.post("producer.huongkhe", "/certificates/HT-2026-300/re-evaluation", {}).json["id"]
    step(api, dossier_id, "officer.huongkhe", "commune_review", {
        "complete": True, "local_raw_materials": True, "local_labour": True, "idea_origin": True,
        "local_identity": True, "mau03_report_number": "5/BC-UBND", "proposal_letter_number": "6/TTr-UBND",
        "samples_sent": True})
    step(api, dossier_id, "office.hatinh", "office_check", {"complete": True, "complete_on": "2029-01-20",
                                                            "report": "Đủ."})
    for member in COUNCIL:
        act(api, dossier_id, member, "council_vote", {"vote_stars": 3})
    open_steps = [t["element_id"] for t in api.inbox("chair.hatinh") if t["dossier_id"] == dossier_id]
    assert open_steps == ["chair_decision"]
    assert not [t for t in api.inbox(COUNCIL[0]) if t["dossier_id"] == dossier_id]
