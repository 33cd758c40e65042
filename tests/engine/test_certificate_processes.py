"""The processes started from a certificate, on the engine alone, straight and through save/restore:
re-evaluation (written votes, a meeting only when they differ, 45 days), revocation (authority by
star, 15 days) and inspection (the inspecting office records its findings)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.engine.chain_runner import BPMN_DIR, FORMS_DIR, validate
from workflow_service.domain.roles import ALL_ROLES
from workflow_service.engine.bundle import parse_bundle
from workflow_service.engine.runtime import Instance, ProcessRuntime

COUNCIL = ["council1", "council2", "council3"]
SUBJECT = {"producer": {"name": "HTX Hương Khê"}, "product": {"name": "Mật ong"}, "subject_certificate": "HT-1"}


def runtime(bpmn: str) -> ProcessRuntime:
    files = {bpmn: (BPMN_DIR / bpmn).read_bytes(), **{p.name: p.read_bytes() for p in BPMN_DIR.glob("*.dmn")}}
    return ProcessRuntime(parse_bundle(files, FORMS_DIR, set(ALL_ROLES)))


class Run:
    def __init__(self, bpmn: str, start: dict[str, Any], roundtrip: bool, form: str) -> None:
        validate(form, {k: v for k, v in start.items() if k != "council_members"})
        self.runtime, self.roundtrip = runtime(bpmn), roundtrip
        self.instance: Instance = self.runtime.start(start)

    def ready(self) -> list[tuple[str, str]]:
        return sorted((t.element_id, t.lane or "") for t in self.instance.ready_tasks())

    def do(self, element: str, data: dict[str, Any], member: str | None = None) -> None:
        [task] = [t for t in self.instance.ready_tasks() if t.element_id == element
                  and (member is None or t.instance_input == member)]
        validate(task.form_file, data)
        self.instance.complete(task.id, data)
        if self.roundtrip:
            self.instance = self.runtime.load(self.runtime.dump(self.instance))


COMMUNE_OK = {"complete": True, "local_raw_materials": True, "local_labour": True, "idea_origin": True,
              "local_identity": True, "mau03_report_number": "1/BC", "proposal_letter_number": "2/TTr",
              "samples_sent": True}
CHECKED = {"complete": True, "complete_on": "2029-01-05", "report": "Đủ."}
ROUNDTRIP = pytest.mark.parametrize("roundtrip", [False, True], ids=["straight", "roundtrip"])


@ROUNDTRIP
@pytest.mark.parametrize(("votes", "met"), [((4, 4, 4), False), ((4, 4, 3), True)])
def test_re_evaluation_meets_only_when_the_written_votes_differ(roundtrip: bool, votes: tuple[int, ...],
                                                                met: bool) -> None:
    run = Run("ocop_reevaluation.bpmn", {**SUBJECT, "previous_stars": 3, "council_members": COUNCIL}, roundtrip,
              "reevaluation_registration.json")
    assert run.ready() == [("commune_review", "commune_officer")]
    run.do("commune_review", COMMUNE_OK)
    assert run.ready() == [("office_check", "province_office")]
    run.do("office_check", CHECKED)
    assert run.instance.data["decision_due"] == "2029-02-19"
    for member, stars in zip(COUNCIL, votes, strict=True):
        run.do("council_vote", {"vote_stars": stars}, member)
    if met:
        assert run.ready() == [("council_meeting", "province_council")]
        run.do("council_meeting", {"minutes_number": "7/BB", "agreed_stars": 4})
    assert run.ready() == [("chair_decision", "province_chair")]
    run.do("chair_decision", {"approved": True, "decision_number": "9/QĐ", "certificate_number": "HT-2",
                              "issue_date": "2029-02-01"})
    assert run.instance.data["certificate"]["stars"] == 4
    assert run.instance.data["certificate"]["expiry_date"] == "2032-02-01"


@ROUNDTRIP
def test_a_five_star_re_evaluation_goes_to_the_ministry(roundtrip: bool) -> None:
    run = Run("ocop_reevaluation.bpmn", {**SUBJECT, "previous_stars": 5, "council_members": COUNCIL}, roundtrip,
              "reevaluation_registration.json")
    run.do("commune_review", COMMUNE_OK)
    assert run.ready() == [("ministry_office_check", "ministry_office")]
    run.do("ministry_office_check", CHECKED)
    run.do("central_vote", {"agreed_stars": 5, "met_in_person": False})
    assert run.ready() == [("minister_decision", "minister")]
    run.do("minister_decision", {"approved": True, "decision_number": "1/QĐ-BNNMT", "certificate_number": "B-2",
                                 "issue_date": "2029-02-01"})
    assert run.instance.data["certificate"]["issued_by"] == "ministry"


@ROUNDTRIP
@pytest.mark.parametrize(("stars", "verify", "decide", "authority"), [
    (3, ("province_verify", "province_office"), ("chair_revocation", "province_chair"), "province_chair"),
    (4, ("province_verify", "province_office"), ("chair_revocation", "province_chair"), "province_chair"),
    (5, ("ministry_verify", "ministry_office"), ("minister_revocation", "minister"), "minister")])
def test_revocation_is_decided_by_the_authority_of_the_star(roundtrip: bool, stars: int, verify: tuple[str, str],
                                                            decide: tuple[str, str], authority: str) -> None:
    run = Run("ocop_revocation.bpmn", {**SUBJECT, "certificate_stars": stars, "ground": "mark_misuse",
                                       "finding_date": "2027-03-01", "finding_by": "Sở"}, roundtrip,
              "revocation_opening.json")
    assert run.instance.data["revocation_due"] == "2027-03-16"
    assert run.ready() == [verify]
    run.do(verify[0], {"verified": True, "report": "Đúng."})
    assert run.ready() == [decide]
    run.do(decide[0], {"revoke": True, "revocation_number": "5/QĐ", "decided_on": "2027-03-10"})
    assert run.instance.is_completed
    assert run.instance.data["revocation"] == {"revoked": True, "decision_number": "5/QĐ",
                                               "decided_on": "2027-03-10", "authority": authority}


@ROUNDTRIP
def test_an_inspection_records_its_findings(roundtrip: bool) -> None:
    run = Run("ocop_inspection.bpmn", {**SUBJECT, "certificate_stars": 4, "inspection_kind": "periodic",
                                       "inspecting_level": "province", "due_on": "2027-06-30"}, roundtrip,
              "inspection_opening.json")
    assert run.ready() == [("province_inspection", "province_office")]
    run.do("province_inspection", {"inspected_on": "2027-06-01", "maintains_criteria": True,
                                   "mark_used_correctly": True, "outcome": "compliant", "findings": "Đạt."})
    assert run.instance.is_completed
    assert run.instance.data["inspection"]["outcome"] == "compliant"
