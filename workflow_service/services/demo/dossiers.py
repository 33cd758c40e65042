"""Open demo dossiers, so a new user sees an older chain and the current one on the first `make run`.

Created through the real services (file, claim, complete), as the demo users would; never by the test
fixtures (they start from an empty demo). Loaded only when the database has no dossier yet:
- a paper dossier received at Hương Khê (18101) on 1/3/2024 — R2, QĐ 148/2023 — waiting for the check
  of Hương Khê district (444), the district the commune had that day;
- two dossiers filed today under the regulation in force (R4, QĐ 26/2026), one waiting for the commune
  review, one waiting at the province office.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from ...persistence.models import Dossier
from ..accounts.users import load_actor
from ..context import ServiceContext
from ..dossiers.filing import FileDossier, file_dossier, get_dossier
from ..tasks.actions import claim_task
from ..tasks.completion import complete_task

PAPER_DAY = date(2024, 3, 1)


def _filing(product: str, group: str, subgroup: str) -> dict[str, Any]:
    return {"producer": {"name": "HTX Nông nghiệp Hương Khê", "type": "cooperative", "tax_code": "3001234567",
                         "address": "Thôn 1, xã Hương Khê, tỉnh Hà Tĩnh", "phone": "0912 345 678"},
            "product": {"name": product, "group": group, "subgroup": subgroup,
                        "description": f"{product}, sản phẩm của HTX.", "sample_count": 5}}


def _commune_ok(letter_day: date) -> dict[str, Any]:
    return {"complete": True, "local_raw_materials": True, "local_labour": True, "idea_origin": True,
            "local_identity": True, "mau03_report_number": "12/BC-UBND", "proposal_letter_number": "13/UBND-NN",
            "proposal_letter_date": letter_day.isoformat(), "samples_sent": True, "notes": ""}


def _do(ctx: ServiceContext, username: str, dossier_id: int, element_id: str, data: dict[str, Any]) -> None:
    actor = load_actor(ctx, username)
    _, tasks, _ = get_dossier(ctx, actor, dossier_id)
    [task] = [t for t in tasks if t.element_id == element_id and t.status == "open"]
    claim_task(ctx, actor, task.id)
    complete_task(ctx, actor, task.id, data)


def load_demo_dossiers(ctx: ServiceContext) -> list[int]:
    """File the demo dossiers (after `load_demo`); nothing when any dossier exists. Their ids."""
    with ctx.uow() as uow:
        if uow.session.scalar(select(func.count()).select_from(Dossier)):
            return []
    officer, producer = load_actor(ctx, "officer.huongkhe"), load_actor(ctx, "producer.huongkhe")
    paper = file_dossier(ctx, officer, FileDossier(None, "18101", "first_time",
                                                   _filing("Bưởi Phúc Trạch", "food", "Rau, củ, quả, hạt tươi"),
                                                   filed_on=PAPER_DAY))
    _do(ctx, "officer.huongkhe", paper.id, "commune_review", _commune_ok(date(2024, 3, 5)))
    today = ctx.clock.now().date()
    waiting = file_dossier(ctx, producer, FileDossier(None, "18101", "first_time",
                                                      _filing("Kẹo cu đơ Hương Khê", "food", "Bánh, mứt, kẹo")))
    at_office = file_dossier(ctx, producer, FileDossier(None, "18101", "first_time",
                                                        _filing("Mật ong rừng Hương Khê", "food",
                                                                "Mật ong, các sản phẩm từ mật ong")))
    _do(ctx, "officer.huongkhe", at_office.id, "commune_review", _commune_ok(today))
    return [paper.id, waiting.id, at_office.id]
