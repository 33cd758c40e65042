"""The national unit tree and its 30,000 users for bench/national.py (created once, found again on growth).

34 provinces (codes 60–93) under VN, 3,321 communes (70000–73320) spread evenly over them. Each
province: 3 office, 3 advisory, 7 council members, a chair and a supervisor; each commune: an
officer and 7–8 producers, 30,000 users in all, every one with the demo password's hash.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine, func, insert, select, text

from workflow_service.persistence.models import RoleAssignment, UnitRow, User
from workflow_service.services.demo.loader import DEMO_PASSWORD
from workflow_service.services.demo.loader import _demo_password_hash as demo_hash

PROVINCES = [str(60 + k) for k in range(34)]
COMMUNES = [str(70000 + k) for k in range(3321)]
USERS = 30_000
PER_PROVINCE = {"office": ("province_office", 3), "advisory": ("province_advisory", 3),
                "council": ("province_council", 7), "chair": ("province_chair", 1), "supervisor": ("supervisor", 1)}


@dataclass
class NationalUnits:
    provinces: list[str]
    communes: list[str]
    province_of: dict[str, str]
    producers: dict[str, int]  # commune → how many producers it has
    first_dossier_id: int = 10_000_000  # clones' ids: far above what the service files itself

    def people(self, commune: str, province: str, rng: random.Random) -> dict[str, str]:
        """Who plays each template user for one dossier."""
        council = rng.sample(range(1, 8), 3)
        return {"producer.huongkhe": f"producer{rng.randrange(self.producers[commune]) + 1}.{commune}",
                "officer.huongkhe": f"officer.{commune}", "office.hatinh": f"office{rng.randint(1, 3)}.{province}",
                "advisory.hatinh": f"advisory{rng.randint(1, 3)}.{province}",
                **{f"council{k + 1}.hatinh": f"council{c}.{province}" for k, c in enumerate(council)},
                "chair.hatinh": f"chair1.{province}"}

    def summary(self, engine: Engine) -> dict[str, Any]:
        """Rows and bytes: per table, per completed dossier, per audit entry."""
        with engine.connect() as conn:
            def one(sql: str) -> Any:
                return conn.execute(text(sql), {"first": self.first_dossier_id}).scalar()

            sizes = {t: int(one(f"SELECT pg_total_relation_size('{t}')")) for t in
                     ("dossiers", "tasks", "audit_entries", "task_counts", "users", "role_assignments")}
            completed = one("SELECT count(*) FROM dossiers WHERE id >= :first AND status = 'completed'")
            running = one("SELECT count(*) FROM dossiers WHERE id >= :first AND status = 'running'")
            tasks, audits = one("SELECT count(*) FROM tasks"), one("SELECT count(*) FROM audit_entries")
            state = one("SELECT avg(octet_length(state)) FROM dossiers WHERE id >= :first AND status = 'completed'")
            audit_per = one("SELECT count(*)::float / nullif(count(DISTINCT dossier_id), 0) FROM audit_entries"
                            " WHERE dossier_id IN (SELECT id FROM dossiers WHERE id >= :first AND status = 'completed'"
                            " ORDER BY id LIMIT 1000)")
            database = int(one("SELECT pg_database_size(current_database())"))
            users = one("SELECT count(*) FROM users")
        total = (completed or 0) + (running or 0)
        return {"rows": {"dossiers_completed": completed, "dossiers_running": running, "tasks": tasks,
                         "audit_entries": audits, "users": users, "provinces": len(self.provinces),
                         "communes": len(self.communes)},
                "bytes": {"database": database, **sizes},
                "per_completed_dossier": {
                    "engine_state_bytes": round(float(state or 0)),
                    "audit_entries": round(float(audit_per or 0), 1),
                    "audit_bytes_per_entry": round(sizes["audit_entries"] / max(1, audits)),
                    "all_bytes_per_dossier": round((sizes["dossiers"] + sizes["tasks"] + sizes["audit_entries"])
                                                   / max(1, total))}}


def national_units(ctx: Any, engine: Engine) -> NationalUnits:
    producers = _producers()
    units = NationalUnits(PROVINCES, COMMUNES, {c: PROVINCES[k % len(PROVINCES)] for k, c in enumerate(COMMUNES)},
                          producers)
    with engine.connect() as conn:
        present = conn.scalar(select(func.count()).select_from(UnitRow).where(UnitRow.code == PROVINCES[0]))
    if not present:
        _create(engine, units)
    return units


def _producers() -> dict[str, int]:
    officials = len(PROVINCES) * sum(n for _, n in PER_PROVINCE.values()) + len(COMMUNES)
    base, extra = divmod(USERS - officials, len(COMMUNES))
    return {c: base + (1 if k < extra else 0) for k, c in enumerate(COMMUNES)}


def _create(engine: Engine, units: NationalUnits) -> None:
    since = date(2025, 7, 1)
    rows = [{"code": p, "name": f"Tỉnh Bench {p}", "level": "province", "parent_code": "VN",
             "valid_from": None, "valid_to": None} for p in units.provinces]
    rows += [{"code": c, "name": f"Xã Bench {c}", "level": "commune", "parent_code": units.province_of[c],
              "valid_from": since, "valid_to": None} for c in units.communes]
    people: list[tuple[str, str, str]] = []  # username, role, unit
    for p in units.provinces:
        for prefix, (role, n) in PER_PROVINCE.items():
            people += [(f"{prefix}{k}.{p}", role, p) for k in range(1, n + 1)]
    for c in units.communes:
        people.append((f"officer.{c}", "commune_officer", c))
        people += [(f"producer{k}.{c}", "applicant", c) for k in range(1, units.producers[c] + 1)]
    password = demo_hash()
    with engine.begin() as conn:
        conn.execute(insert(UnitRow.__table__), rows)
        ids = conn.execute(insert(User.__table__).returning(User.__table__.c.id, User.__table__.c.username),
                           [{"username": u, "password_hash": password, "display_name": u, "email": None,
                             "session_version": 0} for u, _, _ in people]).all()
        by_name = {name: user_id for user_id, name in ids}
        conn.execute(insert(RoleAssignment.__table__), [{"user_id": by_name[u], "role": role, "unit_code": unit}
                                                        for u, role, unit in people])


__all__ = ["DEMO_PASSWORD", "NationalUnits", "national_units"]
