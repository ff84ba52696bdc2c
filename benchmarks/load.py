"""Load benchmark: N browser sessions read pages while uploads and saved samples are written.

    .venv/bin/python benchmarks/load.py [--sessions 10] [--seconds 120] [--upload-every 20]
                                        [--sample-every 15] [--db PATH] [--workdir DIR]

One `streamlit run dashboard/app.py` on a private copy of the demo database (built as
benchmarks/browser.py builds it) and one Chromium with --sessions browser contexts, each a user:
it opens the dashboard on one of the demo LAs, then goes round the pages by their links in the
sidebar (Streamlit keeps the session), each view timed from the click to ready (the script run
over, no spinner, every chart and table drawn: browser.py's test). Meanwhile, from other
processes, as a second analyst or a scheduled load would:
* an upload every --upload-every seconds: `annexa ingest` of a small synthetic workbook as a new
  LA (L001, L002, ...);
* a saved sample every --sample-every seconds: `annexa sample --save` on a demo LA, with a note
  naming the write ("load test 7").
Reported: views made, median and 95th percentile of view time (all pages and per page), the
errors seen (exceptions drawn on a page, console errors, failed or 4xx/5xx HTTP requests, tracebacks
in the server's log, sessions that timed out), and afterwards the database checked against the
writes made: every upload that reported success stored exactly once (one submission per LA
code, nothing of a failed one), every saved sample exactly once (one visit per note), no other
submission or visit added. The browser runs on the same machine as the server, so on a 2-core
machine the sessions' drawing competes with the server: the times are an upper bound.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import browser as bench  # noqa: E402 - benchmarks/browser.py: databases, server, ready test

DEMO_LAS = ("X01", "X02", "X03")


def page_titles() -> dict[str, str]:
    """Each page's link text in the sidebar, read from app.py's router."""
    text = bench.APP.read_text(encoding="utf-8")
    return dict(re.findall(r'VIEWS / "(\w+)\.py", title="([^"]+)"', text))


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class Writes:
    """Writes made from other processes, and whether each reported success."""

    def __init__(self, db: Path, book: Path):
        self.db, self.book = db, book
        self.uploads: dict[str, bool] = {}  # LA code -> succeeded
        self.samples: dict[str, bool] = {}  # note -> succeeded
        self.seconds: list[float] = []
        self.failures: list[str] = []
        self.lock = threading.Lock()

    def _run(self, args: list[str]) -> bool:
        t = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "annexa", *args, "--db", str(self.db)],
                              cwd=ROOT, capture_output=True, text=True)
        with self.lock:
            self.seconds.append(time.perf_counter() - t)
            if done.returncode:
                self.failures.append(f"{args[0]} exit {done.returncode}: "
                                     f"{done.stderr.strip()[-200:]}")
        return done.returncode == 0

    def upload(self, k: int) -> None:
        code = f"L{k:03d}"
        self.uploads[code] = self._run(["ingest", "--la", code, "--la-name", f"Load {code}",
                                        "--quiet", str(self.book)])

    def sample(self, k: int) -> None:
        note = f"load test {k}"
        la = DEMO_LAS[k % 2]  # the small and medium demo LAs: a sample takes seconds
        self.samples[note] = self._run(["sample", "--la", la, "--visit-type", "short",
                                        "--seed", str(k), "--save", "--saved-by", "load test",
                                        "--note", note])


def writer(every: float, stop: threading.Event, act) -> None:
    k = 0
    while not stop.wait(every if k else every / 2):
        k += 1
        act(k)


async def session(browser, url: str, titles: list[str], deadline: float, seed: int,
                  times: dict, errors: bench.Errors) -> None:
    rng = random.Random(seed)
    context = await browser.new_context(viewport=bench.VIEWPORT)
    await context.add_init_script(bench.INIT_JS)
    page = await context.new_page()
    errors.watch(page)
    try:
        t = time.perf_counter()
        await page.goto(f"{url}/?la={rng.choice(DEMO_LAS)}", wait_until="commit")
        await page.wait_for_function(bench.READY_JS, polling="raf", timeout=300_000)
        times.setdefault("(new session)", []).append(time.perf_counter() - t)
        order = titles[:]
        rng.shuffle(order)
        k = 0
        while time.time() < deadline:
            title = order[k % len(order)]
            k += 1
            link = page.locator("[data-testid='stSidebarNav']").get_by_role(
                "link", name=title, exact=True)
            await page.evaluate(bench.WATCH_JS)
            t = time.perf_counter()
            await link.click()
            await page.wait_for_function(bench.READY_JS, polling="raf", timeout=300_000)
            times.setdefault(title, []).append(time.perf_counter() - t)
            n = await page.locator("[data-testid='stException']").count()
            if n:
                errors.items.append(f"{n} exception(s) on {title}")
    except Exception as exc:  # noqa: BLE001 - a session that fails is an error to report
        errors.items.append(f"session {seed}: {type(exc).__name__}: {str(exc)[:160]}")
    finally:
        await context.close()


async def drive(url: str, sessions: int, seconds: float, titles: list[str], times: dict,
                errors: bench.Errors) -> None:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=bench.CHROMIUM,
                                           args=bench.CHROMIUM_ARGS)
        try:
            deadline = time.time() + seconds
            await asyncio.gather(*(session(browser, url, titles, deadline, i, times, errors)
                                   for i in range(sessions)))
        finally:
            await browser.close()


def check(db: Path, writes: Writes, before: tuple[int, int]) -> list[str]:
    """What the database holds against the writes made: each success once, nothing else."""
    import duckdb

    problems = []
    con = duckdb.connect(str(db), read_only=True)
    try:
        subs = dict(con.execute("select la_code, count(*) from submissions "
                                "where la_code like 'L%' group by 1").fetchall())
        notes = dict(con.execute("select note, count(*) from sample_visits "
                                 "where saved_by = 'load test' group by 1").fetchall())
        n_subs = con.execute("select count(*) from submissions").fetchone()[0]
        n_visits = con.execute("select count(*) from sample_visits").fetchone()[0]
    finally:
        con.close()
    for code, ok in writes.uploads.items():
        if subs.get(code, 0) != (1 if ok else 0):
            problems.append(f"upload {code} ({'succeeded' if ok else 'failed'}): "
                            f"{subs.get(code, 0)} submissions stored")
    for note, ok in writes.samples.items():
        if notes.get(note, 0) != (1 if ok else 0):
            problems.append(f"sample '{note}' ({'succeeded' if ok else 'failed'}): "
                            f"{notes.get(note, 0)} visits stored")
    if n_subs != before[0] + sum(writes.uploads.values()):
        problems.append(f"{n_subs} submissions, expected {before[0]} + "
                        f"{sum(writes.uploads.values())}")
    if n_visits != before[1] + sum(writes.samples.values()):
        problems.append(f"{n_visits} saved visits, expected {before[1]} + "
                        f"{sum(writes.samples.values())}")
    return problems


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--workdir", type=Path,
                   default=Path(tempfile.gettempdir()) / "annexa-browser")
    p.add_argument("--db", type=Path, help="a database to use instead of the demo's (copied)")
    p.add_argument("--sessions", type=int, default=10)
    p.add_argument("--seconds", type=float, default=120)
    p.add_argument("--upload-every", type=float, default=20)
    p.add_argument("--sample-every", type=float, default=15)
    args = p.parse_args()
    # Stopped (SIGTERM): unwind, so the server and the browser this script started are ended.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    import duckdb

    db = bench.databases(argparse.Namespace(workdir=args.workdir, db=args.db, las=0))["demo"]
    run_dir = Path(tempfile.mkdtemp(prefix="load-", dir=args.workdir))
    live = run_dir / "load.duckdb"
    shutil.copyfile(db, live)
    con = duckdb.connect(str(live), read_only=True)
    before = con.execute("select (select count(*) from submissions), "
                         "(select count(*) from sample_visits)").fetchone()
    con.close()
    writes = Writes(live, bench.small_workbook(args.workdir))
    titles = list(page_titles().values())
    times: dict[str, list[float]] = {}
    errors = bench.Errors()
    print(f"load benchmark: {args.sessions} sessions for {args.seconds:.0f} s, an upload every "
          f"{args.upload_every:.0f} s, a saved sample every {args.sample_every:.0f} s; at start "
          f"{bench.load_text()}", flush=True)
    server = bench.Server(bench.APP, live, run_dir / "server.log")
    stop = threading.Event()
    threads = [threading.Thread(target=writer, args=(args.upload_every, stop, writes.upload)),
               threading.Thread(target=writer, args=(args.sample_every, stop, writes.sample))]
    try:
        for t in threads:
            t.start()
        asyncio.run(drive(server.url, args.sessions, args.seconds, titles, times, errors))
    finally:
        stop.set()
        for t in threads:
            t.join()
        server.stop()
    load_end = bench.load_text()
    tracebacks = server.tracebacks()
    if tracebacks:
        errors.items.append(f"{tracebacks} traceback(s) in the server's log")
    problems = check(live, writes, before)
    views = [v for name, vs in times.items() if name != "(new session)" for v in vs]
    print(f"{'page':26} {'views':>6} {'median':>8} {'p95':>8} {'max':>8}")
    for name, vs in sorted(times.items()):
        print(f"{name:26} {len(vs):6d} {statistics.median(vs):7.2f}s {p95(vs):7.2f}s "
              f"{max(vs):7.2f}s")
    if views:
        print(f"{'all page views':26} {len(views):6d} {statistics.median(views):7.2f}s "
              f"{p95(views):7.2f}s {max(views):7.2f}s")
    print(f"writes: {len(writes.uploads)} uploads ({sum(writes.uploads.values())} succeeded), "
          f"{len(writes.samples)} saved samples ({sum(writes.samples.values())} succeeded); "
          f"write time median {statistics.median(writes.seconds) if writes.seconds else 0:.1f} s")
    for failure in writes.failures:
        print(f"  write failed: {failure}")
    print(f"errors: {len(errors.items)}" + "".join(f"\n  {e}" for e in errors.items[:20]))
    print("database after the run: " + ("every write stored exactly once, nothing lost"
                                        if not problems else "; ".join(problems)))
    print(f"at end {load_end}")
    shutil.rmtree(run_dir, ignore_errors=True)
    return 1 if errors.items or problems or writes.failures else 0


if __name__ == "__main__":
    sys.exit(main())
