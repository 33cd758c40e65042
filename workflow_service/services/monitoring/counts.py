"""Task counts per bucket for the summary: read them, fold the deltas in, rebuild, check against a recount.

persistence/monitoring_models.py says what a bucket is; triggers on `tasks` append a delta in the
same transaction as each change, so counts plus deltas are exact at every moment. `fold_deltas`
(a scheduler job) keeps the deltas few; `rebuild_counts` (`ocopflow monitoring rebuild-counts`)
recounts everything from the tasks, e.g. after rows were written with the triggers disabled.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import delete, func, select, text, union_all
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql import Subquery

from ...persistence.monitoring_models import TaskCount, TaskCountDelta
from ...persistence.task_count_sql import bucket_rows, fill_counts
from ..context import ServiceContext

FOLD_LOCK = 0x0C0F_C0DE  # pg_try_advisory_xact_lock: one fold at a time
VACUUM_AFTER = 10_000  # deltas folded at once after which the tables are vacuumed at once (PostgreSQL)
Bucket = tuple[str, str, str, str, date, bool]


def buckets(kind: str, units: list[str]) -> Subquery:
    """The units' buckets of one kind, each row a count `n` to sum by bucket: the folded counts, then
    the deltas not folded yet. A bucket's rows may sum to zero (every task of it moved on)."""
    key = ("kind", "unit_code", "element_id", "name", "day", "on_time")
    counts = select(*(getattr(TaskCount, k) for k in key), TaskCount.n.label("n")).where(
        TaskCount.kind == kind, TaskCount.unit_code.in_(units))
    deltas = select(*(getattr(TaskCountDelta, k) for k in key), TaskCountDelta.delta.label("n")).where(
        TaskCountDelta.kind == kind, TaskCountDelta.unit_code.in_(units))
    return union_all(counts, deltas).subquery()


def fold_deltas(ctx: ServiceContext, vacuum_after: int = VACUUM_AFTER) -> int:
    """Move the deltas into task_counts (one transaction); how many deltas were folded.

    On PostgreSQL a fold of `vacuum_after` deltas or more is followed by VACUUM ANALYZE of both tables:
    until autovacuum's next round the summary would read the folded deltas' dead rows and plan on
    stale statistics (bench/summary.py, 100k open tasks: 85 ms after a fold of 170k deltas, 54 ms after
    the VACUUM). The scheduler's regular folds are small and leave this to autovacuum."""
    with ctx.uow() as uow:
        session = uow.session
        dialect = session.get_bind().dialect.name
        if dialect == "postgresql" and not session.scalar(select(func.pg_try_advisory_xact_lock(FOLD_LOCK))):
            return 0  # another scheduler is folding right now
        last, pending = session.execute(select(func.max(TaskCountDelta.id), func.count())
                                        .select_from(TaskCountDelta)).one()
        if last is None:
            return 0
        _fold(session, dialect, last)
        session.execute(delete(TaskCount).where(TaskCount.n == 0))
        uow.commit()
    if dialect == "postgresql" and pending >= vacuum_after:
        with ctx.session_factory.kw["bind"].connect() as conn:  # VACUUM runs outside a transaction
            conn.execution_options(isolation_level="AUTOCOMMIT").execute(
                text("VACUUM (ANALYZE) task_count_deltas, task_counts"))
    return int(pending)


def _fold(session: Session, dialect: str, last: int) -> None:
    key = [TaskCountDelta.kind, TaskCountDelta.unit_code, TaskCountDelta.element_id, TaskCountDelta.name,
           TaskCountDelta.day, TaskCountDelta.on_time]
    names = ["kind", "unit_code", "element_id", "name", "day", "on_time"]
    if dialect == "postgresql":
        # One statement: exactly the deltas it deletes are the ones it adds (a delta committed
        # meanwhile with a lower id stays for the next fold).
        moved = (delete(TaskCountDelta).where(TaskCountDelta.id <= last)
                 .returning(*key, TaskCountDelta.delta).cte("moved"))
        summed = select(*(moved.c[k] for k in names), func.sum(moved.c.delta)).group_by(*(moved.c[k] for k in names))
        insert = postgresql.insert(TaskCount).from_select([*names, "n"], summed)
        session.execute(insert.on_conflict_do_update(constraint="uq_task_counts_bucket",
                                                     set_={"n": TaskCount.n + insert.excluded.n}))
        return
    # SQLite: BEGIN IMMEDIATE holds every writer off until the commit.
    summed = (select(*key, func.sum(TaskCountDelta.delta)).where(TaskCountDelta.id <= last).group_by(*key))
    lite = sqlite.insert(TaskCount).from_select([*names, "n"], summed)
    session.execute(lite.on_conflict_do_update(index_elements=names, set_={"n": TaskCount.n + lite.excluded.n}))
    session.execute(delete(TaskCountDelta).where(TaskCountDelta.id <= last))


def rebuild_counts(ctx: ServiceContext) -> int:
    """Recount every bucket from the tasks (writers wait meanwhile); how many buckets there are."""
    with ctx.uow() as uow:
        session = uow.session
        dialect = session.get_bind().dialect.name
        if dialect == "postgresql":
            session.execute(text("LOCK TABLE tasks IN SHARE MODE"))  # no task changes until the commit
        session.execute(delete(TaskCountDelta))
        session.execute(delete(TaskCount))
        session.execute(text(fill_counts(dialect)))
        total = session.scalar(select(func.count()).select_from(TaskCount)) or 0
        uow.commit()
        return int(total)


def count_differences(ctx: ServiceContext) -> dict[Bucket, tuple[int, int]]:
    """Buckets whose kept count differs from a recount of the tasks: {bucket: (kept, recounted)}."""
    with ctx.uow() as uow:
        session = uow.session
        dialect = session.get_bind().dialect.name
        recount = Counter[Bucket]()
        rows = session.execute(text(f"SELECT kind, unit_code, element_id, name, day, on_time, d FROM"
                                    f" ({bucket_rows(dialect, 't', '1', 'tasks t')}) b"))
        for kind, unit, element, name, day, on_time, d in rows:
            recount[(kind, unit, element, name, _date(day), bool(on_time))] += int(d)
        kept = Counter[Bucket]()
        kept_rows = [*session.execute(select(TaskCount.kind, TaskCount.unit_code, TaskCount.element_id, TaskCount.name,
                                           TaskCount.day, TaskCount.on_time, TaskCount.n))]
        kept_rows += [*session.execute(select(
            TaskCountDelta.kind, TaskCountDelta.unit_code, TaskCountDelta.element_id, TaskCountDelta.name,
            TaskCountDelta.day, TaskCountDelta.on_time, TaskCountDelta.delta))]
        for kind, unit, element, name, day, on_time, n in kept_rows:
            kept[(kind, unit, element, name, day, bool(on_time))] += int(n)
    return {b: (kept[b], recount[b]) for b in set(kept) | set(recount) if kept[b] != recount[b]}


def _date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))

