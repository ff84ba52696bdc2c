"""Several processes loading into one database at once, while others read it (issue 6, item 3).

Thread-level writers are in test_warehouse.py; these use real `python -m annexa ingest`
processes, as two analysts (or the CLI and the dashboard) would, and readers that poll through
`warehouse.connect_reader` exactly as the dashboard does. Nothing may be lost, stored twice or
seen half loaded, and the file must stay readable throughout.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import built_once
from warehouse_checks import assert_submission_whole, scan_everything, submission_state

from annexa import synth
from annexa.store import warehouse
from ingest.load import file_digest

ROOT = Path(__file__).resolve().parents[1]
CHECKS = Path(__file__).with_name("warehouse_checks.py")
AS_AT = dt.date(2026, 10, 30)
# Three LAs, one of them twice (a resubmission loaded at the same moment as the first).
WORKBOOKS = [("X01", 11), ("X02", 12), ("X03", 13), ("X01", 14)]


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory):
    return built_once(tmp_path_factory, "concurrency_books", _write_books)


def _write_books(out: Path):
    made = []
    for code, seed in WORKBOOKS:
        path = out / f"annex_a_{code}_{seed}.xlsx"
        manifest = synth.write_workbook(path, size="small", seed=seed, la_code=code, as_at=AS_AT)
        made.append((code, path, manifest))
    return made


def _ingest_cmd(path: Path, code: str, db: Path, report: Path | None = None) -> list[str]:
    cmd = [sys.executable, "-m", "annexa", "ingest", str(path), "--la", code, "--db", str(db),
           "--as-at", AS_AT.isoformat(), "--quiet"]
    return cmd + (["--report-json", str(report)] if report else [])


def _start(cmd: list[str], **kw) -> subprocess.Popen:
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, **kw)


def _thread_reader(db: Path, stop: threading.Event, seen: list) -> None:
    """The dashboard's way of reading, in this process: a fresh snapshot per poll."""
    while not stop.is_set():
        try:
            con = warehouse.connect_reader(db)
            try:
                seen.append({"state": json.loads(json.dumps(submission_state(con)))})
            finally:
                con.close()
        except Exception as exc:
            seen.append({"error": f"{type(exc).__name__}: {exc}"})
        time.sleep(0.01)


def test_concurrent_loads_by_processes_with_readers_polling(workbooks, tmp_path):
    db = tmp_path / "shared.duckdb"
    warehouse.ensure_database(db)
    stop = tmp_path / "stop"
    reader_log = tmp_path / "reader.jsonl"
    with open(reader_log, "w") as log:
        reader = subprocess.Popen([sys.executable, str(CHECKS), str(db), str(stop)], cwd=ROOT,
                                  stdout=log, stderr=subprocess.PIPE, text=True)
    in_process: list = []
    stop_thread = threading.Event()
    thread = threading.Thread(target=_thread_reader, args=(db, stop_thread, in_process))
    thread.start()
    try:
        loaders = [_start(_ingest_cmd(path, code, db, tmp_path / f"report_{i}.json"))
                   for i, (code, path, _m) in enumerate(workbooks)]
        results = [(p.wait(timeout=300), *p.communicate()) for p in loaders]
    finally:
        stop.touch()
        stop_thread.set()
        thread.join(timeout=60)
        reader.wait(timeout=60)
    for rc, out, err in results:
        assert rc == 0, err
        assert "Loaded submission" in out

    # Every submission exactly once, with each file's rows, and its report's problems.
    con = warehouse.connect_reader(db)
    final = submission_state(con)
    counts = scan_everything(con)
    con.close()
    subs = final["submissions"]
    assert final["orphans"] == {}
    assert sorted((s["la_code"], s["sha256"]) for s in subs.values()) == sorted(
        (code, file_digest([path])) for code, path, _m in workbooks)
    for i, (code, path, manifest) in enumerate(workbooks):
        report = json.loads((tmp_path / f"report_{i}.json").read_text())
        got = subs[report["submission_id"]]
        assert got["la_code"] == code and got["sha256"] == file_digest([path])
        assert got["raw"] == {k: n for k, n in manifest.rows_per_list.items() if n}
        assert_submission_whole(report["submission_id"], got)
        assert got["dq"] == len(report["problems"])
    assert counts["submissions"] == len(workbooks)
    assert not list(tmp_path.glob(".*.tmp*")), "a writer left its temporary copy behind"

    # Every snapshot any reader saw: each submission in it already whole (as it ended up),
    # no rows of a submission not yet listed, and submissions only ever added, never lost.
    final_json = json.loads(json.dumps(final))["submissions"]
    lines = [json.loads(x) for x in reader_log.read_text().splitlines()]
    assert reader.returncode == 0, reader.stderr.read()
    for source, seen in (("reader process", lines), ("reader thread", in_process)):
        errors = [x["error"] for x in seen if "error" in x]
        assert not errors, f"{source}: {errors[:3]}"
        previous: set[str] = set()
        states = set()
        for x in seen:
            snap = x["state"]
            assert snap["orphans"] == {}, f"{source} saw rows of an unlisted submission: {snap}"
            for sid, got in snap["submissions"].items():
                assert got == final_json[sid], f"{source} saw submission {sid} half loaded"
            ids = set(snap["submissions"])
            assert ids >= previous, f"{source} saw submissions disappear: {previous - ids}"
            previous = ids
            states.add(frozenset(ids))
        # The readers really ran during the loads, not only before or after them.
        assert len(states) >= 3, f"{source} saw only {sorted(map(sorted, states))}"


def test_same_file_loaded_by_three_processes_at_once_is_stored_once(workbooks, tmp_path):
    db = tmp_path / "same.duckdb"
    warehouse.ensure_database(db)
    code, path, manifest = workbooks[0]
    procs = [_start(_ingest_cmd(path, code, db)) for _ in range(3)]
    results = [(p.wait(timeout=300), *p.communicate()) for p in procs]
    assert [rc for rc, _o, _e in results] == [0, 0, 0], [e for _r, _o, e in results]
    outs = [o for _r, o, _e in results]
    assert sum("Loaded submission 1 " in o for o in outs) == 1, outs
    assert sum("Already loaded: these files are submission 1 " in o for o in outs) == 2, outs
    con = warehouse.connect_reader(db)
    state = submission_state(con)
    scan_everything(con)
    con.close()
    assert list(state["submissions"]) == [1] and state["orphans"] == {}
    assert state["submissions"][1]["raw"] == {k: n for k, n in manifest.rows_per_list.items() if n}


def test_readers_racing_a_writer_never_fail_to_open(tmp_path):
    """Each reader removes snapshots older than the version it saw; one that saw an older
    version a moment before must still get a connection (to a newer version) rather than
    'database does not exist'."""
    db = tmp_path / "race.duckdb"
    warehouse.ensure_database(db)
    deadline = time.time() + 6
    errors: list[str] = []
    reads = [0]

    def read():
        while time.time() < deadline:
            try:
                con = warehouse.connect_reader(db)
                con.execute("select count(*) from meta").fetchall()
                con.close()
                reads[0] += 1
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")

    def write():
        i = 0
        while time.time() < deadline:
            with warehouse.write_transaction(db) as con:
                warehouse.run(con, "insert or replace into meta values (?, 'x')", [f"k{i}"])
            i += 1

    threads = [threading.Thread(target=read) for _ in range(2)] + [threading.Thread(target=write)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    assert reads[0] > 50
    # The readers directory holds only the current version (plus, at most, one in flight).
    assert len(os.listdir(tmp_path / ".readers")) <= 2
