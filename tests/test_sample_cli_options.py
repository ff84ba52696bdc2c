"""`annexa sample --all-missing-exploited`, and the sample file's labels (UX review findings 2
and 14)."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest

from annexa.cli import main
from annexa.store import warehouse

CODE = re.compile(r"^[a-z][0-9]?\) ")


# The demo's medium-sized LA: more missing and exploited children than a sample takes.
LA = "X03"


@pytest.fixture(scope="module")
def db(_demo_db_master):
    return _demo_db_master  # read only: `annexa sample` without --save writes nothing to it


def run(capsys, *args):
    rc = main(["sample", *args])
    out = capsys.readouterr()
    return rc, out.out, out.err


def at_risk(db) -> set[str]:
    con = warehouse.connect_reader(db)
    try:
        return {r[0] for r in con.execute(
            "select child_id from sample_candidates(?) "
            "where is_missing or at_risk_of_exploitation", [LA]).fetchall()}
    finally:
        con.close()


def tracked_ids(path) -> list[str]:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    return [r["child_id"] for r in rows if r["role"] == "tracked"]


def test_the_option_tracks_every_missing_and_exploited_child_that_fits(db, capsys, tmp_path):
    group = at_risk(db)
    size = min(len(group) + 1, 40)
    base = ["--la", LA, "--visit-type", "standard", "--size", str(size), "--db", str(db)]
    rc, out, err = run(capsys, *base, "--out", str(tmp_path / "off.csv"))
    assert rc == 0, err
    assert "every missing and exploited child" not in out
    rc, out, err = run(capsys, *base, "--all-missing-exploited", "--out",
                       str(tmp_path / "on.csv"))
    assert rc == 0, err
    assert "every missing and exploited child that fits" in out
    off, on = tracked_ids(tmp_path / "off.csv"), tracked_ids(tmp_path / "on.csv")
    assert len(set(on) & group) == min(len(group), size)
    assert len(set(on) & group) >= len(set(off) & group)
    if len(group) > len(set(off) & group):  # the default left some out, and says how many
        assert re.search(r"missing from care, home or education: \d+ of \d+ in the sample "
                         r"\(at least one required, ILACS ¶150\); \d+ left out", out)
        assert "in the data (" not in out.split("missing from care, home or education:")[1] \
            .splitlines()[0], "the counts are given once"


def test_the_sample_file_has_no_template_codes(db, capsys, tmp_path):
    out_file = tmp_path / "sample.xlsx"
    rc, _, err = run(capsys, "--la", LA, "--visit-type", "standard", "--out", str(out_file),
                     "--db", str(db))
    assert rc == 0, err
    rows = list(openpyxl.load_workbook(out_file)["Sample"].iter_rows(values_only=True))
    header, body = rows[1], rows[2:]
    for col in ("gender", "disability", "ethnicity_group", "placement_group"):
        values = {r[header.index(col)] for r in body} - {None}
        assert not any(CODE.match(str(v)) for v in values), (col, values)
    assert {r[header.index("gender")] for r in body} <= {"boy", "girl", "neither",
                                                          "not recorded", None}
    factors = list(openpyxl.load_workbook(out_file)["Factors"].iter_rows(values_only=True))
    ages = [r[1] for r in factors[2:] if r[0] == "age band"]
    order = ["unborn", "under 1", "1-4", "5-9", "10-15", "16-17", "18+"]
    assert ages == [b for b in order if b in ages]


@pytest.mark.parametrize("argv, words", [
    (["sample", "--la", "X01", "--size", "-1"], "-1: must be 0 or more"),
    (["sample", "--la", "X01", "--size", "two"], "'two' is not a whole number"),
    (["sample", "--la", "X01", "--sampling-months", "0"], "0: must be 1 or more"),
    (["briefing", "--la", "X01", "--out", "x.xlsx", "--sampling-months", "0"],
     "0: must be 1 or more"),
    (["briefing", "--la", "X01", "--out", "x.xlsx", "--sibling-threshold", "x"],
     "'x' is not a whole number"),
])
def test_whole_numbers_are_refused_alike_by_every_verb(argv, words, capsys):
    """One argument type (annexa/cli/argtypes.py): the same words whichever verb refuses."""
    from annexa.cli import main as annexa_main

    with pytest.raises(SystemExit) as exit_:
        annexa_main(argv)
    assert exit_.value.code == 2
    assert words in capsys.readouterr().err
