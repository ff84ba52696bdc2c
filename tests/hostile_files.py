"""Generators for hostile and malformed input files, used by tests/test_hostile_files.py.

Every generator writes one file into the given folder and returns its path. Files stay small on
disk (at most a few megabytes) even when they describe gigabytes, because the parts are written
by hand with zipfile/zlib rather than through a spreadsheet library: a spreadsheet library would
refuse to write most of these, which is the point. All values are synthetic.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CT_XLSM = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_SST = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"

LIST_1_HEADERS = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth",
                  "Age of Child (Years)", "Date of Contact", "Contact Source"]
# Serial 46266 is 2026-08-31 and 41427 is 2013-06-01 in Excel's 1900 date system.
LIST_1_ROWS = [
    ["HX-001", "a) Male", "a) WBRI", 41427, 13, 46266, "q) 6: Police"],
    ["HX-002", "b) Female", "a) WBRI", 41800, 12, 46267, "g) 3A: Health services"],
    ["HX-003", "a) Male", "m) AOTH", 42100, 11, 46268, "e) 2A: Schools"],
]


@dataclass
class Formula:
    """A formula cell; `cached` is the value Excel saved with it (None: never calculated)."""

    expr: str
    cached: object = None
    shared_index: int | None = None  # a follower of a shared formula: <f t="shared" si=".."/>


@dataclass
class Sheet:
    name: str
    xml: bytes | Iterable[bytes]  # the whole part, or chunks streamed into the zip
    state: str | None = None  # None (visible), "hidden" or "veryHidden"
    merges: list[str] = field(default_factory=list)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_xml(ref: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Formula):
        if value.shared_index is not None:
            f = f'<f t="shared" si="{value.shared_index}"/>'
        else:
            f = f"<f>{escape(value.expr)}</f>"
        if value.cached is None:
            return f'<c r="{ref}">{f}</c>'
        if isinstance(value.cached, str):
            return f'<c r="{ref}" t="str">{f}<v>{escape(value.cached)}</v></c>'
        return f'<c r="{ref}">{f}<v>{value.cached}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def sheet_xml(rows: list[list[object]], *, dimension: str | None = "auto", doctype: str = "",
              merges: Iterable[str] = ()) -> bytes:
    """A worksheet part holding `rows` from A1, with an honest <dimension> unless told."""
    width = max((len(r) for r in rows), default=1)
    if dimension == "auto":
        dimension = f"A1:{column_letter(width - 1)}{max(len(rows), 1)}"
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n', doctype,
           f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">']
    if dimension:
        out.append(f'<dimension ref="{dimension}"/>')
    out.append("<sheetData>")
    for i, row in enumerate(rows, start=1):
        cells = "".join(cell_xml(f"{column_letter(j)}{i}", v) for j, v in enumerate(row))
        out.append(f'<row r="{i}">{cells}</row>')
    out.append("</sheetData>")
    merges = list(merges)
    if merges:
        out.append(f'<mergeCells count="{len(merges)}">')
        out += [f'<mergeCell ref="{m}"/>' for m in merges]
        out.append("</mergeCells>")
    out.append("</worksheet>")
    return "".join(out).encode()


def list_1_rows(title: bool = True) -> list[list[object]]:
    return ([["List 1: Contacts"]] if title else []) + [LIST_1_HEADERS] + [list(r)
                                                                            for r in LIST_1_ROWS]


def _package_parts(sheets: list[Sheet], *, macro: bool, shared_strings: bytes | None
                   ) -> dict[str, bytes]:
    main_type = CT_XLSM if macro else CT_XLSX
    overrides = [f'<Override PartName="/xl/workbook.xml" ContentType="{main_type}"/>']
    rels = []
    sheet_tags = []
    for i, sh in enumerate(sheets, start=1):
        overrides.append(f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                         f'ContentType="{CT_SHEET}"/>')
        rels.append(f'<Relationship Id="rId{i}" Type="{NS_REL}/worksheet" '
                    f'Target="worksheets/sheet{i}.xml"/>')
        state = f' state="{sh.state}"' if sh.state else ""
        sheet_tags.append(f'<sheet name="{escape(sh.name)}" sheetId="{i}"{state} r:id="rId{i}"/>')
    if shared_strings is not None:
        overrides.append(f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT_SST}"/>')
        rels.append(f'<Relationship Id="rId{len(sheets) + 1}" Type="{NS_REL}/sharedStrings" '
                    'Target="sharedStrings.xml"/>')
    if macro:
        overrides.append('<Override PartName="/xl/vbaProject.bin" '
                         'ContentType="application/vnd.ms-office.vbaProject"/>')
        rels.append(f'<Relationship Id="rId{len(sheets) + 2}" '
                    'Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
                    'Target="vbaProject.bin"/>')
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(overrides) + "</Types>").encode(),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{NS_PKG_REL}"><Relationship Id="rId1" '
            f'Type="{NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>').encode(),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><sheets>'
            + "".join(sheet_tags) + "</sheets></workbook>").encode(),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{NS_PKG_REL}">' + "".join(rels)
            + "</Relationships>").encode(),
    }
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = shared_strings
    if macro:
        # Not a real VBA project: nothing reads or runs it, the package only has to carry one.
        parts["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    return parts


def write_xlsx(path: Path, sheets: list[Sheet], *, macro: bool = False,
               shared_strings: bytes | None = None) -> Path:
    """A workbook package written part by part; a sheet's xml may be a stream of chunks."""
    parts = _package_parts(sheets, macro=macro, shared_strings=shared_strings)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name in ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
                     "xl/_rels/workbook.xml.rels"):
            zf.writestr(name, parts.pop(name))
        for i, sh in enumerate(sheets, start=1):
            member = f"xl/worksheets/sheet{i}.xml"
            if isinstance(sh.xml, bytes):
                zf.writestr(member, sh.xml)
            else:
                with zf.open(member, "w", force_zip64=True) as out:
                    for chunk in sh.xml:
                        out.write(chunk)
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def write_raw_zip(path: Path, members: list[tuple[str, bytes, int, int, int]]) -> Path:
    """A zip written byte by byte: (name, stored data, method, crc32, declared size) per member.

    zipfile always records true sizes; a lying central directory has to be written by hand.
    """
    out = bytearray()
    central = bytearray()
    for name, data, method, crc, size in members:
        raw_name = name.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc,
                           len(data), size, len(raw_name), 0) + raw_name + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21,
                               crc, len(data), size, len(raw_name), 0, 0, 0, 0, 0,
                               offset) + raw_name
    out += central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members),
                                 len(central), len(out), 0)
    path.write_bytes(bytes(out))
    return path


def _minimal_parts_for_raw(sheet_name: str = "List_1") -> list[tuple[str, bytes, int, int, int]]:
    parts = _package_parts([Sheet(sheet_name, b"")], macro=False, shared_strings=None)
    return [(name, data, 0, zlib.crc32(data), len(data)) for name, data in parts.items()]


# ------------------------------------------------------------------------------ the hostile files


def not_a_zip(folder: Path) -> Path:
    p = folder / "notes.xlsx"
    p.write_text("these are my notes about the visit, not a workbook\n")
    return p


def truncated_zip(folder: Path) -> Path:
    src = write_xlsx(folder / "whole.xlsx", [Sheet("List_1", sheet_xml(list_1_rows()))])
    p = folder / "truncated.xlsx"
    p.write_bytes(src.read_bytes()[:400])
    src.unlink()
    return p


BOMB_UNIT = b'<row r="1">' + b'<c r="A1"><v>1</v></c>' * 40_000 + b"</row>"  # 880 KB


def _bomb_stream(total: int) -> tuple[bytes, int, int, int]:
    """Raw deflate data for a sheet of about `total` bytes of repeated cells: (data, crc32,
    true size, size of the header plus the first repeat).

    Deflate restarts its dictionary at a full flush, so one compressed unit repeated n times is
    a valid stream for the unit repeated n times: gigabytes are written in milliseconds.
    """
    head = (f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{NS_MAIN}">'
            "<sheetData>").encode()
    tail = b"</sheetData></worksheet>"
    repeats = max(1, (total - len(head) - len(tail)) // len(BOMB_UNIT) + 1)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    unit = c.compress(BOMB_UNIT) + c.flush(zlib.Z_FULL_FLUSH)
    last = c.compress(tail) + c.flush()
    data = first + unit * repeats + last
    crc = zlib.crc32(head)
    for _ in range(repeats):
        crc = zlib.crc32(BOMB_UNIT, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(BOMB_UNIT) * repeats + len(tail)
    return data, crc, size, len(head) + len(BOMB_UNIT)


def zip_bomb(folder: Path, expands_to: int = 1_600_000_000, *, lie: bool = False) -> Path:
    """A workbook whose sheet expands to `expands_to` bytes of cells from ~2 MB on disk.

    With lie=True the zip directory declares the sheet as 880 KB, with the CRC of those first
    bytes, so a reader that trusts the directory (or stops at the declared size) sees nothing
    wrong while the deflate stream goes on for gigabytes.
    """
    data, crc, size, first_unit = _bomb_stream(expands_to)
    if lie:
        head = (f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{NS_MAIN}">'
                "<sheetData>").encode()
        crc, size = zlib.crc32(BOMB_UNIT, zlib.crc32(head)), first_unit
    members = _minimal_parts_for_raw()
    members.append(("xl/worksheets/sheet1.xml", data, 8, crc, size))
    return write_raw_zip(folder / ("lying_bomb.xlsx" if lie else "bomb.xlsx"), members)


def _laughs(levels: int = 10) -> str:
    ents = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol;" if i == 1 else f"&lol{i - 1};") * 10}">'
        for i in range(1, levels)]
    return "<!DOCTYPE worksheet [" + "".join(ents) + "]>\n"


def entity_expansion_in_sheet(folder: Path) -> Path:
    """Billion laughs: ten nested entities that expand to 10^9 'lol's if anything expands them."""
    rows = list_1_rows()
    rows[3][6] = "&lol9;"  # replaced below, after escaping, so the reference stays a reference
    xml = sheet_xml(rows, doctype=_laughs()).replace(b"&amp;lol9;", b"&lol9;")
    return write_xlsx(folder / "laughs_sheet.xlsx", [Sheet("List_1", xml)])


def entity_expansion_in_shared_strings(folder: Path) -> Path:
    sst = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + _laughs()
           + f'<sst xmlns="{NS_MAIN}" count="2" uniqueCount="2"><si><t>Child Unique ID</t></si>'
           "<si><t>&lol9;</t></si></sst>").encode()
    xml = (f'<worksheet xmlns="{NS_MAIN}"><dimension ref="A1:A2"/><sheetData>'
           '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
           '<row r="2"><c r="A2" t="s"><v>1</v></c></row></sheetData></worksheet>').encode()
    return write_xlsx(folder / "laughs_strings.xlsx", [Sheet("List_1", xml)],
                      shared_strings=sst)


def external_entity(folder: Path) -> Path:
    """XXE: an entity that names a file on the reading machine."""
    doctype = '<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
    rows = list_1_rows()
    rows[3][6] = "&secret;"
    xml = sheet_xml(rows, doctype=doctype).replace(b"&amp;secret;", b"&secret;")
    return write_xlsx(folder / "xxe.xlsx", [Sheet("List_1", xml)])


def _wide_rows(columns: int, rows: int) -> list[list[object]]:
    header = LIST_1_HEADERS + [f"Extra {i}" for i in range(len(LIST_1_HEADERS), columns)]
    return [header] + [[f"HX-{r:03d}"] + ["x"] * (columns - 1) for r in range(rows)]


def sixteen_k_columns(folder: Path, *, dimension: bool = True) -> Path:
    """Every one of Excel's 16,384 columns holds a value, for a header and two rows."""
    xml = sheet_xml(_wide_rows(16_384, 2), dimension="auto" if dimension else None)
    name = "wide.xlsx" if dimension else "wide_undeclared.xlsx"
    return write_xlsx(folder / name, [Sheet("List_1", xml)])


def _million_rows(rows: int, dimension: str | None) -> Iterator[bytes]:
    yield (f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{NS_MAIN}">'
           + (f'<dimension ref="{dimension}"/>' if dimension else "") + "<sheetData>"
           + '<row r="1"><c r="A1" t="inlineStr"><is><t>Child Unique ID</t></is></c></row>'
           ).encode()
    batch = 50_000
    for start in range(2, rows + 1, batch):
        yield "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>'
                      for r in range(start, min(start + batch, rows + 1))).encode()
    yield b"</sheetData></worksheet>"


def million_rows(folder: Path, *, dimension: bool = True, rows: int = 1_048_576) -> Path:
    """A real value in every row down to Excel's last row 1,048,576 (about 4 MB zipped)."""
    dim = f"A1:A{rows}" if dimension else None
    name = "million.xlsx" if dimension else "million_undeclared.xlsx"
    return write_xlsx(folder / name, [Sheet("List_1", _million_rows(rows, dim))])


def far_corners(folder: Path, *, dimension: str | None = None) -> Path:
    """Two cells, A1 and XFD1048576: 2 KB on disk, 17 billion cells to a reader that fills in
    the rectangle between them. The <dimension> is missing, or lies (`dimension="A1:B2"`)."""
    xml = (f'<worksheet xmlns="{NS_MAIN}">'
           + (f'<dimension ref="{dimension}"/>' if dimension else "")
           + '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Child Unique ID</t></is></c>'
           '</row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row></sheetData>'
           "</worksheet>").encode()
    name = "corners_lying.xlsx" if dimension else "corners.xlsx"
    return write_xlsx(folder / name, [Sheet("List_1", xml)])


def prefixed_far_cell(folder: Path) -> Path:
    """The far-corner trick hidden behind a namespace prefix (<x:c>), which XML readers that
    ignore namespaces, as calamine does, still take for a cell."""
    xml = (f'<x:worksheet xmlns:x="{NS_MAIN}"><x:dimension ref="A1:A2"/><x:sheetData>'
           '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Child Unique ID</x:t></x:is>'
           '</x:c></x:row><x:row r="2"><x:c r="XFD500000"><x:v>2</x:v></x:c></x:row>'
           "</x:sheetData></x:worksheet>").encode()
    return write_xlsx(folder / "prefixed.xlsx", [Sheet("List_1", xml)])


def oddly_quoted_far_cell(folder: Path, attrs: str = 'foo=">" r="XFD1048576"') -> Path:
    """The far corner hidden by quoting a scanner may misread: calamine skips a '>' inside
    quotes (<c foo=">" r="...">) and keeps the last of two r= attributes."""
    xml = (f'<worksheet xmlns="{NS_MAIN}"><sheetData><row r="1">'
           '<c r="A1" t="inlineStr"><is><t>Child Unique ID</t></is></c></row>'
           f'<row r="2"><c {attrs}><v>2</v></c></row></sheetData></worksheet>').encode()
    return write_xlsx(folder / "odd_quotes.xlsx", [Sheet("List_1", xml)])


def unnumbered_list(folder: Path) -> Path:
    """List 1 with no r= on rows or cells (allowed, and written by some generators): positions
    come from counting, and it must load as usual."""
    def plain(v: object) -> str:
        return (f'<c><v>{v}</v></c>' if isinstance(v, int)
                else f'<c t="inlineStr"><is><t>{escape(str(v))}</t></is></c>')
    rows = "".join("<row>" + "".join(plain(v) for v in r) + "</row>" for r in list_1_rows())
    xml = f'<worksheet xmlns="{NS_MAIN}"><sheetData>{rows}</sheetData></worksheet>'.encode()
    return write_xlsx(folder / "unnumbered_list.xlsx", [Sheet("List_1", xml)])


def unnumbered_wide(folder: Path) -> Path:
    """One row of 20,000 cells without r=: they count out to column ACOF."""
    xml = (f'<worksheet xmlns="{NS_MAIN}"><dimension ref="A1"/><sheetData><row>'
           + "<c><v>1</v></c>" * 20_000 + "</row></sheetData></worksheet>").encode()
    return write_xlsx(folder / "unnumbered_wide.xlsx", [Sheet("List_1", xml)])


def unnumbered_deep(folder: Path) -> Path:
    """600,000 rows without r=, one cell each, declared as A1 (about 30 KB zipped)."""
    xml = (f'<worksheet xmlns="{NS_MAIN}"><dimension ref="A1"/><sheetData>'
           + "<row><c><v>1</v></c></row>" * 600_000 + "</sheetData></worksheet>").encode()
    return write_xlsx(folder / "unnumbered_deep.xlsx", [Sheet("List_1", xml)])


def repeated_cell(folder: Path) -> Path:
    """95 MB of sheet XML that is one cell, A1, written 4.3 million times: just under the size
    at which parts are refused for compressing too well, so it reaches the reader."""
    data, crc, size, _ = _bomb_stream(95_000_000)
    members = _minimal_parts_for_raw()
    members.append(("xl/worksheets/sheet1.xml", data, 8, crc, size))
    return write_raw_zip(folder / "repeated.xlsx", members)


def formulas(folder: Path) -> Path:
    """Age is a formula: cached in rows 3-4; never calculated in row 5 (plain and shared)."""
    rows = list_1_rows()
    rows[2][4] = Formula("DATEDIF(D3,DATE(2026,10,30),\"y\")", 13)
    rows[3][4] = Formula("DATEDIF(D4,DATE(2026,10,30),\"y\")", 12)
    rows[4][4] = Formula("DATEDIF(D5,DATE(2026,10,30),\"y\")")
    rows[4][6] = Formula("G4", shared_index=0)
    rows[3][6] = Formula("\"g) 3A: \"&\"Health services\"", "g) 3A: Health services")
    return write_xlsx(folder / "formulas.xlsx", [Sheet("List_1", sheet_xml(rows))])


def merged_cells(folder: Path) -> Path:
    """The title merged across the top (as the template does), a header merged over two
    columns, and a data cell merged down two rows."""
    rows = list_1_rows()
    rows[1] = LIST_1_HEADERS[:6] + [None, "Contact Source"]  # 'Date of Contact' spans F2:G2
    for r in rows[2:]:
        r.insert(6, None)
    rows[3][2] = None  # C4 is covered by the C3:C4 merge
    return write_xlsx(folder / "merged.xlsx", [Sheet("List_1", sheet_xml(
        rows, merges=["A1:H1", "F2:G2", "C3:C4"]))])


def hidden_sheets(folder: Path) -> Path:
    """List 1 visible, List 3 hidden, and a very hidden List 6 (only VBA can show it)."""
    from ingest.spec import load_spec

    spec = load_spec()

    def rows_for(key: str, child: str) -> list[list[object]]:
        headers = [c.header for c in spec.lists[key].columns if not c.optional]
        return [headers, [child] + [None] * (len(headers) - 1)]

    return write_xlsx(folder / "hidden.xlsx", [
        Sheet("List_1", sheet_xml(list_1_rows())),
        Sheet("List_3", sheet_xml(rows_for("list_3", "HX-001")), state="hidden"),
        Sheet("List_6", sheet_xml(rows_for("list_6", "HX-002")), state="veryHidden"),
    ])


def macro_workbook(folder: Path) -> Path:
    """An .xlsm (macro-enabled content type and a vbaProject part), as LAs do send."""
    return write_xlsx(folder / "annex_a.xlsm", [Sheet("List_1", sheet_xml(list_1_rows()))],
                      macro=True)


def xlsx_named_csv(folder: Path) -> Path:
    src = write_xlsx(folder / "src.xlsx", [Sheet("List_1", sheet_xml(list_1_rows()))])
    p = folder / "List_1.csv"
    src.rename(p)
    return p


def csv_named_xlsx(folder: Path) -> Path:
    p = folder / "List_1.xlsx"
    p.write_text(",".join(LIST_1_HEADERS) + "\nHX-001,a) Male,a) WBRI,01/06/2013,13,31/08/2026,"
                 "q) 6: Police\n")
    return p


def pdf_named_xlsx(folder: Path) -> Path:
    p = folder / "annex_a.xlsx"
    p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
                  b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")
    return p


def png_named_xlsx(folder: Path) -> Path:
    p = folder / "annex_a.xlsx"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + b"\0" * 17)
    return p


def html_named_xls(folder: Path) -> Path:
    """Case-management systems often export an HTML table and call it .xls."""
    p = folder / "export.xls"
    p.write_text("<html><body><table><tr><td>Child Unique ID</td></tr>"
                 "<tr><td>HX-001</td></tr></table></body></html>")
    return p


def _csv_text(sep: str = ",") -> str:
    rows = [LIST_1_HEADERS,
            ["HX-001", "a) Male", "a) WBRI", "01/06/2013", "13", "31/08/2026", "q) 6: Police"],
            ["Zoë-002", "b) Female", "a) WBRI", "01/06/2014", "12", "01/09/2026",
             "g) 3A: Health services"]]
    return "\r\n".join(sep.join(r) for r in rows) + "\r\n"


def csv_with_bom(folder: Path) -> Path:
    p = folder / "List_1.csv"
    p.write_bytes(b"\xef\xbb\xbf" + _csv_text().encode("utf-8"))
    return p


def csv_with_semicolons(folder: Path) -> Path:
    p = folder / "List_1.csv"
    p.write_bytes(_csv_text(";").encode("utf-8"))
    return p


def csv_in_windows_1252(folder: Path) -> Path:
    p = folder / "List_1.csv"
    p.write_bytes(_csv_text().encode("cp1252"))
    return p


def csv_in_utf16_tabs(folder: Path) -> Path:
    """Excel's 'Unicode Text' export: UTF-16 with a byte-order mark, tab-separated."""
    p = folder / "List_1.txt"
    p.write_bytes(_csv_text("\t").encode("utf-16"))
    return p


def csv_unclosed_quote(folder: Path) -> Path:
    """An opening quote never closed: the rest of the file (300 KB) becomes one field."""
    p = folder / "List_1.csv"
    p.write_text(",".join(LIST_1_HEADERS) + '\n"HX-001,a) Male\n'
                 + "HX-002,b) Female,a) WBRI,01/06/2014,12,01/09/2026,e) 2A: Schools\n" * 5000)
    return p


def csv_too_many_rows(folder: Path, rows: int = 600_000) -> Path:
    """600,000 rows of one short value each (1.2 MB)."""
    p = folder / "List_1.csv"
    p.write_text("Child Unique ID\n" + "x\n" * rows)
    return p


# ---------------------------------------------------------------------- legacy Excel 97-2003 (.xls)


def _biff(rec: int, data: bytes) -> bytes:
    return struct.pack("<HH", rec, len(data)) + data


def _biff_string(text: str, *, short: bool = False) -> bytes:
    """A BIFF8 string: length (one byte when short, else two), flags (0: one byte per
    character), then the characters."""
    raw = text.encode("latin-1")
    return struct.pack("<BB" if short else "<HB", len(raw), 0) + raw


def biff8_workbook_stream(sheets: dict[str, list[list[object]]]) -> bytes:
    """A minimal BIFF8 Workbook stream: globals (BOF, XFs, BOUNDSHEETs, EOF), then per sheet
    BOF, DIMENSIONS, LABEL and NUMBER cells, EOF."""
    bof = lambda kind: _biff(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC,  # noqa: E731
                                                 0, 0x06))
    xf = _biff(0x00E0, struct.pack("<HHHBBBBIIH", 0, 0, 0xFFF5, 0x20, 0, 0, 0, 0, 0, 0x20C0))
    cell_xf = _biff(0x00E0, struct.pack("<HHHBBBBIIH", 0, 0, 0x0001, 0x20, 0, 0, 0, 0, 0,
                                        0x20C0))
    globals_head = bof(0x0005) + _biff(0x0042, struct.pack("<H", 1200)) + xf * 15 + cell_xf
    sheet_streams = []
    for rows in sheets.values():
        body = bof(0x0010)
        ncols = max((len(r) for r in rows), default=0)
        body += _biff(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, ncols, 0))
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is None:
                    continue
                if isinstance(v, int | float):
                    body += _biff(0x0203, struct.pack("<HHHd", r, c, 15, float(v)))
                else:
                    body += _biff(0x0204, struct.pack("<HHH", r, c, 15) + _biff_string(str(v)))
        body += _biff(0x000A, b"")
        sheet_streams.append(body)
    bound_len = sum(len(_biff(0x0085, struct.pack("<IBB", 0, 0, 0)
                              + _biff_string(n, short=True)))
                    for n in sheets)
    offset = len(globals_head) + bound_len + 4  # + the globals' EOF
    bounds = b""
    for name, body in zip(sheets, sheet_streams, strict=True):
        bounds += _biff(0x0085, struct.pack("<IBB", offset, 0, 0)
                        + _biff_string(name, short=True))
        offset += len(body)
    return globals_head + bounds + _biff(0x000A, b"") + b"".join(sheet_streams)


def ole2_file(streams: dict[str, bytes]) -> bytes:
    """A compound file (OLE2) with the given streams in the root storage.

    Streams are padded to 4,096 bytes so that none lives in the mini stream; one FAT sector
    covers up to 128 sectors (about 60 KB), plenty for these test files.
    """
    sector = 512
    free, end, fat_sect = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    data_sectors: list[bytes] = []
    starts, sizes = [], []
    fat: list[int] = [fat_sect]  # sector 0 is the FAT itself
    for body in streams.values():
        padded = body + b"\0" * (-len(body) % sector)
        if len(padded) < 4096:
            padded += b"\0" * (4096 - len(padded))
        n = len(padded) // sector
        first = 1 + len(data_sectors)
        starts.append(first)
        sizes.append(len(padded))
        for k in range(n):
            data_sectors.append(padded[k * sector:(k + 1) * sector])
            fat.append(first + k + 1 if k < n - 1 else end)
    dir_sector = 1 + len(data_sectors)
    fat.append(end)

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int,
              size: int) -> bytes:
        raw = (name + "\0").encode("utf-16-le")
        return (raw.ljust(64, b"\0") + struct.pack("<HBBIII", len(raw), kind, 1, left, right,
                                                    child) + b"\0" * 16 + b"\0" * 4
                + b"\0" * 16 + struct.pack("<IIHH", start, size, 0, 0))

    names = list(streams)
    # A balanced-enough tree for a handful of streams: each entry's right sibling is the next.
    entries = [entry("Root Entry", 5, free, free, 1 if names else free, end, 0)]
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else free
        entries.append(entry(name, 2, free, right, free, starts[i], sizes[i]))
    directory = b"".join(entries)
    directory += b"\0" * (-len(directory) % sector)
    for k in range(1, len(directory) // sector):
        fat[-1] = dir_sector + k
        fat.append(end)
    if len(fat) > 128:
        raise ValueError("test OLE2 writer handles one FAT sector only")
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat) + struct.pack("<I", free) * (128 - len(fat))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHHH", 0x3E, 3, 0xFFFE, 9, 6, 0) + b"\0" * 4
              + struct.pack("<IIIIIIIII", 0, 1, dir_sector, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    return header + fat_bytes + b"".join(data_sectors) + directory


def legacy_xls(folder: Path) -> Path:
    """A genuine Excel 97-2003 workbook (BIFF8 in OLE2) holding list 1."""
    rows = list_1_rows()
    p = folder / "annex_a.xls"
    p.write_bytes(ole2_file({"Workbook": biff8_workbook_stream({"List_1": rows})}))
    return p


def encrypted_xlsx(folder: Path) -> Path:
    """What Excel writes for a workbook with an open password: OLE2 holding EncryptionInfo and
    EncryptedPackage streams (contents here are placeholders)."""
    p = folder / "locked.xlsx"
    p.write_bytes(ole2_file({"EncryptionInfo": b"\x04\x00\x04\x00" + b"\0" * 200,
                             "EncryptedPackage": struct.pack("<Q", 5000) + b"\x5a" * 5000}))
    return p


def other_ole2(folder: Path) -> Path:
    """An OLE2 file that is neither a workbook nor encrypted (a Word 97 document, say)."""
    p = folder / "letter.xls"
    p.write_bytes(ole2_file({"WordDocument": b"\xec\xa5" + b"\0" * 1000}))
    return p


def xls_far_corners(folder: Path) -> Path:
    """A legacy .xls with cells at A1 and at row 65,536, column 65,535: BIFF8 stores columns
    in 16 bits, so a reader filling the rectangle needs 4 billion cells."""
    stream = biff8_workbook_stream({"List_1": [["Child Unique ID"]]})
    eof = _biff(0x000A, b"")
    far = _biff(0x0203, struct.pack("<HHHd", 65535, 65535, 15, 2.0))
    stream = stream[: -len(eof)] + far + eof
    p = folder / "corners.xls"
    p.write_bytes(ole2_file({"Workbook": stream}))
    return p
