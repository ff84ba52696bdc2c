"""Text that a user typed or an LA's workbook holds, shown safely through Streamlit Markdown.

Streamlit renders Markdown in messages, captions, button labels and help, so a case ID, an LA
name or a visit note could otherwise show as a link, formatting, HTML or an icon (and differ
from what it is).
"""

from __future__ import annotations

import re

# What Streamlit's Markdown gives a meaning to anywhere in a line: emphasis and code, links and
# images, HTML, tables, strikethrough, LaTeX ('$'), e-mail links ('@') and entities ('&' before a
# name). Escaped with a backslash, each shows as itself.
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>|~$@]|&(?=[#A-Za-z0-9]))")
# ... and at the start of a line: headings, quotes, lists, rules.
_MARKDOWN_BLOCK = re.compile(r"^(\s*)([#>+=-])")
_MARKDOWN_ORDERED = re.compile(r"^(\s*\d+)([.)])")
# Streamlit turns bare 'http://...', 'www....' and 'a@b.c' into links, and ':name:' into icons,
# after the Markdown is parsed, so escaping cannot stop it: an invisible word joiner can.
_JOINER = "\u2060"


def markdown_safe(text) -> str:
    """Text typed by a user or read from an LA's workbook, safe inside Markdown: shown as
    written (on one line), never as a link, formatting, HTML, icon or a formula (a note
    '[x](http://y)' stays text). Ordinary text, 'Visit 1: 5 children', is unchanged."""
    text = "" if text is None else " ".join(str(text).splitlines())
    text = re.sub(r":(?=[/A-Za-z])", ":" + _JOINER, text)
    text = re.sub(r"(?i)\b(www)\.", r"\1" + _JOINER + ".", text)
    text = text.replace("@", _JOINER + "@")
    text = _MARKDOWN_INLINE.sub(r"\\\1", text)
    text = _MARKDOWN_ORDERED.sub(r"\1\\\2", text)
    return _MARKDOWN_BLOCK.sub(r"\1\\\2", text)
