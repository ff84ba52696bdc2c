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
    pattern: re.Pattern | None
    words: dict[str, str]  # the phrase's words joined by single spaces -> the words it means


def _phrase_pattern(phrase: str) -> str:
    """A phrase's words, whole, with any run of non-letters between them ('a&e', 'a and e' are
    not the same phrase: each is its own key)."""
    return r"[^a-z0-9]+".join(re.escape(w) for w in _WORD.findall(phrase))


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
    tables = {}
    for name, words in merged.items():
        phrases = sorted(words, key=lambda p: (-len(p), p))  # the longest phrase first
        pattern = re.compile(r"(?<![a-z0-9])(?:" + "|".join(map(_phrase_pattern, phrases))
                             + r")(?![a-z0-9])")
        tables[name] = _Table(pattern, words)
    return tables


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
    phrases used ('' changes nothing: then the list is empty)."""
    lowered, used = text.lower(), []
    for name in (f"column.{column}", code_list):
        table = _tables().get(name)
        if table is None:
            continue

        def meaning(m: re.Match, table: _Table = table) -> str:
            phrase = " ".join(_WORD.findall(m.group(0)))
            used.append(phrase)
            return f" {table.words[phrase]} "

        lowered = table.pattern.sub(meaning, lowered)
    return (re.sub(r"\s+", " ", lowered).strip(), used) if used else (text, [])
