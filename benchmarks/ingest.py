"""Ingest benchmark: end-to-end load of an Annex A workbook against pandas + openpyxl.

Builds a synthetic workbook (large: about 100,000 rows, the largest real LA's size;
docs/methodology/data.md D10; small: about 2,000), then, each in a fresh process so neither warms
the other:
  - command: `python -m annexa ingest FILE` into a new database, timed from outside the process,
    so Python's start-up and every import count (issue 14); peak RSS from wait4();
  - ingest: `ingest.load.ingest` into a new database (reading, typing, data-quality checks, the
    atomic write), timed inside the process after its imports: wall time, rows per second;
  - baseline: `pandas.read_excel(path, sheet_name=None, engine="openpyxl")` on the same file,
    which only reads it (pandas' import not counted).
Also times the same ingest into a database that already exists (built by an earlier load, as
an analyst's usually is), the read step alone, and a floor: fastexcel reading every sheet and
DuckDB storing it as text, with nothing else (what no ingest that keeps the rows can beat).
Each is run --repeat times and reported as min / median, with the machine's load average before
and after. Prints the ratios baseline / ingest and whether the targets of issue 14 are met
(large: the whole command >= 10x faster than the baseline, peak RSS <= 600 MB; small: the
ingest faster than the baseline). Timings vary +-20% on a shared 2-core machine, far more when
other work is running: compare ratios measured in the same run, not times across runs.

Usage: python benchmarks/ingest.py [--size large|small|medium] [--repeat 3] [--skip-baseline]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
AS_AT = dt.date(2026, 10, 30)

INGEST_CHILD = """
import json, resource, sys, time, datetime as dt
t0 = time.perf_counter()
from ingest.load import ingest
if sys.argv[3] == "existing":  # the usual case: a database that earlier loads created
    from annexa.store import warehouse
    warehouse.ensure_database(sys.argv[2])
t1 = time.perf_counter()
report = ingest([sys.argv[1]], "B01", as_at=dt.date(2026, 10, 30), db=sys.argv[2])
t2 = time.perf_counter()
rows = sum(v["rows_loaded"] for v in report.lists.values())
print(json.dumps({"import_s": t1 - t0, "ingest_s": t2 - t1, "rows": rows,
                  "problems": len(report.problems),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

READ_CHILD = """
import json, sys, time
from pathlib import Path
from ingest.reader import read_file
t0 = time.perf_counter()
sheets = read_file(Path(sys.argv[1]))
print(json.dumps({"read_s": time.perf_counter() - t0,
                  "rows": sum(s.table.num_rows for s in sheets)}))
"""

# The least any ingest that keeps the rows must do: fastexcel reads every sheet as text and DuckDB
# stores it in a new file, with no header finding, typing, data-quality or hostile-file checks.
# Printed so that a ratio target can be judged against what reading and storing alone cost here.
FLOOR_CHILD = """
import json, sys, time
import duckdb, fastexcel
t0 = time.perf_counter()
con = duckdb.connect(sys.argv[2])
reader = fastexcel.read_excel(sys.argv[1])
for i, name in enumerate(reader.sheet_names):
    con.register("src", reader.load_sheet(name, header_row=None, dtypes="string"))
    con.execute(f"create table sheet_{i} as select * from src")
    con.unregister("src")
con.execute("checkpoint")
con.close()
print(json.dumps({"floor_s": time.perf_counter() - t0}))
"""

BASELINE_CHILD = """
import json, resource, sys, time
t0 = time.perf_counter()
import pandas as pd
t1 = time.perf_counter()
frames = pd.read_excel(sys.argv[1], sheet_name=None, engine="openpyxl")
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "read_s": t2 - t1,
                  "rows": sum(len(f) for f in frames.values()),
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _command(path: Path, db: Path) -> dict:
    """`python -m annexa ingest` as a user runs it: wall time from outside, and peak RSS."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "annexa", "ingest", str(path), "--la", "B01",
                             "--as-at", AS_AT.isoformat(), "--db", str(db), "--quiet"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"annexa ingest failed: {proc.stderr.read().decode()[-2000:]}")
    proc.stderr.close()
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime,
            "peak_rss_mb": usage.ru_maxrss / 1024}


def _spread(values) -> str:
    values = list(values)
    return f"min {min(values):.2f} s, median {statistics.median(values):.2f} s"


def _load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def _child(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def workbook(size: str, seed: int = 42) -> Path:
    from annexa import synth

    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"annex_a_{size}_{seed}.xlsx"
    if not path.exists():
        print(f"Generating a {size} synthetic workbook (once; cached in {path.parent})...")
        manifest = synth.write_workbook(path, size=size, seed=seed, la_code="B01", as_at=AS_AT)
        print(f"  {sum(manifest.rows_per_list.values()):,} rows")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="large", choices=["small", "medium", "large"])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline-repeat", type=int, default=3,
                        help="pandas runs (each takes ~20 s on the large workbook)")
    parser.add_argument("--skip-baseline", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    path = workbook(args.size)
    print(f"Workbook: {path.name}, {path.stat().st_size / 1e6:.1f} MB")

    print(f"Before: {_load()}")

    commands, runs, existing = [], [], []
    for i in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            commands.append(_command(path, Path(tmp) / "bench.duckdb"))
        with tempfile.TemporaryDirectory() as tmp:
            runs.append(_child(INGEST_CHILD, str(path), str(Path(tmp) / "bench.duckdb"), "new"))
        with tempfile.TemporaryDirectory() as tmp:
            existing.append(_child(INGEST_CHILD, str(path), str(Path(tmp) / "bench.duckdb"),
                                   "existing"))
        r, c = runs[-1], commands[-1]
        print(f"  run {i + 1}: command {c['wall_s']:.2f} s ({c['cpu_s']:.2f} CPU-s, peak RSS "
              f"{c['peak_rss_mb']:.0f} MB); ingest {r['ingest_s']:.2f} s for {r['rows']:,} rows "
              f"(+{r['import_s']:.2f} s imports), peak RSS {r['peak_rss_mb']:.0f} MB; into an "
              f"existing database {existing[-1]['ingest_s']:.2f} s")
    command_s = statistics.median(c["wall_s"] for c in commands)
    ingest_s = statistics.median(r["ingest_s"] for r in runs)
    existing_s = statistics.median(r["ingest_s"] for r in existing)
    rows = runs[0]["rows"]
    rss = max(max(r["peak_rss_mb"] for r in runs), max(c["peak_rss_mb"] for c in commands))
    print(f"command `python -m annexa ingest` (new database): "
          f"{_spread(c['wall_s'] for c in commands)}")
    print(f"ingest in-process (new database): {_spread(r['ingest_s'] for r in runs)}, "
          f"{rows / ingest_s:,.0f} rows/s, peak RSS {rss:.0f} MB")
    print(f"ingest in-process (existing database): {_spread(r['ingest_s'] for r in existing)}")

    ratio = command_ratio = None
    if not args.skip_baseline:
        bases = [_child(BASELINE_CHILD, str(path)) for _ in range(args.baseline_repeat)]
        base_s = statistics.median(b["read_s"] for b in bases)
        print(f"baseline pandas.read_excel(engine='openpyxl'): "
              f"{_spread(b['read_s'] for b in bases)} (read only, {bases[0]['rows']:,} rows), "
              f"peak RSS {bases[0]['peak_rss_mb']:.0f} MB")
        ratio = base_s / ingest_s
        command_ratio = base_s / command_s
        print(f"ratio baseline / whole command (Python start-up and imports included): "
              f"{command_ratio:.1f}x")
        print(f"ratio baseline / ingest: {ratio:.1f}x (whole ingest into a new database, "
              "which it builds first, against a read only)")
        print(f"ratio baseline / ingest into an existing database ({existing_s:.2f} s): "
              f"{base_s / existing_s:.1f}x")
        read = _child(READ_CHILD, str(path))
        print(f"read step alone (ingest/reader.py, fastexcel): {read['read_s']:.2f} s; ratio "
              f"baseline / read: {base_s / read['read_s']:.1f}x (like for like)")
        floors = []
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as tmp:
                floors.append(_child(FLOOR_CHILD, str(path), str(Path(tmp) / "floor.duckdb")))
        floor_s = statistics.median(f["floor_s"] for f in floors)
        print(f"floor: fastexcel read + all-text DuckDB write, no typing or checks of any kind: "
              f"{floor_s:.2f} s ({base_s / floor_s:.1f}x); a 10x ingest would have "
              f"{base_s / 10 - floor_s:.2f} s left for everything else")
    print(f"After: {_load()}")

    checks = [("peak RSS <= 600 MB", rss <= 600)]
    if args.size == "large" and command_ratio is not None:
        checks.append(("whole command >= 10x faster than pandas+openpyxl", command_ratio >= 10))
    if args.size == "small" and ratio is not None:
        checks.append(("ingest faster than pandas+openpyxl", ratio > 1))
    for name, ok in checks:
        print(f"target {name}: {'met' if ok else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
