"""Database preparation and fast bulk seeding (SQLAlchemy Core) of dossiers with open tasks."""

from __future__ import annotations

import copy
import shutil
import tempfile
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, func, insert, inspect, select, text

from workflow_service.domain.registration import registration_number
from workflow_service.persistence.models import Dossier, TaskRow, UnitRow

from .stats import log, ms_since, now_ns

OUR_TABLES = ("tasks", "audit_entries", "role_assignments", "dossiers", "users", "units",
              "process_definitions", "alembic_version", "bench_commit_probe")
CHUNK = 5000


@dataclass
class Database:
    url: str
    tmpdir: Path | None = None

    @property
    def dialect(self) -> str:
        return self.url.split(":", 1)[0].split("+", 1)[0]

    def cleanup(self, keep: bool) -> None:
        if self.tmpdir is not None:
            if keep:
                log(f"kept the SQLite database in {self.tmpdir}")
            else:
                shutil.rmtree(self.tmpdir, ignore_errors=True)


def prepare_database(url: str | None, reset: bool, tmp_parent: str | None) -> Database:
    if url is None:
        tmpdir = Path(tempfile.mkdtemp(prefix="ocopflow-bench-", dir=tmp_parent))
        return Database(f"sqlite:///{tmpdir / 'bench.db'}", tmpdir)
    if url.startswith("sqlite"):
        return Database(url)
    engine = create_engine(url)
    try:
        present = set(inspect(engine).get_table_names()) & set(OUR_TABLES)
        if present and not reset:
            raise SystemExit(f"the database already has tables {sorted(present)}; the benchmark writes"
                             " ~100k dossiers, so point it at a scratch database or pass --reset to drop"
                             " its public schema first")
        if reset and engine.dialect.name == "postgresql":
            log("--reset: dropping and recreating schema public")
            with engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        elif present:
            log(f"--reset: dropping {sorted(present)}")
            with engine.begin() as conn:
                conn.execute(text("DROP TABLE IF EXISTS " + ", ".join(OUR_TABLES) + " CASCADE"))
    finally:
        engine.dispose()
    return Database(url)


def redact(url: str) -> str:
    if "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    creds, host = rest.rsplit("@", 1)
    return f"{scheme}://{creds.split(':', 1)[0]}:***@{host}"


@dataclass
class Seeder:
    """Grows the database to N seeded dossiers, each with one open task of the process' first user task.

    Every seeded dossier copies the state/routing/data of a real dossier filed through the service,
    with its own id, registration number, commune and sequence. The dossiers go round-robin over
    `communes` synthetic communes under `province`, so each commune holds 1/communes of them.
    One more commune (`fixed_commune`) holds exactly `fixed_count` open tasks at every size, to
    separate the effect of the database size from that of the result size.
    (The copied engine state still names the template's task ids: seeded tasks can be listed, not
    completed.)
    """

    engine: Engine
    template_dossier_id: int
    communes: int = 1000
    province: str = "42"
    fixed_commune: str = "89999"
    fixed_count: int = 50
    seeded: int = 0
    codes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        with self.engine.connect() as conn:
            self._dossier = dict(conn.execute(select(Dossier.__table__).where(
                Dossier.id == self.template_dossier_id)).mappings().one())
            self._task = dict(conn.execute(select(TaskRow.__table__).where(
                TaskRow.dossier_id == self.template_dossier_id, TaskRow.status == "open")
                .order_by(TaskRow.created_at)).mappings().first())
            # Seeded ids start well above the filed ones; the fixed-inbox dossiers sit just below.
            self._next_id = (conn.scalar(select(func.max(Dossier.id))) or 0) + 10_000
        self.codes = [f"9{i:04d}" for i in range(self.communes)]

    def add_communes(self) -> None:
        rows = [{"code": code, "name": f"Xã Bench {i}", "level": "commune", "parent_code": self.province,
                 "valid_from": date(2025, 7, 1), "valid_to": None}
                for i, code in enumerate([*self.codes, self.fixed_commune])]
        with self.engine.begin() as conn:
            conn.execute(insert(UnitRow.__table__), rows)

    @property
    def officer_commune(self) -> str:
        return self.codes[0]

    def seed_fixed(self) -> None:
        """`fixed_count` open tasks in one extra commune, whatever the database size."""
        self._insert([(self._next_id - 1 - k, self.fixed_commune, k + 1, k) for k in range(self.fixed_count)])

    def grow_to(self, total: int) -> float:
        """Insert seeded dossiers (and their open tasks) until `total` are seeded; returns seconds."""
        if total <= self.seeded:
            return 0.0
        t0 = now_ns()
        self._insert([(self._next_id + i, self.codes[i % self.communes], i // self.communes + 1, i)
                      for i in range(self.seeded, total)])
        self.seeded = total
        if self.engine.dialect.name == "postgresql":
            with self.engine.begin() as conn:
                # Explicit ids bypass the sequence: move it past them so later filings still work.
                conn.execute(text("SELECT setval(pg_get_serial_sequence('dossiers', 'id'),"
                                  " (SELECT max(id) FROM dossiers))"))
                conn.execute(text("ANALYZE units, dossiers, tasks"))  # what autovacuum would soon do
        return ms_since(t0) / 1000

    def _insert(self, specs: list[tuple[int, str, int, int]]) -> None:
        """specs: (dossier id, commune, registration sequence, seconds after the base time)."""
        template, task = self._dossier, self._task
        old_commune = template["commune_code"]
        base_time = template["filed_at"] - timedelta(days=30)
        with self.engine.begin() as conn:
            for start in range(0, len(specs), CHUNK):
                dossiers, tasks = [], []
                for dossier_id, commune, seq, offset in specs[start:start + CHUNK]:
                    number = registration_number(seq, self.province, commune, template["reg_year"])
                    filed_at = base_time + timedelta(seconds=offset)
                    data = dict(template["data"])
                    if "commune" in data:
                        data["commune"] = commune
                    if "registration_number" in data:
                        data["registration_number"] = number
                    routing = copy.deepcopy(template["routing"])
                    routing.setdefault("units", {})["commune"] = commune
                    routing["filer_is_applicant"] = False
                    dossiers.append({**template, "id": dossier_id, "registration_number": number,
                                     "reg_seq": seq, "commune_code": commune, "province_code": self.province,
                                     "data": data, "routing": routing, "filed_at": filed_at,
                                     "filed_by": "bench.seeder", "row_version": 1})
                    unit = commune if task["unit_code"] == old_commune else task["unit_code"]
                    tasks.append({**task, "id": str(uuid.uuid4()), "dossier_id": dossier_id,
                                  "unit_code": unit, "created_at": filed_at})
                conn.execute(insert(Dossier.__table__), dossiers)
                conn.execute(insert(TaskRow.__table__), tasks)

    def counts(self) -> dict[str, Any]:
        with self.engine.connect() as conn:
            return {
                "dossiers_total": conn.scalar(select(func.count()).select_from(Dossier.__table__)),
                "open_tasks_total": conn.scalar(select(func.count()).select_from(TaskRow.__table__)
                                                .where(TaskRow.status == "open")),
                "officer_open_tasks": conn.scalar(select(func.count()).select_from(TaskRow.__table__).where(
                    TaskRow.status == "open", TaskRow.unit_code == self.officer_commune)),
                "fixed_officer_open_tasks": conn.scalar(select(func.count()).select_from(TaskRow.__table__)
                                                        .where(TaskRow.status == "open",
                                                               TaskRow.unit_code == self.fixed_commune)),
            }
