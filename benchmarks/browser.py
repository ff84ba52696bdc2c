"""Browser benchmark: each page as a user waits for it, in Chromium, against `streamlit run`.

    .venv/bin/python benchmarks/browser.py [--repeats 5] [--pages all] [--las 153] [--db PATH]
                                           [--workdir DIR] [--no-write | --write-only]

What is timed. The script starts `streamlit run dashboard/app.py` itself (a free loopback port,
ANNEXA_DB pointed at a private copy of the database) and drives Debian's Chromium with
Playwright. A page is ready when a script run has finished since the action (the server's
script_finished messages are counted on the websocket), the app shows itself not running, no
spinner, skeleton or running indicator is on show, and every chart and table is drawn (each
stVegaLiteChart in the window holds its vega-embed canvas or svg, each stDataFrame its canvas:
the browser's 1400 x 2200 window, as a data grid further down draws only once scrolled to).
For each page,
on the largest LA:
* new session: a new browser context (no cookies, no cache, a new Streamlit session) opens the
  page's address (?la=CODE), timed from navigation to ready, after one untimed visit (the
  server's query cache is warm, as for a user arriving after others);
* sidebar change: in an open session on that page, a new reference date is typed into the
  sidebar (a date not used before, so every query of the page runs again, as on any change of
  LA, date or setting), timed from the key that commits it to ready;
* the floor: the same two measurements on an empty Streamlit page (a one-line app: one select
  box in the sidebar; changing it is the sidebar change), served in the same run, so a busy
  machine slows both alike. "over floor" = the page's median minus the floor's median.
Median and min over --repeats. Targets (issue 14): a sidebar change within 0.5 s of the floor, a
new session within 1 s.

First visit after a write. With the server running, `annexa ingest` loads a small synthetic
workbook for a new LA (another process, as a second analyst or a scheduled load would); then the
same page is opened in new sessions: the first view after the write, then --repeats more. The
target is a first view no slower than the later ones.

Databases (built into --workdir, default $TMPDIR/annexa-browser, once, and reused):
* demo.duckdb: `annexa demo` (three fictional LAs, the largest 100,600 rows, with Ofsted's
  judgements, the LA lookup and DfE's published statistics when the reference folder is there);
  or --db PATH, a database of your own (copied, never written to);
* national_<N>.duckdb (--las N, default 153; 0 skips it): the demo database with N - 3 more LAs
  made by copying the demo LAs' rows in SQL (every table keyed by submission: raw rows, typed
  copies, load log, data-quality issues, code readings) under new submission ids, about 10%
  large, 50% medium and 40% small as England's LAs are, each given a real LA's code, name and
  region from the LA lookup (the largest copies to the most populous LAs). Loading 150 workbooks
  would take over an hour; copying takes about a minute and gives the same rows per LA a load
  would. Its measured LA is the most populous real LA (a large copy), so its region holds as
  many LAs as England's does.
The script only prints; no unit test asserts a time. The machine is shared: the load average is
printed with every table, and a run under load should be repeated before it is believed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

APP = ROOT / "dashboard" / "app.py"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]
VIEWPORT = {"width": 1400, "height": 2200}
FLOOR_APP = ('import streamlit as st\n'
             'st.sidebar.selectbox("LA", [f"LA {i}" for i in range(10)], key="la")\n')
SHARES = {"large": 0.10, "medium": 0.50, "small": 0.40}

# In every page, before Streamlit's own code: count the runs the server reports finished. Each
# ForwardMsg on the websocket is a protobuf message; field 6 is script_finished, a status (2 =
# stopped early for a rerun, which another run follows). A fast run can start and finish within
# one render, so the page's running indicator alone can miss it; this count cannot.
INIT_JS = """(() => {
  window.__benchFinished = 0; window.__benchBase = 0;
  const scan = (buffer) => {
    const b = new Uint8Array(buffer); let i = 0;
    const varint = () => { let r = 0, s = 1, x; do { x = b[i++]; r += (x & 0x7f) * s; s *= 128; }
                           while (x & 0x80 && i < b.length); return r; };
    while (i < b.length) {
      const key = varint(), field = Math.floor(key / 8), wire = key & 7;
      if (wire === 0) {
        const v = varint();
        if (field === 6) { if (v !== 2) window.__benchFinished++; return; }
      }
      else if (wire === 2) { const n = varint(); i += n; }
      else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else return;
    }
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => { if (e.data instanceof ArrayBuffer) scan(e.data); });
    }
  };
})();"""
# Ready: a run finished since the action (or since the page opened), Streamlit shows it as over,
# and everything it drew is on screen.
READY_JS = """() => {
  if (!(window.__benchFinished > window.__benchBase)) return false;
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const shown = e => e.getClientRects().length > 0;
  for (const sel of ['[data-testid="stSpinner"]', '[data-testid="stSkeleton"]',
                     '[data-testid="stStatusWidget"]']) {
    for (const e of document.querySelectorAll(sel)) if (shown(e)) return false;
  }
  // Charts and tables in the window (a data grid further down draws once scrolled to).
  const inView = e => { const r = e.getBoundingClientRect();
                        return r.width > 0 && r.top < window.innerHeight && r.bottom > 0; };
  for (const c of document.querySelectorAll('[data-testid="stVegaLiteChart"]'))
    if (inView(c) && !c.querySelector('canvas, svg')) return false;
  for (const c of document.querySelectorAll('[data-testid="stDataFrame"]'))
    if (inView(c) && !c.querySelector('canvas')) return false;
  return true;
}"""
# Run in an open session just before a timed action: ready only after a run finishes since.
WATCH_JS = "() => { window.__benchBase = window.__benchFinished; }"


def new_context(browser):
    """A browser context (a new session: no cookies, no cache) that counts finished runs."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(INIT_JS)
    return context


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def load_text() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (5 min {five:.2f}) on {os.cpu_count()} CPUs"


# ---------------------------------------------------------------------------------- databases

def page_paths() -> dict[str, str]:
    """Each page's address, read from app.py's router (a page added there is benchmarked too)."""
    text = APP.read_text(encoding="utf-8")
    found = dict(re.findall(r'VIEWS / "(\w+)\.py".*?url_path="([\w-]+)"', text, re.S))
    found = {name: ("" if name == "briefing" else path) for name, path in found.items()}
    return found


def build_demo(path: Path) -> None:
    log(f"building {path} (annexa demo, about a minute)")
    subprocess.run([sys.executable, "-m", "annexa", "demo", "--db", str(path)], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)


def is_current(path: Path) -> bool:
    from annexa.store import warehouse

    return path.exists() and warehouse.is_current(path)


def bring_current(path: Path) -> None:
    from annexa.store import warehouse

    if not warehouse.is_current(path):
        with warehouse.write_transaction(path):
            pass  # a database built by older code is brought up to this version


def build_national(demo: Path, path: Path, n_las: int) -> None:
    """The demo database plus n_las - 3 LAs copied from its three in SQL (see the docstring)."""
    from annexa.store import materialise, warehouse

    log(f"building {path} ({n_las} LAs, copying the demo LAs' rows)")
    t = time.perf_counter()
    tmp = path.with_name(path.name + ".building")
    shutil.copyfile(demo, tmp)
    with warehouse.write_transaction(tmp) as con:
        bases = con.execute("select submission_id from submissions "
                            "order by rows_loaded desc").fetchall()
        if len(bases) != 3:
            raise SystemExit(f"{demo} should hold the demo's three LAs; it holds {len(bases)}")
        by_size = dict(zip(("large", "medium", "small"), (b[0] for b in bases), strict=True))
        extra = n_las - 3
        counts = {size: round(extra * share) for size, share in SHARES.items()}
        counts["small"] = max(0, extra - counts["large"] - counts["medium"])
        plan = [by_size[size] for size in ("large", "medium", "small")
                for _ in range(counts[size])][:extra]
        real = con.execute("select la_code, la_name, region_name from ref_la "
                           "where region_name is not null "
                           "order by population_0_25 desc nulls last, la_code").fetchall()
        if len(real) < len(plan):
            raise SystemExit(f"the LA lookup has {len(real)} LAs, fewer than {len(plan)}")
        pairs = []
        for base, (code, name, region) in zip(plan, real, strict=False):
            new = warehouse.one(
                con, "insert into submissions (la_code, la_name, region, as_at_date, "
                "as_at_source, file_names, sha256, rows_read, rows_loaded) select ?, ?, ?, "
                "as_at_date, as_at_source, file_names, sha256 || ?, rows_read, rows_loaded "
                "from submissions where submission_id = ? returning submission_id",
                [code, name, region, code, base])[0]
            pairs.append((new, base))
        warehouse.run(con, "create temporary table copy_map (new_id integer, base_id integer)")
        warehouse.insert_rows(con, "copy_map", ["new_id", "base_id"], pairs)
        tables = [t for (t,) in con.execute(
            "select table_name from information_schema.columns c join information_schema.tables "
            "using (table_schema, table_name) where column_name = 'submission_id' and "
            "table_type = 'BASE TABLE' and table_name not in ('submissions', 'sample_visits', "
            "'copy_map') order by table_name").fetchall()]
        for table in tables:
            cols = [f'"{c}"' for (c,) in con.execute(
                "select column_name from information_schema.columns where table_name = ? "
                "order by ordinal_position", [table]).fetchall() if c != "submission_id"]
            warehouse.run(con, f'insert into "{table}" (submission_id, {", ".join(cols)}) '
                               f'select m.new_id, {", ".join("t." + c for c in cols)} '
                               f'from "{table}" t join copy_map m on t.submission_id = m.base_id')
        warehouse.run(con, "drop table copy_map")
        retyped = materialise.refresh(con)  # the copies' typing stamps match: nothing to do
        if retyped:
            log(f"  typed copies refreshed: {len(retyped)} (list, submission) pairs")
    os.replace(tmp, path)
    log(f"  built in {time.perf_counter() - t:.0f} s")


def databases(args) -> dict[str, Path]:
    workdir = args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    demo = workdir / "demo.duckdb"
    if args.db:
        demo = args.db  # used as it is (the server reads a copy)
    else:
        if not demo.exists():
            build_demo(demo)
        bring_current(demo)
    dbs = {"demo": demo}
    if args.las:
        national = workdir / f"national_{args.las}.duckdb"
        if not is_current(national):  # missing, or built by other code: made again
            build_national(demo, national, args.las)
        dbs[f"{args.las} LAs"] = national
    return dbs


def largest_la(db: Path) -> tuple[str, int, int]:
    """The LA with most rows (the most populous real LA among equals), and the LA count."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        code, rows = con.execute(
            "select la_code, rows_loaded from submissions s left join ref_la r using (la_code) "
            "order by rows_loaded desc, r.population_0_25 desc nulls last limit 1").fetchone()
        n = con.execute("select count(distinct la_code) from submissions").fetchone()[0]
    finally:
        con.close()
    return code, rows, n


# ------------------------------------------------------------------------------------ servers

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`streamlit run APP` on a free port with ANNEXA_DB=db; stop() ends it (and only it)."""

    def __init__(self, app: Path, db: Path | None, log_path: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        env = dict(os.environ)
        if db is not None:
            env["ANNEXA_DB"] = str(db)
        self._log = open(log_path, "w")  # noqa: SIM115 - open for the server's lifetime
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(app), "--server.headless=true",
             f"--server.port={self.port}", "--server.address=127.0.0.1",
             "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited early:\n{log_path.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.time() > deadline:
                    self.stop()
                    raise RuntimeError(
                        f"streamlit did not start:\n{log_path.read_text()}") from None
                time.sleep(0.3)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()

    def tracebacks(self) -> int:
        return self.log_path.read_text(errors="replace").count("Traceback")


# ---------------------------------------------------------------------------------- measuring

class Errors:
    """What went wrong on a page: exceptions drawn, console errors, failed HTTP requests."""

    def __init__(self):
        self.items: list[str] = []

    def watch(self, page) -> None:
        page.on("console", self._console)
        page.on("requestfailed", lambda r: self.items.append(f"request failed: {r.url[:80]}")
                if "_stcore/stream" not in r.url else None)
        page.on("response", self._response)

    def _console(self, message) -> None:
        # Each failed request below is also logged to the console: counted once, there.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.items.append(f"console: {message.text[:120]}")

    def _response(self, response) -> None:
        # Opened at /regional, Streamlit's client first asks /regional/_stcore/health and
        # host-config (404), then the server's root: the framework's probe, not a failure.
        if response.status == 404 and re.search(r"/[\w-]+/_stcore/(health|host-config)$",
                                                response.url):
            return
        if response.status >= 400:
            self.items.append(f"HTTP {response.status}: {response.url[:80]}")

    def check_page(self, page) -> None:
        n = page.locator("[data-testid='stException']").count()
        if n:
            self.items.append(f"{n} exception(s) on {page.url}")


def wait_ready(page, timeout: float = 180_000) -> None:
    page.wait_for_function(READY_JS, polling="raf", timeout=timeout)


def new_session(browser, url: str, errors: Errors):
    """Open url in a new context; return (seconds to ready, context, page)."""
    context = new_context(browser)
    page = context.new_page()
    errors.watch(page)
    t = time.perf_counter()
    page.goto(url, wait_until="commit")
    wait_ready(page)
    took = time.perf_counter() - t
    errors.check_page(page)
    return took, context, page


def _close_overlays(page) -> None:
    for _ in range(3):
        if not page.locator("[data-st-overlay-root] [role=grid], [role=listbox]").count():
            return
        page.keyboard.press("Escape")
        page.wait_for_timeout(100)


def change_reference_date(page, day: dt.date) -> float:
    """Type a reference date into the sidebar; seconds from the committing key to ready."""
    group = page.get_by_role("group", name="Reference date", exact=True)
    group.get_by_role("spinbutton").first.click()
    page.keyboard.type(day.strftime("%d%m%Y"))
    page.wait_for_timeout(150)
    page.evaluate(WATCH_JS)
    t = time.perf_counter()
    page.keyboard.press("Escape")  # the date is committed as the field loses focus
    wait_ready(page)
    took = time.perf_counter() - t
    _close_overlays(page)
    return took


def change_floor_select(page, k: int) -> float:
    page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").click()
    option = page.get_by_role("option", name=f"LA {(k + 1) % 10}", exact=True)
    page.evaluate(WATCH_JS)
    t = time.perf_counter()
    option.click()
    wait_ready(page)
    return time.perf_counter() - t


def measure(browser, url: str, repeats: int, change, errors: Errors) -> dict:
    """new-session and sidebar-change times for one address."""
    new, changed = [], []
    # Not timed: the session the changes are made in, opened first, so the timed new sessions
    # find the server's cache as a user arriving after others does (a cold cache is timed
    # below: the first visit after a write).
    _took, context, page = new_session(browser, url, errors)
    try:
        for _ in range(repeats):
            took, other, _page = new_session(browser, url, errors)
            new.append(took)
            other.close()
        for k in range(repeats):
            changed.append(change(page, k))
            errors.check_page(page)
    finally:
        context.close()
    return {"new": new, "change": changed}


class Dates:
    """Reference dates never used before in this run (each change runs every query again)."""

    def __init__(self, start: dt.date):
        self.day = start

    def __call__(self, page, _k: int) -> float:
        self.day -= dt.timedelta(days=1)
        return change_reference_date(page, self.day)


def stats(values: list[float]) -> tuple[float, float]:
    return statistics.median(values), min(values)


def ingest_small(db: Path, code: str, book: Path) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "annexa", "ingest", "--la", code, "--la-name",
                    f"Bench {code}", "--db", str(db), "--quiet", str(book)], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def small_workbook(workdir: Path) -> Path:
    from annexa import synth

    book = workdir / "bench_small.xlsx"
    if not book.exists():
        synth.write_workbook(book, "small", 7, la_code="W01", as_at=dt.date(2026, 10, 30))
    return book


# --------------------------------------------------------------------------------------- main

def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--workdir", type=Path,
                   default=Path(tempfile.gettempdir()) / "annexa-browser")
    p.add_argument("--db", type=Path, help="a database to use instead of the demo's (copied)")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--pages", default="all", help="comma-separated page names, or 'all'")
    p.add_argument("--las", type=int, default=153,
                   help="LAs in the national database (0: demo only)")
    p.add_argument("--no-write", action="store_true", help="skip the first visit after a write")
    p.add_argument("--write-only", action="store_true",
                   help="only the first visit after a write (demo database)")
    args = p.parse_args()
    # Stopped (SIGTERM): unwind, so the servers and the browser this script started are ended.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    from playwright.sync_api import sync_playwright

    paths = page_paths()
    names = list(paths) if args.pages == "all" else args.pages.split(",")
    unknown = [n for n in names if n not in paths]
    if unknown:
        raise SystemExit(f"unknown page(s) {unknown}; app.py routes {list(paths)}")
    if args.write_only:
        args.las = 0
    dbs = databases(args)
    run_dir = Path(tempfile.mkdtemp(prefix="run-", dir=args.workdir))
    floor_app = run_dir / "floor_app.py"
    floor_app.write_text(FLOOR_APP, encoding="utf-8")
    servers: list[Server] = []
    errors = Errors()
    print(f"browser benchmark: repeats={args.repeats}, pages={','.join(names)}; at start "
          f"{load_text()}", flush=True)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            floor_server = Server(floor_app, None, run_dir / "floor.log")
            servers.append(floor_server)
            floor = measure(browser, floor_server.url, args.repeats, change_floor_select,
                            errors)
            fn, fnm = stats(floor["new"])
            fc, fcm = stats(floor["change"])
            for label, db in dbs.items():
                code, rows, n = largest_la(db)
                copy = run_dir / f"{label.replace(' ', '_')}.duckdb"
                shutil.copyfile(db, copy)
                server = Server(APP, copy, run_dir / f"{copy.stem}.log")
                servers.append(server)
                print(f"\n{label}: {n} LAs, measured on {code} ({rows:,} rows); {load_text()}")
                print(f"{'page':16} {'new session: median':>20} {'min':>6} {'over floor':>11} "
                      f"{'| sidebar change: median':>25} {'min':>6} {'over floor':>11}")
                print(f"{'(empty page)':16} {fn:19.2f}s {fnm:5.2f}s {'':>11} "
                      f"{'|':>3} {fc:20.2f}s {fcm:5.2f}s")
                dates = Dates(dt.date(2026, 10, 29))
                for name in [] if args.write_only else names:
                    url = f"{server.url}/{paths[name]}?la={code}"
                    got = measure(browser, url, args.repeats, dates, errors)
                    nm, nmin = stats(got["new"])
                    cm, cmin = stats(got["change"])
                    flag = ("" if nm - fn <= 1.0 else "  new>1s") + \
                           ("" if cm - fc <= 0.5 else "  change>0.5s")
                    print(f"{name:16} {nm:19.2f}s {nmin:5.2f}s {nm - fn:+10.2f}s {'|':>3} "
                          f"{cm:20.2f}s {cmin:5.2f}s {cm - fc:+10.2f}s{flag}", flush=True)
                if not args.no_write and label == "demo":
                    book = small_workbook(args.workdir)
                    print(f"\nfirst visit after a write (demo, {code}): `annexa ingest` of a "
                          f"small workbook for a new LA, then new sessions; {load_text()}")
                    print(f"{'page':16} {'ingest':>7} {'first view':>11} {'later: median':>14} "
                          f"{'min':>6} {'first - later':>14}")
                    for k, name in enumerate(names):
                        url = f"{server.url}/{paths[name]}?la={code}"
                        wrote = ingest_small(copy, f"W{k + 1:02d}", book)
                        took, context, _ = new_session(browser, url, errors)
                        context.close()
                        later = []
                        for _ in range(args.repeats):
                            t2, context, _ = new_session(browser, url, errors)
                            later.append(t2)
                            context.close()
                        lm, lmin = stats(later)
                        print(f"{name:16} {wrote:6.1f}s {took:10.2f}s {lm:13.2f}s "
                              f"{lmin:5.2f}s {took - lm:+13.2f}s", flush=True)
                if server.tracebacks():
                    errors.items.append(f"{server.tracebacks()} traceback(s) in {label}'s log")
                server.stop()
                servers.remove(server)
            browser.close()
    finally:
        for server in servers:
            server.stop()
    print(f"\nerrors: {len(errors.items)}" + "".join(f"\n  {e}" for e in errors.items[:20]))
    print(f"at end {load_text()}. new session = a new browser context opening the page; sidebar "
          "change = a new reference date typed in an open session (the empty page: a new "
          "choice in its one select box); over floor = median minus the empty page's median.")
    if errors.items:
        print(f"the servers' logs are kept in {run_dir}")
        return 1
    shutil.rmtree(run_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
