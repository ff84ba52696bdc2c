"""Each LA's inspection cycle: recording its events, and reading where it stands.

The events (la_events) are the only thing stored; the pathway, state, obligations, next due date
and RAG status are derived in SQL (sql/20_intermediate/int_la_cycle_*.sql,
sql/30_marts/la_cycle_*.sql) for any "as at" date, so they can be recomputed and tested.
This module validates events against ref_la_event_type before they are written, writes them
through warehouse.write_transaction, and runs the SQL macros for the CLI and the page.
"""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from annexa.rules.workdays import FIRST_DAY, LAST_DAY
from annexa.services.judgements import REGIONS, normalise_grade
from annexa.store import warehouse

PLAN_RESPONSES = {
    "reflects": "reflects",
    "does not reflect": "does not reflect",
    "not reflect": "does not reflect",
    "referred to dfe": "referred to DfE",
}
CSV_COLUMNS = ("la_code", "event_type", "event_date", "seq", "detail", "entered_by")
REPORT_UNITS = ("working", "calendar")


@dataclass
class EventInput:
    la_code: str
    event_type: str
    event_date: str | dt.date
    seq: str | int | None = None
    detail: str | None = None
    entered_by: str | None = None
    line: int | None = None  # the CSV line, for messages


@dataclass
class SaveResult:
    written: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def parse_date(value: str | dt.date) -> dt.date:
    """YYYY-MM-DD or dd/mm/yyyy; anything else is a ValueError naming the forms accepted."""
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    forms = (("%Y-%m-%d", r"\d{4}-\d{2}-\d{2}"), ("%d/%m/%Y", r"\d{1,2}/\d{1,2}/\d{4}"))
    for fmt, pattern in forms:
        if re.fullmatch(pattern, text):
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                break
    raise ValueError(f"{text!r} is not a date: use YYYY-MM-DD or dd/mm/yyyy")


def event_types(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("select * from ref_la_event_type order by sort_order").df()


def known_la_codes(con: duckdb.DuckDBPyConnection) -> set[str]:
    """LA codes the database knows: the lookup, the judgements and the loaded submissions."""
    rows = con.execute("select la_code from ref_la union select la_code from ref_ilacs_judgements "
                       "union select la_code from submissions").fetchall()
    return {r[0] for r in rows}


def validate(con: duckdb.DuckDBPyConnection, event: EventInput) -> tuple[dict | None, list[str]]:
    """A clean row for la_events, or the reasons it cannot be stored (each says what to do)."""
    where = f"line {event.line}: " if event.line else ""
    errors: list[str] = []
    types = event_types(con).set_index("event_type")
    la = (event.la_code or "").strip().upper()
    if not re.fullmatch(r"[A-Z0-9]{1,10}", la):
        errors.append(f"{where}LA code {event.la_code!r} is not an LA code (e.g. 340)")
    else:
        # Matched in any case and stored as the LA was loaded ('x01'), so it joins its data.
        known = {code.upper(): code for code in known_la_codes(con)}
        la = known.get(la, la)
        if known and la not in known.values():
            errors.append(f"{where}LA code {la} is in neither the LA lookup nor the loaded "
                          "submissions: check the code, or run `annexa import-judgements`")
    kind = (event.event_type or "").strip().lower().replace("-", "_").replace(" ", "_")
    if kind not in types.index:
        errors.append(f"{where}event type {event.event_type!r} is unknown: use one of "
                      f"{', '.join(types.index)}")
    try:
        day = parse_date(event.event_date)
        if not FIRST_DAY <= day <= LAST_DAY:
            errors.append(f"{where}date {day:%d/%m/%Y} is outside {FIRST_DAY.year}-"
                          f"{LAST_DAY.year}")
    except ValueError as exc:
        errors.append(f"{where}{exc}")
        day = None
    seq = None
    if event.seq not in (None, ""):
        try:
            seq = int(str(event.seq).strip())
            if seq < 1:
                raise ValueError
        except ValueError:
            errors.append(f"{where}seq {event.seq!r} must be a whole number from 1")
    detail = (event.detail or "").strip() or None
    if kind in types.index:
        detail_kind = types.at[kind, "detail_kind"]
        if detail_kind == "grade":
            try:
                detail = normalise_grade(detail)
            except ValueError as exc:
                errors.append(f"{where}{exc}")
            if detail is None and kind == "judgement":
                errors.append(f"{where}a judgement needs its overall grade in detail "
                              "(outstanding, good, requires improvement or inadequate)")
        elif detail_kind == "plan_response":
            key = (detail or "").lower()
            if key not in PLAN_RESPONSES:
                errors.append(f"{where}a plan response's detail must be 'reflects', "
                              "'does not reflect' or 'referred to DfE' (ILACS ¶124-126)")
            else:
                detail = PLAN_RESPONSES[key]
        if kind != "monitoring_visit" and seq is not None:
            errors.append(f"{where}seq is only for monitoring visits (their number)")
    if errors:
        return None, errors
    return {"la_code": la, "event_type": kind, "event_date": day, "seq": seq, "detail": detail,
            "entered_by": (event.entered_by or "").strip() or _user()}, []


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (containers): record that it is unknown
        return "unknown"


def _next_visit_no(con: duckdb.DuckDBPyConnection, la: str, day: dt.date) -> int:
    """The monitoring visit's number in the current cycle: visits since the judgement + 1."""
    row = con.execute(
        "select count(*) from int_la_cycle_events(?) as e "
        "join int_la_cycle_judgement(?) as j using (la_code) "
        "where e.la_code = ? and e.event_type = 'monitoring_visit' "
        "and e.event_date >= j.judgement_date and e.event_date < ?",
        [day, day, la, day]).fetchall()
    return int(row[0][0]) + 1


def save_events(db: str | Path | None, events: list[EventInput]) -> SaveResult:
    """Validate and write events in one transaction; the same event entered again replaces it.

    Valid rows are written even when others are not (each error names its line); a monitoring
    visit without a number gets the next one in its cycle.
    """
    result = SaveResult()
    with warehouse.write_transaction(db) as con:
        for event in events:
            row, errors = validate(con, event)
            if errors:
                result.errors += errors
                continue
            if row["event_type"] == "monitoring_visit" and row["seq"] is None:
                row["seq"] = _next_visit_no(con, row["la_code"], row["event_date"])
            warehouse.run(
                con,
                "delete from la_events where la_code = ? and event_type = ? and event_date = ? "
                "and seq is not distinct from ?",
                [row["la_code"], row["event_type"], row["event_date"], row["seq"]])
            warehouse.run(
                con,
                "insert into la_events (la_code, event_type, event_date, seq, detail, "
                "entered_by) values (?, ?, ?, ?, ?, ?)",
                [row["la_code"], row["event_type"], row["event_date"], row["seq"],
                 row["detail"], row["entered_by"]])
            result.written.append(row)
    return result


def delete_event(db: str | Path | None, la_code: str, event_type: str, event_date: dt.date,
                 seq: int | None) -> int:
    """Remove one event (by its natural key); returns how many rows went."""
    with warehouse.write_transaction(db) as con:
        before = con.execute("select count(*) from la_events").fetchall()[0][0]
        warehouse.run(con, "delete from la_events where la_code = ? and event_type = ? and "
                           "event_date = ? and seq is not distinct from ?",
                      [la_code, event_type, event_date, seq])
        after = con.execute("select count(*) from la_events").fetchall()[0][0]
    return before - after


def read_events_csv(source: str | Path | bytes) -> list[EventInput]:
    """Rows of a cycle-events CSV (columns CSV_COLUMNS; seq, detail, entered_by optional)."""
    if isinstance(source, bytes):
        text = source.decode("utf-8-sig")
    else:
        text = Path(source).read_text(encoding="utf-8-sig")
    reader = csv.DictReader(text.splitlines())
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in ("la_code", "event_type", "event_date") if c not in header]
    if missing:
        raise ValueError(f"the CSV has no column {', '.join(missing)}: its header must be "
                         f"{','.join(CSV_COLUMNS)}")
    events = []
    for line, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        if not any(row.values()):
            continue
        events.append(EventInput(row.get("la_code", ""), row.get("event_type", ""),
                                 row.get("event_date", ""), row.get("seq") or None,
                                 row.get("detail") or None, row.get("entered_by") or None,
                                 line=line))
    return events


# ------------------------------------------------------------------------------------- reading

def resolve_region(value: str | None) -> str | None:
    """An Ofsted region code (NW), an ONS code (E12000002) or a name, as the Ofsted code."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    for code, (name, ons) in REGIONS.items():
        if text.upper() in (code, ons) or text.lower() == name.lower():
            return code
    raise ValueError(f"unknown region {text!r}: use one of "
                     + ", ".join(f"{c} ({n})" for c, (n, _) in REGIONS.items()))


def cycle_status(con: duckdb.DuckDBPyConnection, as_at: dt.date, region: str | None = None,
                 report_unit: str = "working") -> pd.DataFrame:
    """la_cycle_status for one date, optionally for one region, soonest due first."""
    frame = con.execute(
        "select * from la_cycle_status(?, report_unit := ?) "
        "where ? is null or region_code = ?",
        [as_at, report_unit, region, region]).df()
    return frame


def obligations(con: duckdb.DuckDBPyConnection, as_at: dt.date,
                report_unit: str = "working") -> pd.DataFrame:
    return con.execute("select * from la_cycle_obligations(?, report_unit := ?)",
                       [as_at, report_unit]).df()


def upcoming(con: duckdb.DuckDBPyConnection, as_at: dt.date, n_wd: int,
             region: str | None = None, report_unit: str = "working") -> pd.DataFrame:
    return con.execute(
        "select * from la_upcoming_deadlines(?, n_wd := ?, report_unit := ?) "
        "where ? is null or region_code = ?",
        [as_at, n_wd, report_unit, region, region]).df()


def judgements_loaded(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute("select count(*) from ref_ilacs_judgements").fetchall()[0][0] > 0
