"""Purging a submission or a whole LA, and the retention setting that says when to.

What a purge deletes (issue 6 item 6; docs/methodology/windows.md W4: older submissions stay until
the user purges them):

- a submission: its row in `submissions` and every row carrying its `submission_id` in any other
  table (every raw list table, the typed copies int_<list>_rows and their bookkeeping, dq_issues,
  list_loads, list_columns, code_readings (values as the LA wrote them); found from the
  catalog, so a table added later is covered too);
- an LA: all its submissions as above, and its saved case samples (sample_visits,
  sample_members), which hold its children's IDs and characteristics.

What it keeps, on purpose:

- saved samples when one submission is purged: they are the record of which children a visit
  looked at (000 ¶37, docs/methodology/case-selection.md C6), drawn at a date and not tied to a
  later submission's rows. The plan says how many the LA has; purge the LA to remove them.
- `la_events` (the LA's inspection cycle: dates, grades, outcomes) and the public reference tables
  (ref_ilacs_judgements, ref_la): LA-level, not about children, and published or entered by
  inspectors; the Timelines and Regional pages need them whether or not Annex A data is loaded.
- `meta` (schema version, retention setting) and the sequences: a purged submission id is never
  handed out again, so an id in an old report or export can never point at another submission.

"No trace": warehouse.rewrite_transaction writes the remaining rows into a brand new file and
removes the reader snapshots and temporary copies of earlier versions, so the purged values are
not in any file this tool manages. Copies made outside it (backups, file copies, exports) and
blocks the file system has freed but not overwritten are outside its reach (README, Data and
privacy).

Retention: submissions whose data is older than N months (by as-at date) are flagged, never
deleted automatically. N comes from $ANNEXA_RETENTION_MONTHS, else the database's meta table
(`annexa retention --months N` or the Manage data page), else 12.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from annexa import config
from annexa.store import materialise, warehouse

RETENTION_KEY = "retention_months"
RETENTION_ENV = config.RETENTION_ENV
DEFAULT_RETENTION_MONTHS = config.DEFAULT_RETENTION_MONTHS
MAX_RETENTION_MONTHS = config.MAX_RETENTION_MONTHS

# Tables with a submission_id that a submission purge must not touch: saved samples record the
# submission they were drawn from but belong to the visit (module docstring).
_KEPT_WITH_SUBMISSION = {"sample_visits"}


class NothingToPurge(LookupError):
    """No submission (and, for an LA, no saved sample) matches."""


@dataclass(frozen=True)
class Submission:
    submission_id: int
    la_code: str
    la_name: str | None
    as_at_date: dt.date
    loaded_at: dt.datetime
    file_names: tuple[str, ...]
    rows_loaded: int


@dataclass
class Plan:
    """What a purge deletes: identifiers, dates and counts only, never child-level values."""

    scope: str                      # 'submission' | 'la'
    la_code: str
    la_name: str | None
    submissions: list[Submission] = field(default_factory=list)
    list_rows: int = 0              # rows of the raw list tables
    dq_issues: int = 0
    saved_samples: int = 0          # sample visits deleted (LA) or kept (submission)
    sample_children: int = 0        # sample_members rows deleted (LA only)

    @property
    def submission_ids(self) -> list[int]:
        return [s.submission_id for s in self.submissions]

    @property
    def empty(self) -> bool:
        return not self.submissions and not (self.scope == "la" and self.saved_samples)

    def describe(self) -> list[str]:
        """The plan in plain lines, for the CLI prompt and the page's confirmation step."""
        name = f" ({self.la_name})" if self.la_name else ""
        what = ("the whole LA" if self.scope == "la"
                else f"submission {self.submission_ids[0]}")
        lines = [f"Purge {what}: LA {self.la_code}{name}"]
        for s in self.submissions:
            lines.append(
                f"  submission {s.submission_id}: as at {s.as_at_date:%d/%m/%Y}, loaded "
                f"{s.loaded_at:%d/%m/%Y %H:%M}, {len(s.file_names)} file(s), "
                f"{s.rows_loaded:,} rows")
        if not self.submissions:
            lines.append("  no submissions loaded")
        lines.append(f"Deletes {self.list_rows:,} list rows and {self.dq_issues:,} data-quality "
                     "problems, with their typed copies and load records.")
        if self.scope == "la":
            lines.append(f"Deletes {self.saved_samples} saved case sample(s) "
                         f"({self.sample_children:,} sampled children).")
        elif self.saved_samples:
            lines.append(f"Keeps the LA's {self.saved_samples} saved case sample(s): they hold "
                         "child IDs; purge the whole LA to delete them.")
        lines.append("Keeps the LA's inspection cycle events and the public judgements.")
        return lines


def _submission_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every table with a submission_id column: new tables are purged without editing this."""
    rows = con.execute(
        "select table_name from duckdb_columns() where column_name = 'submission_id' "
        "and database_name = current_database() and schema_name = 'main' "
        "and table_name in (select table_name from duckdb_tables() "
        "where database_name = current_database()) order by table_name").fetchall()
    return [r[0] for r in rows if r[0] not in _KEPT_WITH_SUBMISSION]


def plan(con: duckdb.DuckDBPyConnection, *, submission_id: int | None = None,
         la_code: str | None = None) -> Plan:
    """What purging one submission or one LA would delete. Raises NothingToPurge."""
    if (submission_id is None) == (la_code is None):
        raise ValueError("give a submission id or an LA code, not both")
    if submission_id is not None:
        where, params = "submission_id = ?", [int(submission_id)]
    else:
        where, params = "la_code = ?", [la_code.strip()]
    subs = con.execute(
        "select submission_id, la_code, la_name, as_at_date, loaded_at, file_names, "
        f"coalesce(rows_loaded, 0) from submissions where {where} "
        "order by as_at_date, loaded_at, submission_id", params).fetchall()
    if submission_id is not None and not subs:
        raise NothingToPurge(f"there is no submission {submission_id}")
    code = subs[0][1] if subs else la_code.strip()
    name = warehouse.one(
        con, "select any_value(la_name order by loaded_at desc) from submissions "
             "where la_code = ?", [code])
    p = Plan("submission" if submission_id is not None else "la", code, name[0] if name else None,
             [Submission(r[0], r[1], r[2], r[3], r[4], tuple(r[5]), int(r[6])) for r in subs])
    ids = p.submission_ids
    for table in _submission_tables(con):
        if table.startswith("raw_"):
            p.list_rows += _count(con, table, ids)
    p.dq_issues = _count(con, "dq_issues", ids)
    p.saved_samples, p.sample_children = warehouse.one(
        con, "select count(distinct v.visit_id), count(m.child_id) from sample_visits as v "
             "left join sample_members as m using (visit_id) where v.la_code = ?", [code])
    if p.empty:
        raise NothingToPurge(f"LA {code} has no submissions or saved samples")
    return p


def _count(con: duckdb.DuckDBPyConnection, table: str, ids: list[int]) -> int:
    return warehouse.one(
        con, f'select count(*) from "{table}" where list_contains(?, submission_id)', [ids])[0]


def purge(*, submission_id: int | None = None, la_code: str | None = None,
          db: str | os.PathLike | None = None) -> Plan:
    """Delete one submission or one LA and rewrite the database without a trace of it.

    The plan is made again inside the writer lock, so what is deleted is what is there at that
    moment; it is returned. Raises NothingToPurge (nothing is written then) and
    warehouse.RewriteRefused.
    """
    with warehouse.rewrite_transaction(db) as con:
        p = plan(con, submission_id=submission_id, la_code=la_code)
        ids = p.submission_ids
        for table in _submission_tables(con):
            warehouse.run(con, f'delete from "{table}" where list_contains(?, submission_id)',
                          [ids])
        if p.scope == "la":
            warehouse.run(con, "delete from sample_members where visit_id in "
                               "(select visit_id from sample_visits where la_code = ?)",
                          [p.la_code])
            warehouse.run(con, "delete from sample_visits where la_code = ?", [p.la_code])
            # The LA's own code spellings (annexa mappings) go with it.
            warehouse.run(con, "delete from la_code_mappings where la_code = ?", [p.la_code])
        materialise.refresh(con)
    return p


# ------------------------------------------------------------------------------------ retention

@dataclass(frozen=True)
class Retention:
    months: int
    source: str                     # 'environment' | 'database' | 'default'
    problem: str | None = None      # why a value was ignored, for the CLI and the page


def parse_months(value) -> int:
    """A retention period: a whole number of months from 1 to MAX_RETENTION_MONTHS."""
    try:
        months = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValueError(f"'{value}' is not a whole number of months") from None
    if not 1 <= months <= MAX_RETENTION_MONTHS:
        raise ValueError(f"{months} months is outside 1 to {MAX_RETENTION_MONTHS}")
    return months


def resolve_retention(stored: str | None, env: str | None = None) -> Retention:
    """The environment beats the database beats the default; a bad value is reported, not used.

    `env` defaults to $ANNEXA_RETENTION_MONTHS. A governance setting that silently fell back to a
    default would be worse than one that says it could not be read, hence `problem`.
    """
    env = config.retention_env() if env is None else env
    problems = []
    for source, value in (("environment", env), ("database", stored)):
        if value is None or not str(value).strip():
            continue
        try:
            return Retention(parse_months(value), source, "; ".join(problems) or None)
        except ValueError as exc:
            where = f"${RETENTION_ENV}" if source == "environment" else "the database setting"
            problems.append(f"{where} ignored: {exc}")
    return Retention(DEFAULT_RETENTION_MONTHS, "default", "; ".join(problems) or None)


def retention_setting(con: duckdb.DuckDBPyConnection) -> Retention:
    row = warehouse.one(con, "select value from meta where key = ?", [RETENTION_KEY])
    return resolve_retention(row[0] if row else None)


def set_retention_months(months: int, *, db: str | os.PathLike | None = None) -> int:
    """Store the retention period in the database; return it."""
    months = parse_months(months)
    with warehouse.write_transaction(db) as con:
        warehouse.run(con, "insert or replace into meta values (?, ?)",
                      [RETENTION_KEY, str(months)])
    return months


def retention_table(con: duckdb.DuckDBPyConnection, months: int,
                    on_date: dt.date | None = None) -> pd.DataFrame:
    """Every submission with its retention due date and flag (sql/30_marts/60_retention)."""
    return con.execute(
        "select * from submission_retention(?, on_date := ?) "
        "order by past_retention desc, la_code, as_at_date, submission_id",
        [months, on_date]).df()
