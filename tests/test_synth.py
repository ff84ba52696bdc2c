"""The synthetic Annex A generator: deterministic, in the template layout, realistic in volume,
consistent across lists, and its manifest names exactly the problems a reader would find.

The problem finder below is written from the problem definitions, independently of the
generator, and reads the workbook back with fastexcel as the ingest does
(docs/methodology/data.md D7); only code mapping reuses the project's own SQL
(sql/00_base/10_macros.sql, sql/05_reference).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import math
import os
import re
import subprocess
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

import fastexcel
import pytest

from annexa import synth
from annexa.cli import main
from annexa.synth.common import LIST_SHARES, SIZES, Codes, WorkingDays, age_on, months_before
from annexa.synth.mess import PROBLEM_CODES
from ingest import codes
from ingest.spec import NUMBERED_LISTS, load_spec, match_headers

ROOT = Path(__file__).resolve().parents[1]
AS_AT = dt.date(2026, 10, 30)
SEED = 5
PAIRS = {
    "list_2": ("eh_start_date", "eh_end_date"),
    "list_4": ("assessment_start_date", "assessment_auth_date"),
    "list_5": ("s47_start_date", "icpc_date"),
    "list_6": ("cin_start_date", "cin_end_date"),
    "list_7": ("cp_start_date", "cp_end_date"),
    "list_8": ("cla_start_date", "cla_end_date"),
    "list_10": ("adm_decision_date", "adoption_order_date"),
    "list_11": ("enquiry_date", "approval_date"),
}
ONE_ROW_PER_CHILD = tuple(f"list_{n}" for n in range(3, 11))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def messy():
    """A small workbook with the default messiness, shared by the read-back tests."""
    return synth.generate("small", SEED)


@pytest.fixture(scope="module")
def messy_file(messy, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("synth") / "annex_a.xlsx"
    synth.save_xlsx(messy, path)
    return path


@pytest.fixture(scope="module")
def clean():
    return synth.generate("small", SEED, messiness=0)


@pytest.fixture(scope="module")
def code_mapper():
    """What ingest/codes/read.py reads each (code list, value) as, for a batch of values at once."""
    def mapped(pairs: set[tuple[str, str]]) -> dict[tuple[str, str], str | None]:
        return {(lst, raw): codes.read_value(lst, raw).code for lst, raw in pairs}
    return mapped


# --------------------------------------------------------------- reading back, finding problems

BLANK = {"", "n/a", "nan", "null", "none", "-", "pd.na"}
EXCEL_ERRORS = {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!",
                "#CALC!", "#GETTING_DATA"}
# A full UK postcode, or its outward code alone, in any case and spacing.
POSTCODE = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?([0-9][A-Z]{2})?|GIR0AA)")
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M",
                "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y", "%d %b %Y", "%d %B %Y", "%Y-%m-%dT%H:%M:%S")


def is_blank(v: str | None) -> bool:
    return v is None or v.strip().lower() in BLANK


def is_excel_error(v: str | None) -> bool:
    return v is not None and v.strip().upper() in EXCEL_ERRORS


def parse_date(v: str | None) -> dt.date | None:
    """Mirror of sql macro parse_date: UK text, ISO datetimes, Excel serials 10000-80000."""
    if is_blank(v):
        return None
    s = v.strip()
    for f in DATE_FORMATS:
        try:
            return dt.datetime.strptime(s, f).date()
        except ValueError:
            pass
    if re.fullmatch(r"[0-9]{5}(\.[0-9]+)?", s) and 10000 <= float(s) <= 80000:
        return dt.date(1899, 12, 30) + dt.timedelta(days=math.floor(float(s)))
    return None


def parse_age(v: str | None) -> int | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return math.floor(f) if f >= -1 else None


def clean_id(v: str | None) -> str | None:
    if v is None:
        return None
    s = re.sub(r"^([0-9]+)\.0+$", r"\1", v.replace("\u00a0", " ").strip())
    return s or None


_ERROR_CELL = re.compile(rb'<c r="([A-Z]+)([0-9]+)"[^>]*\st="e"[^>]*>(?:(?!</c>).)*?'
                         rb"<v>([^<]*)</v>", re.S)


def error_cells(path: Path, index: int) -> dict[tuple[int, int], str]:
    """(row, column) from 0 -> the Excel error a cell of sheet `index` holds (`t="e"`), which
    fastexcel reads as blank: taken from the sheet's XML (openpyxl writes sheetN.xml in order)."""
    with zipfile.ZipFile(path) as z:
        xml = z.read(f"xl/worksheets/sheet{index + 1}.xml")
    out = {}
    for letters, row, value in _ERROR_CELL.findall(xml):
        col = 0
        for ch in letters.decode():
            col = col * 26 + ord(ch) - 64
        out[(int(row) - 1, col - 1)] = value.decode()
    return out


def read_xlsx(path: Path) -> dict[str, tuple[str, list[list[str | None]]]]:
    """Every sheet as text rows (index 0 = Excel row 1), keyed by list; Excel errors as
    written."""
    spec = load_spec()
    reader = fastexcel.read_excel(str(path))
    names = {f"List_{n}": f"list_{n}" for n in range(1, 12)}
    names.update({"List 8 siblings": "siblings", "2.02 Missing and CSE": "missing_exploitation",
                  "LA audits": "audits"})
    out = {}
    for index, name in enumerate(reader.sheet_names):
        table = reader.load_sheet(name, header_row=None, dtypes="string").to_arrow()
        cols = [table.column(i).to_pylist() for i in range(table.num_columns)]
        rows = [list(r) for r in zip(*cols, strict=True)]
        for (row, col), value in error_cells(path, index).items():
            rows[row][col] = value
        out[names[name]] = (name, rows)
    assert set(out) <= set(spec.lists)
    return out


def read_csv_folder(directory: Path, model) -> dict[str, tuple[str, list[list[str | None]]]]:
    out = {}
    for sheet in model.sheets:
        with open(directory / sheet.csv_name, encoding="utf-8", newline="") as fh:
            rows = [[c if c != "" else None for c in r] for r in csv.reader(fh)]
        out[sheet.key] = (Path(sheet.csv_name).stem, rows)
    return out


def find_problems(sheets, as_at: dt.date, mapper) -> set[tuple[str, str, str, int, str]]:
    """(code, list, sheet, row, column) of every problem, from the problem definitions alone."""
    spec = load_spec()
    found: set[tuple[str, str, str, int, str]] = set()
    tables: dict[str, list[tuple[int, dict]]] = {}
    for key, (sheet, rows) in sheets.items():
        ls = spec.lists[key]
        header_at = 1 if rows[0][1:] == [None] * (len(rows[0]) - 1) else 0
        match = match_headers(rows[header_at], ls)
        assert not match.unknown and not match.missing, (key, match)
        records = []
        for i, raw in enumerate(rows[header_at + 1:], start=header_at + 2):
            if all(is_blank(v) for v in raw):
                continue
            records.append((i, {name: raw[pos] for name, pos in match.mapping.items()}))
        tables[key] = records
        codes = {(c.codes, r[c.name]) for c in ls.columns if c.type == "code"
                 for _, r in records if not is_blank(r.get(c.name))}
        mapped = mapper(codes)
        seen_children: set[str] = set()
        seen_rows: set[tuple] = set()
        for row_no, r in records:
            def add(code: str, column: str | None, row_no=row_no, key=key,
                    sheet=sheet) -> None:
                found.add((code, key, sheet, row_no, column))
            content = tuple(sorted(r.items()))
            copy = content in seen_rows  # every cell as an earlier row's
            seen_rows.add(content)
            if copy:
                add("duplicate_row", None)
            for c in ls.columns:
                v = r.get(c.name)
                if is_excel_error(v):
                    add("excel_error", c.name)
                    continue
                if is_blank(v) and c.required and c.name != ls.child_key:
                    add("missing_value", c.name)
                if key == "list_8" and c.name == "placement_postcode" and not is_blank(v) and \
                        not POSTCODE.fullmatch(re.sub(r"\s+", "", v.upper())):
                    add("invalid_postcode", c.name)
                if c.type == "date" and not is_blank(v) and parse_date(v) is None:
                    add("unparseable_date", c.name)
                if c.type == "date" and c.name != "dob" and (parse_date(v) or as_at) > as_at:
                    add("future_event", c.name)
                if c.type == "code" and not is_blank(v) and mapped[(c.codes, v)] is None:
                    add("unmapped_code", c.name)
            child = clean_id(r.get(ls.child_key))
            if child is None and not is_excel_error(r.get(ls.child_key)):
                add("blank_child_id", ls.child_key)
            elif child is not None and key in ONE_ROW_PER_CHILD and not copy:
                # An exact copy is duplicate_row, not also duplicate_child.
                if child in seen_children:
                    add("duplicate_child", "child_id")
                seen_children.add(child)
            if key in PAIRS:
                start, end = (parse_date(r.get(n)) for n in PAIRS[key])
                if start and end and end < start:
                    add("end_before_start", PAIRS[key][1])
            dob, age = parse_date(r.get("dob")), parse_age(r.get("age"))
            if dob and age is not None and abs(age - age_on(dob, as_at)) >= 1:
                add("age_mismatch", "age")
    on6 = {clean_id(r["child_id"]) for _, r in tables.get("list_6", [])}
    for key in ("list_7", "list_8"):
        (sheet, _), records = sheets[key], tables[key]
        for row_no, r in records:
            open_care = key == "list_7" or parse_date(r.get("cla_end_date")) is None
            child = clean_id(r["child_id"])
            if child and open_care and child not in on6:
                found.add(("cross_list", key, sheet, row_no, "child_id"))
    return found


def manifest_keys(manifest) -> set[tuple[str, str, str, int, str]]:
    return {(p["code"], p["list"], p["sheet"], p["row"], p["column"]) for p in manifest.problems}


# -------------------------------------------------------------------------------- determinism

def test_same_seed_gives_same_rows_and_same_bytes(messy, messy_file, tmp_path):
    again = synth.generate("small", SEED)
    assert [s.rows for s in again.sheets] == [s.rows for s in messy.sheets]
    assert again.manifest == messy.manifest
    path = tmp_path / "again.xlsx"
    manifest = synth.write_workbook(path, "small", SEED)
    assert manifest == messy.manifest
    assert sha256(path) == sha256(messy_file)


def test_same_seed_same_bytes_in_another_process(tmp_path):
    """Nothing may depend on Python's per-process hash seed (set order, say)."""
    here, there = tmp_path / "here.xlsx", tmp_path / "there.xlsx"
    synth.write_workbook(here, 600, SEED, messiness=0.05)
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    code = (f"from annexa import synth; "
            f"synth.write_workbook({str(there)!r}, 600, {SEED}, messiness=0.05)")
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=ROOT,
                   capture_output=True)
    assert sha256(there) == sha256(here)


def test_different_seed_gives_different_data(tmp_path):
    one, other = tmp_path / "one.xlsx", tmp_path / "other.xlsx"
    synth.write_workbook(one, 600, SEED)
    synth.write_workbook(other, 600, SEED + 1)
    assert sha256(one) != sha256(other)
    rows = [synth.generate(600, seed).sheet("list_1").rows for seed in (SEED, SEED + 1)]
    assert rows[0] != rows[1]


# ------------------------------------------------------------------------------------- layout

def test_sheets_titles_and_headers_are_the_template_ones(messy_file):
    spec = load_spec()
    reader = fastexcel.read_excel(str(messy_file))
    assert reader.sheet_names == [f"List_{n}" for n in range(1, 12)] + [
        "2.02 Missing and CSE", "LA audits"]
    for n in range(1, 12):
        ls = spec.lists[f"list_{n}"]
        rows = reader.load_sheet(f"List_{n}", header_row=None, dtypes="string").to_arrow()
        title = rows.column(0)[0].as_py()
        headers = [rows.column(i)[1].as_py() for i in range(rows.num_columns)]
        expected = [c.header for c in ls.columns if not c.optional]
        if n == 8:
            expected.append(ls.column("sibling_count").header)  # sibling_layout="column"
        assert title == ls.label
        assert headers == expected  # curly quotes and trailing spaces kept
    for name, key in (("2.02 Missing and CSE", "missing_exploitation"), ("LA audits", "audits")):
        rows = reader.load_sheet(name, header_row=None, dtypes="string").to_arrow()
        assert [rows.column(i)[0].as_py() for i in range(rows.num_columns)] == [
            c.header for c in spec.lists[key].columns]


def test_sibling_sheet_layout(tmp_path):
    spec = load_spec()
    path = tmp_path / "siblings.xlsx"
    synth.write_workbook(path, "small", SEED, sibling_layout="sheet", messiness=0)
    sheets = read_xlsx(path)
    name, rows = sheets["siblings"]
    assert name == "List 8 siblings"
    assert rows[0] == [c.header for c in spec.lists["siblings"].columns]
    list8_headers = sheets["list_8"][1][1]
    assert spec.lists["list_8"].column("sibling_count").header not in list8_headers
    on8 = {r[0] for r in sheets["list_8"][1][2:]}
    counts = [int(r[1]) for r in rows[1:]]
    assert {r[0] for r in rows[1:]} <= on8
    assert len(rows) - 1 >= 0.8 * len(on8)  # most children in care have a count
    assert min(counts) >= 0 and max(counts) <= 6 and sum(c >= 2 for c in counts) > 0


def test_dates_are_real_excel_dates_shown_dd_mm_yyyy(messy_file):
    import openpyxl

    wb = openpyxl.load_workbook(messy_file, read_only=True)
    ws = wb["List_3"]
    cell = next(ws.iter_rows(min_row=3, max_row=3))[5]  # Date of referral
    assert isinstance(cell.value, dt.datetime)
    assert cell.number_format == "dd/mm/yyyy"
    wb.close()


# ------------------------------------------------------------------------------------ volumes

@pytest.mark.parametrize("size", ["small", "medium"])
def test_volumes_are_near_the_targets(size):
    m = synth.generate(size, 3, messiness=0).manifest
    target = SIZES[size]
    assert abs(m.total_rows - target) <= 0.25 * target
    assert 0.35 <= m.rows_per_list["list_1"] / m.total_rows <= 0.45
    for key, share in LIST_SHARES.items():
        want = share * target
        slack = 0.25 if want >= 50 else 0.6
        assert abs(m.rows_per_list[key] - want) <= slack * want, key
    assert m.rows_per_list["missing_exploitation"] > 0
    assert 12 <= m.rows_per_list["audits"] <= 60


def test_distributions_look_like_england(clean):
    codes = Codes()
    in_care = clean.sheet("list_8").data_rows()
    male = sum(r["gender"] == codes("gender", "a") for r in in_care)
    assert 0.45 <= male / len(in_care) <= 0.7
    groups = {e["code"]: e["group"] for e in load_spec().codes["ethnicity"]["entries"]}
    white_group = groups[codes("ethnicity", "WBRI")]
    contacts = clean.sheet("list_1").data_rows()
    white = sum(groups[r["ethnicity"]] == white_group for r in contacts) / len(contacts)
    assert 0.62 <= white <= 0.8
    categories = defaultdict(int)
    for r in clean.sheet("list_7").data_rows():
        categories[r["cp_initial_category"]] += 1
    assert max(categories, key=categories.get) == codes("abuse_category", "a")  # neglect
    sources = defaultdict(int)
    for r in contacts:
        sources[r["contact_source"]] += 1
    assert max(sources, key=sources.get) == codes("source", "6")  # police


def test_windows_follow_the_framework(clean):
    w3, w6, w12 = (months_before(AS_AT, n) for n in (3, 6, 12))
    for key, col in (("list_1", "contact_date"), ("list_3", "referral_date")):
        dates = [r[col] for r in clean.sheet(key).data_rows()]
        assert all(w6 <= d <= AS_AT for d in dates)
        assert 0.35 <= sum(d >= w3 for d in dates) / len(dates) <= 0.65
    for key, col in (("list_4", "assessment_start_date"), ("list_5", "s47_start_date")):
        assert all(w6 <= r[col] <= AS_AT for r in clean.sheet(key).data_rows())
    for key, end in (("list_6", "cin_end_date"), ("list_7", "cp_end_date"),
                     ("list_8", "cla_end_date")):
        ends = [r[end] for r in clean.sheet(key).data_rows()]
        assert all(e is None or w6 <= e <= AS_AT for e in ends)
        assert any(e is None for e in ends) and any(e is not None for e in ends)
    for r in clean.sheet("list_10").data_rows():
        assert r["adoption_order_date"] is None or w12 <= r["adoption_order_date"] <= AS_AT
        assert r["reversal_date"] is None or w12 <= r["reversal_date"] <= AS_AT


# ------------------------------------------------------------------------------- consistency

def test_clean_workbook_has_no_problems_and_consistent_lists(clean):
    assert clean.manifest.problems == []
    spec = load_spec()
    status = [e["code"] for e in spec.codes["case_status"]["entries"]]
    list6 = {r["child_id"]: r for r in clean.sheet("list_6").data_rows()}
    in_care = {r["child_id"] for r in clean.sheet("list_8").data_rows()
               if r["cla_end_date"] is None}
    on_plan = {r["child_id"] for r in clean.sheet("list_7").data_rows() if r["cp_end_date"] is None}
    for r in clean.sheet("list_7").data_rows():
        assert r["child_id"] in list6
        if r["cp_end_date"] is None:
            assert list6[r["child_id"]]["case_status"] in status[:2]
    for child in in_care:
        assert list6[child]["case_status"] == status[0]
    for child, r in list6.items():  # CLA beats CP beats CIN beats open assessment
        expected_status = (status[0] if child in in_care else status[1] if child in on_plan
                           else None)
        if expected_status:
            assert r["case_status"] == expected_status
        if r["case_status"] == status[4]:
            assert r["cin_end_date"] is not None
        else:
            assert r["cin_end_date"] is None


def test_same_child_same_details_on_every_list(clean):
    seen: dict[str, tuple] = {}
    for key in NUMBERED_LISTS[:10]:
        rows = clean.sheet(key).data_rows()
        if key in ONE_ROW_PER_CHILD:
            assert len({r["child_id"] for r in rows}) == len(rows), key
        for r in rows:
            details = (r["gender"], r["ethnicity"], r["dob"])
            assert seen.setdefault(r["child_id"], details) == details
            assert r["age"] is None or r["dob"] is None or r["age"] == age_on(r["dob"], AS_AT)
    ids = list(seen)
    assert any(re.fullmatch(r"0[0-9]{5}", i) for i in ids)  # leading zeros to keep
    assert any(re.fullmatch(r"[1-9][0-9]{5}", i) for i in ids)  # may turn into floats
    assert any(i.startswith("X01-") for i in ids)


def test_clean_workbook_read_back_has_no_problems(clean, tmp_path, code_mapper):
    path = tmp_path / "clean.xlsx"
    synth.save_xlsx(clean, path)
    assert find_problems(read_xlsx(path), AS_AT, code_mapper) == set()


def test_journeys_are_coherent(clean):
    """Assessments mostly authorised within 45 working days, ICPCs mostly within 15."""
    codes = Codes()
    wd = WorkingDays(dt.date(2020, 1, 1), dt.date(2027, 12, 31))
    assessments = [r for r in clean.sheet("list_4").data_rows() if r["assessment_auth_date"]]
    on_time = sum(r["assessment_auth_date"] <= wd.add(r["assessment_start_date"], 45)
                  for r in assessments)
    assert 0.7 <= on_time / len(assessments) < 1
    assert any(r["assessment_auth_date"] is None for r in clean.sheet("list_4").data_rows())
    icpcs = [r for r in clean.sheet("list_5").data_rows() if r["icpc_date"]]
    quick = sum(r["icpc_date"] <= wd.add(r["s47_start_date"], 15) for r in icpcs)
    assert 0.7 <= quick / len(icpcs) <= 1
    ended = [r for r in clean.sheet("list_8").data_rows() if r["cla_end_date"]]
    assert ended and all(r["cla_end_reason"] for r in ended)
    placed_home = [r for r in clean.sheet("list_8").data_rows()
                   if r["placement_type"] == codes("placement_type", "P1")]
    care_orders = {codes("legal_status", "C1"), codes("legal_status", "C2")}
    assert all(r["legal_status"] in care_orders for r in placed_home)


# ------------------------------------------------------------------ planted problems, variants

def test_manifest_names_exactly_the_problems_in_the_workbook(messy, messy_file, code_mapper):
    found = find_problems(read_xlsx(messy_file), AS_AT, code_mapper)
    assert found == manifest_keys(messy.manifest)
    assert {p["code"] for p in messy.manifest.problems} == set(PROBLEM_CODES)


def test_manifest_values_are_in_the_stated_cells(messy, messy_file):
    spec = load_spec()
    sheets = read_xlsx(messy_file)
    for p in messy.manifest.problems:
        _, rows = sheets[p["list"]]
        headers = rows[1]
        if p["code"] == "duplicate_row":
            assert rows[p["row"] - 1] in rows[:p["row"] - 1]
            continue
        pos = match_headers(headers, spec.lists[p["list"]]).mapping[p["column"]]
        cell = rows[p["row"] - 1][pos]
        if p["code"] in ("blank_child_id", "missing_value"):
            assert cell is None and p["value"] == ""
        elif p["code"] in ("future_event", "end_before_start"):
            assert parse_date(cell) == dt.datetime.strptime(p["value"], "%d/%m/%Y").date()
        elif p["code"] in ("duplicate_child", "cross_list"):
            assert clean_id(cell) == p["value"]
        else:
            assert cell == p["value"], p


def test_variants_are_present_and_every_code_maps(messy, code_mapper):
    """Valid variants appear, and every code value maps unless it is a planted unmapped code."""
    planted = {(p["list"], p["value"]) for p in messy.manifest.problems
               if p["code"] in ("unmapped_code", "excel_error")}
    values: set[tuple[str, str]] = set()
    kinds = defaultdict(int)
    for sheet in messy.sheets:
        if sheet.key not in NUMBERED_LISTS:
            continue
        official = {c.name: set(synth_codes(c.codes)) for c in sheet.columns if c.codes}
        blank_rows = sum(r is None for r in sheet.rows)
        kinds["blank_row"] += blank_rows
        for r in sheet.data_rows():
            for c in sheet.columns:
                v = r.get(c.name)
                if c.codes and isinstance(v, str) and (sheet.key, v) not in planted:
                    values.add((c.codes, v))
                    kinds["code_variant"] += v not in official[c.name]
                kinds["text_date"] += c.type == "date" and isinstance(v, str) and \
                    parse_date(v) is not None
                kinds["serial_date"] += c.type == "date" and isinstance(v, int)
                kinds["float_id"] += c.type == "id" and isinstance(v, float)
                kinds["fractional_age"] += c.name == "age" and isinstance(v, float)
    unmapped = {k for k, code in code_mapper(values).items() if code is None}
    assert unmapped == set()
    assert all(kinds[k] for k in ("blank_row", "code_variant", "text_date", "serial_date")), kinds


def synth_codes(code_list: str) -> list[str]:
    return [e["code"] for e in load_spec().codes[code_list]["entries"]]


def test_messiness_zero_writes_only_official_codes(clean):
    for sheet in clean.sheets:
        assert None not in sheet.rows
        for c in sheet.columns:
            if c.codes:
                allowed = set(synth_codes(c.codes)) | {None}
                assert {r.get(c.name) for r in sheet.rows} <= allowed, (sheet.key, c.name)


def test_higher_messiness_plants_more_but_never_collides(code_mapper, tmp_path):
    model = synth.generate(1500, 21, messiness=0.08)
    rows = defaultdict(int)
    for p in model.manifest.problems:
        rows[(p["list"], p["row"])] += 1
    assert max(rows.values()) == 1  # one problem per row
    assert len(model.manifest.problems) >= 50
    path = tmp_path / "very_messy.xlsx"
    synth.save_xlsx(model, path)
    assert find_problems(read_xlsx(path), AS_AT, code_mapper) == manifest_keys(model.manifest)


# ----------------------------------------------------------------------------- CSV, manifest, CLI

def test_csv_folder_has_the_same_content_and_its_own_row_numbers(messy, tmp_path, code_mapper):
    manifest = synth.save_csv_folder(messy, tmp_path)
    assert (tmp_path / "list_1_contacts.csv").exists()
    sheets = read_csv_folder(tmp_path, messy)
    for key, (_, rows) in sheets.items():
        assert rows[0] == list(messy.sheet(key).headers)
        assert sum(1 for r in rows[1:] if any(v is not None for v in r)) == \
            manifest.rows_per_list[key]
    first = sheets["list_3"][1][1]
    assert re.fullmatch(r"\d\d/\d\d/\d{4}", first[5])  # dates as dd/mm/yyyy text
    assert find_problems(sheets, AS_AT, code_mapper) == manifest_keys(manifest)
    assert [p["value"] for p in manifest.problems] == [p["value"] for p in messy.manifest.problems]


def test_manifest_json(messy):
    data = json.loads(messy.manifest.to_json())
    assert data["as_at"] == "2026-10-30" and data["seed"] == SEED and data["size"] == "small"
    assert data["la_code"] == "X01" and data["children"] > 500
    assert set(data["rows_per_list"]) >= set(NUMBERED_LISTS)
    assert {"code", "list", "sheet", "row", "column", "value"} == set(data["problems"][0])


def test_cli(tmp_path, capsys):
    out, manifest, csv_dir = tmp_path / "x.xlsx", tmp_path / "m.json", tmp_path / "csv"
    code = main(["synth", "--size", "small", "--seed", "8", "--out", str(out), "--la", "X07",
                 "--as-at", "2026-06-30", "--messiness", "0.02", "--sibling-layout", "sheet",
                 "--manifest", str(manifest), "--csv-dir", str(csv_dir)])
    assert code == 0
    printed = capsys.readouterr().out.strip()
    assert printed.count("\n") == 0 and "rows" in printed and "children" in printed
    assert "planted problems" in printed
    data = json.loads(manifest.read_text())
    assert data["la_code"] == "X07" and data["as_at"] == "2026-06-30"
    assert data["sibling_layout"] == "sheet" and data["rows_per_list"]["siblings"] > 0
    assert out.exists() and (csv_dir / "siblings.csv").exists()
    csv_problem = json.loads(manifest.with_suffix(".csv.json").read_text())["problems"][0]
    assert (csv_dir / f"{csv_problem['sheet']}.csv").exists()
    with pytest.raises(SystemExit) as exc:
        main(["synth", "--size", "huge", "--seed", "1", "--out", str(out)])
    assert exc.value.code == 2
