"""Reading Annex A files as text: workbooks (fastexcel, DECISIONS.md 8a) and one-CSV-per-list.

A file becomes one `SheetText` per sheet: every cell as text, the Excel row number of each row,
and the header row found beneath any title rows. Which list a sheet is, and what its columns
mean, is decided in ingest/load.py with the spec; this module only reads, and refuses files it
cannot read with a message that names the file and says what to do.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import fastexcel
import pyarrow as pa

# Bounds that keep a hostile or broken file from exhausting the machine. The largest real LA
# sends about 40,000 rows in its largest list (annex-a-field-spec.md §5).
MAX_ROWS_PER_SHEET = 500_000
MAX_COLUMNS_PER_SHEET = 400
MAX_SHEET_XML_BYTES = 1_500_000_000
MAX_COMPRESSION_RATIO = 200
HEADER_SCAN_ROWS = 30

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


class UnreadableFile(Exception):
    """The whole file cannot be used; the message names it and says what to do."""


@dataclass
class SheetText:
    source_file: str
    sheet: str
    table: pa.Table  # columns c0..cN (text) plus __row, the 1-based row number in the sheet
    column_letters: list[str]  # the spreadsheet column of each cN, for messages
    header_rows: list[list[str | None]]  # the first rows, for finding the header
    first_row_number: int  # row number of header_rows[0]
    is_csv: bool = False

    def header_at(self, index: int) -> list[str | None]:
        return self.header_rows[index]


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def read_file(path: Path) -> list[SheetText]:
    """Every sheet of a workbook, or the one table of a CSV."""
    if not path.exists():
        raise UnreadableFile(f"{path.name}: file not found. Check the path and try again.")
    if path.stat().st_size == 0:
        raise UnreadableFile(f"{path.name}: the file is empty (0 bytes). Ask the LA to send it "
                             "again.")
    with open(path, "rb") as fh:
        magic = fh.read(8)
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return [_read_csv(path)]
    if magic.startswith(OLE2_MAGIC):
        raise UnreadableFile(
            f"{path.name}: this is a password-protected workbook or an old Excel 97-2003 (.xls) "
            "file. Open it in Excel, remove the password (File > Info > Protect Workbook) and "
            "save it as an Excel Workbook (.xlsx), then load it again."
        )
    if not magic.startswith(ZIP_MAGIC):
        raise UnreadableFile(
            f"{path.name}: this is not an Excel workbook (.xlsx) or a CSV file. Save the lists "
            "from Excel as .xlsx (or one .csv per list) and load them again."
        )
    return _read_workbook(path)


# ----------------------------------------------------------------------------------- workbooks

def _check_zip(path: Path) -> dict[str, tuple[int, int]]:
    """Refuse a corrupt zip or a zip bomb before any XML is parsed; sheet XML sizes by member."""
    try:
        with zipfile.ZipFile(path) as zf:
            members = {i.filename: (i.file_size, i.compress_size) for i in zf.infolist()}
    except zipfile.BadZipFile as exc:
        raise UnreadableFile(
            f"{path.name}: the workbook is damaged and cannot be opened ({exc}). Ask the LA to "
            "save it again from Excel and resend it."
        ) from None
    if "xl/workbook.xml" not in members:
        raise UnreadableFile(
            f"{path.name}: this zip file is not an Excel workbook (it has no xl/workbook.xml). "
            "Save the lists from Excel as .xlsx and load them again."
        )
    for name, (size, packed) in members.items():
        if not name.startswith("xl/"):
            continue
        ratio = size / max(packed, 1)
        if size > MAX_SHEET_XML_BYTES or (size > 100_000_000 and ratio > MAX_COMPRESSION_RATIO):
            raise UnreadableFile(
                f"{path.name}: part '{name}' would expand to {size / 1e9:.1f} GB, far beyond any "
                "Annex A list. The file was not loaded. Ask the LA to check the workbook."
            )
    return members


_DIMENSION = re.compile(rb'<dimension ref="[A-Z]+[0-9]+(?::([A-Z]+)([0-9]+))?"')


def _declared_size(path: Path, member: str) -> tuple[int, int] | None:
    """(rows, columns) from a sheet's <dimension> element, read from its first few kilobytes."""
    try:
        with zipfile.ZipFile(path) as zf, zf.open(member) as fh:
            head = fh.read(4096)
    except (KeyError, zipfile.BadZipFile, OSError):
        return None
    m = _DIMENSION.search(head)
    if not m or not m.group(1):
        return None
    col = 0
    for ch in m.group(1).decode():
        col = col * 26 + (ord(ch) - 64)
    return int(m.group(2)), col


def _sheet_members(path: Path) -> dict[str, str]:
    """Sheet name -> its XML part, from the workbook's relationships."""
    try:
        with zipfile.ZipFile(path) as zf:
            wb = zf.read("xl/workbook.xml").decode("utf-8", "replace")
            rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile):
        return {}
    targets = dict(re.findall(r'Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
    targets.update({k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
    out = {}
    for name, rid in re.findall(r'<sheet[^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', wb):
        target = targets.get(rid, "")
        target = target.lstrip("/")
        out[_unescape(name)] = target if target.startswith("xl/") else f"xl/{target}"
    return out


def _unescape(s: str) -> str:
    return (s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def _read_workbook(path: Path) -> list[SheetText]:
    _check_zip(path)
    members = _sheet_members(path)
    try:
        reader = fastexcel.read_excel(str(path))
    except Exception as exc:  # fastexcel raises its own error types; all mean "unreadable"
        raise UnreadableFile(
            f"{path.name}: the workbook could not be read ({type(exc).__name__}). If it opens "
            "in Excel, save it again as .xlsx and reload; otherwise ask the LA to resend it."
        ) from None
    sheets = []
    for name in reader.sheet_names:
        declared = _declared_size(path, members.get(name, ""))
        if declared and declared[0] > MAX_ROWS_PER_SHEET:
            raise UnreadableFile(
                f"{path.name}, sheet '{name}': the sheet says it has {declared[0]:,} rows, more "
                f"than the {MAX_ROWS_PER_SHEET:,} this tool accepts (the largest LA's list has "
                "about 40,000). Delete the empty rows below the data in Excel and load it again."
            )
        if declared and declared[1] > MAX_COLUMNS_PER_SHEET:
            raise UnreadableFile(
                f"{path.name}, sheet '{name}': the sheet says it has {declared[1]:,} columns. "
                "Delete the unused columns to the right of the data in Excel and load it again."
            )
        sheets.append(_load_sheet(reader, path.name, name))
    return sheets


def _load_sheet(reader, file_name: str, name: str) -> SheetText:
    try:
        sheet = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string")
    except Exception as exc:
        raise UnreadableFile(
            f"{file_name}, sheet '{name}': the sheet could not be read "
            f"({type(exc).__name__}). Save the workbook again from Excel and reload it."
        ) from None
    if sheet.height > MAX_ROWS_PER_SHEET:
        raise UnreadableFile(
            f"{file_name}, sheet '{name}': {sheet.height:,} rows is more than the "
            f"{MAX_ROWS_PER_SHEET:,} this tool accepts. Remove empty rows and reload."
        )
    columns = sheet.available_columns()
    letters = [column_letter(c.absolute_index) for c in columns]
    if not columns:
        return SheetText(file_name, name, pa.table({"__row": pa.array([], pa.int32())}),
                         [], [], 1)
    table = sheet.to_arrow()
    table = table.rename_columns([f"c{i}" for i in range(table.num_columns)])
    # Rows come back from row 1 of the sheet when skip_rows=0, so position + 1 is the row number.
    table = table.append_column("__row", pa.array(range(1, table.num_rows + 1), pa.int32()))
    return _with_header_rows(SheetText(file_name, name, table, letters, [], 1))


def _with_header_rows(st: SheetText) -> SheetText:
    head = st.table.slice(0, HEADER_SCAN_ROWS)
    cols = [c for c in head.column_names if c != "__row"]
    rows = [list(r) for r in zip(*(head.column(c).to_pylist() for c in cols), strict=True)]
    st.header_rows = rows
    st.first_row_number = 1
    return st


# ----------------------------------------------------------------------------------------- CSV

def _decode(raw: bytes, name: str) -> str:
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(f"{name}: the CSV is not UTF-8 or Windows-1252 text. Save it from "
                         "Excel as 'CSV UTF-8' and load it again.")


def _read_csv(path: Path) -> SheetText:
    raw = path.read_bytes()
    if raw.startswith(ZIP_MAGIC) or raw.startswith(OLE2_MAGIC):
        raise UnreadableFile(f"{path.name}: this is an Excel file with a .csv name. Rename it to "
                             ".xlsx and load it again.")
    text = _decode(raw, path.name)
    sample = text[:20000]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if len(rows) > MAX_ROWS_PER_SHEET:
        raise UnreadableFile(f"{path.name}: {len(rows):,} rows is more than the "
                             f"{MAX_ROWS_PER_SHEET:,} this tool accepts.")
    width = max((len(r) for r in rows), default=0)
    if width > MAX_COLUMNS_PER_SHEET:
        raise UnreadableFile(f"{path.name}: {width:,} columns; remove unused columns and reload.")
    cols = {f"c{i}": pa.array([(r[i] if i < len(r) and r[i] != "" else None) for r in rows],
                              pa.string()) for i in range(width)}
    cols["__row"] = pa.array(range(1, len(rows) + 1), pa.int32())
    st = SheetText(path.name, path.stem, pa.table(cols),
                   [column_letter(i) for i in range(width)], [], 1, is_csv=True)
    return _with_header_rows(st)
