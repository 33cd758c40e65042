"""The SQL that keeps task_counts in step with tasks: the bucket of a task row, the triggers, a rebuild.

Used by migration 0018_perf (triggers, first fill) and by services/monitoring/counts.py (rebuild).
Vietnam has used UTC+7 all year since 1975, so a stored UTC instant's Vietnam date is its date
seven hours later, the same expression on both databases.
"""

from __future__ import annotations

DELTA_COLUMNS = "kind, unit_code, element_id, name, day, on_time, delta"
COUNT_COLUMNS = "kind, unit_code, element_id, name, day, on_time, n"
KEY = "kind, unit_code, element_id, name, day, on_time"
TRACKED = ("status", "unit_code", "element_id", "name", "due_at", "completed_at")


def _day(dialect: str, column: str) -> str:
    if dialect == "postgresql":
        return f"COALESCE(({column} + interval '7 hours')::date, DATE '9999-12-31')"
    return f"COALESCE(date({column}, '+7 hours'), '9999-12-31')"


def _month(dialect: str, column: str) -> str:
    if dialect == "postgresql":
        return f"date_trunc('month', {column} + interval '7 hours')::date"
    return f"date({column}, '+7 hours', 'start of month')"


def bucket_rows(dialect: str, row: str, sign: str, source: str = "") -> str:
    """SELECT the buckets of task row `row` (a table alias, or NEW / OLD in a row trigger), each
    with `sign` as its count; `source`: the FROM clause (empty in a SQLite row trigger)."""
    false = "false" if dialect == "postgresql" else "0"
    where_from = f" FROM {source}" if source else ""
    return (f"SELECT 'open' AS kind, {row}.unit_code AS unit_code, {row}.element_id AS element_id,"
            f" {row}.name AS name, {_day(dialect, f'{row}.due_at')} AS day, {false} AS on_time, {sign} AS d"
            f"{where_from} WHERE {row}.status = 'open'"
            f" UNION ALL SELECT 'done', {row}.unit_code, '', '', {_month(dialect, f'{row}.completed_at')},"
            f" {row}.completed_at <= {row}.due_at, {sign}{where_from}"
            f" WHERE {row}.status = 'completed' AND {row}.due_at IS NOT NULL AND {row}.completed_at IS NOT NULL")


def fill_counts(dialect: str) -> str:
    """Every bucket counted from the tasks table (task_counts must be empty)."""
    return (f"INSERT INTO task_counts ({COUNT_COLUMNS}) SELECT {KEY}, sum(d) FROM"
            f" ({bucket_rows(dialect, 't', '1', 'tasks t')}) b GROUP BY {KEY}")


def _changed(old: str = "OLD", new: str = "NEW") -> str:
    return " OR ".join(f"{old}.{c} IS DISTINCT FROM {new}.{c}" for c in TRACKED)


def create_triggers(dialect: str) -> list[str]:
    if dialect == "postgresql":
        return _postgres_triggers()
    changed = _changed().replace("IS DISTINCT FROM", "IS NOT")
    insert = f"INSERT INTO task_count_deltas ({DELTA_COLUMNS}) SELECT {KEY}, d FROM"
    return [
        (f"CREATE TRIGGER task_counts_insert AFTER INSERT ON tasks BEGIN"
         f" {insert} ({bucket_rows(dialect, 'NEW', '1')}); END"),
        (f"CREATE TRIGGER task_counts_update AFTER UPDATE OF {', '.join(TRACKED)} ON tasks WHEN {changed} BEGIN"
         f" {insert} ({bucket_rows(dialect, 'OLD', '-1')}); {insert} ({bucket_rows(dialect, 'NEW', '1')}); END"),
        (f"CREATE TRIGGER task_counts_delete AFTER DELETE ON tasks BEGIN"
         f" {insert} ({bucket_rows(dialect, 'OLD', '-1')}); END"),
    ]


def _postgres_triggers() -> list[str]:
    insert = f"INSERT INTO task_count_deltas ({DELTA_COLUMNS})"

    def function(name: str, body: str) -> str:
        return (f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body}; RETURN NULL; END $$")

    grouped = f"SELECT {KEY}, sum(d) FROM ({bucket_rows('postgresql', 'r', '1', 'new_rows r')}) b GROUP BY {KEY}"
    return [
        # Statement level for inserts: a bulk insert appends one delta per bucket, not per row.
        function("task_counts_inserted", f"{insert} {grouped}"),
        ("CREATE TRIGGER task_counts_insert AFTER INSERT ON tasks REFERENCING NEW TABLE AS new_rows"
         " FOR EACH STATEMENT EXECUTE FUNCTION task_counts_inserted()"),
        function("task_counts_changed",
                 f"{insert} SELECT {KEY}, d FROM ({bucket_rows('postgresql', 'OLD', '-1')}) o;"
                 f" {insert} SELECT {KEY}, d FROM ({bucket_rows('postgresql', 'NEW', '1')}) n"),
        (f"CREATE TRIGGER task_counts_update AFTER UPDATE OF {', '.join(TRACKED)} ON tasks FOR EACH ROW"
         f" WHEN ({_changed()}) EXECUTE FUNCTION task_counts_changed()"),
        function("task_counts_deleted", f"{insert} SELECT {KEY}, d FROM ({bucket_rows('postgresql', 'OLD', '-1')}) o"),
        "CREATE TRIGGER task_counts_delete AFTER DELETE ON tasks FOR EACH ROW EXECUTE FUNCTION task_counts_deleted()",
    ]


def drop_triggers(dialect: str) -> list[str]:
    drops = [f"DROP TRIGGER IF EXISTS task_counts_{op}" + (" ON tasks" if dialect == "postgresql" else "")
             for op in ("insert", "update", "delete")]
    if dialect == "postgresql":
        drops += [f"DROP FUNCTION IF EXISTS {f}()" for f in
                  ("task_counts_inserted", "task_counts_changed", "task_counts_deleted")]
    return drops
