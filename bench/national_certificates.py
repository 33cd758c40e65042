"""Certificates for the national data set: one per completed dossier of 3 stars or more, as the service issues.

    .venv/bin/python -m bench.national_certificates --database-url postgresql+psycopg://…/scratch

bench/national.py calls `add_certificates` after its COPY; run alone, it fills a set generated before it
existed. Each certificate copies the template's (the real dossier bench/national_template.py took to
recognition: its regulation, decision number and issuer level) with the clone's product, producer,
province and completion day: issued that day, expiring 36 months later, so the last three years' are on
the public register (valid) and the older ones are expired. An "issued" event each, as the service writes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "bench"

from sqlalchemy import Engine, create_engine, text

from workflow_service.domain.certificates import EXPIRED, VALID, expiry_of, listed_until
from workflow_service.domain.clock import VN_TZ
from workflow_service.domain.search import fold

from .stats import log

CHUNK = 20_000
CERT_COLUMNS = ("number, dossier_id, product_name, product_folded, producer_name, producer_folded, stars, "
                "issuer_level, issuer_unit_code, issuer_unit_name, province_code, province_name, province_folded, "
                "commune_code, regulation, decision_number, issue_date, expiry_date, state, listed_until, notice, "
                "created_at, changed_at")
EVENT_COLUMNS = "certificate_id, at, action, state_from, state_to, actor, dossier_id, note, data"


def add_certificates(engine: Engine, first_dossier_id: int, today: datetime) -> dict[str, Any]:
    """Certify every completed national dossier (id ≥ first_dossier_id) of 3+ stars not yet certified."""
    t0 = time.monotonic()
    day = today.astimezone(VN_TZ).date()
    with engine.connect() as conn:
        template = conn.execute(text("SELECT regulation, decision_number, issuer_level FROM certificates "
                                     "ORDER BY id LIMIT 1")).one()
        provinces = dict(conn.execute(text("SELECT code, name FROM units WHERE level = 'province'")).all())
    raw = engine.raw_connection()
    made = 0
    try:
        cursor = raw.cursor()
        cursor.execute("SELECT coalesce(max(id), 0) FROM certificates")
        next_id = int(cursor.fetchone()[0]) + 1
        cursor.execute(
            "SELECT d.id, d.registration_number, d.product_name, d.producer_name, d.stars, d.province_code, "
            "d.commune_code, d.completed_at FROM dossiers d WHERE d.id >= %s AND d.status = 'completed' "
            "AND d.stars >= 3 AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.dossier_id = d.id) ORDER BY d.id",
            (first_dossier_id,))
        rows = cursor.fetchall()
        cursor.execute("SET session_replication_role = replica")
        for start in range(0, len(rows), CHUNK):
            certs, events = [], []
            for offset, (dossier_id, number, product, producer, stars, province, commune, completed) in enumerate(
                    rows[start:start + CHUNK]):
                issued = completed.date()
                expiry = expiry_of(issued)
                state = VALID if expiry >= day else EXPIRED
                name = provinces.get(province, province)
                certs.append((f"HT-{issued.year}-{dossier_id}", dossier_id, product, fold(product), producer,
                              fold(producer), stars, template.issuer_level, province, name, province, name, fold(name),
                              commune, template.regulation, template.decision_number, issued, expiry, state,
                              listed_until(state, expiry), "none", completed, completed))
                data = json.dumps({"stars": stars, "issue_date": issued.isoformat(), "expiry_date": expiry.isoformat()})
                events.append((next_id + start + offset, completed, "issued", None, VALID, "bench", dossier_id,
                               f"dossier {number}", data))
            with cursor.copy(f"COPY certificates (id, {CERT_COLUMNS}) FROM STDIN") as copy:
                for i, row in enumerate(certs):
                    copy.write_row((next_id + start + i, *row))
            with cursor.copy(f"COPY certificate_events ({EVENT_COLUMNS}) FROM STDIN") as copy:
                for event in events:
                    copy.write_row(event)
            raw.commit()
            made += len(certs)
        cursor.execute("SET session_replication_role = origin")
        for table in ("certificates", "certificate_events"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        raw.commit()
    finally:
        raw.close()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE certificates"))
        conn.execute(text("ANALYZE certificate_events"))
        listed = conn.scalar(text("SELECT count(*) FROM certificates WHERE listed_until >= :day"), {"day": day})
    log(f"national: {made} certificates issued, {listed} listed on the register, {time.monotonic() - t0:.0f} s")
    return {"certificates_issued": made, "certificates_listed": listed, "certificates_s": round(time.monotonic() - t0, 1)}


def main(argv: list[str] | None = None) -> None:
    from .national import NOW
    from .national_units import NationalUnits

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="a national set made by bench/national.py")
    args = parser.parse_args(argv)
    engine = create_engine(args.database_url)
    print(json.dumps(add_certificates(engine, NationalUnits.first_dossier_id, NOW), indent=2))
    engine.dispose()


if __name__ == "__main__":
    main()
