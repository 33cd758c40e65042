"""The processes started from a certificate, as chains whose diagrams the diagram checks cover
(their runs are in test_certificate_processes.py)."""

from __future__ import annotations

from .chain_runner import Chain

REEVALUATION = Chain("ocop_reevaluation.bpmn", "ocop_reevaluation", {
    "applicant_supplement": "applicant", "commune_review": "commune_officer",
    "commune_complete_dossier": "commune_officer", "office_check": "province_office",
    "notify_result": "province_office", "council_vote": "province_council", "council_meeting": "province_council",
    "chair_decision": "province_chair", "ministry_office_check": "ministry_office", "central_vote": "central_council",
    "minister_decision": "minister"}, {}, start_lane="applicant")
REVOCATION = Chain("ocop_revocation.bpmn", "ocop_revocation", {
    "province_verify": "province_office", "chair_revocation": "province_chair", "ministry_verify": "ministry_office",
    "minister_revocation": "minister"}, {}, start_lane="province_office")
INSPECTION = Chain("ocop_inspection.bpmn", "ocop_inspection", {
    "province_inspection": "province_office", "ministry_inspection": "ministry_office"}, {},
    start_lane="province_office")
