"""What making ingest faster (issue 14) must not change, and what keeps it fast.

- The same files give the same database and the same report: every table an ingest writes
  (raw rows, typed copies, code readings, column maps, loads, every data-quality line) and the
  grouped report are digested and compared with digests recorded before the speed work, for a
  messy synthetic workbook with the features the reader has to restore (Excel errors, formulas
  without a value, merged cells, a hidden sheet, the as-at date on a front sheet), then a
  folder of CSVs for a second LA loaded through the command line into the same database, then a
  clean workbook for a third whose as-at date is inferred from its events.
- `annexa ingest` imports neither pandas nor openpyxl (0.35 s and 70 MB of start-up it does not
  need), and `annexa --help` still lists every verb.

When a change is meant to alter what an ingest stores or reports (a new check, a new column),
run this file with ANNEXA_PRINT_DIGESTS=1, check the differences it names are the intended ones,
and paste the printed digests over EXPECTED.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import openpyxl
import pytest

from annexa import synth
from annexa.cli import main
from ingest.load import ingest

ROOT = Path(__file__).resolve().parents[1]
AS_AT = dt.date(2026, 10, 30)

# Columns that differ from one run to the next whatever the code does.
# typing_key: the schema version (a hash of every SQL file) and the list; sha256: of the files,
# and openpyxl writes the time it saved a workbook into it.
VOLATILE = {"typing_key", "sha256"}
SKIPPED_TABLES = {"meta"}  # schema and rules versions

EXPECTED = {
    'printed:second': '5232f2e8d9bb34e9',
    'report:first': '85f570f626170ad5',
    'report:second': 'c54b203269228e64',
    'report:third': '6138306bfc60d07b',
    'table:code_readings': '895:0aba46bc8013d6ed',
    'table:dq_issues': '125:4bfc03ff56700110',
    'table:int_audits_rows': '67:224316b8743526c9',
    'table:int_list_10_rows': '16:dfdace5eb202ebee',
    'table:int_list_11_rows': '16:b4f5b58cbb2880e3',
    'table:int_list_1_rows': '1162:a5a74a355a7ba26c',
    'table:int_list_2_rows': '191:5e393f1f39b2f88c',
    'table:int_list_3_rows': '323:d3ec797156ddcea5',
    'table:int_list_4_rows': '280:21ade9a8ff37bcfa',
    'table:int_list_5_rows': '99:16b91cdf9fe534e6',
    'table:int_list_6_rows': '559:71b907caaaa079b8',
    'table:int_list_7_rows': '75:95f81ecbf4dab9b0',
    'table:int_list_8_rows': '102:0c5a161565175c38',
    'table:int_list_9_rows': '89:723b71776dcce172',
    'table:int_list_copies': '39:6210a946ddf9b0fd',
    'table:int_missing_exploitation_rows': '14:54b2fd0c1cb88504',
    'table:int_siblings_rows': '0:705f1bf3e220face',
    'table:la_code_mappings': '0:edd116aec7b47ca7',
    'table:la_events': '0:b9bea4b04fea8f63',
    'table:list_columns': '522:725b3a803fb6e322',
    'table:list_loads': '39:782696936bda68a3',
    'table:raw_audits': '67:83cce45fdef7550d',
    'table:raw_list_1': '1162:90ab8eff5f335ba2',
    'table:raw_list_10': '16:9b26fd871c65c026',
    'table:raw_list_11': '16:1669eb068b177d73',
    'table:raw_list_2': '191:2fc2ff2a44fb86ed',
    'table:raw_list_3': '323:973767e7bc6801b4',
    'table:raw_list_4': '280:ed8793bd97c147ce',
    'table:raw_list_5': '99:8c7bc94aae2f091b',
    'table:raw_list_6': '559:0a86ed2d29ec1690',
    'table:raw_list_7': '75:2655d961f8f4491a',
    'table:raw_list_8': '102:5dd975ae989e8f84',
    'table:raw_list_9': '89:f3e3be811ea1c8d2',
    'table:raw_missing_exploitation': '14:3d26789c83de265e',
    'table:raw_siblings': '0:3103ce79cdab95e4',
    'table:ref_calendar': '14976:857f36f9f80cb8f9',
    'table:ref_census_ethnicity': '0:ac203cd1f675ce2e',
    'table:ref_code': '231:3fa1a903db1cc657',
    'table:ref_code_source': '544:9d6394238777fdfa',
    'table:ref_dq_code': '30:caea42168e38f544',
    'table:ref_ilacs_judgements': '0:0e80e4fe18ff3fd5',
    'table:ref_import_issues': '0:3e8646fca9207cde',
    'table:ref_la': '0:e44d14f1f75f3668',
    'table:ref_la_event_type': '13:d4b17455606960ac',
    'table:ref_ofsted_outcomes': '0:443f21a1b15c6323',
    'table:ref_population': '0:d067cfe7419967a3',
    'table:ref_published': '0:a46990e828b0f85f',
    'table:ref_published_measures': '0:274a037c998581a4',
    'table:ref_reference_files': '0:d77f4406b5f48c84',
    'table:ref_reference_issues': '0:9b9432613bde6842',
    'table:ref_stat_neighbours': '0:5b334d3a6290bbb5',
    'table:sample_members': '0:286af314809976b3',
    'table:sample_visits': '0:2da6cadfa2075c4b',
    'table:submissions': '3:048e9a4cb8782644',
}


def _messy_workbook(path: Path) -> Path:
    """A small synthetic Annex A with planted problems, then what openpyxl can add that the
    reader must notice: an Excel error, a formula saved without its result, merged cells in the
    data and a hidden sheet."""
    synth.write_workbook(path, "small", seed=11, la_code="A01", as_at=AS_AT, messiness=0.05)
    wb = openpyxl.load_workbook(path)
    ws = wb["List_3"]
    ws["C5"] = "#N/A"  # openpyxl writes an error string as an error cell (t="e")
    ws["D6"] = "#REF!"
    ws["E7"] = "=1+1"  # saved without its result below: read as blank, reported
    ws.merge_cells("K8:L8")
    wb["List_9"].sheet_state = "hidden"
    extra = wb.create_sheet("Scratch")
    extra["A1"] = "Some workings the LA left"
    front = wb.create_sheet("Front sheet", 0)
    front["A1"], front["A3"] = "Annex A", "Data as at: 30/10/2026"
    wb.save(path)
    # openpyxl writes an empty <v /> after a formula; Excel leaves it out when it never
    # calculated the cell.
    with zipfile.ZipFile(path) as zf:
        parts = [(info, zf.read(info)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in parts:
            zf.writestr(info, data.replace(b"<f>1+1</f><v />", b"<f>1+1</f>"))
    return path


def _table_digests(db: Path) -> dict[str, str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [r[0] for r in con.execute(
            "select table_name from duckdb_tables() where not temporary "
            "and schema_name = 'main' order by 1").fetchall()]
        out = {}
        for table in tables:
            if table in SKIPPED_TABLES:
                continue
            cols = [
                name for name, kind in con.execute(
                    "select column_name, data_type from duckdb_columns() "
                    "where table_name = ? and schema_name = 'main' order by column_index",
                    [table]).fetchall()
                if name not in VOLATILE and not kind.startswith("TIMESTAMP")]
            quoted = ", ".join(f'"{c}"' for c in cols)
            rows = con.execute(
                f"select {quoted} "
                f"from {table}").fetchall()
            h = hashlib.sha256(repr(cols).encode())
            for line in sorted(repr(r) for r in rows):
                h.update(line.encode())
                h.update(b"\n")
            out[table] = f"{len(rows)}:{h.hexdigest()[:16]}"
        return out
    finally:
        con.close()


def _digest(obj) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()[:16]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("speed_invariants")
    db = folder / "annexa.duckdb"
    first = ingest([_messy_workbook(folder / "annex_a.xlsx")], "A01", la_name="Aston",
                   region="North West", db=db)
    # Clean data (no planted future dates), so the date inferred does not depend on today's.
    synth.write_workbook(folder / "clean.xlsx", 300, seed=13, la_code="A03", as_at=AS_AT,
                         messiness=0)
    third = ingest([folder / "clean.xlsx"], "A03", db=db)
    assert third.as_at_source == "inferred" and third.as_at_date <= AS_AT
    csvs = folder / "csv"
    synth.write_csv_folder(csvs, 600, seed=12, la_code="A02", as_at=AS_AT, messiness=0.05)
    report_json = folder / "second.json"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["ingest", *sorted(str(p) for p in csvs.glob("*.csv")), "--la", "A02",
                     "--as-at", AS_AT.isoformat(), "--db", str(db), "--quiet",
                     "--report-json", str(report_json)])
    assert code == 0
    second = json.loads(report_json.read_text())
    # File names are temporary paths in the printed text: keep what follows them.
    printed = out.getvalue().replace(str(report_json), "second.json")
    digests = {f"table:{k}": v for k, v in _table_digests(db).items()}
    digests["report:first"] = _digest(first.to_json_dict())
    digests["report:second"] = _digest(second)
    digests["report:third"] = _digest(third.to_json_dict())
    digests["printed:second"] = _digest(printed)
    return first, digests


def test_the_messy_workbook_exercises_what_the_reader_restores(loaded):
    first, _ = loaded
    codes = {p["code"] for p in first.problems}
    assert {"excel_error", "formula_without_value", "merged_cells", "hidden_sheet",
            "ignored_sheet"} <= codes
    assert first.as_at_source == "front sheet"


def test_every_table_and_report_is_as_before(loaded):
    _, digests = loaded
    if os.environ.get("ANNEXA_PRINT_DIGESTS"):
        print("EXPECTED = {")
        for k, v in sorted(digests.items()):
            print(f"    {k!r}: {v!r},")
        print("}")
    differ = sorted(k for k in EXPECTED.keys() | digests.keys()
                    if EXPECTED.get(k) != digests.get(k))
    assert not differ, f"these differ from the recorded digests: {differ}"


def _modules_after(args: list[str], tmp_path: Path) -> set[str]:
    code = ("import sys, io, contextlib\n"
            "from annexa.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try:\n"
            "        rc = main(sys.argv[1:])\n"
            "    except SystemExit as exc:\n"
            "        rc = exc.code\n"
            "print('RC', rc, file=sys.stderr)\n"
            "print(' '.join(sorted(sys.modules)))\n")
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True,
                         text=True, check=True, env={**os.environ, "ANNEXA_DB": str(
                             tmp_path / "env.duckdb")})
    assert "RC 0" in out.stderr, out.stderr
    return set(out.stdout.split())


def test_annexa_ingest_imports_neither_pandas_nor_openpyxl(tmp_path, make_workbook):
    wb = make_workbook({"list_1": [{"child_id": "C1", "gender": "a) Male",
                                    "ethnicity": "a) WBRI", "contact_date": dt.date(2026, 9, 1),
                                    "contact_source": "q) 6: Police"}]})
    modules = _modules_after(["ingest", str(wb), "--la", "T01", "--db",
                              str(tmp_path / "x.duckdb"), "--quiet"], tmp_path)
    assert "ingest.load" in modules
    heavy = {m for m in modules if m.split(".")[0] in ("pandas", "openpyxl", "streamlit")}
    assert not heavy, sorted(heavy)[:5]


def test_annexa_ingest_of_a_csv_imports_no_pandas(tmp_path):
    csv = tmp_path / "list_1_contacts.csv"
    csv.write_text("Child Unique ID,Gender,Ethnicity,Date of Contact,Contact Source\n"
                   "C1,a) Male,a) WBRI,01/09/2026,q) 6: Police\n")
    modules = _modules_after(["ingest", str(csv), "--la", "T01", "--as-at", "2026-10-30",
                              "--db", str(tmp_path / "x.duckdb"), "--quiet"], tmp_path)
    assert "ingest.load" in modules and "pandas" not in modules


def test_help_still_lists_every_verb(capsys):
    from annexa import cli

    with pytest.raises(SystemExit):
        main(["--help"])
    listed = capsys.readouterr().out
    for verb in cli.VERBS:
        assert f"    {verb}" in listed, verb


def test_the_verb_table_matches_what_each_module_registers():
    """annexa/cli/__init__.py VERBS names each verb's module so that a command imports only its
    own; a verb added to a module but not to VERBS would be missing from the command line."""
    import argparse
    import importlib

    from annexa import cli

    for module in dict.fromkeys(cli.VERBS.values()):
        sub = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(module).register(sub)
        assert {v for v, m in cli.VERBS.items() if m == module} == set(sub.choices), module
