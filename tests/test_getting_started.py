"""Issue 15, Getting started: `make demo` serves a headless dashboard, so the README says to open
the printed address, how to choose another port (PORT=, which the Makefile honours) and that
Ctrl-C stops it; `annexa demo` shows its progress as it builds, and upgrades an older database
itself, with a word, rather than leaving it to the dashboard's first page."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from annexa.cli import main
from annexa.services import judgements
from annexa.store import warehouse

ROOT = Path(__file__).resolve().parents[1]


def _getting_started() -> str:
    """The README up to its first section: the part a new user reads."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("\n## ", 1)[0]


def test_the_readme_says_how_to_open_and_stop_the_dashboard():
    text = _getting_started()
    assert "opens the dashboard" not in text  # the server opens no browser
    assert "open the address it prints" in text
    assert "http://127.0.0.1:8501" in text
    assert "make demo PORT=" in text
    assert "Ctrl-C" in text


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("target", ["demo", "app"])
def test_make_serves_on_the_port_asked_for_and_says_how_to_stop(target):
    dry = subprocess.run(["make", "-n", target, "PORT=8765"], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    serve = next(line for line in dry.splitlines() if "streamlit run" in line)
    assert "--server.port 8765" in serve
    assert "--server.headless true" in serve
    assert "http://127.0.0.1:8765" in serve and "Ctrl-C" in serve


def test_annexa_demo_shows_each_step_as_it_goes(tmp_path, capsys, monkeypatch):
    # An empty reference folder: the last step finds no published files to import (and says
    # so), which is all this test needs of it.
    (tmp_path / "no_reference").mkdir()
    monkeypatch.setenv("ANNEXA_REFERENCE_DIR", str(tmp_path / "no_reference"))
    monkeypatch.setattr(judgements, "DEFAULT_JUDGEMENTS", tmp_path / "no_reference" / "j.xlsx")
    monkeypatch.setattr(judgements, "DEFAULT_LOOKUP", tmp_path / "no_reference" / "l.csv")
    db = tmp_path / "demo.duckdb"
    assert main(["demo", "--db", str(db), "--sizes", "small,small,small"]) == 0
    err = capsys.readouterr().err
    lines = [line.strip() for line in err.splitlines() if line.strip()]
    steps = [i for i, line in enumerate(lines) if re.match(r"\[\d/4\]", line)]
    assert [lines[i][:5] for i in steps] == ["[1/4]", "[2/4]", "[3/4]", "[4/4]"]
    # Each LA's result is printed as soon as it is loaded, before the next LA starts.
    for name, (start, end) in zip(("Northmoor", "Eastbrook", "Westvale"),
                                  zip(steps, steps[1:], strict=False), strict=True):
        assert any(line.startswith(f"{name}: submission") for line in lines[start + 1:end]), (
            name, lines)


def test_an_older_demo_database_is_brought_up_to_date_by_the_command(tmp_path, capsys):
    db = tmp_path / "demo.duckdb"
    with warehouse.write_transaction(db) as con:
        con.execute("insert into submissions (la_code, la_name, as_at_date, as_at_source, "
                    "file_names, sha256, rows_loaded) values ('X01', 'Northmoor', "
                    "date '2026-10-30', 'given', ['a.xlsx'], 'x', 0)")
    con = duckdb.connect(str(db))
    con.execute("update meta set value = 'an older version' where key = 'schema_version'")
    con.close()
    assert not warehouse.is_current(db)
    capsys.readouterr()
    assert main(["demo", "--db", str(db), "--if-missing"]) == 0
    out = capsys.readouterr()
    assert "up to date with this version" in out.err
    assert "already present" in out.out
    assert warehouse.is_current(db)  # the dashboard's first page has nothing left to do
