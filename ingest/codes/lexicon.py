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
stands for ('gypsy' = 'gypsy roma'). A key may name a class of words in braces ('transferred to
{la}'): the `[classes]` table lists its members ('Leeds', 'Kent'), and the class `{la}` also
takes a council's words after a name ('Kent County Council', 'Leeds CC'); the key stands for
each of them. A value is rewritten once, in one pass: the words written out are not read as
phrases again.
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
    # Phrases naming a class: (their words, a class's name standing for one word) -> meaning.
    patterns: tuple[tuple[tuple[str, ...], str, str], ...] = ()


def forget() -> None:
    """Read the files again on next use (tests that write a lexicon of their own)."""
    for cached in (_parsed, _tables, _classes):
        cached.cache_clear()


@cache
def _parsed() -> tuple[tuple[Path, dict], ...]:
    """Every lexicon file parsed once (the tables and the classes both read them)."""
    out = []
    for path in files():
        with path.open("rb") as f:
            out.append((path, tomllib.load(f)))
    return tuple(out)


@cache
def _tables() -> dict[str, _Table]:
    merged: dict[str, dict[str, str]] = {}
    patterns: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
    where: dict[tuple[str, str], str] = {}
    loaded = _parsed()
    known = _classes()
    for path, data in loaded:
        for name, entries in _flatten(data):
            for phrase, words in entries.items():
                key = " ".join(_WORD.findall(_CLASS.sub(" ", phrase.lower())))
                if not key or not isinstance(words, str) or not _WORD.search(words.lower()):
                    raise ValueError(f"{path.name} [{name}]: '{phrase}' needs a phrase and the "
                                     "words it stands for")
                if _CLASS.search(phrase):
                    patterns.setdefault(name, []).append(
                        (_pattern(phrase, known, path.name), words.lower(), phrase.lower()))
                    continue
                if merged.setdefault(name, {}).get(key, words) != words:
                    raise ValueError(f"{path.name} [{name}]: '{phrase}' is already "
                                     f"'{merged[name][key]}' in {where[(name, key)]}")
                merged[name][key] = words.lower()
                where[(name, key)] = path.name
    # Looked up by their words, not as one pattern: a pattern of some 6,000 phrases took 0.3 s
    # to compile, paid by the first ingest that meets an unread value.
    return {name: _Table(merged.get(name, {}),
                         max((len(p.split(" ")) for p in merged.get(name, {})), default=0),
                         tuple(patterns.get(name, ())))
            for name in sorted(merged.keys() | patterns.keys())}


_CLASS = re.compile(r"\{([a-z_]+)\}")


def _pattern(phrase: str, known: dict, file: str) -> tuple[str, ...]:
    """'transferred to {la}' -> ('transferred', 'to', '{la}')."""
    out: list[str] = []
    for part in re.split(r"(\{[a-z_]+\})", phrase.lower()):
        if m := _CLASS.fullmatch(part):
            if part not in known:
                raise ValueError(f"{file}: '{phrase}' names the class '{m.group(1)}', which no "
                                 "[classes] table lists")
            out.append(part)
        else:
            out += _WORD.findall(part)
    return tuple(out)


@cache
def _classes() -> dict[str, dict[str, list[tuple[str, ...]]]]:
    """Each class's members, by first word, longest first ('leeds cc' before 'leeds'), from the
    `[classes]` tables of every file; an `{la}` member may be followed by a council's words."""
    lists: dict[str, list[str]] = {}
    for _path, data in _parsed():
        for name, members in data.get("classes", {}).items():
            lists.setdefault(name, []).extend(members)
    council = [tuple(_WORD.findall(w.lower())) for w in lists.pop("council_words", [])]
    out: dict[str, dict[str, list[tuple[str, ...]]]] = {}
    for name, members in lists.items():
        index: dict[str, list[tuple[str, ...]]] = {}
        for member in members:
            words = tuple(_WORD.findall(member.lower()))
            # 'Telford & Wrekin': an '&' is no word, so a member is also itself without 'and'.
            for form in {words, tuple(w for w in words if w != "and")}:
                for tail in [(), *council] if name == "la" else [()]:
                    index.setdefault(form[0], []).append(form + tail)
        out[f"{{{name}}}"] = {w: sorted(set(v), key=len, reverse=True) for w, v in index.items()}
    return out


def _flatten(data: dict) -> list[tuple[str, dict]]:
    """('placement_type', {...}) and ('column.disability', {...}) from the parsed file."""
    out = []
    for name, entries in data.items():
        if name == "classes":
            continue
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
    words = [w for _, _, w in spans]
    out, at, i = [], 0, 0
    while i < len(spans):
        for n in range(min(table.longest, len(spans) - i), 0, -1):
            phrase = " ".join(words[i:i + n])
            if phrase in table.words:
                out += [text[at:spans[i][0]], f" {table.words[phrase]} "]
                at, i = spans[i + n - 1][1], i + n
                used.append(phrase)
                break
        else:
            if (found := _class_phrase(table, text, spans, i)) is not None:
                n, meaning = found
                out += [text[at:spans[i][0]], f" {meaning} "]
                at, i = spans[i + n - 1][1], i + n
                used.append(" ".join(words[i - n:i]))
            else:
                i += 1
    return "".join(out) + text[at:]


def _class_phrase(table: _Table, text: str, spans: list, i: int) -> tuple[int, str] | None:
    """(words used, meaning) of the longest phrase naming a class that begins at word i, when
    the phrase ends the value or a part of it: 'Transferred to Kent', 'Transferred to Leeds CC
    as their LAC', never 'Transferred to Durham prison' or 'Moved to Reading Road'."""
    words = [w for _, _, w in spans]
    best = None
    for pattern, meaning, _ in table.patterns:
        n = _match(pattern, words, i)
        if n and (best is None or n > best[0]) and _ends_a_part(text, spans, i + n):
            best = (n, meaning)
    return best


# Words that may follow a named council without naming something else: 'as their LAC'.
_AFTER_A_PLACE = frozenset({"as", "their", "now", "who", "which", "on", "in", "from", "with"})


def _ends_a_part(text: str, spans: list, j: int) -> bool:
    """Word j begins a new part of the value, or there is none."""
    if j >= len(spans):
        return True
    between = text[spans[j - 1][1]:spans[j][0]]
    return bool(re.search(r"[,;:()\[\]/–—]|\s-\s", between)) or spans[j][2] in _AFTER_A_PLACE


def _match(pattern: tuple[str, ...], words: list[str], i: int) -> int:
    """How many words from i the pattern takes (0: no match); a class takes its longest member."""
    at = i
    for part in pattern:
        if part.startswith("{"):
            member = next((m for m in _classes()[part].get(words[at] if at < len(words) else "",
                                                            ())
                           if tuple(words[at:at + len(m)]) == m), None)
            if member is None:
                return 0
            at += len(member)
        elif at < len(words) and words[at] == part:
            at += 1
        else:
            return 0
    return at - i
