"""The demo data set: a small real-shaped unit tree through time and one user per role of the chain.

demo_data/units.csv holds Hà Tĩnh (42), Thanh Hóa (38) and Quảng Ngãi (51) with a district each
until 30/6/2025 (Hương Khê 444, Nga Sơn 401, Ba Tơ 535: GSO codes); the seat communes keep their
code and hang under the province from 1/7/2025, the communes merged into them end on 30/6/2025.
`unknown-district` stands in for the unnamed district of plans/district-2021.yaml."""

from __future__ import annotations

import functools
from pathlib import Path

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ...persistence.models import User
from ..accounts.users import add_user
from ..context import ServiceContext
from ..units.importing import import_units

DEMO_PASSWORD = "ocop-demo-2026"
DEMO_UNITS = Path(__file__).resolve().parents[2] / "demo_data" / "units.csv"
DEMO_USERS: dict[str, list[str]] = {
    "producer.huongkhe": ["applicant@18101"],
    "officer.huongkhe": ["commune_officer@18101"],
    "officer.huongpho": ["commune_officer@18103"],
    "office.hatinh": ["province_office@42"],
    "advisory.hatinh": ["province_advisory@42"],
    "council1.hatinh": ["province_council@42"],
    "council2.hatinh": ["province_council@42"],
    "council3.hatinh": ["province_council@42"],
    "chair.hatinh": ["province_chair@42"],
    "supervisor.hatinh": ["supervisor@42"],
    # Hương Khê district (444), abolished on 1/7/2025: walks dossiers filed under R1/R2.
    "officer.huongkhe.district": ["district_officer@444"],
    "council1.huongkhe": ["district_council@444"],
    "council2.huongkhe": ["district_council@444"],
    "council3.huongkhe": ["district_council@444"],
    "chair.huongkhe": ["district_chair@444"],
    "office.thanhhoa": ["province_office@38"],
    "council1.thanhhoa": ["province_council@38"],
    "ministry.office": ["ministry_office@VN"],
    "ministry.advisory": ["ministry_advisory@VN"],
    "central.council": ["central_council@VN"],
    "minister": ["minister@VN"],
    "designer": ["designer@VN"],
    "admin": ["admin@VN", "supervisor@VN"],
}
# The names the demo users sign with (decisions, certificates, Mẫu 03): invented people, not office holders.
DEMO_NAMES: dict[str, str] = {
    "producer.huongkhe": "Đặng Thị Ngữ",
    "officer.huongkhe": "Nguyễn Văn Thắng",
    "officer.huongpho": "Trần Thị Hồng Nhung",
    "office.hatinh": "Lê Minh Đức",
    "advisory.hatinh": "Phạm Thị Thủy",
    "council1.hatinh": "Hoàng Văn Lợi",
    "council2.hatinh": "Bùi Thị Hương",
    "council3.hatinh": "Ngô Quang Vũ",
    "chair.hatinh": "Trần Đức Khiêm",
    "supervisor.hatinh": "Đinh Thị Ngọc Ánh",
    "officer.huongkhe.district": "Phan Đình Tường",
    "council1.huongkhe": "Dương Thị Lụa",
    "council2.huongkhe": "Hồ Sỹ Hùng",
    "council3.huongkhe": "Lưu Thị Yến",
    "chair.huongkhe": "Trương Quốc Hưng",
    "office.thanhhoa": "Lê Thị Thanh Hà",
    "council1.thanhhoa": "Mai Xuân Trường",
    "ministry.office": "Nguyễn Thị Mỹ Dung",
    "ministry.advisory": "Vũ Đức Thịnh",
    "central.council": "Đỗ Thị Quỳnh Nga",
    "minister": "Trịnh Văn Dũng",
    "designer": "Tạ Quang Khải",
    "admin": "Quản trị hệ thống",
}


def is_empty(ctx: ServiceContext) -> bool:
    with ctx.uow() as uow:
        return (uow.session.scalar(select(func.count()).select_from(User)) or 0) == 0


def load_demo(ctx: ServiceContext) -> dict[str, list[str]]:
    import_units(ctx, DEMO_UNITS.read_text(encoding="utf-8"))
    demo_hash = _demo_password_hash()
    for username, grants in DEMO_USERS.items():
        add_user(ctx, username, DEMO_PASSWORD, grants, display_name=DEMO_NAMES[username], password_hash=demo_hash)
    return DEMO_USERS


@functools.cache
def _demo_password_hash() -> str:
    # scrypt costs ~150 ms; hashing the shared demo password once keeps demo loading (and tests) fast.
    return generate_password_hash(DEMO_PASSWORD)


def demo_accounts_with_published_password(ctx: ServiceContext) -> list[str]:
    """Demo user names present here whose password is still the published demo password."""
    with ctx.uow() as uow:
        rows = uow.session.execute(select(User.username, User.password_hash)
                                   .where(User.username.in_(list(DEMO_USERS)))).all()
    verdicts: dict[str, bool] = {}  # the demo loader gives every demo user one shared hash: check each once
    for _, password_hash in rows:
        if password_hash not in verdicts:
            verdicts[password_hash] = check_password_hash(password_hash, DEMO_PASSWORD)
    return sorted(username for username, password_hash in rows if verdicts[password_hash])
