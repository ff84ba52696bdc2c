"""Reading Annex A files as text: workbooks (fastexcel, docs/methodology/data.md D7) and
one-CSV-per-list.

A file becomes one `SheetText` per sheet: every cell as text, the Excel row number of each row,
and the header row found beneath any title rows. Which list a sheet is, and what its columns
mean, is decided in ingest/load.py with the spec; this module only reads, and refuses files it
cannot read with a message that names the file and says what to do.

Hostile files. An uploaded file is untrusted input, and the reader underneath fastexcel
(calamine) has no limits of its own: it fills the whole rectangle between a sheet's first and
last cell (two cells at A1 and XFD1048576 ask for 550 GB and abort the process), keeps every cell
of a sheet however often it is repeated, and inflates zip parts for as long as the data goes on,
whatever the zip directory says. So before fastexcel sees a part, `_scan_part` inflates it
itself, in chunks, and checks it: no more bytes than the zip directory declares, no DOCTYPE or
ENTITY declarations, and every cell inside a rectangle no bigger than the bounds below. The check
is a few regular-expression passes over the inflated bytes (about 0.4 s of CPU for the 55 MB of
XML in a 100,000-row workbook), run in a checking thread, largest sheet first, while fastexcel
(which releases the GIL) reads the sheets already checked in two reading threads, so the checks
and the reading overlap when a second core is free.

Legacy .xls files are refused with a message saying how to convert them: fastexcel could read
them, but its .xls reader has the same unbounded rectangle (a 5 KB file asks for 137 GB) behind
an OLE2/BIFF parser that cannot be checked as cheaply as a zip of XML.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import struct
import threading
import zipfile
import zlib
from array import array
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import fastexcel
import numpy as np
import pyarrow as pa

# Bounds that keep a hostile or broken file from exhausting the machine. The largest real LA
# sends about 40,000 rows in its largest list (docs/methodology/data.md D10), about 15 MB of sheet
# XML; these allow ten times that and more. What a sheet costs in memory is set by its rectangle
# (calamine stores every cell of it, about 64 bytes each while converting) and by its bytes.
MAX_ROWS_PER_SHEET = 500_000
MAX_COLUMNS_PER_SHEET = 400
MAX_CELLS_PER_SHEET = 5_000_000  # rows x columns of the rectangle the cells span
MAX_CELLS_PER_WORKBOOK = 12_000_000
MAX_SHEET_XML_BYTES = 250_000_000  # one sheet's XML, inflated
MAX_OTHER_PART_BYTES = 100_000_000  # shared strings, styles, workbook and every other part
MAX_WORKBOOK_XML_BYTES = 600_000_000  # all parts together, inflated
MAX_COMPRESSION_RATIO = 200  # for parts over 100 MB; real sheet XML compresses 5-20 times
MAX_ZIP_MEMBERS = 10_000
# Sheets whose cells lack positions (r="...") are checked by walking every tag in Python,
# which costs about a second per million tags; beyond this the file is refused instead.
MAX_UNPOSITIONED_TAGS = 3_000_000
# A CSV is read whole, which costs several times its size in memory; no real list comes near.
MAX_CSV_BYTES = 100_000_000
HEADER_SCAN_ROWS = 30
# Threads reading sheets side by side, each with its own fastexcel reader (two read a large
# workbook in about half the time of one; more only add memory on a 2-core machine).
READERS = 2

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
CSV_SUFFIXES = (".csv", ".txt", ".tsv")

_CHUNK_IN = 1 << 20  # compressed bytes per read
_CHUNK_OUT = 4 << 20  # inflated bytes per scan step


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
    visible: str = "visible"  # visible | hidden | veryhidden (workbooks only)
    formulas_without_value: int = 0  # formula cells never calculated: fastexcel reads them blank
    first_formula_without_value: str | None = None  # its cell, e.g. "E5"
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2

    def header_at(self, index: int) -> list[str | None]:
        return self.header_rows[index]


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_number(letters: str | bytes) -> int:
    """1-based column of 'A', 'AB', 'xfd' (calamine accepts lower case too)."""
    if isinstance(letters, bytes):
        letters = letters.decode("ascii")
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ord(ch) - 64)
    return n


def sheet_notices(text: SheetText, header_row_number: int) -> list[tuple[str, str, str]]:
    """(code, severity, message) for what reading a sheet did that an analyst should know.

    Messages hold cell addresses and counts only, never a cell's value; the caller puts the
    file and sheet in front.
    """
    out = []
    if text.visible in ("hidden", "veryhidden"):
        how = ("very hidden (Excel's menus cannot show it; only the VBA editor can)"
               if text.visible == "veryhidden" else "hidden")
        out.append(("hidden_sheet", "info",
                    f"the sheet is {how} in the workbook. It was loaded like any other sheet: "
                    "check with the LA that it holds current data and belongs to this "
                    "submission."))
    if text.formulas_without_value:
        n, first = text.formulas_without_value, text.first_formula_without_value
        out.append(("formula_without_value", "warning",
                    f"{n:,} formula cell{'s' if n != 1 else ''} (first {first}) "
                    f"{'have' if n != 1 else 'has'} no saved result, so "
                    f"{'they were' if n != 1 else 'it was'} loaded as blank. Open the workbook "
                    "in Excel, "
                    "let it calculate, save it and load it again."))
    below = [m for m in text.merged if m[2] >= header_row_number]
    if below:
        refs = ", ".join(f"{column_letter(c1 - 1)}{r1}:{column_letter(c2 - 1)}{r2}"
                         for r1, c1, r2, c2 in below[:5])
        more = f" and {len(below) - 5:,} more" if len(below) > 5 else ""
        out.append(("merged_cells", "info",
                    f"{len(below):,} merged range{'s' if len(below) != 1 else ''} in the header "
                    f"or data ({refs}{more}). Only the first cell of a merged range holds its "
                    "value; the others were loaded as blank. If that is wrong, unmerge the cells "
                    "in Excel, fill them in and load the workbook again."))
    return out


# ------------------------------------------------------------------------------ what a file is


def read_file(path: Path, display_name: str | None = None) -> list[SheetText]:
    """Every sheet of a workbook, or the one table of a CSV. Messages use `display_name`."""
    name = display_name or path.name
    if not path.exists():
        raise UnreadableFile(f"{name}: file not found. Check the path and try again.")
    if path.stat().st_size == 0:
        raise UnreadableFile(f"{name}: the file is empty (0 bytes). Ask the LA to send it "
                             "again.")
    with open(path, "rb") as fh:
        head = fh.read(4096)
    is_csv_name = path.suffix.lower() in CSV_SUFFIXES
    if head.startswith(ZIP_MAGIC) or head.startswith(OLE2_MAGIC):
        if is_csv_name:
            raise UnreadableFile(f"{name}: this is an Excel file with a .csv name. Rename it "
                                 "to .xlsx and load it again.")
        if head.startswith(OLE2_MAGIC):
            raise UnreadableFile(_ole2_message(path, name))
        return _read_workbook(path, name)
    if (other := _binary_kind(head)) is not None:
        raise UnreadableFile(
            f"{name}: this is {other}, not an Excel workbook (.xlsx) or a CSV file. Ask the LA "
            "for the Annex A lists as an .xlsx workbook (or one .csv per list).")
    if is_csv_name:
        return [_read_csv(path, name)]
    if (markup := _markup_kind(head)) is not None:
        raise UnreadableFile(
            f"{name}: this is not an Excel workbook (.xlsx) but {markup} saved with an "
            f"'{path.suffix}' name. Open it in Excel, save it as an Excel Workbook (.xlsx) and "
            "load that.")
    raise UnreadableFile(
        f"{name}: this is not an Excel workbook (.xlsx): it holds plain text. If it is a CSV "
        "export, rename it to .csv and load it again; otherwise save the lists from Excel as "
        ".xlsx (or one .csv per list) and load them again.")


def _binary_kind(head: bytes) -> str | None:
    for magic, kind in ((b"%PDF", "a PDF document"), (b"\x89PNG", "a PNG picture"),
                        (b"\xff\xd8\xff", "a JPEG picture"), (b"GIF8", "a GIF picture"),
                        (b"{\\rtf", "a Word (RTF) document"), (b"\x1f\x8b", "a gzip archive"),
                        (b"Rar!", "a RAR archive"), (b"7z\xbc\xaf", "a 7-Zip archive"),
                        (b"PK\x05\x06", "an empty zip archive")):
        if head.startswith(magic):
            return kind
    if b"\0" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "a binary file"
    return None


def _markup_kind(head: bytes) -> str | None:
    text = head.lstrip(codecs.BOM_UTF8).lstrip().lower()
    if text.startswith((b"<html", b"<!doctype html", b"<table", b"<meta")) or b"<html" in text:
        return "a web page (HTML), as some systems export 'Excel' files,"
    if text.startswith(b"<?xml") and (b"urn:schemas-microsoft-com:office:spreadsheet" in text
                                      or b"<workbook" in text):
        return "an Excel 2003 XML spreadsheet"
    return None


def _ole2_message(path: Path, name: str) -> str:
    """OLE2 compound files are encrypted workbooks, legacy .xls workbooks, or other Office files.

    A stream's name is stored in UTF-16 in the file's directory, so a byte search finds it.
    """
    data = path.read_bytes() if path.stat().st_size <= 256_000_000 else b""
    has = lambda stream: stream.encode("utf-16-le") in data  # noqa: E731
    if has("EncryptedPackage") or has("EncryptionInfo"):
        return (f"{name}: this workbook is password-protected (encrypted), so it cannot be read. "
                "Open it in Excel, remove the password (File > Info > Protect Workbook > "
                "Encrypt with Password, clear the box), save it as an Excel Workbook (.xlsx) and "
                "load it again.")
    if has("Workbook") or has("Book"):
        # fastexcel can read .xls, but its .xls reader cannot be checked before it runs as the
        # .xlsx one is: a 5 KB crafted .xls makes it ask for 137 GB and abort the process.
        return (f"{name}: this is an old Excel 97-2003 workbook (.xls), which this tool does "
                "not read. Open it in Excel and use File > Save As > Excel Workbook (.xlsx), "
                "then load the .xlsx. (If Excel asks for a password, it is also "
                "password-protected: remove the password before saving.)")
    return (f"{name}: this is a password-protected workbook, an old Excel 97-2003 (.xls) file "
            "or another Office document, and it cannot be read. Open it in Excel, remove any "
            "password (File > Info > Protect Workbook) and save it as an Excel Workbook (.xlsx), "
            "then load it again.")


# ----------------------------------------------------------------------------------- workbooks


def _damaged(name: str, why: str) -> UnreadableFile:
    return UnreadableFile(
        f"{name}: the workbook is damaged and cannot be opened ({why}). Ask the LA to save it "
        "again from Excel and resend it.")


def _crafted(who: str, what: str) -> UnreadableFile:
    """`who` is the file and the sheet or zip part, e.g. "a.xlsx, sheet 'List_1'"."""
    return UnreadableFile(
        f"{who} {what}. Excel never writes this; the file is damaged or was made to exhaust "
        "the computer reading it, so it was not loaded. Ask the LA to save the workbook again "
        "from Excel and resend it.")


def _zip_entry_count(path: Path) -> int | None:
    """Entries per the end-of-central-directory record, read before zipfile parses them all."""
    size = path.stat().st_size
    with open(path, "rb") as fh:
        fh.seek(max(0, size - 65_557))
        tail = fh.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    count = struct.unpack_from("<H", tail, at + 10)[0]
    if count == 0xFFFF and (z64 := tail.rfind(b"PK\x06\x06", 0, at)) >= 0 and z64 + 40 <= len(
            tail):
        count = struct.unpack_from("<Q", tail, z64 + 32)[0]
    return count


def _check_zip(path: Path, name: str) -> list[zipfile.ZipInfo]:
    """Refuse a corrupt zip or a zip bomb before any XML is parsed, from what the zip declares."""
    count = _zip_entry_count(path)
    if count is not None and count > MAX_ZIP_MEMBERS:
        raise _crafted(f"{name}: the zip directory", f"lists {count:,} parts (a workbook has "
                       "tens)")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile as exc:
        raise _damaged(name, str(exc)) from None
    except Exception as exc:  # zipfile raises ValueError, OverflowError... on crafted headers
        raise _damaged(name, type(exc).__name__) from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise _crafted(f"{name}: the zip directory", f"lists {len(infos):,} parts")
    if not any(i.filename.lower() == "xl/workbook.xml" for i in infos):
        raise UnreadableFile(
            f"{name}: this zip file is not an Excel workbook (it has no xl/workbook.xml). "
            "Save the lists from Excel as .xlsx and load them again.")
    total = 0
    for info in infos:
        size, packed = info.file_size, info.compress_size
        if info.flag_bits & 0x1:
            raise UnreadableFile(
                f"{name}: the zip is password-protected. Ask the LA for the workbook without "
                "the zip password.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _crafted(f"{name}, part '{info.filename}'",
                           f"uses zip compression method {info.compress_type}")
        limit = MAX_SHEET_XML_BYTES if _is_sheet_like(info.filename) else MAX_OTHER_PART_BYTES
        ratio = size / max(packed, 1)
        if size > limit or (size > 100_000_000 and ratio > MAX_COMPRESSION_RATIO):
            raise UnreadableFile(
                f"{name}: part '{info.filename}' would expand to {size / 1e9:.1f} GB "
                f"({ratio:,.0f} times its packed size), far beyond any Annex A list, so the "
                "file was not loaded: it is damaged or was made to exhaust memory. Ask the LA "
                "to save the workbook again from Excel and resend it.")
        total += size if not _is_binary_part(info.filename) else 0
    if total > MAX_WORKBOOK_XML_BYTES:
        raise UnreadableFile(
            f"{name}: the workbook would expand to {total / 1e9:.1f} GB, far beyond any Annex A "
            "submission, so it was not loaded. Ask the LA to check the workbook.")
    return infos


def _is_sheet_like(member: str) -> bool:
    return "worksheets/" in member.lower()


def _is_binary_part(member: str) -> bool:
    # Parts the reader never parses: pictures, printer settings, the VBA project, and embedded
    # objects (a Word document or workbook in xl/embeddings is itself a zip, not XML).
    lower = member.lower()
    return lower.startswith(("xl/embeddings/", "xl/media/")) or lower.rsplit(".", 1)[-1] in (
        "bin", "png", "jpg", "jpeg", "gif", "emf", "wmf", "tif", "tiff", "bmp", "svg", "wdp")


def _sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name -> its part, resolved from the relationships exactly as calamine does."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = {i.filename.lower(): i.filename for i in zf.infolist()}
            wb = zf.read(names.get("xl/workbook.xml", "xl/workbook.xml")).decode(
                "utf-8", "replace")
            rels = zf.read(names.get("xl/_rels/workbook.xml.rels",
                                     "xl/_rels/workbook.xml.rels")).decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile):
        return {}
    targets = dict(re.findall(r'Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
    targets.update({k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
    out = {}
    for sheet_name, rid in re.findall(r'<sheet\b[^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', wb):
        target = targets.get(rid, "")
        if target.startswith("/xl/"):
            target = target[1:]
        elif not target.startswith("xl/"):
            target = f"xl/{target}"
        out[_unescape(sheet_name)] = target
    return out


def _unescape(s: str) -> str:
    return (s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def _read_workbook(path: Path, name: str) -> list[SheetText]:
    infos = _check_zip(path, name)
    parts = _sheet_parts(path)
    sheet_members = {p.lower() for p in parts.values()}
    # Every part fastexcel may parse when it opens the workbook is checked before it opens it.
    for info in infos:
        if info.filename.lower() not in sheet_members and not _is_binary_part(info.filename):
            _scan_part(path, info, name, f"{name}, part '{info.filename}'",
                       sheet=_is_sheet_like(info.filename))
    reader = _open(path, name)
    by_member: dict[str, list[zipfile.ZipInfo]] = {}
    for info in infos:
        by_member.setdefault(info.filename.lower(), []).append(info)
    names = list(reader.sheet_names)
    size = {n: sum(i.file_size for i in by_member.get(parts.get(n, "").lower(), [])) for n in names}
    # Sheets are checked one after another in a scanning thread, largest first, and each is read
    # by one of READERS threads (each with its own fastexcel reader: one cannot be shared) as
    # soon as its own check has passed; fastexcel releases the GIL, so the reading overlaps the
    # checking and other sheets' reading. No sheet is read before its check has passed, and the
    # sheets read never span more than MAX_CELLS_PER_WORKBOOK together (the running total is
    # kept in the order they are checked).
    order = sorted(names, key=lambda n: -size[n])
    budget = {"cells": 0}

    def check(sheet_name: str) -> _Scan:
        member = parts.get(sheet_name, "").lower()
        who = f"{name}, sheet '{sheet_name}'"
        if member in by_member:
            scan = _scan_members(path, by_member[member], name, who)
        else:
            # A sheet whose part could not be worked out: check every part that might be it
            # before reading it.
            sheet_members = {parts.get(n, "").lower() for n in names} & by_member.keys()
            scan = _scan_members(path, [i for i in infos if i.filename.lower() not in
                                        sheet_members and not _is_binary_part(i.filename)],
                                 name, who)
        budget["cells"] += scan.rows * scan.cols
        if budget["cells"] > MAX_CELLS_PER_WORKBOOK:
            raise UnreadableFile(
                f"{name}: the sheets together span more than "
                f"{MAX_CELLS_PER_WORKBOOK:,} cells, far beyond any Annex A submission, "
                "so the file was not loaded. Delete unused rows and columns in Excel "
                "and load it again.")
        return scan

    local = threading.local()
    spare = [reader]

    def read(sheet_name: str, checked) -> SheetText:
        scan = checked.result()
        if not hasattr(local, "reader"):
            try:  # the first reader opened is shared out once; the other thread opens its own
                local.reader = spare.pop()
            except IndexError:
                local.reader = _open(path, name)
        st = _load_sheet(local.reader, name, sheet_name)
        _restore_errors(st, scan)
        st.formulas_without_value = scan.formulas_without_value
        st.first_formula_without_value = scan.first_formula_without_value
        st.merged = scan.merged
        return st

    with ThreadPoolExecutor(1, thread_name_prefix="annexa-scan") as scans, \
            ThreadPoolExecutor(READERS, thread_name_prefix="annexa-read") as reads:
        checked = {n: scans.submit(check, n) for n in order}
        loaded = {n: reads.submit(read, n, checked[n]) for n in order}
        try:
            # In the workbook's order, so the first problem reported is the first sheet's.
            return [loaded[n].result() for n in names]
        finally:
            for f in [*checked.values(), *loaded.values()]:
                f.cancel()


def _open(path: Path, name: str):
    try:
        return fastexcel.read_excel(str(path))
    except Exception as exc:  # fastexcel raises its own error types; all mean "unreadable"
        raise UnreadableFile(
            f"{name}: the workbook could not be read ({type(exc).__name__}). If it opens "
            "in Excel, save it again as .xlsx and reload; otherwise ask the LA to resend it."
        ) from None


def _load_sheet(reader, file_name: str, name: str) -> SheetText:
    try:
        sheet = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string")
    except Exception as exc:
        raise UnreadableFile(
            f"{file_name}, sheet '{name}': the sheet could not be read "
            f"({type(exc).__name__}). Save the workbook again from Excel and reload it."
        ) from None
    # The scan already holds these bounds; checked again after reading in case it ever misses.
    if sheet.height > MAX_ROWS_PER_SHEET:
        raise UnreadableFile(
            f"{file_name}, sheet '{name}': {sheet.height:,} rows is more than the "
            f"{MAX_ROWS_PER_SHEET:,} this tool accepts. Remove empty rows and reload.")
    if sheet.width > MAX_COLUMNS_PER_SHEET:
        raise UnreadableFile(
            f"{file_name}, sheet '{name}': {sheet.width:,} columns is more than the "
            f"{MAX_COLUMNS_PER_SHEET:,} this tool accepts. Delete the unused columns to the "
            "right of the data in Excel and load it again.")
    visible = str(getattr(sheet, "visible", "visible")).lower()
    columns = sheet.available_columns()
    letters = [column_letter(c.absolute_index) for c in columns]
    if not columns:
        return SheetText(file_name, name, pa.table({"__row": _row_numbers(0)}),
                         [], [], 1, visible=visible)
    table = sheet.to_arrow()
    table = table.rename_columns([f"c{i}" for i in range(table.num_columns)])
    # Rows come back from row 1 of the sheet when skip_rows=0, so position + 1 is the row number.
    # Built from a buffer: pa.array first asks pandas whether its input is one of pandas' types,
    # and importing pandas inside the reading threads holds them all up.
    table = table.append_column("__row", _row_numbers(table.num_rows))
    return _with_header_rows(SheetText(file_name, name, table, letters, [], 1, visible=visible))


def _row_numbers(n: int) -> pa.Array:
    """1..n as an Arrow int32 array, built from a buffer (see _string_array)."""
    rows = np.arange(1, n + 1, dtype=np.int32)
    return pa.Array.from_buffers(pa.int32(), n, [None, pa.py_buffer(rows)])


def _with_header_rows(st: SheetText) -> SheetText:
    head = st.table.slice(0, HEADER_SCAN_ROWS)
    cols = [c for c in head.column_names if c != "__row"]
    rows = [list(r) for r in zip(*(head.column(c).to_pylist() for c in cols), strict=True)]
    st.header_rows = rows
    st.first_row_number = 1
    return st


# ------------------------------------------------------------------- checking parts before use


@dataclass
class _Scan:
    rows: int = 0  # the rectangle every cell of the sheet lies in: A1 to (rows, cols)
    cols: int = 0
    formulas_without_value: int = 0
    first_formula_without_value: str | None = None
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    # Cells holding an Excel error (t="e"), which fastexcel reads as blank: 1-based row and
    # column, and the error's index in error_values. Arrays, as a broken VLOOKUP can fill a
    # whole column with #N/A.
    error_rows: array = field(default_factory=lambda: array("i"))
    error_cols: array = field(default_factory=lambda: array("i"))
    error_kinds: array = field(default_factory=lambda: array("i"))
    error_values: dict[str, int] = field(default_factory=dict)
    error_pending: tuple[int, int] | None = None  # an error cell whose <v> is in the next chunk

    def add_error(self, row: int, col: int, value: bytes) -> None:
        text = value.decode("utf-8", "replace").strip()
        if not text:
            return
        kind = self.error_values.setdefault(text, len(self.error_values))
        self.error_rows.append(row)
        self.error_cols.append(col)
        self.error_kinds.append(kind)


def _inflate(path: Path, info: zipfile.ZipInfo, name: str, who: str) -> Iterator[bytes]:
    """A part's bytes, inflated in chunks by zlib itself rather than through zipfile.

    zipfile stops at the declared size and so cannot tell that a stream goes on beyond it;
    calamine does not stop at all. Here more bytes than declared is refused as soon as seen.
    """
    declared = info.file_size
    with open(path, "rb") as fh:
        fh.seek(info.header_offset)
        local = fh.read(30)
        if len(local) < 30 or local[:4] != ZIP_MAGIC:
            raise _damaged(name, f"bad local header for {info.filename}")
        name_len, extra_len = struct.unpack("<HH", local[26:30])
        fh.seek(info.header_offset + 30 + name_len + extra_len)
        left = info.compress_size
        if info.compress_type == zipfile.ZIP_STORED:
            if left != declared:
                raise _crafted(who, "is stored with a size that differs from the zip "
                               "directory's")
            while left > 0:
                data = fh.read(min(_CHUNK_OUT, left))
                if not data:
                    raise _damaged(name, f"{info.filename} is cut short")
                left -= len(data)
                yield data
            return
        d = zlib.decompressobj(-15)
        produced = 0
        while not d.eof:
            if d.unconsumed_tail:
                out = d.decompress(d.unconsumed_tail, _CHUNK_OUT)
            elif left > 0:
                data = fh.read(min(_CHUNK_IN, left))
                if not data:
                    raise _damaged(name, f"{info.filename} is cut short")
                left -= len(data)
                out = d.decompress(data, _CHUNK_OUT)
            else:
                out = d.flush()
                if not out:
                    raise _damaged(name, f"{info.filename} is cut short")
            produced += len(out)
            if produced > declared:
                raise _crafted(who, f"holds more data than the zip directory says ({declared:,} "
                               "bytes)")
            if out:
                yield out
        if produced != declared:
            raise _damaged(name, f"{info.filename} is shorter than the zip directory says")


def _chunks(path: Path, info: zipfile.ZipInfo, name: str, who: str) -> Iterator[bytes]:
    """Inflated chunks, each ending just before a '<', so no tag is split between two."""
    carry = b""
    for out in _inflate(path, info, name, who):
        buf = carry + out
        cut = buf.rfind(b"<")
        if cut <= 0:
            carry = buf
            if len(carry) > 2 * _CHUNK_OUT:
                # Excel caps a cell's text at 32,767 characters; megabytes without a tag are
                # padding meant to hide one.
                raise _crafted(who, "has megabytes of data without a tag")
            continue
        carry = buf[cut:]
        yield buf[:cut]
    if carry:
        yield carry


_DECLARATION = re.compile(rb"<!")
# Attributes as Excel, LibreOffice and the libraries we know write them: double-quoted values
# free of quotes and angle brackets. calamine skips a '>' inside quotes and keeps the last of two
# r= attributes, so a tag written any other way could hide where its cell lands.
_PLAIN_ATTRS = rb'(?:\s+[\w:.-]+="[^"\'<>]*")*\s*/?>'
_PLAIN_TAG = re.compile(rb"<(?:[\w.-]+:)?(?:c|row)" + _PLAIN_ATTRS)
_R_ATTRS = re.compile(rb'\sr="')
_PREFIXED_CELL = re.compile(rb":(?:c|row)[\s>/]")
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"')
_FORMULA = re.compile(rb"<f[\s>/]")
_MERGE = re.compile(rb'<mergeCell\s+ref="([A-Za-z]{1,3})([0-9]{1,7}):([A-Za-z]{1,3})([0-9]{1,7})"')
_DIMENSION = re.compile(rb'<dimension\s+ref="([A-Za-z]{1,3})([0-9]{1,7})'
                        rb'(?::([A-Za-z]{1,3})([0-9]{1,7}))?"')


def _upto(n: int, *, columns: bool) -> bytes:
    """A regex matching the numerals 1..n: column letters (A=1 ... Z=26, AA=27) or row numbers.

    Shorter numerals are all smaller; one as long as n's is smaller when it is below n's digit
    at the first place they differ.
    """
    digits, rest = (_LETTERS, b"[A-Z]") if columns else (_DIGITS, b"[0-9]")
    first = rest if columns else b"[1-9]"
    top = []
    while n:
        if columns:
            n, rem = divmod(n - 1, 26)
        else:
            n, rem = divmod(n, 10)
        top.append(digits[rem])
    top.reverse()
    alts = [first + rest + b"{0,%d}" % (len(top) - 2)] if len(top) > 1 else []
    for i, d in enumerate(top):
        lowest = 1 if (i == 0 and not columns) else 0
        below = digits[lowest:digits.index(d)]
        if below:
            tail = rest + b"{%d}" % (len(top) - i - 1) if i < len(top) - 1 else b""
            alts.append(b"".join(top[:i]) + b"[" + b"".join(below) + b"]" + tail)
    alts.append(b"".join(top))
    return b"(?:" + b"|".join(alts) + b")"


_LETTERS = [bytes([c]) for c in range(65, 91)]
_DIGITS = [bytes([c]) for c in range(48, 58)]


def _outside(rows: int, cols: int) -> re.Pattern:
    """A cell tag that is not exactly `<c r="REF"` with REF inside A1:(rows, cols).

    Excel, openpyxl and xlsxwriter all write `<c r="B7" ...>`, so for them this finds nothing in
    one pass; anything it finds is looked at more closely.
    """
    if rows < 1 or cols < 1:
        return re.compile(rb"<c(?=[\s>/])")
    inside = _upto(cols, columns=True) + _upto(rows, columns=False)
    # Only a plain tag (_PLAIN_ATTRS) passes: one with a second r= or odd quoting is looked at.
    return re.compile(rb'<c(?=[\s>/])(?! r="' + inside + rb'"(?!' + rb"[^>]*\sr=)"
                      + _PLAIN_ATTRS + rb")")


class _TooBig(Exception):
    pass


def _check_rectangle(rows: int, cols: int) -> None:
    if rows > MAX_ROWS_PER_SHEET:
        raise _TooBig(f"has cells down to row {rows:,} or further, more than the "
                      f"{MAX_ROWS_PER_SHEET:,} rows this tool accepts (the largest LA's list "
                      "has about 40,000)")
    if cols > MAX_COLUMNS_PER_SHEET:
        raise _TooBig(f"has cells across {cols:,} columns or more, more than the "
                      f"{MAX_COLUMNS_PER_SHEET:,} this tool accepts")
    if rows * cols > MAX_CELLS_PER_SHEET:
        raise _TooBig(f"spans {rows:,} rows by {cols:,} columns ({rows * cols:,} cells), more "
                      f"than the {MAX_CELLS_PER_SHEET:,} this tool accepts")


def _scan_members(path: Path, infos: list[zipfile.ZipInfo], name: str, who: str) -> _Scan:
    """Scan every zip entry that may be the sheet's part (names may repeat in a crafted zip)."""
    best = _Scan()
    for info in infos:
        s = _scan_part(path, info, name, who, sheet=True)
        if s.rows * s.cols >= best.rows * best.cols:
            best = s
    return best


def _scan_part(path: Path, info: zipfile.ZipInfo, name: str, who: str, *, sheet: bool
               ) -> _Scan:
    """Check one part before fastexcel parses it; for a sheet, where its cells lie."""
    scan = _Scan()
    outside = None
    count_cells = info.file_size > 100_000_000  # only then can repeats of one cell matter
    cells = 0
    first = True
    tail: tuple[bytes, ...] = ()
    for buf in _chunks(path, info, name, who):
        # calamine does not expand entities (it stops at the first reference), so for sheets
        # only the prolog is checked, to give a clear message; other parts are small.
        for m in _DECLARATION.finditer(buf, 0, len(buf) if (first or not sheet) else 0):
            if not buf.startswith((b"<!--", b"<![CDATA["), m.start()):
                raise _crafted(who, "contains an XML document type or entity declaration "
                               "(<!DOCTYPE or <!ENTITY), which can make a reader expand a few "
                               "bytes into gigabytes")
        if not sheet:
            continue
        if first:
            first = False
            dim = _DIMENSION.search(buf, 0, 65536)
            if dim:
                rows = int(dim.group(4) or dim.group(2))
                cols = column_number(dim.group(3) or dim.group(1))
                try:
                    _check_rectangle(rows, cols)
                except _TooBig:
                    what = (f"{rows:,} rows" if rows > MAX_ROWS_PER_SHEET else
                            f"{cols:,} columns" if cols > MAX_COLUMNS_PER_SHEET else
                            f"{rows:,} rows by {cols:,} columns")
                    raise UnreadableFile(
                        f"{who}: the sheet says it has {what}, more "
                        f"than this tool accepts ({MAX_ROWS_PER_SHEET:,} rows, "
                        f"{MAX_COLUMNS_PER_SHEET:,} columns, {MAX_CELLS_PER_SHEET:,} cells; the "
                        "largest LA's list has about 40,000 rows). Delete the empty rows below "
                        "and the unused columns to the right of the data in Excel and load it "
                        "again.") from None
                scan.rows, scan.cols = rows, cols
            outside = _outside(scan.rows, scan.cols)
        if _PREFIXED_CELL.search(buf):
            return _scan_unpositioned(path, info, name, who)
        pos = 0
        while m := _search(outside, buf, pos):
            _require_plain(buf, m.start(), who)
            ref = _CELL_REF.match(buf, m.start())
            if not ref:
                # A cell without r="..." first (or in lower case): its position depends on the
                # cells before it, so the sheet is walked tag by tag instead.
                return _scan_unpositioned(path, info, name, who)
            # The cells just after this one show how far the sheet goes, so the rectangle grows
            # once for many cells rather than once per cell.
            refs = _CELL_REF.findall(buf, m.start(), m.start() + 16384)
            rows = max(scan.rows, max(int(r) for r in {r for _, r in refs}))
            cols = max(scan.cols, max(column_number(c) for c in {c for c, _ in refs}))
            try:
                _check_rectangle(rows, cols)
            except _TooBig as exc:
                raise _too_big(who, str(exc)) from None
            # Grow the rectangle by half again, so a sheet without a <dimension> costs a few
            # dozen recompiled patterns rather than one per row.
            grown = min(MAX_ROWS_PER_SHEET, max(rows, scan.rows + scan.rows // 2),
                        MAX_CELLS_PER_SHEET // max(cols, 1))
            scan.rows, scan.cols = max(rows, grown), cols
            outside = _outside(scan.rows, scan.cols)
            pos = m.start()
        if count_cells:
            cells += buf.count(b"<c ")
            if cells > MAX_CELLS_PER_SHEET:
                raise _too_big(who, f"has more than {MAX_CELLS_PER_SHEET:,} cells")
        _formulas(buf, scan)
        _errors(buf, scan)
        tail = (tail[-1], buf) if tail else (buf,)
    # <mergeCells> follows <sheetData>, so only the last chunks need searching.
    for buf in tail:
        _merges(buf, scan)
    return scan


# The regular expressions hold the GIL for as long as each search runs, and the threads reading
# sheets need it for a moment now and then: searched a window at a time, the checking thread lets
# them have it within a few milliseconds rather than after a whole 4 MB chunk (issue 14).
_WINDOW = 256 << 10


def _search(pattern: re.Pattern, buf: bytes, pos: int) -> re.Match | None:
    """pattern.search(buf, pos), a window at a time. Each window ends just before a '<', so a
    tag lies wholly inside one window as it does inside the chunk, and what a lookahead sees of
    it (up to its '>', or up to that '<' when the tag is not plain) is the same."""
    n = len(buf)
    while pos < n:
        end = buf.rfind(b"<", pos + 1, pos + _WINDOW) if n - pos > _WINDOW else n
        if end < 0:
            end = buf.find(b"<", pos + _WINDOW)
            end = n if end < 0 else end
        if m := pattern.search(buf, pos, end):
            return m
        pos = end
    return None


def _require_plain(buf: bytes, at: int, who: str) -> None:
    """Refuse a <c>/<row> tag whose position this scan could read differently from calamine."""
    tag = _PLAIN_TAG.match(buf, at)
    if tag is None or len(_R_ATTRS.findall(tag.group(0))) > 1:
        raise _crafted(who, "has a row or cell tag written in a way this tool cannot check "
                       "(quotes or angle brackets inside it, or two positions)")


def _too_big(who: str, what: str) -> UnreadableFile:
    return UnreadableFile(
        f"{who}: the sheet {what}. Delete the empty rows below and the "
        "unused columns to the right of the data in Excel and load it again. If the sheet "
        "looks normal in Excel, the file is damaged or was made to exhaust memory: ask the LA "
        "to save it again from Excel and resend it.")


def _formulas(buf: bytes, scan: _Scan) -> None:
    """Count formula cells saved without a result: fastexcel reads those as blank."""
    for m in _FORMULA.finditer(buf):
        close = buf.find(b"</c>", m.end())
        if close < 0 or b"<v" in buf[m.end():close]:
            continue
        scan.formulas_without_value += 1
        if scan.first_formula_without_value is None:
            start = buf.rfind(b'<c r="', 0, m.start())
            if start >= 0:
                end = buf.find(b'"', start + 6)
                scan.first_formula_without_value = buf[start + 6:end].decode("ascii", "replace")


_ERROR_ATTR = re.compile(rb"""(?:^|\s)t\s*=\s*["']e["']""")
_ERROR_VALUE = re.compile(rb"<v>([^<]*)</v>")


def _errors(buf: bytes, scan: _Scan) -> None:
    """Record the cells of positioned tags that hold an Excel error (`<c r="B3" t="e">...
    <v>#REF!</v></c>`): fastexcel reads them as blank, and an error must not pass for a blank
    (docs/data-quality.md, "Row checks added in issue 11"). Error cells are rare, so this is one
    fast search for the attribute."""
    _pending_error(buf, scan)
    pos = 0
    while (at := buf.find(b' t="e"', pos)) >= 0:
        pos = at + 6
        start = buf.rfind(b"<c ", 0, at)
        close = buf.find(b">", start) if start >= 0 else -1
        if start < 0 or close < at:
            continue  # not inside a cell's tag (text that happens to read t="e")
        ref = _CELL_REF.match(buf, start)
        if ref is None or buf[close - 1:close] == b"/":
            continue
        _error_value(buf, close + 1, int(ref.group(2)), column_number(ref.group(1)), scan)


def _error_value(buf: bytes, at: int, row: int, col: int, scan: _Scan) -> None:
    """The <v> of an error cell whose tag ends at `at`; if the cell goes on into the next
    chunk, it is looked for there (_pending_error)."""
    end = buf.find(b"</c>", at)
    v = _ERROR_VALUE.search(buf, at, end if end >= 0 else len(buf))
    if v is not None:
        scan.add_error(row, col, v.group(1))
    elif end < 0:
        scan.error_pending = (row, col)


def _pending_error(buf: bytes, scan: _Scan) -> None:
    if scan.error_pending is not None:
        (row, col), scan.error_pending = scan.error_pending, None
        _error_value(buf, 0, row, col, scan)


def _restore_errors(st: SheetText, scan: _Scan) -> None:
    """Put the Excel errors fastexcel read as blank back into the sheet's text, as written
    ('#N/A'), so the raw table keeps them and the row checks report them."""
    if not scan.error_rows or not st.column_letters:
        return
    position = {column_number(letter): i for i, letter in enumerate(st.column_letters)}
    values = list(scan.error_values)
    by_column: dict[int, dict[int, str]] = {}
    for row, col, kind in zip(scan.error_rows, scan.error_cols, scan.error_kinds, strict=True):
        i = position.get(col)
        if i is not None and 1 <= row <= st.table.num_rows:
            by_column.setdefault(i, {})[row - 1] = values[kind]
    for i, cells in by_column.items():
        # Plain lists, not pyarrow.compute: importing it costs more than the few columns
        # with an error take to rebuild.
        values = st.table.column(i).to_pylist()
        for at, error in cells.items():
            if values[at] is None:  # a cell fastexcel did read stays as it read it
                values[at] = error
        st.table = st.table.set_column(i, st.table.column_names[i], _string_array(values))
    _with_header_rows(st)


def _string_array(values: list[str | None]) -> pa.Array:
    """An Arrow string array built from its buffers: pa.array() on a Python list first asks
    pandas whether the list is one of its types, and importing pandas (0.35 s) would hold up
    every reading thread."""
    valid = np.fromiter((v is not None for v in values), dtype=bool, count=len(values))
    encoded = [v.encode() if v is not None else b"" for v in values]
    offsets = np.zeros(len(values) + 1, dtype=np.int32)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    return pa.Array.from_buffers(pa.string(), len(values), [
        pa.py_buffer(np.packbits(valid, bitorder="little")), pa.py_buffer(offsets),
        pa.py_buffer(b"".join(encoded))])


def _merges(buf: bytes, scan: _Scan) -> None:
    for m in _MERGE.finditer(buf):
        if len(scan.merged) >= 10_000:
            return
        c1, r1, c2, r2 = m.groups()
        scan.merged.append((int(r1), column_number(c1), int(r2), column_number(c2)))


_TAG = re.compile(rb"<(/?)(?:[\w.-]+:)?(row|c)(?=[\s>/])([^>]*)>")
_R_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*["']([^"']*)["']""")
_POSITION = re.compile(rb"([A-Za-z]*)([0-9]+)")


def _scan_unpositioned(path: Path, info: zipfile.ZipInfo, name: str, who: str) -> _Scan:
    """Where each cell lands, tag by tag, following calamine's rules for missing positions.

    A row without r= follows the previous row; a cell without r= follows the previous cell in
    its row. Slow (a Python step per tag), so bounded by MAX_UNPOSITIONED_TAGS.
    """
    scan = _Scan()
    row_index = col_index = 0  # 0-based, as calamine counts
    max_row = max_col = 0
    tags = 0
    tail: tuple[bytes, ...] = ()
    for buf in _chunks(path, info, name, who):
        _pending_error(buf, scan)
        for m in _TAG.finditer(buf):
            if not m.group(1):  # opening tags: closing ones neither count nor carry attributes
                _require_plain(buf, m.start(), who)
                tags += 1
            if tags > MAX_UNPOSITIONED_TAGS:
                raise _too_big(who, f"has more than {MAX_UNPOSITIONED_TAGS:,} rows and "
                               "cells without cell positions, too many to check")
            closing, kind, attrs = m.groups()
            r = _R_ATTR.search(attrs) if not closing else None
            pos = _POSITION.fullmatch(r.group(1)) if r else None
            if r and not pos:
                continue  # calamine refuses such a sheet with an error: nothing to bound
            if kind == b"row":
                if closing or attrs.rstrip().endswith(b"/"):
                    row_index += 1
                    col_index = 0
                if not closing and pos:
                    row_index = int(pos.group(2)) - 1
                    if attrs.rstrip().endswith(b"/"):
                        row_index += 1
                continue
            if closing:
                continue
            if pos and pos.group(1):
                row, col = int(pos.group(2)) - 1, column_number(pos.group(1)) - 1
                col_index = col
            else:
                row, col = row_index, col_index
            col_index += 1
            if _ERROR_ATTR.search(attrs) and not attrs.rstrip().endswith(b"/"):
                _error_value(buf, m.end(), row + 1, col + 1, scan)
            if row + 1 > max_row or col + 1 > max_col:
                max_row, max_col = max(max_row, row + 1), max(max_col, col + 1)
                try:
                    _check_rectangle(max_row, max_col)
                except _TooBig as exc:
                    raise _too_big(who, str(exc)) from None
        _formulas(buf, scan)
        tail = (tail[-1], buf) if tail else (buf,)
    for buf in tail:
        _merges(buf, scan)
    scan.rows, scan.cols = max_row, max_col
    return scan


# ----------------------------------------------------------------------------------------- CSV


def _decode_all(path: Path, name: str) -> str:
    """UTF-8 (with or without a BOM), UTF-16 with a BOM (Excel's 'Unicode Text'), else cp1252."""
    raw = path.read_bytes()
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8-sig", "cp1252"]
    for enc in encodings:
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(f"{name}: the CSV is not UTF-8 or Windows-1252 text. Save it from "
                         "Excel as 'CSV UTF-8' and load it again.")


def _read_csv(path: Path, name: str) -> SheetText:
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        raise UnreadableFile(
            f"{name}: the CSV is {size / 1e6:,.0f} MB, far beyond any Annex A list (the "
            f"limit is {MAX_CSV_BYTES / 1e6:,.0f} MB). Check it is the right file.")
    text = _decode_all(path, name)
    if "\0" in text[:100_000]:
        raise UnreadableFile(f"{name}: this is a binary file, not a CSV text file. Ask the LA "
                             "for the list as .csv or .xlsx.")
    sample = text[:20000]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    rows: list[list[str]] = []
    width = cells = 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    started = 1  # the line the row being read starts on, for the message
    try:
        for row in reader:
            started = reader.line_num + 1
            rows.append(row)
            width = max(width, len(row))
            cells += len(row)
            if len(rows) > MAX_ROWS_PER_SHEET:
                raise UnreadableFile(f"{name}: more than {MAX_ROWS_PER_SHEET:,} rows, which is "
                                     "more than this tool accepts. Check it is the right file.")
            if width > MAX_COLUMNS_PER_SHEET:
                raise UnreadableFile(f"{name}: {width:,} columns; remove unused columns and "
                                     "reload.")
            if cells > MAX_CELLS_PER_SHEET:
                raise UnreadableFile(f"{name}: more than {MAX_CELLS_PER_SHEET:,} values, which "
                                     "is more than this tool accepts. Check it is the right "
                                     "file.")
    except csv.Error:
        raise UnreadableFile(
            f"{name}: the CSV cannot be read from line {started:,}: a quote opened there is "
            "never closed, or a value is longer than 131,072 characters. Open the file in "
            "Excel, check that row, save it as 'CSV UTF-8' and load it again."
        ) from None
    del text
    # Arrays built from buffers, not pa.array(): that asks pandas whether a Python list is one
    # of its types, and importing pandas costs an ingest 0.35 s.
    cols = {f"c{i}": _string_array([(r[i] if i < len(r) and r[i] != "" else None) for r in rows])
            for i in range(width)}
    cols["__row"] = _row_numbers(len(rows))
    # The list is found from the file's name, so the one the user gave, not a temporary one.
    st = SheetText(name, Path(name).stem, pa.table(cols),
                   [column_letter(i) for i in range(width)], [], 1, is_csv=True)
    return _with_header_rows(st)
