"""Synthetic Annex A workbooks for demos, tests and benchmarks: deterministic for a seed.

`generate()` builds an in-memory model (sheets of rows, and a manifest of every planted problem);
`write_workbook()` and `write_csv_folder()` write it in the official 2019 layout or as one CSV per
list. The same arguments always give the same bytes, because the ingest recognises a reload by the
file's sha256. Volumes and distributions follow docs/methodology/data.md D10; journeys and mess are
in synth_journeys.py and synth_mess.py; only fictional names are used
(docs/methodology/privacy.md P1).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import re
import shutil
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.writer.excel import ExcelWriter

from annexa.synth.common import SIZES
from annexa.synth.journeys import Population, build_population
from annexa.synth.mess import MessSheet, plant
from ingest.spec import NUMBERED_LISTS, Column, load_spec

DEFAULT_AS_AT = dt.date(2026, 10, 30)
SIBLING_LAYOUTS = ("column", "sheet")
EXTRA_SHEETS = {  # list key -> (sheet name, CSV file name); CSV names avoid "list N" on purpose
    "siblings": ("List 8 siblings", "siblings.csv"),
    "missing_exploitation": ("2.02 Missing and CSE", "2.02_missing_and_cse.csv"),
    "audits": ("LA audits", "la_audits.csv"),
}
DATE_FORMAT = "dd/mm/yyyy"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass
class Manifest:
    """What was written, and where every planted problem is (Excel row as the user sees it)."""

    problems: list[dict]
    rows_per_list: dict[str, int]
    children: int
    la_code: str
    as_at: dt.date
    seed: int
    size: str | int
    messiness: float = 0.0
    sibling_layout: str = "column"

    @property
    def total_rows(self) -> int:
        """Data rows over lists 1-11 (the volume the size names)."""
        return sum(n for k, n in self.rows_per_list.items() if k in NUMBERED_LISTS)

    def to_json(self, indent: int | None = 2) -> str:
        d = asdict(self)
        d["as_at"] = self.as_at.isoformat()
        return json.dumps(d, indent=indent, ensure_ascii=False)


@dataclass
class SynthSheet:
    """One sheet: spec columns in template order and rows of values (None = a blank row)."""

    key: str
    name: str
    title: str | None
    columns: tuple[Column, ...]
    rows: list[dict | None]
    csv_name: str

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)

    @property
    def first_data_row(self) -> int:
        """Excel row of the first data row: below the title (if any) and the header row."""
        return 3 if self.title else 2

    def data_rows(self) -> list[dict]:
        return [r for r in self.rows if r is not None]


@dataclass
class SynthWorkbook:
    """The whole submission in memory (no openpyxl objects), ready to write in either form."""

    sheets: list[SynthSheet]
    manifest: Manifest
    la_name: str = ""
    # The planted problems with their rows by reference, to locate them in any layout.
    planted: list[dict] = field(default_factory=list, repr=False)

    def sheet(self, key: str) -> SynthSheet:
        return next(s for s in self.sheets if s.key == key)


# ---------------------------------------------------------------------------------- generating

def total_rows_for(size: str | int) -> int:
    if isinstance(size, str):
        if size not in SIZES:
            raise ValueError(f"size must be one of {', '.join(SIZES)} or a number of rows")
        return SIZES[size]
    if int(size) < 200:
        raise ValueError("size must be at least 200 rows, so that every list has some")
    return int(size)


def generate(size: str | int, seed: int, la_code: str = "X01", as_at: dt.date = DEFAULT_AS_AT,
             *, messiness: float = 0.01, sibling_layout: str = "column",
             la_name: str | None = None) -> SynthWorkbook:
    """A synthetic Annex A for one LA: clean journeys, then mess at the given rate.

    size is 'small' (about 2,000 rows), 'medium' (15,000), 'large' (100,000) or a row count.
    messiness is the share of rows touched: about half get a valid variant, half a planted
    problem (at least one of each kind when above 0). The clean data does not depend on it.
    la_name (fictional) is written as the LA of in-area placements; by default one is picked.
    """
    if sibling_layout not in SIBLING_LAYOUTS:
        raise ValueError(f"sibling_layout must be one of {SIBLING_LAYOUTS}")
    if not 0 <= messiness <= 0.5:
        raise ValueError("messiness must be between 0 and 0.5")
    pop = build_population(total_rows_for(size), seed, la_code, as_at, la_name)
    sheets = _sheets(pop, sibling_layout)
    by_key = {s.key: MessSheet(s.key, s.columns, s.rows) for s in sheets
              if s.key in NUMBERED_LISTS}
    problems = plant(by_key, as_at, messiness, random.Random(f"annexa-synth-mess-{seed}"))
    manifest = Manifest(
        problems=_locate(problems, sheets, csv=False), rows_per_list=_row_counts(sheets),
        children=_count_children(sheets), la_code=la_code, as_at=as_at, seed=seed, size=size,
        messiness=messiness, sibling_layout=sibling_layout)
    return SynthWorkbook(sheets, manifest, pop.la_name, problems)


def _sheets(pop: Population, sibling_layout: str) -> list[SynthSheet]:
    """The 2019 layout: List_1..List_11 (title row, headers, data), then the extra sheets."""
    spec = load_spec()
    sheets = []
    for key in NUMBERED_LISTS:
        ls = spec.lists[key]
        columns = tuple(c for c in ls.columns if not c.optional
                        or (c.name == "sibling_count" and sibling_layout == "column"))
        slug = re.sub(r"[^a-z0-9]+", "_", ls.title.lower()).strip("_")
        sheets.append(SynthSheet(key, f"List_{ls.number}", ls.label, columns, pop.rows[key],
                                 f"{key}_{slug}.csv"))
    extras = {"siblings": pop.siblings, "missing_exploitation": pop.missing,
              "audits": pop.audits}
    for key, rows in extras.items():
        if key == "siblings" and sibling_layout != "sheet":
            continue
        name, csv_name = EXTRA_SHEETS[key]
        sheets.append(SynthSheet(key, name, None, spec.lists[key].columns, list(rows), csv_name))
    return sheets


def _locate(problems: list[dict], sheets: list[SynthSheet], *, csv: bool) -> list[dict]:
    """Give each planted problem its sheet and row number, now that every row has its place."""
    where: dict[int, tuple[str, int]] = {}
    for s in sheets:
        first = 2 if csv else s.first_data_row
        for i, row in enumerate(s.rows):
            if row is not None:
                where[id(row)] = (Path(s.csv_name).stem if csv else s.name, first + i)
    out = []
    for p in problems:
        sheet, row = where[id(p["_row"])]
        out.append({"code": p["code"], "list": p["list"], "sheet": sheet, "row": row,
                    "column": p["column"], "value": p["value"]})
    out.sort(key=lambda p: (NUMBERED_LISTS.index(p["list"]), p["row"], p["code"]))
    return out


def _row_counts(sheets: list[SynthSheet]) -> dict[str, int]:
    return {s.key: sum(1 for r in s.rows if r is not None) for s in sheets}


def _count_children(sheets: list[SynthSheet]) -> int:
    """Distinct child IDs over lists 1-10, read as the ingest reads them (1234.0 is 1234)."""
    ids: set[str] = set()
    for s in sheets:
        if s.key in NUMBERED_LISTS and s.key != "list_11":
            for r in s.data_rows():
                v = r["child_id"]
                if v is not None:
                    ids.add(str(int(v)) if isinstance(v, float) else v)
    return len(ids)


# ------------------------------------------------------------------------------------ writing

class _FixedTimeZip(zipfile.ZipFile):
    """Every member stamped 1980-01-01, so the same workbook always gives the same bytes."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = self._member(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        # openpyxl's write-only sheets arrive as temp files; stream them in.
        with open(filename, "rb") as src, self.open(self._member(arcname or filename), "w") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)

    def _member(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(str(name), date_time=_ZIP_TIME)
        info.compress_type = self.compression
        info.external_attr = 0o600 << 16
        return info


def save_xlsx(model: SynthWorkbook, path: str | Path) -> None:
    """Write the model as a workbook: openpyxl write-only, real dates shown as dd/mm/yyyy."""
    wb = Workbook(write_only=True)
    stamp = dt.datetime.combine(model.manifest.as_at, dt.time())
    props = wb.properties
    props.creator = "annexa synth"
    props.title = f"Synthetic Annex A for {model.manifest.la_code} (fictional data)"
    props.created = props.modified = stamp
    for sheet in model.sheets:
        _write_sheet(wb.create_sheet(sheet.name), sheet)
    with _FixedTimeZip(Path(path), "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()


def _write_sheet(ws, sheet: SynthSheet) -> None:
    if sheet.title:
        ws.append([sheet.title])
    ws.append(list(sheet.headers))
    names = [c.name for c in sheet.columns]
    date_cols = [i for i, c in enumerate(sheet.columns) if c.type == "date"]
    # One styled cell per date column, reused: each row is written before append() returns.
    date_cells = {i: WriteOnlyCell(ws) for i in date_cols}
    for cell in date_cells.values():
        cell.number_format = DATE_FORMAT
    for row in sheet.rows:
        if row is None:
            ws.append([])
            continue
        values = [row.get(n) for n in names]
        for i in date_cols:
            v = values[i]
            if type(v) is dt.date:
                cell = date_cells[i]
                cell.value = dt.datetime(v.year, v.month, v.day)
                values[i] = cell
        ws.append(values)


def save_csv_folder(model: SynthWorkbook, directory: str | Path) -> Manifest:
    """One CSV per sheet (headers in row 1, dates as dd/mm/yyyy text). In the manifest returned,
    rows are CSV line numbers and sheets are file names without '.csv', as the ingest names them."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    for sheet in model.sheets:
        names = [c.name for c in sheet.columns]
        with open(out / sheet.csv_name, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(sheet.headers)
            for row in sheet.rows:
                writer.writerow([""] * len(names) if row is None else
                                [_csv_text(row.get(n)) for n in names])
    m = model.manifest
    return Manifest(_locate(model.planted, model.sheets, csv=True), dict(m.rows_per_list),
                    m.children, m.la_code, m.as_at, m.seed, m.size, m.messiness, m.sibling_layout)


def _csv_text(v: object) -> str:
    if v is None:
        return ""
    if type(v) is dt.date:
        return f"{v.day:02d}/{v.month:02d}/{v.year}"
    return str(v)


def write_workbook(path: str | Path, size: str | int, seed: int, la_code: str = "X01",
                   as_at: dt.date = DEFAULT_AS_AT, *, messiness: float = 0.01,
                   sibling_layout: str = "column", la_name: str | None = None) -> Manifest:
    model = generate(size, seed, la_code, as_at, messiness=messiness,
                     sibling_layout=sibling_layout, la_name=la_name)
    save_xlsx(model, path)
    return model.manifest


def write_csv_folder(directory: str | Path, size: str | int, seed: int, la_code: str = "X01",
                     as_at: dt.date = DEFAULT_AS_AT, *, messiness: float = 0.01,
                     sibling_layout: str = "column", la_name: str | None = None) -> Manifest:
    model = generate(size, seed, la_code, as_at, messiness=messiness,
                     sibling_layout=sibling_layout, la_name=la_name)
    return save_csv_folder(model, directory)
