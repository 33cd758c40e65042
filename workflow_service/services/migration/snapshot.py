"""A dossier's state before a migration (its row, engine state, task and timer rows) and restoring it.

Stored as JSON on the run's item. Restoring writes every column back exactly, puts back the task and
timer rows as they were and removes the rows the migration created.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...persistence.deadline_models import TimerRow
from ...persistence.models import Base, Dossier, TaskRow

DOSSIER_FIELDS = ("definition_id", "regulation", "routing", "province_code", "state", "serializer_version",
                  "data", "score", "stars", "certificate", "status", "completed_at")


def take(session: Session, dossier: Dossier) -> dict[str, Any]:
    tasks = session.scalars(select(TaskRow).where(TaskRow.dossier_id == dossier.id))
    timers = session.scalars(select(TimerRow).where(TimerRow.dossier_id == dossier.id))
    return {"dossier": {f: _out(getattr(dossier, f)) for f in DOSSIER_FIELDS},
            "tasks": [_columns(t) for t in tasks], "timers": [_columns(t) for t in timers]}


def restore(session: Session, dossier: Dossier, snapshot: dict[str, Any]) -> None:
    for name, value in snapshot["dossier"].items():
        setattr(dossier, name, _in(Dossier, name, value))
    _restore_rows(session, TaskRow, dossier.id, snapshot["tasks"])
    _restore_rows(session, TimerRow, dossier.id, snapshot["timers"])


def _restore_rows(session: Session, model: type[TaskRow | TimerRow], dossier_id: int,
                  rows: list[dict[str, Any]]) -> None:
    kept = {r["id"]: r for r in rows}
    found: list[TaskRow | TimerRow] = list(session.scalars(select(model).where(model.dossier_id == dossier_id)))
    current = {r.id: r for r in found}
    for row_id, row in current.items():
        if row_id not in kept:
            session.delete(row)  # created by the migration
    session.flush()
    for row_id, values in kept.items():
        row = current.get(row_id) or model(id=row_id)
        for name, value in values.items():
            setattr(row, name, _in(model, name, value))
        session.add(row)


def _columns(row: Base) -> dict[str, Any]:
    return {c.key: _out(getattr(row, c.key)) for c in row.__table__.columns}


def _out(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    return value


def _in(model: type[Base], name: str, value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1 and name not in _json_columns(model):
        if "datetime" in value:
            return datetime.fromisoformat(value["datetime"])
        if "date" in value:
            return date.fromisoformat(value["date"])
    return value


def _json_columns(model: type[Base]) -> set[str]:
    return {c.key for c in model.__table__.columns if c.type.__class__.__name__ == "JSON"}
