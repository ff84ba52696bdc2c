"""The pages' named queries (sql/queries/<page>/<name>.sql, run by dashboard/db.py `named`): the
pages hold no SQL of their own, every query they name exists, every file is named by a page, and
each one has its header and binds against the demo database with the parameters it lists."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import duckdb
import pytest

from annexa.store import warehouse
from dashboard.db import QUERY_NAME

ROOT = Path(__file__).resolve().parents[1]
DASHBOARD = ROOT / "dashboard"
# The briefing is built in annexa (annexa/services/briefing.py), for the page and the CLI alike.
SERVICES = ROOT / "annexa" / "services"
QUERIES = warehouse.QUERIES_DIR
FILES = sorted(QUERIES.rglob("*.sql"))
NAMES = {p.relative_to(QUERIES).with_suffix("").as_posix(): p for p in FILES}

# A value for each parameter name the headers use, for binding every query against the demo
# (three fictional LAs X01-X03 as at 30/10/2026). A new name needs a value here.
SAMPLE_VALUES = {
    "la": "X01", "la_code": "X01", "la_codes": ["X01", "X02", "X03"], "region": None,
    "ref_date": dt.date(2026, 10, 30), "as_at": dt.date(2026, 10, 30), "edition": "ilacs-2018",
    "sampling_months": 3, "sibling_threshold": 2, "compare_as": None, "child_id": "none",
    "submission_id": 1, "visit_id": 1, "before_visit": None, "report_unit": "working",
    "n_wd": 10, "days": 60, "months": 12, "key": "retention_months", "measures": ["none"],
    "list_key": "list_4",
}
SEED_NUMBER = re.compile(r"\b00[0-4] (¶|Annex|fn|{)")  # as tests/test_citations.py
SQL_STRING = re.compile(r"'(?:[^']|'')*'")
PAGE_SQL = re.compile(r"\bselect\b[\s\S]*\bfrom\b")  # the project writes SQL in lowercase


def _strings(path: Path) -> list[str]:
    """Every string constant of a Python file but its docstrings (f-strings: their literal
    parts)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
            and isinstance(n.value, str) and id(n) not in docstrings]


def _referenced() -> dict[str, list[str]]:
    """Query name -> the dashboard (and annexa/services) files naming it: the first argument of
    every db.named, named_scalar or named_sql call written as a string, and any other string
    shaped page/name whose page is a folder of sql/queries (annexa/services/briefing.py QUERIES
    names its queries in a dict)."""
    folders = {p.name for p in QUERIES.iterdir() if p.is_dir()}
    found: dict[str, list[str]] = {}
    for path in sorted([*DASHBOARD.rglob("*.py"), *SERVICES.rglob("*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [n.args[0].value for n in ast.walk(tree)
                 if isinstance(n, ast.Call) and n.args and isinstance(n.args[0], ast.Constant)
                 and getattr(n.func, "attr", getattr(n.func, "id", None))
                 in ("named", "named_scalar", "named_sql")]
        names += [s for s in _strings(path)
                  if QUERY_NAME.fullmatch(s) and s.split("/")[0] in folders]
        for name in dict.fromkeys(names):
            found.setdefault(name, []).append(str(path.relative_to(ROOT)))
    return found


def _header(path: Path) -> list[str]:
    """The comment lines the file starts with."""
    header = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("--"):
            break
        header.append(line)
    return header


def _parameters(path: Path) -> list[str]:
    """The parameter names the header lists in order ('-- Parameters: a (why), b.'), [] for
    'none'."""
    header = _header(path)
    start = next(i for i, line in enumerate(header) if line.startswith("-- Parameters:"))
    text = header[start].removeprefix("-- Parameters:")
    for line in header[start + 1:]:
        if re.match(r"-- [A-Z]\w*:", line):
            break
        text += " " + line.removeprefix("--")
    text = re.sub(r"\([^()]*\)", "", text).strip().rstrip(".")
    if text == "none":
        return []
    return [re.match(r"\s*(\w+)", item).group(1) for item in text.split(",")]


def test_the_schema_build_leaves_the_named_queries_out():
    """They are selects over the built relations, not DDL, and do not shape the database."""
    assert FILES, "no named query found"
    assert not [p for p in warehouse.sql_files() if QUERIES in p.parents]


def test_every_query_a_page_names_exists_and_every_file_is_named():
    referenced = _referenced()
    missing = {n: where for n, where in referenced.items() if n not in NAMES}
    assert missing == {}, f"named in dashboard/ but no sql/queries/<name>.sql: {missing}"
    unused = sorted(set(NAMES) - set(referenced))
    assert unused == [], f"sql/queries files no page names: {unused}"


def test_the_pages_hold_no_sql():
    """Every query the dashboard runs is a named file (docs/engineering.md E1)."""
    offenders = [f"{p.relative_to(ROOT)}: {s[:60]!r}" for p in sorted(DASHBOARD.rglob("*.py"))
                 for s in _strings(p) if PAGE_SQL.search(s)]
    assert offenders == []


@pytest.mark.parametrize("name", sorted(NAMES))
def test_each_query_has_its_header(name):
    header = _header(NAMES[name])
    assert header and header[0].startswith(f"-- {name}: "), (
        f"{name}: the first line names the query and says what it returns")
    for key in ("Grain:", "Parameters:", "Rule"):
        assert any(line.startswith(f"-- {key}") for line in header), f"{name}: no {key} line"
    unknown = [p for p in _parameters(NAMES[name]) if p not in SAMPLE_VALUES]
    assert unknown == [], f"{name}: add a sample value for {unknown}"


def test_user_text_in_the_queries_names_the_documents():
    """As tests/test_citations.py checks the build's SQL: quoted text may be shown to users."""
    offenders = []
    for name, path in NAMES.items():
        code = "\n".join(line.split("--", 1)[0]
                         for line in path.read_text(encoding="utf-8").splitlines())
        offenders += [f"{name}: {s}" for s in SQL_STRING.findall(code) if SEED_NUMBER.search(s)]
    assert offenders == []


def test_every_query_binds_against_the_demo_database(_demo_db_master):
    """Each query runs with as many parameters as its header lists: a relation or column
    renamed in the marts, or a header out of step with its query, fails here. The session's
    demo database itself, opened read-only: nothing here writes, so no private copy is needed."""
    con = duckdb.connect(str(_demo_db_master), read_only=True)
    failures = []
    try:
        for name, path in NAMES.items():
            params = [SAMPLE_VALUES[p] for p in _parameters(path)]
            try:
                con.execute(path.read_text(encoding="utf-8"), params).fetchall()
            except duckdb.Error as exc:
                failures.append(f"{name}: {exc}")
    finally:
        con.close()
    assert failures == []


def test_stale_is_more_than_the_days_behind_the_newest_of_the_las_compared():
    """docs/methodology/national-comparisons.md N6, as regional/stale_las counts it: each LA's
    current submission, the newest among the LAs passed only, strictly more than `days`."""
    con = duckdb.connect()
    warehouse.build(con)
    for code, as_at in (("A", "2026-10-30"), ("B", "2026-08-31"), ("B", "2026-06-30"),
                        ("C", "2026-08-30"), ("D", "2027-06-30")):
        con.execute("insert into submissions (la_code, as_at_date, as_at_source, file_names, "
                    "sha256) values (?, ?, 'given', ['x'], ?)", [code, as_at, code + as_at])
    sql = NAMES["regional/stale_las"].read_text(encoding="utf-8")
    got = con.execute(sql, ["ilacs-2018", ["A", "B", "C"], 60]).fetchall()
    # B's current submission is its latest (31/08, 60 days behind A: not more than 60); C is 61
    # behind; D, newer than all of them, is not compared and so is not the newest.
    assert [(la, behind, stale) for la, _, behind, stale in got] == [
        ("A", 0, False), ("B", 60, False), ("C", 61, True)]
    con.close()


def test_the_sampling_window_starts_in_one_place():
    """docs/methodology/case-selection.md C1, windows.md W2: the macro sampling_window_start is
    the first day the marts count from and the pages' labels show; no other SQL works it out."""
    con = duckdb.connect()
    warehouse.build(con)
    sql = NAMES["shared/sampling_window_start"].read_text(encoding="utf-8")
    assert con.execute(sql, [dt.date(2026, 5, 31), 3]).fetchall() == [(dt.date(2026, 2, 28),)]
    assert con.execute(sql, [dt.date(2026, 10, 30), 6]).fetchall() == [(dt.date(2026, 4, 30),)]
    con.close()
    copies = [p.name for p in [*warehouse.sql_files(), *FILES]
              if re.search(r"-\s*to_months\(\s*cast\(\s*sampling_months",
                           p.read_text(encoding="utf-8"))]
    assert copies == ["sampling_window_start.sql"]
