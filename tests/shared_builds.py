"""What several tests share and what takes seconds to build (the demo database, the access-control
database, the browser tests' medium workbooks, the main flow's databases): built once per test
run, and started in the background as soon as the tests are collected, so that no test waits for
a build it did not ask for and the one that asks first seldom waits at all.

`once(shared, name)` is the one way to get a build: the first process to ask (an xdist worker,
or the background builder started by `start_in_background`) builds it under a file lock in the
run's shared temporary folder, every other process waits for the lock and reads the result
(kept with pickle). A background build that fails or is stopped leaves no `.built` mark, and the
next test to ask builds it itself, so a failure shows in that test. Tests must not write to what
was built: they copy it (conftest.private_copy).

Run as a script (`start_in_background` does): python tests/shared_builds.py SHARED NAME...
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import fcntl
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent

DEMO_TEST_SIZES = "small,small,medium"


def once(shared: Path, name: str, build: Callable[[Path], Any] | None = None) -> Any:
    """What `build(folder)` returns (BUILDS[name] when not given), built once in `shared`."""
    build = build or (lambda folder: BUILDS[name](folder, shared))
    folder = shared / f"shared_{name}"
    with open(shared / f"shared_{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        done = folder / ".built"
        if done.exists():
            return pickle.loads(done.read_bytes())
        shutil.rmtree(folder, ignore_errors=True)  # a build that failed part-way
        folder.mkdir()
        result = build(folder)
        done.write_bytes(pickle.dumps(result))
        return result


# ------------------------------------------------------------------------------------ builds

def demo(folder: Path, shared: Path) -> Path:
    """The demo database (three fictional LAs, one region), as `annexa demo` builds it.

    Sizes are smaller than `annexa demo`'s (small, medium, large) to keep the suite quick; the
    code path is the same: synthetic workbooks in the official layout, loaded by the ingest.
    """
    from annexa.cli import main

    path = folder / "demo.duckdb"
    assert main(["demo", "--db", str(path), "--sizes", DEMO_TEST_SIZES]) == 0
    return path


ACCESS_OTHER_REGION = "Other Region"


def access(folder: Path, shared: Path) -> Path:
    """The demo (X01-X03 in the fictional region, public judgements for the 153 real LAs) plus
    Y01 Southdale in another region, a saved sample of X02, and cycle events of X01, X02 and a
    real LA (350 Bolton, North West): what tests/test_access_control.py copies for each test."""
    from annexa import synth
    from annexa.cli import main as annexa
    from annexa.services import cycles, judgements
    from annexa.services.demo import AS_AT as DEMO_AS_AT
    from ingest.load import ingest

    path = folder / "access.duckdb"
    shutil.copyfile(once(shared, "demo"), path)
    if not all((judgements.REFERENCE_DIR / f.name).is_file()
               for f in (judgements.DEFAULT_JUDGEMENTS, judgements.DEFAULT_LOOKUP)):
        # The demo found no published judgements: three real LAs instead.
        from conftest import write_la_reference

        judgements.import_reference(path, *write_la_reference(path.parent))
    book = path.parent / "southdale.xlsx"
    synth.write_workbook(book, size="small", seed=404, la_code="Y01", as_at=DEMO_AS_AT,
                         la_name="Southdale")
    ingest([book], "Y01", la_name="Southdale", region=ACCESS_OTHER_REGION, as_at=DEMO_AS_AT,
           db=path)
    assert annexa(["sample", "--la", "X02", "--visit-type", "monitoring", "--save",
                   "--saved-by", "Eastbrook team", "--db", str(path)]) == 0
    result = cycles.save_events(path, [
        cycles.EventInput("X01", "judgement", dt.date(2025, 3, 14), None,
                          "requires improvement", "t"),
        cycles.EventInput("X02", "judgement", dt.date(2025, 5, 16), None, "inadequate", "t"),
        cycles.EventInput("350", "monitoring_visit", dt.date(2026, 9, 14), None,
                          "Bolton visit note", "t"),
    ])
    assert not result.errors
    return path


E2E_AS_AT = dt.date(2026, 10, 30)
# The workbooks the browser tests upload or load, by test: (file name, size, seed, LA code).
E2E_BOOKS = {
    "concurrent_books": [  # tests/e2e/test_concurrent_uploads.py
        ("Annex A Concurrentshire.xlsx", "medium", 31, "C01"),
        ("Annex A Parallelshire.xlsx", "medium", 32, "C02")],
    "cli_books": [  # tests/e2e/test_cli_while_serving.py
        ("first.xlsx", "small", 51, "R01"),
        ("second.xlsx", "medium", 52, "R02")],
}


def _e2e_books(name: str) -> Callable[[Path, Path], dict[str, Path]]:
    def write(folder: Path, shared: Path) -> dict[str, Path]:
        """The synthetic workbooks of E2E_BOOKS[name], by file name."""
        from annexa import synth

        out = {}
        for file_name, size, seed, code in E2E_BOOKS[name]:
            out[file_name] = folder / file_name
            synth.write_workbook(out[file_name], size=size, seed=seed, la_code=code,
                                 as_at=E2E_AS_AT)
        return out

    return write


def e2e_main(folder: Path, shared: Path) -> dict[str, Path]:
    """The main flow's workbook (tests/e2e/test_main_flow.py: a small Annex A of LA E2E,
    Endtoendshire), and a database with it loaded as the Upload page loads it: the flow's
    sample part starts there, its upload part from an empty database."""
    from annexa import synth
    from ingest.load import ingest_or_report_duplicate

    workbook = folder / "Annex A E2E.xlsx"
    synth.write_workbook(workbook, size="small", seed=11, la_code="E2E", as_at=E2E_AS_AT)
    db = folder / "loaded.duckdb"
    report = ingest_or_report_duplicate([workbook], "E2E", la_name="Endtoendshire",
                                        as_at=E2E_AS_AT, db=db, display_names=[workbook.name])
    assert report.submission_id == 1, report
    return {"workbook": workbook, "db": db}


E2E_SAVED_BY = "HMI End-to-end"
# The saved sample's columns that the sampler stores (sample_members, less the visit id).
SAMPLE_MEMBER_COLUMNS = ["child_id", "role", "pick_order", "reason", "gender", "age_band",
                         "disability", "ethnicity_group", "current_status", "journey_stage",
                         "placement_group", "is_missing", "at_risk_of_exploitation",
                         "large_sibling_group", "possible_delay", "out_of_area", "features",
                         "thresholds"]


def e2e_sample(folder: Path, shared: Path) -> dict[str, Any]:
    """The main flow's loaded database (e2e_main) with the sample that its browser test
    (tests/e2e/test_main_flow.py) proposes, edits and saves, saved as visit 1 the way the Case
    selection page saves it (dashboard/sample_state.py: remove, add, save), through the sampler:
    the monitoring visit's proposal at 30/10/2026, seed 0; the first child removed; the first
    child of the sampling window pool not in it added as tracked; then the first child of the
    missing pool not in it (the pool table's row `pool_row`) added as tracked; saved by HMI
    End-to-end. The browser test checks that what it saves equals what this saves, so the tests
    that start from the saved sample (export, reload, journeys) see what the browser made.

    Returns the database, the case IDs the tests need: `ids` (the proposal's, in order),
    `tracked` (the proposal's tracked number), `removed`, `added`, `from_pool`, `pool_row`,
    `kept` (children saved); `saved`, what it holds (saved_samples); and `reasons`, those of
    the proposal drawn once visit 1 is saved (the rows' height of the page's sample table)."""
    import numpy as np
    import pandas as pd

    from annexa.rules import sampling as rule
    from annexa.services import sampling as sampler
    from annexa.store import warehouse

    la = "E2E"
    db = folder / "saved.duckdb"
    shutil.copyfile(once(shared, "e2e_main")["db"], db)
    settings = rule.Settings.for_visit(la, "monitoring", ref_date=E2E_AS_AT)
    con = warehouse.connect_reader(db)
    try:
        proposal = sampler.propose(con, settings)
        cand = sampler.load_candidates(con, settings)
        pools = {name: [r[0] for r in con.execute(
            "select child_id from sample_pools(?, ref_date := ?) where pool = ? "
            "order by child_id", [la, E2E_AS_AT, name]).fetchall()]
            for name in ("sampling window", "missing")}
    finally:
        con.close()
    members = proposal.members.copy()
    ids = list(dict.fromkeys(members["child_id"]))
    removed = ids[0]
    added = next(c for c in pools["sampling window"] if c not in ids)
    in_sample = (set(ids) - {removed}) | {added}
    pool_row, from_pool = next((i, c) for i, c in enumerate(pools["missing"])
                               if c not in in_sample)

    # sample_state.remove, then sample_state.add (its _append) twice, as tracked.
    members = members[members["child_id"] != removed].reset_index(drop=True)
    position = {c: i for i, c in enumerate(cand.pool.ids)}
    for child in (added, from_pool):
        covered = np.zeros(cand.pool.masks.shape[1], dtype=np.uint64)
        for c in dict.fromkeys(members["child_id"]):
            if c in position:
                covered |= cand.pool.masks[position[c]]
        row = cand.rows([position[child]])[0]
        tracked = members.loc[members["role"] == "tracked", "pick_order"]
        pick = rule.Pick(child, int(tracked.max()) + 1 if len(tracked) else 1,
                         adds=cand.pool.names(cand.pool.masks[position[child]] & ~covered))
        facts = list(row["facts"] or []) or sampler.latest_activity(row)
        record = {"role": "tracked", "pick_order": pick.order, "child_id": child,
                  "reason": rule.reason_for(facts, pick, "tracked",
                                            ["added by the lead inspector"]),
                  **{k: row[k] for k in sampler.MEMBER_FIELDS},
                  "features": list(row["features"] or []),
                  "thresholds": list(row["thresholds"] or [])}
        members = pd.concat([members, pd.DataFrame([record])], ignore_index=True)
    members = members.astype(object)
    members = members.where(members.notna(), None)
    edited = dataclasses.replace(proposal, members=members)
    still_removed = [c for c in [removed] if c not in (added, from_pool)]
    visit_id = sampler.save(edited, saved_by=E2E_SAVED_BY, db=db,
                            note=f"Edited on the Case selection page: 2 added, "
                                 f"{len(still_removed)} removed (from the proposed sample).")
    assert visit_id == 1, visit_id
    con = warehouse.connect_reader(db)
    try:  # what a new session proposes once visit 1 is saved (its reasons say so)
        reasons = list(sampler.propose(con, settings).members["reason"])
    finally:
        con.close()
    return {"db": db, "ids": ids, "tracked": int((proposal.members["role"] == "tracked").sum()),
            "removed": removed, "added": added, "from_pool": from_pool, "pool_row": pool_row,
            "kept": len(ids) + 1, "saved": saved_samples(db),
            "reasons": reasons}


def saved_samples(db: Path) -> tuple[list[tuple], list[tuple]]:
    """Every saved visit (less when it was saved) and every saved member of a database, in
    order: what two databases hold the same saved samples if they are equal."""
    from annexa.store import warehouse

    con = warehouse.connect_snapshot(db)  # built by this code: no upgrade to check for
    try:
        visits = con.execute("select * exclude (saved_at) from sample_visits "
                             "order by visit_id").fetchall()
        members = con.execute(f"select visit_id, {', '.join(SAMPLE_MEMBER_COLUMNS)} "
                              "from sample_members order by visit_id, role, pick_order, "
                              "child_id").fetchall()
    finally:
        con.close()
    return visits, members


BUILDS: dict[str, Callable[[Path, Path], Any]] = {
    "demo": demo, "access": access, "e2e_main": e2e_main, "e2e_sample": e2e_sample,
    **{name: _e2e_books(name) for name in E2E_BOOKS}}

# The fixtures that ask for a build (conftest.py, tests/e2e/conftest.py, ...), and the builds
# each needs, in order: a collected test with such a fixture starts them in the background.
FIXTURES = {"_demo_db_master": ["demo"], "_access_master": ["demo", "access"],
            "e2e_main": ["e2e_main"], "e2e_sample": ["e2e_main", "e2e_sample"],
            **{name: [name] for name in E2E_BOOKS}}


# ---------------------------------------------------------------------------- in background

def wanted(items) -> list[str]:
    """The builds that the collected tests will ask for, in the order they are needed."""
    names: list[str] = []
    for item in items:
        for fixture in getattr(item, "fixturenames", ()):
            names += [n for n in FIXTURES.get(fixture, ()) if n not in names]
    return names


def start_in_background(shared: Path, names: list[str]) -> subprocess.Popen | None:
    """Build `names` in a process of their own, once per run (the first xdist worker to collect
    starts it; the others find it started)."""
    if not names:
        return None
    with open(shared / "shared_background.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        started = shared / "shared_background.started"
        if started.exists():
            return None
        started.touch()
        log = open(shared / "shared_background.log", "w")  # noqa: SIM115 - the child's output
        return subprocess.Popen(
            [sys.executable, str(Path(__file__)), str(shared), *names], cwd=ROOT,
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


def finish(proc: subprocess.Popen | None, timeout: float = 300) -> None:
    """At the end of the run: let a background build end (a test may still be waiting for it
    in another worker), stopping it only if it hangs."""
    if proc is None:
        return
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


if __name__ == "__main__":
    # This checkout's packages, not those the virtual environment was installed from.
    sys.path[:0] = [str(ROOT), str(TESTS)]
    shared_folder = Path(sys.argv[1])
    for build_name in sys.argv[2:]:
        once(shared_folder, build_name)
