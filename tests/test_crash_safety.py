"""A load killed part-way (SIGKILL: no cleanup code runs) leaves the database as it was.

Issue 6, item 4. The kill lands while the writer is busy with its private copy, found by
watching for the copy (`.<db>.<pid>.<id>.tmp`) and its write-ahead log, so each test kills at the
phase it names rather than after a guessed delay.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import built_once
from warehouse_checks import assert_submission_whole, scan_everything, submission_state

from annexa import synth
from annexa.services.demo import LAS as DEMO_LAS
from annexa.store import warehouse
from ingest.load import ingest

ROOT = Path(__file__).resolve().parents[1]
AS_AT = dt.date(2026, 10, 30)


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    """The workbooks, and a database holding the small one (X01) for each test to copy (made
    once per test run)."""
    return built_once(tmp_path_factory, "crash_books", _make_books)


def _make_books(out: Path):
    small = out / "small_X01.xlsx"
    medium = out / "medium_X02.xlsx"
    synth.write_workbook(small, size="small", seed=21, la_code="X01", as_at=AS_AT)
    manifest = synth.write_workbook(medium, size="medium", seed=22, la_code="X02", as_at=AS_AT)
    first = out / "first" / "annexa.duckdb"
    first.parent.mkdir()
    assert ingest([small], "X01", as_at=AS_AT, db=first).status == "loaded"
    return first, medium, manifest


def _ingest(path: Path, code: str, db: Path) -> list[str]:
    return [sys.executable, "-m", "annexa", "ingest", str(path), "--la", code, "--db", str(db),
            "--as-at", AS_AT.isoformat(), "--quiet"]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _leftovers(db: Path) -> list[Path]:
    return sorted(db.parent.glob(f".{db.name}.*.tmp*"))


def _kill_when(proc: subprocess.Popen, db: Path, ready, timeout: float = 120) -> None:
    """SIGKILL the process as soon as ready(temp copies) is true; fail if it finished first."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the load finished (rc {proc.returncode}) before the kill point: "
                        f"{proc.stderr.read()}")
        if ready(_leftovers(db)):
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            assert proc.returncode == -signal.SIGKILL
            return
        time.sleep(0.002)
    proc.kill()
    pytest.fail("kill point never reached")


def _state(db: Path) -> tuple[dict, dict]:
    con = warehouse.connect_reader(db)
    try:
        return submission_state(con), scan_everything(con)
    finally:
        con.close()


KILL_POINTS = {
    # while the live file is being copied, or just after
    "copy": lambda tmp: any(p.suffix == ".tmp" for p in tmp),
    # rows are being written: the copy's write-ahead log exists
    "writing": lambda tmp: any(p.name.endswith(".wal") for p in tmp),
    # well into the write: the log holds megabytes of rows
    "late": lambda tmp: any(p.name.endswith(".wal") and p.exists() and p.stat().st_size > 4e6
                            for p in tmp),
}


@pytest.mark.parametrize("kill_point", list(KILL_POINTS))
def test_killed_ingest_leaves_previous_database_whole(books, tmp_path, kill_point):
    first, medium, manifest = books
    db = tmp_path / "annexa.duckdb"
    shutil.copyfile(first, db)  # X01 loaded (submission 1)
    before_sha = _sha(db)
    before_state, before_counts = _state(db)
    # A dashboard reader already open on the old version must keep working through the crash.
    open_reader = warehouse.connect_reader(db)

    proc = subprocess.Popen(_ingest(medium, "X02", db), cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    _kill_when(proc, db, KILL_POINTS[kill_point])

    # The live file is byte for byte what it was; the dead writer's copy is all that is left.
    assert _sha(db) == before_sha
    assert _leftovers(db), "the kill should have left the writer's temporary copy"
    assert _state(db) == (before_state, before_counts)
    assert open_reader.execute("select count(*) from submissions").fetchone() == (1,)

    # The next load is not blocked (the lock died with its holder) and clears the dead copy.
    again = subprocess.run(_ingest(medium, "X02", db), cwd=ROOT, capture_output=True, text=True,
                           timeout=300)
    assert again.returncode == 0, again.stderr
    assert "Loaded submission 2 for LA X02" in again.stdout
    assert _leftovers(db) == [], "temporary copies of killed writers (child data) were left"
    after, counts = _state(db)
    assert after["orphans"] == {}
    assert after["submissions"][1] == before_state["submissions"][1]
    assert after["submissions"][2]["raw"] == {k: n for k, n in manifest.rows_per_list.items()
                                              if n}
    for sid, got in after["submissions"].items():
        assert_submission_whole(sid, got)
    assert counts["submissions"] == 2
    # The reader opened before the crash still answers from its own version.
    assert open_reader.execute("select count(*) from submissions").fetchone() == (1,)
    open_reader.close()


def test_killed_demo_keeps_the_loads_it_finished_and_can_be_rerun(tmp_path):
    db = tmp_path / "demo.duckdb"
    cmd = [sys.executable, "-m", "annexa", "demo", "--db", str(db), "--sizes", "small,small,small"]
    # An empty reference folder: the rerun's last step (the published judgements and statistics,
    # after every LA is loaded) has nothing to import, and this test is about the LAs' loads.
    (tmp_path / "no_reference").mkdir()
    env = {**os.environ, "ANNEXA_REFERENCE_DIR": str(tmp_path / "no_reference")}
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    # Kill during the second LA's write: the first one is in the live file by then.
    seen_first = []

    def second_write(tmp):
        if not seen_first and db.exists():
            con = warehouse.connect_reader(db)
            try:
                n = con.execute("select count(*) from submissions").fetchone()[0]
            finally:
                con.close()
            if n:
                seen_first.append(n)
        return bool(seen_first) and any(p.name.endswith(".wal") for p in tmp)

    _kill_when(proc, db, second_write)
    state, _counts = _state(db)
    assert [s["la_code"] for s in state["submissions"].values()] == [DEMO_LAS[0][0]]
    assert state["orphans"] == {}
    for sid, got in state["submissions"].items():
        assert_submission_whole(sid, got)

    rerun = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    assert rerun.returncode == 0, rerun.stderr
    assert "already_loaded" in rerun.stderr  # the first LA is recognised, not stored twice
    state, _counts = _state(db)
    assert sorted(s["la_code"] for s in state["submissions"].values()) == [
        code for code, *_ in DEMO_LAS]
    assert _leftovers(db) == []
