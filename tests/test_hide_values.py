"""`annexa ingest --hide-values` (issue 15, privacy): the data-quality report shows the analyst
who ran it the cells it is about (a name typed into a date cell reaches their terminal and the
JSON), and with --hide-values shows none of them, in the printed report, on stderr or in
--report-json, keeping codes, lists, columns, cell references and counts (README, "Security and
privacy")."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from privacy_fixture import ALL_CODES, AS_AT, leaks, write_planted_workbook

from annexa.cli import main
from annexa.cli.ingest import HIDDEN

# A child's name typed into the date of contact, and one into a coded column.
NAME = "Zqamelia Privatename"
CODE_NAME = "Zqbobby Privatename"
_PERSON = {"gender": "a) Male", "ethnicity": "a) WBRI", "contact_source": "q) 6: Police"}


def _workbook(make_workbook):
    return make_workbook({"list_1": [
        {"child_id": "QQ-1", **_PERSON, "contact_date": NAME},
        {"child_id": "QQ-2", **_PERSON, "gender": CODE_NAME, "contact_date": dt.date(2026, 9, 1)},
        {"child_id": "QQ-3", **_PERSON, "contact_date": dt.date(2027, 1, 5)},  # future_event
    ]})


def _ingest(wb, tmp_path, capfd, *extra: str) -> tuple[str, dict]:
    out = tmp_path / f"report{len(extra)}.json"
    db = tmp_path / f"db{len(extra)}.duckdb"
    rc = main(["ingest", str(wb), "--la", "T01", "--as-at", AS_AT.isoformat(), "--db", str(db),
               "--report-json", str(out), *extra])
    assert rc == 0
    captured = capfd.readouterr()
    return captured.out + captured.err, json.loads(out.read_text())


def test_the_report_shows_a_name_typed_into_a_date_cell(make_workbook, tmp_path, capfd):
    """Without --hide-values the report is the analyst's own: it quotes the cell as written."""
    text, data = _ingest(_workbook(make_workbook), tmp_path, capfd)
    assert f"'Date of Contact': '{NAME}' in 1 row (List_1!F3). '{NAME}' is not a date." in text
    assert CODE_NAME in text
    assert NAME in json.dumps(data) and CODE_NAME in json.dumps(data)
    assert HIDDEN not in text


def test_hide_values_leaves_no_cell_value_in_output_or_json(make_workbook, tmp_path, capfd):
    wb = _workbook(make_workbook)
    shown_text, shown = _ingest(wb, tmp_path, capfd)
    text, data = _ingest(wb, tmp_path, capfd, "--hide-values")
    dumped = json.dumps(data)
    for value in (NAME, CODE_NAME, "Privatename", "2027", "05/01/2027"):
        assert value not in text, value
        assert value not in dumped, value
    # Where and how many are kept: codes, lists, columns, cell references and counts.
    assert (f"  error    unparseable_date  List 1, 'Date of Contact': {HIDDEN} in 1 row "
            "(List_1!F3). Not a date.") in text
    assert "unmapped_code     List 1, 'Gender': [value hidden] in 1 row (List_1!B4)" in text
    assert "future_event      List 1, 'Date of Contact' in 1 row (List_1!F5)" in text
    keep = ("severity", "code", "list", "sheet", "column_name", "column_letter", "header",
            "n_rows", "n_lines", "first_rows", "cells", "what_to_do", "sort_order")
    assert [{k: g[k] for k in keep} for g in data["groups"]] == [
        {k: g[k] for k in keep} for g in shown["groups"]]
    for hidden, plain in zip(data["problems"], shown["problems"], strict=True):
        assert {k: v for k, v in hidden.items() if k not in ("value", "message")} == {
            k: v for k, v in plain.items() if k not in ("value", "message")}
        if plain["value"] is not None:
            assert hidden["value"] in (HIDDEN, plain["value"])
    [date] = [p for p in data["problems"] if p["code"] == "unparseable_date"]
    assert (date["value"], date["row_number"], date["header"]) == (HIDDEN, 3, "Date of Contact")
    assert data["problem_counts"] == shown["problem_counts"]
    assert data["lists"] == shown["lists"]


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    return write_planted_workbook(tmp_path_factory.mktemp("planted") / "Annex A planted.xlsx")


def test_hide_values_on_every_problem_code(planted, tmp_path, capfd):
    """The planted workbook triggers every code with a planted value nearby (a child ID, a bad
    date, code and number, a worker, a team, a note, the cells of a duplicate column): none
    reaches stdout, stderr or the JSON, and every code is still reported."""
    shown_text, shown = _ingest(planted, tmp_path, capfd)
    text, data = _ingest(planted, tmp_path, capfd, "--hide-values")
    codes = {p["code"] for p in data["problems"]}
    assert codes == {p["code"] for p in shown["problems"]}
    assert len(codes & ALL_CODES) >= len(ALL_CODES) - 2, codes  # nearly every code, by design
    # Without --hide-values the same run shows planted values; with it, none anywhere.
    assert leaks(shown_text) and set(leaks(json.dumps(shown))) >= {"PRIVDATE99", "PRIVCODE77"}
    assert not leaks(text), text
    assert not leaks(json.dumps(data)), leaks(json.dumps(data))
    assert HIDDEN in text
    # Headers as written are columns, not cell values: kept.
    assert "'Zqx Kode'" in text
