"""Write benchmark: what one write costs as the database grows (issue 14 point 2).

    .venv/bin/python benchmarks/writes.py [--repeats 3] [--sizes 0,1,20,153] [--workdir DIR]
                                          [--demo PATH] [--rebuild]

What is timed. Every write goes through annexa/store/warehouse.py (docs/engineering.md E9): take
the writer lock, copy the live file to a temporary one, open it, bring its schema up to date
(build(): a hash check when the database is current), run the caller's statements, checkpoint,
close, fsync, rename over the live file, fsync the folder. A purge (rewrite_transaction) then
also copies every remaining row into a brand new file (COPY FROM DATABASE), fsyncs and renames
that one, and removes earlier copies. Four writes, in this order, in this process:
* ingest: `ingest.load.ingest` of a small synthetic workbook (annexa.synth size "small", about
  2,000 rows) for a new LA code (the workbook is read in a second thread while the copy is made);
* sample: `annexa.services.sampling.save` of a proposal for that LA (what `annexa sample --save`
  calls; the proposal is made before, untimed);
* event: `annexa.services.cycles.save_events`, one judgement for that LA (`annexa cycle-event`);
* purge: `annexa.services.purge.purge` of that submission (`annexa purge --submission`).
Each repeat runs the four on every database in turn, so a busy spell slows all sizes alike; one
untimed round on a scratch copy of the empty database comes first (the process's first write
imports and prepares what later ones reuse).
Writes accumulate in the private copies: after a repeat, each database holds one more saved
sample and one more event (the purge takes the submission away again), which is negligible.

Wall and CPU time (time.process_time: every thread of this process, kernel time included) of
each write; min and median over --repeats; ratio = median / the empty database's median, for
the same write in the same run (target of issue 14: at most 1.2). The phases are timed by
wrapping warehouse's own functions in this script (its behaviour is unchanged): lock (waiting for
the writer lock), copy (shutil.copyfile of the live file), open (duckdb.connect of the copy),
build (warehouse.build), read (ingest only: reading the workbook, overlapping lock..build in the
other thread, so not part of the sum), write (the caller's statements: from build to the
checkpoint; for an ingest, ingest.load._write), checkpoint, close (checkpoint to the next
phase: closing the connection), compact (purge: _copy_compacted, the new file with its
checkpoint), fsync (every _fsync), rename (os.replace, which frees the old file's blocks when
no reader snapshot links it), cleanup (remove_stale_copies and removing the purge's temporary
files), other (the rest: the ingest's digest and duplicate check, the sample and event's Python,
the wait for the workbook). Last, a writeback check outside warehouse on the largest database:
copy, open, a one-row insert and a checkpoint, with and without an fsync of the copy first.

Databases (built once into --workdir, default $TMPDIR/annexa-writes, and reused; each run
measures a private copy of each, made before the repeats):
* empty.duckdb (0 LAs): `warehouse.ensure_database`, every table, view and macro, no rows, no
  reference data: the baseline;
* large_<N>.duckdb: N large LAs (100,600 rows each). Built with benchmarks/browser.py's
  build_national (the demo database plus LAs copied from its rows in SQL; reused by import, with
  its size shares set to all large) asked for N + 2 LAs, then the demo's medium and small LAs
  purged (which also compacts the file). The demo database is copied from
  $TMPDIR/annexa-browser/demo.duckdb when there is one, else made with `annexa demo`. It holds
  the public reference data (judgements, LA lookup, DfE statistics), so large_1 is bigger than
  one LA's rows.
The script only prints; no test asserts a time. The machine is shared: the load average is
printed with the figures; repeat a run made under load before believing it.

Figures (2026-12-06, 2 shared cores, ext4, DuckDB 2.0.0, --repeats 3, load average 2.8 to 3.5;
a first run at load 1.8 to 3.3 gave the same picture). Median wall seconds, ratio to the empty
database, and the phases that grow with the file (ms):

    write   LAs  file    median  ratio   copy  checkpoint  rename  compact
    ingest    0    3 MB   1.11    1.0       2       50        0        -
    ingest  153  399 MB   1.53    1.4     142      273        0        -
    sample    0    3 MB   0.22    1.0       5       34        0        -
    sample  153  399 MB   0.53    2.5     118      247        0        -
    event     0    3 MB   0.09    1.0       4       22        4        -
    event   153  399 MB   0.61    6.7     142      267      107        -
    purge     0    3 MB   0.42    1.0       4       25        4      241
    purge    20   70 MB   6.87   16.5      21       63       20    6,453
    purge   153  399 MB  31.5    75.7     148      217       99   30,143

(1 LA, 21 MB with the reference data: ratios 0.9 to 1.6, purge 3.9; 20 LAs: ingest 1.0, sample
1.1, event 1.9.) Where the time goes, in a 153-LA database: the copy (0.3 to 0.4 ms per MB:
shutil.copyfile into the page cache) is 9% of an ingest, 22% of a saved sample, 23% of an
event; the checkpoint is 18%, 46% and 44%, and it is not DuckDB's work: DuckDB fsyncs the file in
its checkpoint, which writes back every page the copy dirtied (the writeback check: 26 to 40 ms
when the copy was fsynced first, 300 to 360 ms when not); the rename is 18% of an event, because
it frees the old 400 MB file when no reader snapshot still links it (otherwise the reader that
next unlinks the snapshot pays it). Opening the copy (30 to 40 ms), build's schema check (10 ms)
and the write itself do not grow. A purge is 96% compaction (COPY FROM DATABASE of every row that
remains: about 75 ms per MB, CPU-bound). So the size-dependent part is about 1 ms per MB of
database for every write (0.3 to 0.5 s at 153 large LAs) and 75 ms per MB for a purge: with copy and
rename as the mechanism, no write can reach the 1.2 target; README.md, Speed, names designs that
could.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import browser  # noqa: E402  (benchmarks/browser.py: its database builder)
import duckdb  # noqa: E402

from annexa.services import cycles, purge, sampling  # noqa: E402
from annexa.store import warehouse  # noqa: E402
from ingest import load as ingest_load  # noqa: E402

AS_AT = dt.date(2026, 10, 30)
KINDS = ("ingest", "sample", "event", "purge")
PHASES = ("lock", "copy", "open", "build", "write", "checkpoint", "close", "compact", "fsync",
          "rename", "cleanup", "other")
TARGET = 1.2


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def load_text() -> str:
    one, five, fifteen = os.getloadavg()
    return (f"load average {one:.2f} / {five:.2f} / {fifteen:.2f} (1/5/15 min) on "
            f"{os.cpu_count()} CPUs")


def mb(path: Path) -> str:
    return f"{path.stat().st_size / 1e6:.1f} MB" if path.exists() else "-"


# ---------------------------------------------------------------------------------- probing

class Probe:
    """Spans (name, wall start, wall end, cpu start, cpu end) of the write being measured. A span
    inside another in the same thread is not recorded (a checkpoint inside the compaction)."""

    def __init__(self) -> None:
        self.active = False
        self.spans: list[tuple[str, float, float, float, float]] = []
        self._local = threading.local()

    @contextlib.contextmanager
    def span(self, name: str):
        depth = getattr(self._local, "depth", 0)
        if not self.active or depth:
            self._local.depth = depth + 1
            try:
                yield
            finally:
                self._local.depth = depth
            return
        self._local.depth = 1
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self._local.depth = 0
            self.spans.append((name, t0, time.perf_counter(), c0, time.process_time()))

    def timed(self, name: str, fn):
        def wrapper(*args, **kwargs):
            with self.span(name):
                return fn(*args, **kwargs)
        return wrapper


class _Module:
    """A stand-in for a module inside warehouse: some functions timed, the rest as they are."""

    def __init__(self, module, **timed) -> None:
        self._module, self._timed = module, timed

    def __getattr__(self, name):
        return self._timed.get(name) or getattr(self._module, name)


PROBE = Probe()


def install_probe() -> None:
    """Wrap warehouse's internals (looked up by name at call time) and the ingest's two halves."""
    p = PROBE
    wh = warehouse
    orig_lock, orig_run, orig_build = wh._exclusive_lock, wh.run, wh.build

    @contextlib.contextmanager
    def exclusive_lock(live):
        with contextlib.ExitStack() as stack:
            with p.span("lock"):
                stack.enter_context(orig_lock(live))
            yield

    def run(con, sql, params=None):
        if sql.strip().lower() == "checkpoint":
            with p.span("checkpoint"):
                return orig_run(con, sql, params)
        return orig_run(con, sql, params)

    def build(con, *, force=False):
        with p.span("build"):
            return orig_build(con, force=force)

    wh._exclusive_lock, wh.run, wh.build = exclusive_lock, run, build
    wh.shutil = _Module(shutil, copyfile=p.timed("copy", shutil.copyfile))
    wh.duckdb = _Module(duckdb, connect=p.timed("open", duckdb.connect))
    wh.os = _Module(os, replace=p.timed("rename", os.replace))
    wh._fsync = p.timed("fsync", wh._fsync)
    wh._copy_compacted = p.timed("compact", wh._copy_compacted)
    wh._remove_copy = p.timed("cleanup", wh._remove_copy)
    wh.remove_stale_copies = p.timed("cleanup", wh.remove_stale_copies)
    wh._open_snapshot = p.timed("snapshot", wh._open_snapshot)  # the ingest's duplicate check
    ingest_load._write = p.timed("ingest_write", ingest_load._write)
    ingest_load._read_and_plan = p.timed("read", ingest_load._read_and_plan)


def measure(call) -> dict:
    """Run call() as one measured write: total wall and CPU, and its phases (wall seconds)."""
    PROBE.spans, PROBE.active = [], True
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        result = call()
    finally:
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        PROBE.active = False
    spans = sorted(PROBE.spans, key=lambda s: s[1])
    ph = dict.fromkeys(PHASES, 0.0)
    ph["read"] = 0.0
    for name, a, b, _, _ in spans:
        key = {"snapshot": "other", "ingest_write": "write"}.get(name, name)
        ph[key] += b - a
    ph["other"] = 0.0
    # The caller's statements: from the end of build to the checkpoint (not for an ingest, whose
    # _write is timed itself); closing: from the checkpoint to the next phase.
    ckpt = next((s for s in spans if s[0] == "checkpoint"), None)
    build = next((s for s in spans if s[0] == "build"), None)
    if ckpt and build and not any(s[0] == "ingest_write" for s in spans):
        ph["write"] += ckpt[1] - build[2]
    if ckpt:
        after = [s[1] for s in spans if s[1] >= ckpt[2] and s[0] != "checkpoint"]
        if after:
            ph["close"] += min(after) - ckpt[2]
    counted = sum(v for k, v in ph.items() if k not in ("read", "other"))
    ph["other"] = max(0.0, wall - counted)
    return {"wall": wall, "cpu": cpu, "phases": ph, "result": result}


# ------------------------------------------------------------------------------- databases

def demo_database(workdir: Path, source: Path) -> Path:
    demo = workdir / "demo.duckdb"
    if not demo.exists():
        if source.exists():
            log(f"copying {source}")
            shutil.copyfile(source, demo)
        else:
            browser.build_demo(demo)
    browser.bring_current(demo)
    return demo


def build_large(demo: Path, path: Path, n_las: int) -> None:
    """n_las large LAs: browser.build_national with every copy large, for n_las + 2 LAs (the
    demo's three and n_las - 1 copies of its large one), then the demo's medium and small LAs
    purged."""
    tmp = path.with_name(path.name + ".building")
    tmp.unlink(missing_ok=True)
    shares = browser.SHARES
    browser.SHARES = {"large": 1.0, "medium": 0.0, "small": 0.0}
    try:
        browser.build_national(demo, tmp, n_las + 2)
    finally:
        browser.SHARES = shares
    con = duckdb.connect(str(tmp), read_only=True)
    try:
        smallest = [code for (code,) in con.execute(
            "select la_code from submissions order by rows_loaded, submission_id limit 2"
        ).fetchall()]
    finally:
        con.close()
    t = time.perf_counter()
    for code in smallest:
        purge.purge(la_code=code, db=tmp)
    log(f"  purged the demo's medium and small LAs ({', '.join(smallest)}) in "
        f"{time.perf_counter() - t:.0f} s")
    warehouse.remove_stale_copies(tmp)
    os.replace(tmp, path)
    for lock in path.parent.glob(f"{path.name}.building*.lock"):
        lock.unlink()


def databases(args) -> dict[int, Path]:
    workdir = args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    dbs: dict[int, Path] = {}
    demo = None
    for n in args.sizes:
        path = workdir / ("empty.duckdb" if n == 0 else f"large_{n}.duckdb")
        if args.rebuild and path.exists():
            path.unlink()
        if path.exists():
            browser.bring_current(path)  # built by older code: brought up to this version
        elif n == 0:
            warehouse.ensure_database(path)
        else:
            demo = demo or demo_database(workdir, args.demo)
            t = time.perf_counter()
            build_large(demo, path, n)
            log(f"built {path.name} in {time.perf_counter() - t:.0f} s")
        dbs[n] = path
    return dbs


def describe(path: Path) -> tuple[int, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select count(distinct la_code), coalesce(sum(rows_loaded), 0) "
                           "from submissions").fetchone()
    finally:
        con.close()


# ------------------------------------------------------------------------------------ writes

def one_cycle(db: Path, book: Path, code: str) -> dict[str, dict]:
    """The four writes on one database, for a new LA `code`."""
    out = {}
    out["ingest"] = measure(lambda: ingest_load.ingest(
        [book], code, la_name=f"Bench {code}", as_at=AS_AT, db=db))
    sid = out["ingest"]["result"].submission_id
    con = warehouse.connect_reader(db)
    try:
        proposal = sampling.propose(con, sampling.Settings.for_visit(code, "standard", seed=1))
    finally:
        con.close()
    out["sample"] = measure(lambda: sampling.save(proposal, saved_by="benchmark", db=db))
    event = cycles.EventInput(code, "judgement", dt.date(2026, 11, 20), detail="good",
                              entered_by="benchmark")
    out["event"] = measure(lambda: cycles.save_events(db, [event]))
    if out["event"]["result"].errors:
        raise SystemExit(f"the event was refused: {out['event']['result'].errors}")
    out["purge"] = measure(lambda: purge.purge(submission_id=sid, db=db))
    return out


def writeback_check(path: Path, presync: bool) -> str:
    """Whether the checkpoint's time is DuckDB's work or the kernel writing back the fresh copy:
    DuckDB fsyncs the file in its checkpoint, which flushes every page the copy dirtied."""
    scratch = path.with_name("writeback-check.duckdb")
    t = time.perf_counter()
    shutil.copyfile(path, scratch)
    copy = time.perf_counter() - t
    t = time.perf_counter()
    if presync:
        fd = os.open(scratch, os.O_RDONLY)
        os.fsync(fd)
        os.close(fd)
    flushed = time.perf_counter() - t
    con = duckdb.connect(str(scratch))
    try:
        con.execute("insert or replace into meta values ('writeback_check', 'x')").fetchall()
        t = time.perf_counter()
        con.execute("checkpoint").fetchall()
        ckpt = time.perf_counter() - t
    finally:
        con.close()
    warehouse._remove_copy(scratch)
    how = "fsync before opening" if presync else "no fsync before    "
    return (f"{how}: copy {copy * 1000:4.0f}, fsync {flushed * 1000:4.0f}, "
            f"checkpoint {ckpt * 1000:4.0f}")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "annexa-writes")
    p.add_argument("--demo", type=Path,
                   default=Path(tempfile.gettempdir()) / "annexa-browser" / "demo.duckdb",
                   help="the demo database to build from (copied, never written to)")
    p.add_argument("--sizes", default="0,1,20,153",
                   help="LA counts, comma-separated; 0 is the empty baseline (always added)")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--rebuild", action="store_true", help="rebuild the databases")
    args = p.parse_args()
    args.sizes = sorted({0, *(int(s) for s in args.sizes.split(","))})

    log(load_text())
    dbs = databases(args)
    book = browser.small_workbook(args.workdir)
    run_dir = args.workdir / "run"
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir()
    private = {}
    for n, path in dbs.items():
        private[n] = run_dir / path.name
        shutil.copyfile(path, private[n])
    version = warehouse.schema_version()

    print(f"DuckDB {duckdb.__version__}, {os.cpu_count()} CPUs, --repeats {args.repeats}; "
          f"workbook {book.name} ({mb(book)})")
    print(f"before: {load_text()}")
    print("databases (private copies):")
    for n, path in private.items():
        las, rows = describe(path)
        print(f"  {n:>4} LAs  {path.name:22} {mb(path):>10}  {las} LAs, {rows:,} rows loaded")

    install_probe()
    # One untimed round on a scratch copy first: the first write in a process imports and
    # prepares what later ones reuse (the CLI pays that once per command, whatever the size).
    scratch = run_dir / "warm-up.duckdb"
    shutil.copyfile(private[0], scratch)
    one_cycle(scratch, book, "WARM")
    results: dict[tuple[str, int], list[dict]] = {}
    loads = []
    for r in range(args.repeats):
        for n, path in private.items():
            log(f"repeat {r + 1}/{args.repeats}: {n} LAs")
            for kind, m in one_cycle(path, book, f"W{r:02d}").items():
                results.setdefault((kind, n), []).append(m)
        loads.append(os.getloadavg()[0])
        log(f"  {load_text()}")
    if warehouse.schema_version() != version:
        print("WARNING: the code's schema changed during the run (another session edited it): "
              "the build phase includes a rebuild; run again")

    print(f"after: {load_text()}; 1-min load after each repeat: "
          f"{', '.join(f'{x:.2f}' for x in loads)}")
    print("\nwall seconds (median, min over repeats), ratio = median / empty median, "
          f"cpu = median CPU seconds (all threads); target ratio <= {TARGET}")
    head = (f"{'write':7} {'LAs':>4} {'median':>7} {'min':>7} {'ratio':>6} {'cpu':>6}  |"
            + "".join(f"{ph[:7]:>8}" for ph in ("read", *PHASES)) + "   (phases: median ms)")
    print(head)
    print("-" * len(head))
    for kind in KINDS:
        base = statistics.median(m["wall"] for m in results[(kind, 0)])
        for n in args.sizes:
            ms = results[(kind, n)]
            walls = [m["wall"] for m in ms]
            med = statistics.median(walls)
            ratio = med / base
            flag = "" if ratio <= TARGET else "*"
            phases = {ph: statistics.median(m["phases"][ph] for m in ms)
                      for ph in ("read", *PHASES)}
            print(f"{kind:7} {n:>4} {med:7.3f} {min(walls):7.3f} {ratio:5.1f}{flag:1} "
                  f"{statistics.median(m['cpu'] for m in ms):6.2f}  |"
                  + "".join(f"{phases[ph] * 1000:8.0f}" for ph in ("read", *PHASES)))
        print()
    print("* over the target. read (ingest) overlaps lock..build in another thread and is not "
          "in the sum; other = wall - the other phases.")
    print("\nshare of the median wall time (%), largest database:")
    largest = args.sizes[-1]
    for kind in KINDS:
        ms = results[(kind, largest)]
        med = statistics.median(m["wall"] for m in ms)
        shares = {ph: statistics.median(m["phases"][ph] for m in ms) / med * 100
                  for ph in PHASES}
        print(f"  {kind:7} {largest} LAs: "
              + ", ".join(f"{ph} {v:.0f}" for ph, v in shares.items() if v >= 0.5))
    print(f"\nwriteback check on {private[largest].name} (outside warehouse: copy, optional "
          "fsync, open, one-row insert, checkpoint; ms):")
    for presync in (False, True, False, True):
        print("  " + writeback_check(private[largest], presync))
    print("\nfile sizes after the run:")
    for n, path in private.items():
        print(f"  {n:>4} LAs  {path.name:22} {mb(path):>10}")
    shutil.rmtree(run_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
