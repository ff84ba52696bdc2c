"""Undoing what carrying a cell between systems did to its text, before a header or a code value
is read: Excel's escapes for control characters ('_x000D_'), escapes a JSON or Python export
left written out ('Children\\u2019s home'), a web form's percent-encoding ('Placed%20with%20
parents'), HTML entities ('Family &amp; friends') and text decoded with the wrong code page
(mojibake: 'Childrenâ€™s home', 'Child├ós home').

Each repair is tried only when its own mark is in the text, so a cell written plainly is never
touched; the reader says what was undone (docs/data-quality.md, "The order of reading").
Mojibake is undone by ftfy (a well-kept library that knows which code pages turn which
characters into which), never by a table of our own.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from functools import lru_cache

import ftfy

_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_WRITTEN_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})")
# '\n', '\r', '\t' written out are undone only beside a '\u' escape: a backslash alone is a
# separator ('Independent living\no support' must keep its 'no').
_WRITTEN_CONTROL = re.compile(r"\\[nrt]")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _excel(text: str) -> str:
    return _EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def _written(text: str) -> str:
    text = _WRITTEN_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return _WRITTEN_CONTROL.sub(" ", text)


def _percent(text: str) -> str:
    # A form posts a space as '+' (and never as '%20'): '+' is a space only where the text
    # has neither, so 'CIN + CP' and 'Aged%2016+' keep their plus.
    if " " not in text and "%20" not in text:
        return urllib.parse.unquote_plus(text)
    return urllib.parse.unquote(text)


def repair_note(undone: tuple[str, ...]) -> str:
    """How a reading names what was undone: 'once its text is repaired: HTML entities'."""
    return f"once its text is repaired: {', '.join(undone)}"


# (what the reader says was undone, its mark, the repair), in the order a file meets them.
_REPAIRS = (
    ("Excel's escaped characters", _EXCEL_ESCAPE, _excel),
    ("escapes written out", _WRITTEN_ESCAPE, _written),
    ("web percent-encoding", _PERCENT, _percent),
    ("HTML entities", _ENTITY, html.unescape),
)


@lru_cache(maxsize=65536)
def repair(text: str) -> tuple[str, tuple[str, ...]]:
    """(the text as it was meant, what was undone); the text unchanged and () when nothing."""
    done: list[str] = []
    for name, mark, fix in _REPAIRS:
        if mark.search(text):
            fixed = fix(text)
            if fixed != text:
                text = fixed
                done.append(name)
    if not text.isascii():
        fixed = ftfy.fix_encoding(text)
        if fixed != text:
            text = fixed
            done.append("characters decoded with the wrong code page")
    # A character the export could not write ('Children\ufffds home') is lost: a space keeps
    # the words apart.
    if "\ufffd" in text:
        text = text.replace("\ufffd", " ")
        done.append("characters the export lost")
    return text, tuple(done)
