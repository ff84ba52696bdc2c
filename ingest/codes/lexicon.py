"""Practitioners' words for what a code list says in its own words (docs/data-quality.md, "Code
values", "The lexicon").

A value such as 'HMYOI Werrington' or 'Own flat, no support package' names its code by words the
code's wording never uses: an establishment's kind or name, a tenancy, a referrer's job. The
lexicon (ingest/spec/lexicon/*.toml) writes such phrases out in the list's own words ('young
offender institution', 'independent living'), and the value is read again. It is tried only
when a value reads as no code and as no conflict (read.read_code), so it adds readings and never
changes one the value's own words give; a reading it gives is a variant whose note names the
phrases used, shown in the load report like every other reading not written as the template
writes it.

Each table is a code list (`[placement_type]`) or a yes/no column (`[column.disability]`); a key
is a phrase of whole words (any punctuation or spacing between them), a value the words it
stands for ('gypsy' = 'gypsy roma'). A value is rewritten once, in one pass: the words written
out are not read as phrases again.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parents[1] / "spec" / "lexicon"
_WORD = re.compile(r"[a-z0-9]+")


def files() -> list[Path]:
    """The lexicon's files, in name order (they decide readings: code_readings.rules_version)."""
    return sorted(LEXICON_DIR.glob("*.toml"))


@dataclass(frozen=True)
class _Table:
    words: dict[str, str]  # the phrase's words joined by single spaces -> the words it means
    longest: int  # the most words a phrase of the table has


@cache
def _tables() -> dict[str, _Table]:
    merged: dict[str, dict[str, str]] = {}
    where: dict[tuple[str, str], str] = {}
    for path in files():
        with path.open("rb") as f:
            data = tomllib.load(f)
        for name, entries in _flatten(data):
            for phrase, words in entries.items():
                key = " ".join(_WORD.findall(phrase.lower()))
                if not key or not isinstance(words, str) or not _WORD.search(words.lower()):
                    raise ValueError(f"{path.name} [{name}]: '{phrase}' needs a phrase and the "
                                     "words it stands for")
                if merged.setdefault(name, {}).get(key, words) != words:
                    raise ValueError(f"{path.name} [{name}]: '{phrase}' is already "
                                     f"'{merged[name][key]}' in {where[(name, key)]}")
                merged[name][key] = words.lower()
                where[(name, key)] = path.name
    # Looked up by their words, not as one pattern: a pattern of some 6,000 phrases took 0.3 s
    # to compile, paid by the first ingest that meets an unread value.
    return {name: _Table(words, max(len(p.split(" ")) for p in words))
            for name, words in merged.items()}


def _flatten(data: dict) -> list[tuple[str, dict]]:
    """('placement_type', {...}) and ('column.disability', {...}) from the parsed file."""
    out = []
    for name, entries in data.items():
        if name == "column":
            out += [(f"column.{col}", e) for col, e in entries.items()]
        else:
            out.append((name, entries))
    return out


def rewrite(code_list: str, column: str, text: str) -> tuple[str, list[str]]:
    """`text` with the phrases of the column's table and its code list's written out, and the
    phrases used (none: `text` as it was). From the left, the longest phrase at each word."""
    lowered, used = text.lower(), []
    for name in (f"column.{column}", code_list):
        table = _tables().get(name)
        if table is not None:
            lowered = _written_out(table, lowered, used)
    return (re.sub(r"\s+", " ", lowered).strip(), used) if used else (text, [])


def _written_out(table: _Table, text: str, used: list[str]) -> str:
    spans = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
    out, at, i = [], 0, 0
    while i < len(spans):
        for n in range(min(table.longest, len(spans) - i), 0, -1):
            phrase = " ".join(w for _, _, w in spans[i:i + n])
            if phrase in table.words:
                out += [text[at:spans[i][0]], f" {table.words[phrase]} "]
                at, i = spans[i + n - 1][1], i + n
                used.append(phrase)
                break
        else:
            i += 1
    return "".join(out) + text[at:]
