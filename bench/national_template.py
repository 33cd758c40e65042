"""Templates for the national data set: one real R4 dossier taken through the chain by the services.

The dossier is filed by a demo producer in commune 18101 (Hà Tĩnh, 42) and stepped task by task with
the clock moving a few days between steps, as people would; after each step its rows (dossier, tasks,
audit entries) are kept as a stage. bench/national.py clones the stages into a million dossiers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, select

from workflow_service.domain.clock import FixedClock
from workflow_service.persistence.models import AuditEntry, Dossier, TaskRow
from workflow_service.services.accounts import users as accounts
from workflow_service.services.dossiers.filing import FileDossier, file_dossier
from workflow_service.services.tasks.actions import claim_task, complete_task

FILING = {
    "producer": {"name": "HTX Nông nghiệp Hương Khê", "type": "cooperative", "tax_code": "3001234567",
                 "address": "Thôn 1, xã Hương Khê, tỉnh Hà Tĩnh", "phone": "0912 345 678"},
    "product": {"name": "Bưởi Phúc Trạch", "group": "food", "subgroup": "Rau, củ, quả, hạt tươi",
                "description": "Bưởi tươi, quả 1–1,5 kg.", "sample_count": 5},
}
COUNCIL = ["council1.hatinh", "council2.hatinh", "council3.hatinh"]
# (user, step, form data, days before the step is done): the R4 chain at province level, four stars.
STEPS: list[tuple[str, str, dict[str, Any], int]] = [
    ("officer.huongkhe", "commune_review", {
        "complete": True, "local_raw_materials": True, "local_labour": True, "idea_origin": True,
        "local_identity": True, "mau03_report_number": "12/BC-UBND", "proposal_letter_number": "13/TTr-UBND",
        "samples_sent": True}, 6),
    ("office.hatinh", "office_check", {"complete": True}, 4),
    ("advisory.hatinh", "advisory_review", {
        "supplement_needed": False, "site_survey_done": True, "lab_tests_required": False,
        "report": "Đủ điều kiện trình Hội đồng."}, 12),
    ("council1.hatinh", "council_scoring", {"part_a": 30, "part_b": 20, "part_c": 28, "minimum_star": 5}, 9),
    ("council2.hatinh", "council_scoring", {"part_a": 32, "part_b": 19, "part_c": 27, "minimum_star": 4}, 1),
    ("council3.hatinh", "council_scoring", {"part_a": 31, "part_b": 21, "part_c": 26, "minimum_star": 4}, 1),
    ("chair.hatinh", "chair_decision", {"approved": True, "decision_number": "2345/QĐ-UBND",
                                        "certificate_number": "HT-2026-041", "issue_date": "2026-11-25"}, 8),
    ("office.hatinh", "notify_result", {"notice_number": "99/TB-SNNMT", "notified_commune": True,
                                        "notified_producer": True, "sent_date": "2026-11-30"}, 3),
]


@dataclass
class Stage:
    """A dossier's rows after `done` steps (0: just filed); the last stage is the completed dossier."""

    done: int
    dossier: dict[str, Any]
    tasks: list[dict[str, Any]]
    audits: list[dict[str, Any]]

    @property
    def completed(self) -> bool:
        return self.dossier["status"] == "completed"

    @property
    def days(self) -> float:
        """From filing to the last change of this stage."""
        last = max([a["at"] for a in self.audits])
        return (last - self.dossier["filed_at"]).total_seconds() / 86400


def build_stages(ctx: Any, engine: Engine, clock: FixedClock) -> list[Stage]:
    producer = accounts.load_actor(ctx, "producer.huongkhe")
    dossier = file_dossier(ctx, producer, FileDossier("ocop_evaluation", "18101", "first_time", FILING))
    stages = [_stage(engine, dossier.id, 0)]
    for done, (user, element, data, days) in enumerate(STEPS, start=1):
        clock.advance(timedelta(days=days, hours=2))
        actor = accounts.load_actor(ctx, user)
        with engine.connect() as conn:
            task_id = conn.scalar(select(TaskRow.id).where(
                TaskRow.dossier_id == dossier.id, TaskRow.element_id == element, TaskRow.status == "open",
                (TaskRow.candidate == user) | TaskRow.candidate.is_(None)))
        claim_task(ctx, actor, str(task_id))
        clock.advance(timedelta(hours=3))
        complete_task(ctx, actor, str(task_id), data)
        stages.append(_stage(engine, dossier.id, done))
    if not stages[-1].completed:
        raise SystemExit("the template dossier did not complete: the R4 chain changed, update bench/national_template.py")
    return stages


def _stage(engine: Engine, dossier_id: int, done: int) -> Stage:
    with engine.connect() as conn:
        dossier = dict(conn.execute(select(Dossier.__table__).where(Dossier.id == dossier_id)).mappings().one())
        tasks = [dict(r) for r in conn.execute(select(TaskRow.__table__).where(TaskRow.dossier_id == dossier_id)
                                               .order_by(TaskRow.created_at, TaskRow.id)).mappings()]
        audits = [dict(r) for r in conn.execute(select(AuditEntry.__table__).where(
            AuditEntry.dossier_id == dossier_id).order_by(AuditEntry.id)).mappings()]
    return Stage(done, dossier, tasks, audits)
