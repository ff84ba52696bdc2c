"""No child-level value in logs, warnings, tracebacks or error pages (issue 6, item 6).

Inputs carry planted values (tests/privacy_fixture.py): child IDs, a bad date, an unmapped code,
a bad number, worker and team names, a note in an ignored sheet, files that cannot be read, and
an age DuckDB cannot cast, whose error message quotes it. Every way the tool runs (the CLI, the
Python API, every dashboard page, an upload that fails, a page that raises) is captured: stderr,
every log record at DEBUG, every warning, the files left next to the database and in the temp
folder. The deliberate outputs (the data-quality report, --report-json, the pages' tables) may
hold case IDs and values; none of the rest may. The real `streamlit run` server's log is checked
by tests/e2e/test_privacy_server.py.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import duckdb
import pytest
from conftest import built_once
from privacy_fixture import (
    ALL_CODES,
    AS_AT,
    CHILD_IDS,
    CSV_ID,
    HUGE_AGE,
    PLANTED,
    leaks,
    scan_folder,
    write_crasher_workbook,
    write_planted_csv,
    write_planted_workbook,
    write_unusable_files,
)
from streamlit.testing.v1 import AppTest

from annexa import cli
from annexa.security import log_privacy
from ingest.load import NothingUsable, UnreadableFile, ingest

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard" / "app.py")
VIEWS = sorted(p.name for p in (ROOT / "dashboard" / "views").glob("*.py"))
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The CLI as a user runs it, but with every log record at DEBUG and every warning on stderr.
LOUD_CLI = (
    "import logging, sys, warnings\n"
    "logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)\n"
    "logging.captureWarnings(True)\n"
    "warnings.simplefilter('always')\n"
    "logging.getLogger('canary').debug('logging is on at DEBUG')\n"
    "from annexa.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return built_once(tmp_path_factory, "privacy_inputs", _write_inputs)


def _write_inputs(folder: Path) -> dict:
    """The planted files, written once per test run (the tests only read them)."""
    planted = write_planted_workbook(folder / "Annex A planted.xlsx")
    return {
        "planted": planted,
        "csv": write_planted_csv(folder / "list_1.csv"),
        "crasher": write_crasher_workbook(folder / "crasher.xlsx"),
        "unusable": write_unusable_files(folder, planted),
    }


@pytest.fixture(autouse=True)
def _plain_logging():
    """Start each test with logging as Python sets it up: the redaction must come from the code
    under test (the CLI, app.py), not from an earlier test that installed it in this process."""
    factory, raise_exceptions = logging.getLogRecordFactory(), logging.raiseExceptions
    logging.setLogRecordFactory(logging.LogRecord)
    logging.raiseExceptions = True
    yield
    logging.setLogRecordFactory(factory)
    logging.raiseExceptions = raise_exceptions


@pytest.fixture
def captured(monkeypatch):
    """Every log record any logger handles (root at DEBUG), formatted as a plain handler would
    format it, and every warning raised, whatever the loggers' own handlers do with them."""
    lines: list[str] = []
    fmt = logging.Formatter("%(levelname)s %(name)s %(message)s")
    original = logging.Logger.handle

    def handle(self, record):
        lines.append(fmt.format(record))
        return original(self, record)

    monkeypatch.setattr(logging.Logger, "handle", handle)
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.DEBUG)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield lines, caught
    root.setLevel(level)


def _everything(lines, caught) -> str:
    return "\n".join([*lines, *(f"{w.category.__name__}: {w.message}" for w in caught)])


def _files_beside(db: Path) -> dict[str, list[str]]:
    """Planted values in files next to the database, but the database and its read snapshots."""
    skip = [db, *(db.parent / ".readers").glob("*")]
    return scan_folder(db.parent, skip=skip)


# ------------------------------------------------------------------------------------------ CLI


def _run_cli(args: list[str], env: dict, loud: bool = True) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-c", LOUD_CLI, *args] if loud else \
        [sys.executable, "-m", "annexa", *args]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_cli_stderr_logs_and_leftover_files_hold_no_child_value(inputs, tmp_path):
    db = tmp_path / "data" / "annexa.duckdb"
    temp = tmp_path / "temp"
    temp.mkdir()
    reports = tmp_path / "reports"
    reports.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "PYTHONWARNINGS": "always"}
    env.pop("ANNEXA_USERS", None)
    base = ["--db", str(db), "--as-at", AS_AT.isoformat()]
    runs = {
        "planted": (["ingest", str(inputs["planted"]), "--la", "P01", *base,
                     "--report-json", str(reports / "p01.json")], {0, 1}),
        "planted, plain entry point": (["ingest", str(inputs["csv"]), "--la", "P02", *base],
                                       {0, 1}),
        "planted again": (["ingest", str(inputs["planted"]), "--la", "P01", *base], {0}),
        # An ingest that DuckDB stops part-way: exit 3, or 0 once ages like this are reported
        # as invalid_number instead; either way its message stays off the terminal.
        "crasher": (["ingest", str(inputs["crasher"]), "--la", "P03", *base], {0, 3}),
    }
    runs.update({f"unusable {p.name}": (["ingest", str(p), "--la", "P09", *base], {2})
                 for p in inputs["unusable"]})
    results = {}
    for name, (args, codes) in runs.items():
        r = _run_cli(args, env, loud=name != "planted, plain entry point")
        results[name] = r
        assert r.returncode in codes, f"{name}: rc {r.returncode}\n{r.stderr}"
        assert not leaks(r.stderr), f"{name} wrote child-level values to stderr:\n{r.stderr}"
        # The printed report may quote values (it is the report) but never a child's ID.
        assert not leaks(r.stdout, (*CHILD_IDS, CSV_ID)), f"{name}: child ID in the report"

    # The runs really went through the paths that could leak.
    assert "logging is on at DEBUG" in results["planted"].stderr
    report = json.loads((reports / "p01.json").read_text())
    assert {p["code"] for p in report["problems"]} == ALL_CODES
    assert set(leaks(json.dumps(report))) >= {CHILD_IDS[0], "PRIVDATE99", "PRIVCODE77"}
    if results["crasher"].returncode == 3:
        assert "ConversionException" in results["crasher"].stderr
        assert log_privacy.WITHHELD in results["crasher"].stderr
    for p in inputs["unusable"]:
        assert p.name in results[f"unusable {p.name}"].stderr  # the message names the file

    assert _files_beside(db) == {}
    assert scan_folder(temp) == {}


def test_cli_withholds_the_message_of_an_unexpected_error(monkeypatch, capsys, tmp_path):
    """DuckDB's errors quote the value they stopped on; the CLI prints the error's type and
    where it happened, never its message (nor those of the errors it was raised from)."""
    from annexa.cli import ingest as cmd_ingest

    def fail(*_args, **_kwargs):
        try:
            raise ValueError(f"child {CHILD_IDS[0]} has age {HUGE_AGE}")
        except ValueError as exc:
            raise duckdb.ConversionException(
                f"Conversion Error: Could not convert string '{CHILD_IDS[1]}' to INT32") from exc

    monkeypatch.setattr(cmd_ingest, "ingest_or_report_duplicate", fail)
    rc = cli.main(["ingest", str(tmp_path / "x.xlsx"), "--la", "P01",
                   "--db", str(tmp_path / "x.duckdb")])
    out, err = capsys.readouterr()
    assert rc == 3
    assert "ConversionException" in err and "ValueError" in err and "in fail" in err
    assert not leaks(out + err), err


def test_redacted_traceback_keeps_frames_and_drops_every_message():
    def inner():
        raise KeyError(CHILD_IDS[2])

    try:
        try:
            inner()
        except KeyError as exc:
            raise RuntimeError(f"{CHILD_IDS[0]}") from exc
    except RuntimeError as exc:
        text = log_privacy.redacted_traceback(exc)
    assert "in inner" in text and "KeyError" in text and "RuntimeError" in text
    assert text.count(log_privacy.WITHHELD) == 2
    assert not leaks(text)


# ------------------------------------------------------------------------------------ Python API


def test_ingest_api_logs_warns_and_prints_nothing_child_level(inputs, tmp_path, captured, capfd,
                                                              monkeypatch):
    lines, caught = captured
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    db = tmp_path / "data" / "annexa.duckdb"
    report = ingest([inputs["planted"]], "P01", as_at=AS_AT, db=db)
    assert {p["code"] for p in report.problems} == ALL_CODES
    ingest([inputs["csv"]], "P02", as_at=AS_AT, db=db)
    assert ingest([inputs["planted"]], "P01", as_at=AS_AT, db=db).status == "already_loaded"
    # Their messages are what the upload page and the CLI show: an error page for a bad file.
    for path in inputs["unusable"]:
        with pytest.raises((UnreadableFile, NothingUsable)) as err:
            ingest([path], "P09", db=db)
        assert not leaks(str(err.value)), str(err.value)
    # Its message is the callers' to withhold (tested for the CLI and the pages).
    with contextlib.suppress(duckdb.Error):
        ingest([inputs["crasher"]], "P03", as_at=AS_AT, db=db)
    out, err = capfd.readouterr()
    assert not leaks(_everything(lines, caught)), _everything(lines, caught)
    assert not leaks(out + err), out + err
    assert _files_beside(db) == {}
    assert scan_folder(temp) == {}


# ------------------------------------------------------------------------------------ dashboard


@pytest.fixture
def planted_db(inputs, tmp_path, monkeypatch):
    db = tmp_path / "data" / "annexa.duckdb"
    monkeypatch.setenv("ANNEXA_DB", str(db))
    monkeypatch.delenv("ANNEXA_USERS", raising=False)
    ingest([inputs["planted"]], "P01", la_name="Plantshire", region="Fictional Region",
           as_at=AS_AT, db=db)
    ingest([inputs["csv"]], "P02", la_name="Csvshire", region="Fictional Region", as_at=AS_AT,
           db=db)
    return db


def _app(la: str = "P01") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["la"] = la
    return at.run()


def _shown(at: AppTest) -> str:
    """What an error page shows: every error, warning and exception element in full."""
    parts = [str(e.proto) for e in at.exception]
    parts += [e.value for e in (*at.error, *at.warning)]
    return "\n".join(parts)


def test_every_page_and_failed_upload_logs_no_child_value(planted_db, inputs, captured, capfd,
                                                           monkeypatch, tmp_path):
    from streamlit import config

    # The browser gets a generic message for an uncaught error: no text, no type, no trace.
    assert config.get_option("client.showErrorDetails") == "none"
    lines, caught = captured
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))

    at = _app()
    assert not leaks(_shown(at)), _shown(at)
    for view in VIEWS:
        # A page may fail on data this sparse; whatever it shows then must not quote the data.
        at.switch_page(f"views/{view}").run()
        assert not leaks(_shown(at)), f"{view}: {_shown(at)}"
    at.switch_page("views/child_journey.py").run()
    at.text_input(key="child").input(CHILD_IDS[0]).run()
    assert not at.exception, _shown(at)
    # The journey is a deliberate output: the planted child really is on the page.
    assert CHILD_IDS[0] in "".join(str(e.proto) for e in at.main)

    # Uploads that fail: the page says what to do, in words that quote nothing from the file.
    at.switch_page("views/upload.py").run()
    for path in inputs["unusable"]:
        at.file_uploader[0].set_value([(path.name, path.read_bytes(), XLSX)])
        at.selectbox(key="up_la").set_value("__new__")  # a new LA: the file itself is read
        at.text_input[0].set_value("P09")
        at.button[0].click().run()
        shown = _shown(at)
        assert "Nothing was loaded" in shown, shown
        assert "but chose" not in shown, "the file itself must have been read"
        assert not leaks(shown), f"{path.name}: {shown}"
    # An upload DuckDB stops part-way (or, once fixed, loads): a generic error page at most.
    at.file_uploader[0].set_value([(inputs["crasher"].name, inputs["crasher"].read_bytes(),
                                    XLSX)])
    at.selectbox(key="up_la").set_value("__new__")
    at.text_input[0].set_value("P03")
    at.button[0].click().run()
    assert not leaks(_shown(at)), _shown(at)

    out, err = capfd.readouterr()
    assert not leaks(_everything(lines, caught)), _everything(lines, caught)
    assert not leaks(out + err), out + err
    assert _files_beside(planted_db) == {}
    assert scan_folder(temp) == {}


def test_a_page_error_quoting_a_child_id_is_shown_and_logged_without_it(planted_db, captured,
                                                                       capfd, monkeypatch):
    """A query fails with an error that quotes a cell, as DuckDB's conversion errors do: the
    page shows Streamlit's generic message, the log keeps the type and frames only."""
    from dashboard import db

    def failing_query(sql, params=()):
        raise duckdb.ConversionException(
            f"Conversion Error: Could not convert string '{CHILD_IDS[0]}' to DATE")

    monkeypatch.setattr(db, "query", failing_query)
    lines, caught = captured
    at = _app()
    assert at.exception, "the page should have failed"
    shown = _shown(at)
    assert "error message is redacted" in shown
    assert not leaks(shown), shown
    logged = _everything(lines, caught)
    assert "ConversionException" in logged and "in failing_query" in logged
    assert not leaks(logged), logged
    out, err = capfd.readouterr()
    assert not leaks(out + err), out + err


def test_planted_inputs_carry_every_value(inputs):
    """The scan is only as good as the plant: each value is in some input, as a cell or bytes."""
    import openpyxl

    cells = " ".join(str(c.value) for ws in openpyxl.load_workbook(inputs["planted"]).worksheets
                     for row in ws.iter_rows() for c in row if c.value is not None)
    cells += inputs["csv"].read_text()
    cells += " ".join(str(c.value) for c in
                      next(openpyxl.load_workbook(inputs["crasher"]).worksheets[0].iter_rows(
                          min_row=3, max_row=3)))
    assert set(leaks(cells)) == set(PLANTED)
