"""A national data set on PostgreSQL: 34 provinces, 3,321 communes, 30,000 users, N dossiers over ten years.

    .venv/bin/python -m bench.national --database-url postgresql+psycopg://…/scratch --reset --dossiers 100000
    .venv/bin/python -m bench.national --database-url … --dossiers 1000000      # grows the same set

Every dossier is a clone of a real R4 dossier taken through the chain by the services
(bench/national_template.py): completed (its eight tasks and seventeen audit entries, the engine
state compressed as the service stores it) when filed more than 200 days before now, otherwise
stopped at the stage its age reaches, with its open tasks. Dossiers are spread evenly over the
ten years and the communes, so growing 100k → 1M makes every commune ten times as busy. Rows go
in with COPY (indexes dropped first and rebuilt, triggers and foreign keys off meanwhile: the
monitoring counts are rebuilt at the end); each audit trail is re-chained with real hashes.
Prints one JSON document (sizes, rows, seconds); bench/national_pages.py times the pages on it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from json.encoder import encode_basestring_ascii  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "bench"

from sqlalchemy import Engine, func, select, text

from workflow_service import create_app
from workflow_service.config import Settings
from workflow_service.domain.audit_chain import canonical_data, record_hash
from workflow_service.domain.clock import VN_TZ, FixedClock
from workflow_service.persistence.models import Dossier
from workflow_service.services.demo.loader import load_demo
from workflow_service.services.monitoring.counts import rebuild_counts

from .national_certificates import add_certificates
from .national_template import Stage, build_stages
from .national_units import NationalUnits, national_units
from .seed import prepare_database, redact
from .stats import log

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=VN_TZ)
YEARS = 10
RUNNING_DAYS = 90  # filed within this many days before now: still on its way, one stage per 1/8 of them
CHUNK = 5000
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TABLES = ("dossiers", "tasks", "audit_entries")


def app_for(url: str) -> Any:
    settings = Settings(database_url=url, secret_key="bench-" + "k" * 40, env="testing",
                        bpmn_dir=ROOT / "bpmn", forms_dir=ROOT / "forms",
                        register_limit="1000000 per minute")  # the pages benchmark asks the register hundreds of times
    return create_app(settings, clock=FixedClock(NOW - timedelta(days=90)))  # R4 is in force from 22/5/2026


class Cloner:
    """Turns template stages into the rows of dossier number i (deterministic in i)."""

    def __init__(self, stages: list[Stage], units: NationalUnits, first_audit_id: int):
        self.stages, self.units, self.next_audit = stages, units, first_audit_id
        self.template_start = stages[0].dossier["filed_at"]
        self.span = YEARS * 365 * 86400

    def stage_for(self, age_days: float) -> Stage:
        if age_days >= RUNNING_DAYS:
            return self.stages[-1]
        stage = self.stages[int(age_days / RUNNING_DAYS * (len(self.stages) - 1))]
        return stage if stage.days <= age_days else self.stages[0]

    def rows(self, i: int) -> tuple[tuple[Any, ...], list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        rng = random.Random(i)
        commune = self.units.communes[i % len(self.units.communes)]
        province = self.units.province_of[commune]
        filed_at = NOW - timedelta(seconds=rng.uniform(3600, self.span))
        stage = self.stage_for((NOW - filed_at).total_seconds() / 86400)
        shift = filed_at - self.template_start
        people = self.units.people(commune, province, rng)
        units = {"18101": commune, "42": province}
        ids = {t["id"]: str(uuid.UUID(int=rng.getrandbits(128), version=4)) for t in stage.tasks}
        dossier_id = self.units.first_dossier_id + i
        year = filed_at.astimezone(VN_TZ).year
        number = f"{i + 1:07d}/PĐK-{province}-{commune}-{year}"
        dossier = self._dossier(stage, dossier_id, number, year, i, commune, province, people, shift, ids, rng)
        tasks = [self._task(t, dossier_id, shift, ids, people, units) for t in stage.tasks]
        audits = self._audits(stage, dossier_id, shift, ids, people, units)
        return dossier, tasks, audits

    def _dossier(self, stage: Stage, dossier_id: int, number: str, year: int, i: int, commune: str,
                 province: str, people: dict[str, str], shift: timedelta, ids: dict[str, str],
                 rng: random.Random) -> tuple[Any, ...]:
        d = stage.dossier
        data = {**d["data"], "registration_number": number, "commune": commune}
        producer = f"HTX {rng.choice(PRODUCER_WORDS)} {commune}-{i % 97}"
        routing = json.loads(_replace(json.dumps(d["routing"], ensure_ascii=False), people, {"18101": commune,
                                                                                          "42": province}))
        routing["proposed"] = {k: (datetime.fromisoformat(v) + shift).isoformat()
                               for k, v in (d["routing"].get("proposed") or {}).items()}
        state = d["state"]
        if not stage.completed:  # a running dossier's state names its own task ids, people and units
            state = UUID.sub(lambda m: ids.get(m.group(0), m.group(0)), _replace(state, people, {}))
            state = state.replace(d["registration_number"], number).replace('"18101"', f'"{commune}"')
        return (dossier_id, number, year, i + 1, d["definition_id"], commune, province, d["kind"], d["status"],
                producer, f"Sản phẩm {rng.choice(PRODUCT_WORDS)} {i % 1013}", d["score"], d["stars"],
                _json(d["certificate"]), _json(data), json.dumps(routing, ensure_ascii=False), state,
                d["serializer_version"], _naive(d["filed_at"] + shift), people["producer.huongkhe"], None, "R4",
                _naive(d["completed_at"] + shift) if d["completed_at"] else None, d["row_version"])

    def _task(self, t: dict[str, Any], dossier_id: int, shift: timedelta, ids: dict[str, str],
              people: dict[str, str], units: dict[str, str]) -> tuple[Any, ...]:
        naive = _naive_times(t)

        def at(key: str) -> datetime | None:
            return naive[key] + shift if naive[key] is not None else None

        return (ids[t["id"]], dossier_id, t["element_id"], t["name"], t["role"], units.get(t["unit_code"], t["unit_code"]),
                t["form_file"], people.get(t["candidate"], t["candidate"]), t["status"],
                people.get(t["claimed_by"], t["claimed_by"]), at("claimed_at"), at("created_at"), at("completed_at"),
                people.get(t["completed_by"], t["completed_by"]), at("due_at"), t["deadline_rule"], None,
                t["escalation"], at("paused_at"), at("original_due_at"), at("rescheduled_at"), t["reschedule_reason"])

    def _audits(self, stage: Stage, dossier_id: int, shift: timedelta, ids: dict[str, str],
                people: dict[str, str], units: dict[str, str]) -> list[tuple[Any, ...]]:
        rows, prev = [], None
        for a in stage.audits:
            fixed = _audit_parts(a)
            role, unit = fixed["role"], fixed["unit"]
            acting_as = f"{role}@{units.get(unit, unit)}" if unit else a["acting_as"]
            actor, task_id = people.get(a["actor"], a["actor"]), ids.get(a["task_id"] or "", a["task_id"])
            at = fixed["at"] + shift
            digest = _hash(dossier_id, task_id, actor, acting_as, a["action"], at, fixed["canonical"], prev)
            if self.next_audit % 100_000 == 1:  # the shortcut below must agree with the service's hash
                assert digest == record_hash(dossier_id=dossier_id, task_id=task_id, actor=actor,
                                             acting_as=acting_as, action=a["action"], at=at.replace(tzinfo=UTC),
                                             data=canonical_data(a["data"]), prev_hash=prev)
            rows.append((self.next_audit, dossier_id, task_id, actor, acting_as, a["action"], at, fixed["json"],
                         prev, digest))
            self.next_audit += 1
            prev = digest
        return rows


def _naive_times(t: dict[str, Any]) -> dict[str, Any]:
    """A template row's times as naive UTC, worked out once per row."""
    cached = t.get("_naive")
    if cached is None:
        cached = t["_naive"] = {k: _naive(v) if isinstance(v, datetime) else v for k, v in t.items()}
    return cached  # type: ignore[no-any-return]


def _audit_parts(a: dict[str, Any]) -> dict[str, Any]:
    cached = a.get("_parts")
    if cached is None:
        role, _, unit = a["acting_as"].partition("@")
        data = canonical_data(a["data"])
        cached = a["_parts"] = {"role": role, "unit": unit, "at": _naive(a["at"]),
                                "json": json.dumps(data, ensure_ascii=False),
                                "canonical": json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)}
    return cached  # type: ignore[no-any-return]


def _hash(dossier_id: int, task_id: str | None, actor: str, acting_as: str, action: str, at: datetime,
          data_canonical: str, prev: str | None) -> str:
    """domain.audit_chain.record_hash for a naive UTC time and data already in canonical JSON (same bytes)."""
    def text_(value: str | None) -> str:
        return "null" if value is None else encode_basestring_ascii(value)  # what json.dumps writes

    record = (f'{{"acting_as":{text_(acting_as)},"action":{text_(action)},"actor":{text_(actor)},'
              f'"at":"{at.isoformat(timespec="microseconds")}+00:00","data":{data_canonical},'
              f'"dossier":{dossier_id},"prev":{text_(prev)},"task":{text_(task_id)}}}')
    return hashlib.sha256(record.encode("ascii")).hexdigest()


PRODUCER_WORDS = ["Nông nghiệp", "Chè", "Mật ong", "Nước mắm", "Gạo", "Dược liệu", "Cà phê", "Thủ công"]
PRODUCT_WORDS = ["Bưởi", "Chè xanh", "Mật ong rừng", "Nước mắm", "Gạo thơm", "Cao dược liệu", "Cà phê", "Mây tre"]
DOSSIER_COLUMNS = ("id, registration_number, reg_year, reg_seq, definition_id, commune_code, province_code, kind, "
                   "status, producer_name, product_name, score, stars, certificate, data, routing, state, "
                   "serializer_version, filed_at, filed_by, filed_on, regulation, completed_at, row_version")
TASK_COLUMNS = ("id, dossier_id, element_id, name, role, unit_code, form_file, candidate, status, claimed_by, "
                "claimed_at, created_at, completed_at, completed_by, due_at, deadline_rule, draft, escalation, "
                "paused_at, original_due_at, rescheduled_at, reschedule_reason")
AUDIT_COLUMNS = "id, dossier_id, task_id, actor, acting_as, action, at, data, prev_hash, hash"


def _replace(text_: str, people: dict[str, str], units: dict[str, str]) -> str:
    for old, new in {**people, **units}.items():
        text_ = text_.replace(f'"{old}"', f'"{new}"')
    return text_


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _naive(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(tzinfo=None)


def generate(engine: Engine, cloner: Cloner, start: int, total: int) -> dict[str, Any]:
    """COPY dossiers start..total-1 (indexes dropped and rebuilt around it)."""
    indexes = _drop_indexes(engine)
    t0 = time.monotonic()
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("SET session_replication_role = replica")  # no triggers, no FK checks while loading
        for first in range(start, total, CHUNK):
            batch = [cloner.rows(i) for i in range(first, min(total, first + CHUNK))]
            for table, columns, rows in (("dossiers", DOSSIER_COLUMNS, [b[0] for b in batch]),
                                         ("tasks", TASK_COLUMNS, [t for b in batch for t in b[1]]),
                                         ("audit_entries", AUDIT_COLUMNS, [a for b in batch for a in b[2]])):
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            raw.commit()
            if (first // CHUNK) % 20 == 0:
                log(f"national: {min(total, first + CHUNK)}/{total} dossiers, {time.monotonic() - t0:.0f} s")
        cursor.execute("SET session_replication_role = origin")
        raw.commit()
    finally:
        raw.close()
    load_s = time.monotonic() - t0
    t1 = time.monotonic()
    _restore_indexes(engine, indexes)
    index_s = time.monotonic() - t1
    return {"copy_s": round(load_s, 1), "index_s": round(index_s, 1)}


def _drop_indexes(engine: Engine) -> list[str]:
    with engine.begin() as conn:
        found = conn.execute(text(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY(:t)"
            " AND indexname NOT IN (SELECT conname FROM pg_constraint)"), {"t": list(TABLES)}).all()
        for name, _ in found:
            conn.execute(text(f'DROP INDEX "{name}"'))
    return [definition for _, definition in found]


def _restore_indexes(engine: Engine, definitions: list[str]) -> None:
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("SET maintenance_work_mem = '256MB'"))
        for definition in definitions:
            conn.execute(text(definition))
        # Audit ids continue after the clones'; dossier ids are the clones' own range (national_units).
        conn.execute(text("SELECT setval(pg_get_serial_sequence('audit_entries', 'id'), (SELECT max(id) FROM audit_entries))"))


def run(url: str, total: int, reset: bool) -> dict[str, Any]:
    started = time.monotonic()
    if reset:
        prepare_database(url, True, None)  # drops the scratch schema; without --reset the set grows
    app = app_for(url)
    ctx, engine = app.extensions["ocopflow"], app.extensions["ocopflow.engine"]
    load_demo(ctx)
    stages = build_stages(ctx, engine, ctx.clock)  # before reading the audit ids: it writes audit entries
    units = national_units(ctx, engine)
    with engine.connect() as conn:
        seeded = conn.scalar(select(func.count()).select_from(Dossier).where(Dossier.id >= units.first_dossier_id))
        first_audit = (conn.scalar(text("SELECT max(id) FROM audit_entries")) or 0) + 1
    log(f"national: {seeded} dossiers present in {redact(url)}; generating up to {total}")
    cloner = Cloner(stages, units, first_audit)
    timing = generate(engine, cloner, seeded, total) if total > seeded else {}
    timing.update(add_certificates(engine, units.first_dossier_id, NOW))
    t0 = time.monotonic()
    buckets = rebuild_counts(ctx)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE"))
    report = {"benchmark": "national data set", "database": redact(url), "dossiers": total,
              "generated": total - seeded, **timing, "counts_and_analyze_s": round(time.monotonic() - t0, 1),
              "count_buckets": buckets, "generator_s": round(time.monotonic() - started, 1),
              **units.summary(engine)}
    engine.dispose()
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="a SCRATCH PostgreSQL database")
    parser.add_argument("--reset", action="store_true", help="drop its public schema first")
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    print(json.dumps(run(args.database_url, args.dossiers, args.reset), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
