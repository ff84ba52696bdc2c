"""Long text in a data grid (st.dataframe), shown in full rather than cut off at the cell's edge.

Streamlit's grid wraps text only when its rows are taller than 4rem (64 px); every row has the same
height. So a table with a column of long text ("Why chosen", a status, a threshold's name) gets a
fixed width for that column and rows tall enough for its longest text, estimated from the number
of characters. Up to MAX_LINES lines: a longer text is cut, so the page also lists it in full
nearby (the sample's reasons are in "Why each child was chosen, in full").
"""

from __future__ import annotations

import math
from collections.abc import Iterable

CHAR_PX = 6.4  # an average character of the grid's 14 px font (about 5.8), with room
LINE_PX = 19  # one wrapped line (about 18.5 px)
CELL_PAD_PX = 18  # left and right padding of a cell
ROW_PAD_PX = 12  # top and bottom padding of a row
WORD_SLACK = 0.92  # the share of a line's characters left by breaking between words
WRAP_MIN_PX = 65  # the grid wraps text only in rows taller than 64 px
ROW_PX = 35  # the grid's default row, one line
HEADER_PX = 38
MAX_LINES = 6


def chars_per_line(width: int) -> int:
    return max(6, int((width - CELL_PAD_PX) / CHAR_PX * WORD_SLACK))


def lines_needed(texts: Iterable, width: int) -> int:
    """Lines the longest of `texts` takes in a column `width` pixels wide."""
    per_line = chars_per_line(width)
    return max((math.ceil(len(str(t)) / per_line) for t in texts
                if t is not None and str(t) != "nan"), default=1)


def row_height(*columns: tuple[Iterable, int]) -> int | None:
    """The row height that shows every text of these (texts, column width) pairs in full, up to
    MAX_LINES; None (the grid's default) when every text fits on one line."""
    lines = min(max((lines_needed(t, w) for t, w in columns), default=1), MAX_LINES)
    if lines <= 1:
        return None
    return max(WRAP_MIN_PX, lines * LINE_PX + ROW_PAD_PX)


def table_height(rows: int, cap: int, row: int | None = None) -> int:
    """A table's height showing every row, plus the header, up to a cap."""
    return min((row or ROW_PX) * rows + HEADER_PX, cap)
