"""CSV and Excel exports that cannot run a formula when an inspector opens them.

Annex A workbooks come from local authorities, so any text in them (a name, a team, a free-text
reason) is untrusted. Text beginning with `=`, `+`, `-` or `@` is taken by Excel as a formula, and
a leading tab or carriage return can hide one ("CSV injection", OWASP). Every export therefore goes
through `safe_frame`, which puts a single quote before such text so that Excel shows it as text.
Only strings change: a negative number is still a number, and sorts and sums as one.

A workbook may carry native Excel charts (`Chart`): each is drawn from the cells of its own
sheet's table, so what it shows is what the table says, and it holds no copy of any value.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

DATE_FORMAT = "dd/mm/yyyy"  # UK order: inspectors read 05/03/2024 as 5 March
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"

_MIN_WIDTH, _MAX_WIDTH = 8, 60  # characters; long free text wraps in Excel rather than sprawls
_SHEET_NAME_BAD = str.maketrans({c: "_" for c in "[]:*?/\\"})


@dataclass(frozen=True)
class Chart:
    """A native Excel bar chart beside its sheet's table, drawn from the table's own cells.

    categories: the column whose cells name the bars; values: the columns drawn, one series
    each, named by its header cell; rows: the frame's rows drawn, [start, stop) by position
    (None: every row); horizontal: bars (long labels read better) or columns.
    """

    title: str
    categories: str
    values: tuple[str, ...]
    rows: tuple[int, int] | None = None
    x_title: str | None = None  # the category axis
    y_title: str | None = None  # the value axis
    horizontal: bool = True


def safe_cell(value: Any) -> Any:
    """Text that Excel would read as a formula, with a single quote in front; else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of df with `safe_cell` applied to every text value and to text column names.

    Column names are included because a pivot can turn data (an ethnicity, a team name) into
    headers. Numeric, date and boolean columns are left alone.
    """
    out = df.copy()
    for i in range(out.shape[1]):  # by position: column names may repeat
        s = out.iloc[:, i]
        if isinstance(s.dtype, pd.CategoricalDtype):
            cats = s.cat.categories
            safe = [safe_cell(c) for c in cats]
            if safe != list(cats):
                try:
                    s = s.cat.rename_categories(safe)
                except ValueError:  # "'=a" and "=a" both present: fall back to plain text
                    s = s.astype(object).map(safe_cell)
        elif pd.api.types.is_object_dtype(s.dtype) or pd.api.types.is_string_dtype(s.dtype):
            s = s.map(safe_cell, na_action="ignore").astype(s.dtype)
        else:
            continue
        out.isetitem(i, s)
    out.columns = out.columns.map(
        lambda c: tuple(safe_cell(x) for x in c) if isinstance(c, tuple) else safe_cell(c)
    )
    return out


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """The frame as CSV, made safe, without the index.

    UTF-8 with a byte-order mark, because Excel opens a CSV without one in the local code page and
    mangles accented names and dashes. Rows end in CRLF (RFC 4180): Python's csv writer quotes a
    field only if it holds a character of the line terminator, so with a bare "\\n" a carriage
    return inside a value would go out unquoted and split the row.
    """
    return safe_frame(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx_bytes(sheets: Mapping[str, pd.DataFrame], title: str | None = None,
                  charts: Mapping[str, Sequence[Chart]] | None = None) -> bytes:
    """An .xlsx workbook with one sheet per frame, made safe, ready for `st.download_button`.

    Each sheet has the title (if given) in row 1, a bold header row frozen in place, column widths
    fitted to the contents, and dates as real Excel dates shown dd/mm/yyyy, so they sort and filter
    as dates. Written in openpyxl's write-only mode so a full list of 100k rows stays quick.
    charts: native charts by sheet (the key of `sheets`), placed to the right of the table, one
    under the other, each starting level with its first row where the one above leaves room.
    """
    if not sheets:
        raise ValueError("to_xlsx_bytes needs at least one sheet")
    unknown = set(charts or {}) - set(sheets)
    if unknown:
        raise ValueError(f"charts for sheets that are not in the workbook: {sorted(unknown)}")
    wb = Workbook(write_only=True)
    used: set[str] = set()
    for name, df in sheets.items():
        ws = wb.create_sheet(_sheet_name(name, used))
        _write_sheet(ws, safe_frame(df), title)
        if charts and charts.get(name):
            _add_charts(ws, df, charts[name], header_row=2 if title else 1)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ----------------------------------------------------------------------------------- internals

def _sheet_name(name: Any, used: set[str]) -> str:
    """A name Excel accepts: no []:*?/\\, no leading or trailing quote, at most 31 characters,
    unique in the workbook (case-insensitively)."""
    base = str(name).translate(_SHEET_NAME_BAD).strip("'").strip() or "Sheet"
    base = base[:31]
    candidate, n = base, 1
    while candidate.lower() in used:
        n += 1
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
    used.add(candidate.lower())
    return candidate


def _cell_value(value: Any) -> Any:
    """A value openpyxl can store: missing values empty, numpy scalars as Python, timezones
    dropped (Excel has none), and control characters that would make openpyxl fail removed.

    Text is made safe again after the control characters go, because removing them can expose a
    formula ("\\x01=1+1" becomes "=1+1").
    """
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):  # lists, arrays: not a missing value
        pass
    if isinstance(value, pd.Timestamp):
        value = value.tz_localize(None) if value.tzinfo else value
        return value.to_pydatetime()
    if isinstance(value, dt.datetime) and value.tzinfo:
        return value.replace(tzinfo=None)
    if hasattr(value, "item") and not isinstance(value, str | bytes):  # numpy scalar
        value = value.item()
    if isinstance(value, int | float | bool | Decimal | dt.date | dt.time | dt.timedelta):
        return value
    return safe_cell(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def _number_format(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        has_time = (value.hour, value.minute, value.second, value.microsecond) != (0, 0, 0, 0)
        return DATETIME_FORMAT if has_time else DATE_FORMAT
    if isinstance(value, dt.date):
        return DATE_FORMAT
    return None


def _display_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return len(DATETIME_FORMAT) if _number_format(value) == DATETIME_FORMAT else 10
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, float):
        return len(f"{value:.6g}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def _header_text(col: Any) -> str:
    if isinstance(col, tuple):  # MultiIndex columns from a pivot
        col = " / ".join(str(c) for c in col if str(c))
    return safe_cell(ILLEGAL_CHARACTERS_RE.sub("", str(col)))


def _write_sheet(ws, df: pd.DataFrame, title: str | None) -> None:
    headers = [_header_text(c) for c in df.columns]
    rows = [[_cell_value(v) for v in row] for row in df.itertuples(index=False, name=None)]

    # Write-only sheets take widths and frozen panes before the first row is appended.
    for j, header in enumerate(headers):
        widest = max([len(header)] + [_display_width(r[j]) for r in rows])
        width = min(max(widest + 2, _MIN_WIDTH), _MAX_WIDTH)
        ws.column_dimensions[get_column_letter(j + 1)].width = width
    header_row = 2 if title else 1
    ws.freeze_panes = f"A{header_row + 1}"

    if title:
        cell = WriteOnlyCell(ws, value=safe_cell(ILLEGAL_CHARACTERS_RE.sub("", title)))
        cell.font = Font(bold=True, size=14)
        ws.append([cell])

    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=header)
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)

    # Plain values are appended as they are (quicker than a cell object each); text can no
    # longer start with "=", so openpyxl never stores it as a formula. Dates need a cell to
    # carry their number format.
    for row in rows:
        for j, value in enumerate(row):
            fmt = _number_format(value)
            if fmt:
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = fmt
                row[j] = cell
        ws.append(row)


_ROW_CM = 0.53  # Excel's default row height (15 points)


def _add_charts(ws, df: pd.DataFrame, charts: Sequence[Chart], header_row: int) -> None:
    """Each chart as an openpyxl BarChart whose series and categories refer to the table's cells
    (the header row is `header_row`, the frame's row i is below it at header_row + 1 + i)."""
    from openpyxl.chart import BarChart, Reference, Series
    from openpyxl.chart.data_source import AxDataSource, StrRef
    from openpyxl.chart.series import SeriesLabel
    from openpyxl.utils import absolute_coordinate, quote_sheetname

    columns = list(df.columns)

    def col(name: str) -> int:
        if columns.count(name) != 1:
            raise ValueError(f"chart column {name!r} is not one column of sheet {ws.title!r}")
        return columns.index(name) + 1

    def cells(c: int, top: int, bottom: int) -> str:
        return (f"{quote_sheetname(ws.title)}!"
                f"{absolute_coordinate(f'{get_column_letter(c)}{top}:{get_column_letter(c)}{bottom}')}")

    anchor_col = get_column_letter(len(columns) + 2)
    free_row = header_row
    for spec in charts:
        start, stop = spec.rows if spec.rows is not None else (0, len(df))
        if not 0 <= start < stop <= len(df):
            continue  # nothing to draw
        first, last = header_row + 1 + start, header_row + stop
        chart = BarChart()
        chart.type = "bar" if spec.horizontal else "col"
        chart.grouping = "clustered"
        chart.title = spec.title
        chart.x_axis.title = spec.x_title
        chart.y_axis.title = spec.y_title
        # openpyxl 3.1 marks axes deleted unless told otherwise: Excel would draw none.
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        if spec.horizontal:  # the first row at the top, as in the table
            chart.x_axis.scaling.orientation = "maxMin"
        labels = cells(col(spec.categories), first, last)
        for name in spec.values:
            c = col(name)
            series = Series(Reference(ws, min_col=c, min_row=first, max_row=last))
            header = absolute_coordinate(f"{get_column_letter(c)}{header_row}")
            series.tx = SeriesLabel(strRef=StrRef(f=f"{quote_sheetname(ws.title)}!{header}"))
            # The categories as text (openpyxl's set_categories refers to them as numbers).
            series.cat = AxDataSource(strRef=StrRef(f=labels))
            chart.series.append(series)
        if len(spec.values) == 1:
            chart.legend = None
        else:
            chart.legend.position = "b"
        bars = (stop - start) * (len(spec.values) if spec.horizontal else 1)
        chart.width = 16
        chart.height = min(max(7.5, 3.5 + 0.45 * bars), 24)
        row = max(first, free_row)
        ws.add_chart(chart, f"{anchor_col}{row}")
        free_row = row + math.ceil(chart.height / _ROW_CM) + 2
