"""Open demo dossiers, so a new user sees an older chain and the current one on the first `make run`.

Created through the real services (file, claim, complete), as the demo users would; never by the test
fixtures (they start from an empty demo). Loaded only when the database has no dossier yet:
- a paper dossier received at Hương Khê (18101) on 1/3/2024 — R2, QĐ 148/2023 — waiting for the check
  of Hương Khê district (444), the district the commune had that day;
- two dossiers filed today under the regulation in force (R4, QĐ 26/2026), one waiting for the commune
  review, one waiting at the province office;
- open work in every deadline state — commune reviews (15 working days) filed so many working days ago that
  one is on time, one due soon and one overdue in each aging bucket (1–5, 6–10, 11–20, over 20) — and
  reviews done in past months, on time or late, so the supervisor's dashboard and chart have something to
  show. These are filed and completed with the clock set back to their day, as they would have been.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select

from ...domain.calendar import WorkingCalendar
from ...domain.clock import VN_TZ, FixedClock
from ...domain.errors import DomainError
from ...persistence.models import Dossier
from ..accounts.users import load_actor
from ..context import ServiceContext
from ..deadlines.calendar import current_calendar
from ..dossiers.filing import FileDossier, file_dossier, get_dossier
from ..tasks.actions import claim_task
from ..tasks.completion import complete_task

PAPER_DAY = date(2024, 3, 1)
# (product, commune, filer, filed so many working days ago): the commune review's 15 working days are then
# on time, due soon (2 left), and overdue by 3, 8, 15 and 25 working days — one per aging bucket.
DEADLINE_STATES = (
    ("Chè xanh Hương Khê", "18101", "producer.huongkhe", 1),
    ("Cam Khe Mây", "18101", "producer.huongkhe", 13),
    ("Nước mắm Hương Phố", "18103", "officer.huongpho", 18),
    ("Nhung hươu Hương Khê", "18101", "producer.huongkhe", 23),
    ("Bánh đa vừng Hương Phố", "18103", "officer.huongpho", 30),
    ("Tinh dầu sả Hương Khê", "18101", "producer.huongkhe", 40),
)
# (product, commune, filer, officer, filed so many working days ago, reviewed so many working days later).
REVIEWED = (
    ("Gạo hữu cơ Hương Khê", "18101", "producer.huongkhe", "officer.huongkhe", 100, 10),
    ("Rượu nếp Hương Phố", "18103", "officer.huongpho", "officer.huongpho", 80, 19),
    ("Miến gạo Hương Khê", "18101", "producer.huongkhe", "officer.huongkhe", 60, 12),
    ("Tương Hương Phố", "18103", "officer.huongpho", "officer.huongpho", 50, 17),
)


def _filing(product: str, group: str, subgroup: str, commune: str = "18101") -> dict[str, Any]:
    place = "Hương Khê" if commune == "18101" else "Hương Phố"
    return {"producer": {"name": f"HTX Nông nghiệp {place}", "type": "cooperative", "tax_code": "3001234567",
                         "address": f"Thôn 1, xã {place}, tỉnh Hà Tĩnh", "phone": "0912 345 678"},
            "product": {"name": product, "group": group, "subgroup": subgroup,
                        "description": f"{product}, sản phẩm của HTX.", "sample_count": 5}}


def _commune_ok(letter_day: date) -> dict[str, Any]:
    return {"complete": True, "local_raw_materials": True, "local_labour": True, "idea_origin": True,
            "local_identity": True, "mau03_report_number": "12/BC-UBND", "proposal_letter_number": "13/UBND-NN",
            "proposal_letter_date": letter_day.isoformat(), "samples_sent": True, "notes": ""}


def _working_days_ago(calendar: WorkingCalendar, today: date, n: int) -> date:
    day, counted = today, 0
    while counted < n:
        day -= timedelta(days=1)
        counted += calendar.is_working_day(day)
    return day


def _at(ctx: ServiceContext, day: date) -> ServiceContext:
    """The services as they ran that day, at 9 in the morning."""
    return replace(ctx, clock=FixedClock(datetime.combine(day, time(9, 0), tzinfo=VN_TZ)))


def _open_work(ctx: ServiceContext) -> list[int]:
    """Dossiers whose commune review is in each deadline state, and reviews done in past months."""
    calendar = current_calendar(ctx)
    today = ctx.clock.now().astimezone(VN_TZ).date()
    ids = []
    for product, commune, filer, ago in DEADLINE_STATES:
        day = _working_days_ago(calendar, today, ago)
        try:
            ids.append(file_dossier(_at(ctx, day), load_actor(ctx, filer), FileDossier(
                None, commune, "first_time", _filing(product, "food", "Thực phẩm chế biến", commune))).id)
        except DomainError:  # that day ran under another regulation, whose chain this demo does not fill
            continue
    for product, commune, filer, officer, ago, after in REVIEWED:
        filed = _working_days_ago(calendar, today, ago)
        reviewed = calendar.add_working_days(filed, after)
        try:
            dossier = file_dossier(_at(ctx, filed), load_actor(ctx, filer), FileDossier(
                None, commune, "first_time", _filing(product, "food", "Thực phẩm chế biến", commune)))
            _do(_at(ctx, reviewed), officer, dossier.id, "commune_review", _commune_ok(reviewed))
        except DomainError:
            continue
        ids.append(dossier.id)
    return ids


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
    return [paper.id, waiting.id, at_office.id, *_open_work(ctx)]
