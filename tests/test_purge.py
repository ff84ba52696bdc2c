"""Purge and retention (issue 6 item 6): a purged submission or LA leaves no trace in the database
file's bytes, everything else stays usable, and old submissions are flagged."""

from __future__ import annotations

import datetime as dt
import io
import shutil

import duckdb
import pytest
from conftest import built_once, write_template_workbook
from db_query import rows as _query

from annexa.cli import main
from annexa.services import purge
from annexa.store import warehouse
from ingest.load import ingest

D = dt.date

# Distinctive values planted in one submission only: if any of them is found in a file after
# the purge, the purge left a trace.
PURGED_CHILD = "QZPURGECHILD0001"
PURGED_VALUE = "Qzxpurgedgendervalue"       # unmapped: also lands in dq_issues and code_map
PURGED_FILE = "qzpurgedsource.xlsx"
KEPT_CHILD = "KEEPSAMELACHILD01"
OTHER_LA_CHILD = "OTHERLACHILD00001"
SAMPLE_CHILD = "QZSAMPLEDCHILD001"


def _contacts(child: str, gender: str = "a) Male") -> dict[str, list[dict]]:
    return {
        "list_1": [
            {"child_id": child, "gender": gender, "ethnicity": "a) WBRI",
             "contact_date": D(2026, 9, 1), "contact_source": "q) 6: Police"},
            {"child_id": child + "B", "gender": "b) Female", "ethnicity": "a) WBRI",
             "contact_date": D(2026, 9, 2), "contact_source": "q) 6: Police"},
        ],
        "list_3": [
            {"child_id": child, "gender": gender, "ethnicity": "a) WBRI",
             "referral_date": D(2026, 9, 3)},
        ],
    }


@pytest.fixture(scope="module")
def _loaded_master(tmp_path_factory):
    """T01 with an older and a newer (to be purged) submission, and T02 with one: loaded once
    per test run into a folder of its own, which the tests copy and never change."""
    return built_once(tmp_path_factory, "purge", _load_master)


def _load_master(folder):
    db = folder / "master.duckdb"
    older = write_template_workbook(folder / "t01_older.xlsx", _contacts(KEPT_CHILD))
    purged = write_template_workbook(folder / PURGED_FILE, _contacts(PURGED_CHILD, PURGED_VALUE))
    other = write_template_workbook(folder / "t02.xlsx", _contacts(OTHER_LA_CHILD))
    ids = {
        "older": ingest([older], "T01", la_name="Testshire", as_at=D(2026, 4, 30),
                        db=db).submission_id,
        "purged": ingest([purged], "T01", la_name="Testshire", as_at=D(2026, 10, 30),
                         db=db).submission_id,
        "other": ingest([other], "T02", la_name="Otherton", as_at=D(2026, 10, 30),
                        db=db).submission_id,
    }
    return db, ids, purged


@pytest.fixture
def loaded(_loaded_master, db_path):
    """A private copy of the master database at db_path (nothing else beside it yet: no
    snapshot, no temporary copy), its submission ids, and the workbook to be purged."""
    master, ids, purged = _loaded_master
    shutil.copyfile(master, db_path)
    return db_path, ids, purged


def _add_sample_and_event(db_path, la: str) -> None:
    """A saved sample holding a child ID, and a cycle event, for the LA (as the app saves them)."""
    with warehouse.write_transaction(db_path) as con:
        visit = warehouse.one(
            con, "insert into sample_visits (la_code, visit_type, ref_date, edition, "
                 "sampling_months, sibling_threshold, tracked_size, audited_size, sampled_size, "
                 "seed, exclude_seen, settings, saved_by) values (?, 'monitoring', ?, "
                 "'ilacs-2018', 3, 2, 1, 0, 0, 0, false, '{}', 'tester') returning visit_id",
            [la, D(2026, 10, 30)])[0]
        warehouse.run(con, "insert into sample_members (visit_id, child_id, role, pick_order, "
                           "reason) values (?, ?, 'tracked', 1, 'test')", [visit, SAMPLE_CHILD])
        warehouse.run(con, "insert into la_events (la_code, event_type, event_date) "
                           "values (?, 'inspection_published', ?)", [la, D(2025, 1, 10)])


def _database_files(db_path):
    """Every file this tool manages for the database: live, snapshots, temporary copies."""
    return [p for p in db_path.parent.rglob("*") if p.is_file() and p.suffix != ".xlsx"]


def _traces(db_path, *needles: str) -> dict[str, list[str]]:
    """Which planted values occur in which files' bytes (read after every writer has closed)."""
    found: dict[str, list[str]] = {}
    for path in _database_files(db_path):
        data = path.read_bytes()
        for needle in needles:
            if needle.encode() in data:
                found.setdefault(needle, []).append(path.name)
    return found


def test_purge_a_submission_leaves_no_trace_and_the_rest_works(loaded, make_workbook):
    db_path, ids, purged_file = loaded
    _query(db_path, "select 1")  # a reader snapshot of the version holding the data
    planted = (PURGED_CHILD, PURGED_VALUE, PURGED_FILE)
    before = _traces(db_path, *planted)
    # The test can fail: every planted value is in the live file and its snapshot beforehand.
    assert set(before) == set(planted)
    assert all(len(files) >= 2 for files in before.values()), before

    done = purge.purge(submission_id=ids["purged"], db=db_path)

    assert done.submission_ids == [ids["purged"]] and done.la_code == "T01"
    assert done.list_rows == 3 and done.dq_issues >= 1
    assert _traces(db_path, *planted) == {}
    assert not list((db_path.parent / ".readers").iterdir())
    assert not [p for p in db_path.parent.iterdir() if p.name.endswith((".tmp", ".wal"))]

    # The same LA's older submission and the other LA are intact and queryable.
    assert _query(db_path, "select submission_id from submissions order by 1") == [
        (ids["older"],), (ids["other"],)]
    assert _query(db_path, "select distinct child_id from int_list_1_rows order by 1") == [
        (KEPT_CHILD,), (KEPT_CHILD + "B",), (OTHER_LA_CHILD,), (OTHER_LA_CHILD + "B",)]
    for table in ("dq_issues", "list_loads", "list_columns", "int_list_copies", "raw_list_3"):
        assert _query(db_path, f"select count(*) from {table} where submission_id = ?",
                      [ids["purged"]]) == [(0,)]
    # The marts: T01 is now analysed from its older submission.
    scope = _query(db_path, "select la_code, submission_id from int_scope(null, null, "
                            "'ilacs-2018', null) order by 1")
    assert scope == [("T01", ids["older"]), ("T02", ids["other"])]
    kids = _query(db_path, "select child_id from children('T01') order by 1")
    assert kids == [(KEPT_CHILD,), (KEPT_CHILD + "B",)]
    meta = dict(_query(db_path, "select key, value from meta"))
    assert meta["schema_version"] == warehouse.schema_version()

    # A new load works, and gets an id never used before (the purged id is not reused).
    again = ingest([purged_file], "T01", la_name="Testshire", as_at=D(2026, 10, 30), db=db_path)
    assert again.status == "loaded"
    assert again.submission_id == max(ids.values()) + 1


def test_purging_the_newest_submission_does_not_free_its_id(loaded, make_workbook):
    db_path, ids, _ = loaded
    purge.purge(submission_id=ids["other"], db=db_path)
    fresh = make_workbook(_contacts("NEWCHILD01"), name="new.xlsx")
    assert ingest([fresh], "T03", as_at=D(2026, 10, 30), db=db_path).submission_id == \
        ids["other"] + 1


def test_purge_an_la_from_the_cli(loaded, capsys):
    db_path, ids, _ = loaded
    _add_sample_and_event(db_path, "T01")
    planted = (PURGED_CHILD, KEPT_CHILD, PURGED_VALUE, SAMPLE_CHILD)
    assert set(_traces(db_path, *planted)) == set(planted)

    rc = main(["purge", "--la", "T01", "--db", str(db_path), "--yes"])
    out = capsys.readouterr().out
    assert rc == 0
    assert f"submission {ids['older']}: as at 30/04/2026" in out
    assert "Deletes 1 saved case sample(s) (1 sampled children)" in out
    assert "Purged LA T01" in out
    # The plan names ids, dates and counts only: no child ID or value is printed.
    assert not any(v in out for v in (*planted, OTHER_LA_CHILD))

    assert _traces(db_path, *planted) == {}
    assert _query(db_path, "select la_code from submissions") == [("T02",)]
    assert _query(db_path, "select count(*) from sample_visits") == [(0,)]
    assert _query(db_path, "select count(*) from sample_members") == [(0,)]
    # Cycle events are LA-level, not child data: kept (annexa/services/purge.py).
    assert _query(db_path, "select la_code from la_events") == [("T01",)]
    assert _query(db_path, "select count(*) from children('T02')") == [(2,)]


def test_purging_a_submission_keeps_the_las_saved_samples(loaded):
    db_path, ids, _ = loaded
    _add_sample_and_event(db_path, "T01")
    done = purge.purge(submission_id=ids["older"], db=db_path)
    assert done.saved_samples == 1
    assert "Keeps the LA's 1 saved case sample(s)" in "\n".join(done.describe())
    assert _query(db_path, "select child_id from sample_members") == [(SAMPLE_CHILD,)]


def test_typing_the_la_code_confirms(loaded, monkeypatch, capsys):
    db_path, ids, _ = loaded
    monkeypatch.setattr("sys.stdin", io.StringIO("T01\n"))
    assert main(["purge", "--submission", str(ids["purged"]), "--db", str(db_path)]) == 0
    assert "Type the LA code (T01) to confirm" in capsys.readouterr().out
    assert _query(db_path, "select count(*) from submissions") == [(2,)]


@pytest.mark.parametrize("answer", ["no\n", "t02\n", ""])
def test_declining_changes_nothing(loaded, monkeypatch, capsys, answer):
    db_path, ids, _ = loaded
    before = db_path.read_bytes()
    monkeypatch.setattr("sys.stdin", io.StringIO(answer))
    assert main(["purge", "--submission", str(ids["purged"]), "--db", str(db_path)]) == 1
    assert "Not confirmed: nothing was deleted." in capsys.readouterr().out
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("args", [["--submission", "999"], ["--la", "NOPE"]])
def test_nothing_matching_exits_2(loaded, capsys, args):
    db_path, _, _ = loaded
    before = db_path.read_bytes()
    assert main(["purge", *args, "--db", str(db_path), "--yes"]) == 2
    assert "nothing to purge" in capsys.readouterr().err
    assert db_path.read_bytes() == before


def test_no_database_exits_2_and_creates_none(tmp_path, capsys):
    path = tmp_path / "absent.duckdb"
    assert main(["purge", "--la", "T01", "--db", str(path), "--yes"]) == 2
    assert main(["retention", "--db", str(path)]) == 2
    assert "no database" in capsys.readouterr().err
    assert not path.exists()


def test_a_purge_refused_leaves_the_database_as_it_was(loaded):
    db_path, ids, _ = loaded
    before = db_path.read_bytes()
    wal = db_path.with_name(db_path.name + ".wal")
    wal.write_bytes(b"")  # a WAL written outside the tool: its rows would outlive a rewrite
    try:
        with pytest.raises(warehouse.RewriteRefused):
            purge.purge(submission_id=ids["purged"], db=db_path)
    finally:
        wal.unlink()
    assert db_path.read_bytes() == before


def test_an_error_during_a_rewrite_leaves_the_database_as_it_was(loaded):
    db_path, _, _ = loaded
    before = db_path.read_bytes()
    with pytest.raises(ValueError), warehouse.rewrite_transaction(db_path) as con:
        warehouse.run(con, "delete from submissions")
        raise ValueError("stop half way")
    assert db_path.read_bytes() == before
    assert not [p for p in db_path.parent.iterdir() if p.name.endswith((".tmp", ".wal"))]


# --------------------------------------------------------------------------------- retention

def _hand_built(db_path, as_at_dates: list[dt.date]) -> None:
    warehouse.ensure_database(db_path)
    with warehouse.write_transaction(db_path) as con:
        for i, as_at in enumerate(as_at_dates):
            warehouse.run(con, "insert into submissions (la_code, la_name, as_at_date, "
                               "as_at_source, file_names, sha256, rows_loaded) values "
                               "(?, ?, ?, 'given', ['f.xlsx'], ?, 0)",
                          ["R01" if i < 3 else "R02", "Retford", as_at, f"sha{i}"])


def _flags(db_path, months, on):
    con = warehouse.connect_reader(db_path)
    try:
        t = purge.retention_table(con, months, on)
    finally:
        con.close()
    return {r.as_at_date.date(): (r.past_retention, r.retention_due.date(), r.is_current)
            for r in t.itertuples()}


def test_submissions_older_than_the_period_are_flagged_by_as_at_date(db_path):
    _hand_built(db_path, [D(2025, 11, 21), D(2025, 11, 22), D(2026, 5, 1), D(2025, 8, 31)])
    flags = _flags(db_path, 12, D(2026, 11, 22))
    assert flags[D(2025, 11, 21)] == (True, D(2026, 11, 21), False)
    assert flags[D(2025, 11, 22)] == (False, D(2026, 11, 22), False)  # due today: not yet past
    assert flags[D(2026, 5, 1)] == (False, D(2027, 5, 1), True)
    assert flags[D(2025, 8, 31)][2] is True  # R02's only submission is its current one
    # Month ends clamp: 31 August + 6 months ends on 28 February.
    assert _flags(db_path, 6, D(2026, 11, 22))[D(2025, 8, 31)] == (True, D(2026, 2, 28), True)


def test_retention_months_must_be_sensible(db_path):
    _hand_built(db_path, [D(2025, 1, 1)])
    con = warehouse.connect_reader(db_path)
    try:
        with pytest.raises(duckdb.Error, match="retention months"):
            purge.retention_table(con, 0)
    finally:
        con.close()
    for bad in ("0", "-3", "twelve", "601"):
        with pytest.raises(ValueError):
            purge.parse_months(bad)


def test_setting_environment_beats_database_beats_default(monkeypatch):
    monkeypatch.delenv(purge.RETENTION_ENV, raising=False)
    assert purge.resolve_retention(None) == purge.Retention(12, "default")
    assert purge.resolve_retention("18") == purge.Retention(18, "database")
    monkeypatch.setenv(purge.RETENTION_ENV, "6")
    assert purge.resolve_retention("18") == purge.Retention(6, "environment")
    monkeypatch.setenv(purge.RETENTION_ENV, "soon")
    bad = purge.resolve_retention("18")
    assert (bad.months, bad.source) == (18, "database")
    assert "ANNEXA_RETENTION_MONTHS ignored" in bad.problem


def test_retention_cli_stores_shows_and_lists(db_path, monkeypatch, capsys):
    monkeypatch.delenv(purge.RETENTION_ENV, raising=False)
    today = dt.date.today()
    _hand_built(db_path, [D(2001, 1, 31), today])
    assert main(["retention", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "Retention: 12 months after the data's as-at date (the default)." in out
    assert "1 of 2 submission(s) past retention" in out
    assert "as at 31/01/2001, due 31/01/2002" in out

    assert main(["retention", "--months", "6", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "Stored: flag submissions whose data is older than 6 months." in out
    assert "6 months after the data's as-at date (stored in the database)" in out
    assert _query(db_path, "select value from meta where key = 'retention_months'") == [("6",)]

    monkeypatch.setenv(purge.RETENTION_ENV, "3")
    assert main(["retention", "--db", str(db_path)]) == 0
    assert "3 months after the data's as-at date (from $ANNEXA_RETENTION_MONTHS" in \
        capsys.readouterr().out

    before = db_path.read_bytes()
    assert main(["retention", "--months", "0", "--db", str(db_path)]) == 2
    assert "outside 1 to 600" in capsys.readouterr().err
    assert db_path.read_bytes() == before
