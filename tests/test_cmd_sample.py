"""`annexa sample`: output, exit codes, saving and safe exports."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from conftest import write_template_workbook

from annexa.cli import main
from annexa.store import warehouse
from ingest.load import ingest


@pytest.fixture
def db(analysis_db):
    """The hand-built fixture (tests/analysis_fixture.py, LA T01): a private copy."""
    return analysis_db


def run(capsys, *args):
    rc = main(["sample", *args])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_prints_the_sample_with_reasons_and_coverage(db, capsys):
    rc, out, err = run(capsys, "--la", "T01", "--visit-type", "monitoring", "--seed", "4",
                       "--db", str(db))
    assert rc == 0, err
    assert "Case sample for LA T01 (Testshire): monitoring visit" in out
    assert "C11: missing 3 times in 12 months" in out
    assert "C23: at risk of sexual exploitation (2.02 list)" in out
    assert "Mandatory groups (ILACS ¶150)" in out and "Thresholds (ILACS ¶153)" in out
    assert "from a large sibling group: 1 in the sample, 1 in the data (included)" in out


def test_same_seed_same_output_and_other_options(db, capsys):
    args = ["--la", "T01", "--visit-type", "standard", "--size", "5", "--seed", "8",
            "--ref-date", "2026-10-15", "--sampling-months", "6", "--sibling-threshold", "3",
            "--edition", "template-2019", "--db", str(db)]
    first = run(capsys, *args)
    assert first[0] == 0
    assert run(capsys, *args) == first
    assert "reference date 15/10/2026; template-2019 windows; sampling window 6 months" in first[1]


@pytest.mark.parametrize("args, message", [
    (["--la", "NOPE", "--visit-type", "short"], "no submission for LA 'NOPE'"),
    (["--la", "T01", "--visit-type", "short", "--out", "sample.txt"], "--out must end in"),
    (["--la", "T01", "--visit-type", "short", "--size", "0"], "at least one tracked child"),
    (["--la", "T01", "--visit-type", "short", "--as-at", "2020-01-01"], "as-at date on or"),
])
def test_bad_input_exits_2_with_a_message_and_no_child_ids(db, capsys, args, message):
    rc, out, err = run(capsys, *args, "--db", str(db))
    assert rc == 2
    assert message in err
    assert "C1" not in err and out == ""


def test_argparse_rejects_an_unknown_visit_type(db, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["sample", "--la", "T01", "--visit-type", "weekly", "--db", str(db)])
    assert exc.value.code == 2


def test_save_then_a_later_visit_sees_and_can_exclude_them(db, capsys):
    rc, out, _ = run(capsys, "--la", "T01", "--visit-type", "monitoring", "--seed", "1",
                     "--save", "--saved-by", "HMI Test", "--visit-start", "2026-11-02",
                     "--db", str(db))
    assert rc == 0 and "Saved as visit 1." in out
    rc, out, _ = run(capsys, "--la", "T01", "--visit-type", "monitoring", "--seed", "1",
                     "--db", str(db))
    assert "[seen before]" in out
    con = warehouse.connect_reader(db)
    try:
        first = {r[0] for r in con.execute("select child_id from sample_members").fetchall()}
        assert con.execute("select saved_by, visit_start from sample_visits").fetchall() == [
            ("HMI Test", dt.date(2026, 11, 2))]
    finally:
        con.close()
    rc, out, _ = run(capsys, "--la", "T01", "--visit-type", "monitoring", "--seed", "1",
                     "--exclude-seen", "--db", str(db))
    assert rc == 0 and "children seen at earlier visits left out" in out
    listed = {line.split(":")[0].split(". ")[-1] for line in out.splitlines()
              if line[:6].strip().rstrip(".").isdigit()}
    for cid in listed & first:
        assert f"{cid}: included although seen at an earlier visit" in out


def test_xlsx_export_has_the_sample_and_the_coverage(db, capsys, tmp_path):
    out_file = tmp_path / "sample.xlsx"
    rc, _, _ = run(capsys, "--la", "T01", "--visit-type", "focused", "--out", str(out_file),
                   "--db", str(db))
    assert rc == 0
    wb = openpyxl.load_workbook(out_file)
    assert wb.sheetnames[:5] == ["Sample", "Mandatory groups", "Thresholds", "Factors",
                                 "Settings"]
    headers = [c.value for c in wb["Sample"][2]]
    assert headers[:5] == ["la_code", "role", "pick_order", "child_id", "reason"]


def test_csv_export_neutralises_formulas_from_la_data(tmp_path, capsys):
    """Child IDs come from the LA's workbook: one starting with '@' (which Excel reads as a
    formula; '=' cannot be used here, as openpyxl would write a formula cell) must not run."""
    evil = "@SUM(1+1)"
    book = write_template_workbook(tmp_path / "evil.xlsx", {
        "list_1": [{"child_id": evil, "gender": "a) Male", "ethnicity": "a) WBRI",
                    "contact_date": dt.date(2026, 10, 1), "contact_source": "q) 6"}],
        "missing_exploitation": [{"child_id": evil, "missing_12m": "a) Yes", "cse_risk": "b) No",
                                  "current_status": "Child in need"}],
    })
    db = tmp_path / "evil.duckdb"
    ingest([book], "E01", as_at=dt.date(2026, 10, 30), db=db)
    out_file = tmp_path / "sample.csv"
    rc, out, err = run(capsys, "--la", "E01", "--visit-type", "monitoring", "--out",
                       str(out_file), "--db", str(db))
    assert rc == 0, err
    text = out_file.read_text(encoding="utf-8-sig")
    assert "'@SUM(1+1)" in text
    assert ",@SUM" not in text
