"""Demo certificates: three products of Hương Khê (18101) taken through the R4 chain by the demo users,
so the public register, the verification pages and the province dashboard have something to show.

A 3★ honey issued on 10/6/2026 (the issue's example: expires 10/6/2029, re-evaluation window
12/12/2028 – 10/2/2029), a 4★ pomelo and a 5★ tea recognised by the Minister. Loaded once: nothing
when any certificate exists."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from ...persistence.certificate_models import Certificate
from ..accounts.users import load_actor
from ..context import ServiceContext
from ..dossiers.filing import FileDossier, file_dossier, get_dossier
from ..tasks.actions import claim_task
from ..tasks.completion import complete_task
from .dossiers import _commune_ok, _do, _filing

COUNCIL = ("council1.hatinh", "council2.hatinh", "council3.hatinh")
SHEETS = {3: (24, 16, 20, 3), 4: (31, 20, 27, 4), 5: (37, 24, 31, 5)}


def load_demo_certificates(ctx: ServiceContext) -> list[str]:
    with ctx.uow() as uow:
        if uow.session.scalar(select(func.count()).select_from(Certificate)):
            return []
    today = ctx.clock.now().date()
    made = [
        _certify(ctx, "Mật ong rừng Vũ Quang", "Mật ong, các sản phẩm từ mật ong", 3, "HT-2026-0012",
                 "1520/QĐ-UBND", "2026-06-10"),
        _certify(ctx, "Bưởi Phúc Trạch Hương Khê", "Rau, củ, quả, hạt tươi", 4, "HT-2026-0031", "2210/QĐ-UBND",
                 today.isoformat()),
        _certify(ctx, "Trà xanh Hương Khê", "Chè, trà", 5, "BNNMT-2026-005", "88/QĐ-BNNMT", today.isoformat()),
    ]
    return made


def _certify(ctx: ServiceContext, product: str, subgroup: str, stars: int, number: str, decision: str,
             issue_date: str) -> str:
    producer = load_actor(ctx, "producer.huongkhe")
    dossier = file_dossier(ctx, producer, FileDossier(None, "18101", "first_time", _filing(product, "food", subgroup)))
    today = ctx.clock.now().date()
    _do(ctx, "officer.huongkhe", dossier.id, "commune_review", _commune_ok(today))
    _do(ctx, "office.hatinh", dossier.id, "office_check", {"complete": True})
    _do(ctx, "advisory.hatinh", dossier.id, "advisory_review", {
        "supplement_needed": False, "site_survey_done": True, "lab_tests_required": False, "report": "Đạt."})
    a, b, c, minimum = SHEETS[stars]
    for member in COUNCIL:
        _do_as(ctx, member, dossier.id, "council_scoring", {"part_a": a, "part_b": b, "part_c": c,
                                                              "minimum_star": minimum})
    decision_data = {"approved": True, "decision_number": decision, "certificate_number": number,
                     "issue_date": issue_date}
    if stars == 5:
        _do(ctx, "chair.hatinh", dossier.id, "chair_propose_ministry", {
            "approved_result": True, "approval_decision_number": "2400/QĐ-UBND", "proposal_number": "77/TTr-UBND"})
        _do(ctx, "ministry.office", dossier.id, "ministry_office_check", {"complete": True})
        _do(ctx, "ministry.advisory", dossier.id, "ministry_advisory_review", {"report": "Đạt.",
                                                                              "site_survey_done": True})
        _do(ctx, "central.council", dossier.id, "central_scoring", {"central_score": 92.0,
                                                                    "minutes_number": "5/BB-HĐTW"})
        _do(ctx, "minister", dossier.id, "minister_decision", decision_data)
    else:
        _do(ctx, "chair.hatinh", dossier.id, "chair_decision", decision_data)
    _do(ctx, "office.hatinh", dossier.id, "notify_result", {
        "notice_number": f"TB-{number}", "notified_commune": True, "notified_producer": True,
        "sent_date": today.isoformat()})
    return number


def _do_as(ctx: ServiceContext, member: str, dossier_id: int, element: str, data: dict[str, Any]) -> None:
    """A council member's own sheet (one task per member)."""
    actor = load_actor(ctx, member)
    _, tasks, _ = get_dossier(ctx, actor, dossier_id)
    task = next(t for t in tasks if t.element_id == element and t.status == "open" and t.candidate == member)
    claim_task(ctx, actor, task.id)
    complete_task(ctx, actor, task.id, data)
