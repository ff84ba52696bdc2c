"""The Annex A spec (ingest/spec/annex_a.toml) and the tolerant matching of sheets and headers.

The spec is data; this module only loads it and answers "which list is this sheet?" and "which
column is this header?". Header matching follows annex-a-field-spec.md §1.6: normalise (NFKC,
straight quotes, collapsed whitespace, case, trailing punctuation), match exactly against the
template header and its known variants, then try the column's pattern.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

SPEC_PATH = Path(__file__).with_name("spec") / "annex_a.toml"

NUMBERED_LISTS = tuple(f"list_{n}" for n in range(1, 12))
EXTRA_LISTS = ("siblings", "missing_exploitation", "audits")

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "`": "'",
                         "“": '"', "”": '"', "„": '"', "\u00a0": " "})


def normalise_header(text: object) -> str:
    """Fold a header to the form every comparison uses."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES)
    s = re.sub(r"\s+", " ", s).strip().lower()
    return s.rstrip("?.: ").strip()


@dataclass(frozen=True)
class Column:
    name: str
    header: str
    type: str
    codes: str | None = None
    required: bool = False
    optional: bool = False
    variants: tuple[str, ...] = ()
    pattern: str | None = None

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(normalise_header(h) for h in (self.header, *self.variants))


@dataclass(frozen=True)
class ListSpec:
    key: str  # list_1 .. list_11, siblings, missing_exploitation, audits
    title: str
    columns: tuple[Column, ...]
    number: int | None = None
    sheet_names: tuple[str, ...] = ()
    sheet_keywords: tuple[str, ...] = ()
    child_key: str = "child_id"
    event_date: str | None = None
    end_date: str | None = None
    one_row_per_child: bool = False

    @property
    def label(self) -> str:
        return f"List {self.number}: {self.title}" if self.number else self.title

    @property
    def table(self) -> str:
        return f"raw_{self.key}"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


@dataclass
class Spec:
    lists: dict[str, ListSpec]
    codes: dict[str, dict] = field(default_factory=dict)
    aliases: dict[str, dict[str, list[str]]] = field(default_factory=dict)


@cache
def load_spec(path: Path = SPEC_PATH) -> Spec:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    lists = {}
    for key, body in raw["lists"].items():
        cols = tuple(
            Column(
                name=c["name"], header=c["header"], type=c["type"], codes=c.get("codes"),
                required=c.get("required", False), optional=c.get("optional", False),
                variants=tuple(c.get("variants", ())), pattern=c.get("pattern"),
            )
            for c in body["columns"]
        )
        lists[key] = ListSpec(
            key=key, title=body["title"], columns=cols, number=body.get("number"),
            sheet_names=tuple(body.get("sheet_names", ())),
            sheet_keywords=tuple(body.get("sheet_keywords", ())),
            child_key=body.get("child_key", "child_id"), event_date=body.get("event_date"),
            end_date=body.get("end_date"), one_row_per_child=body.get("one_row_per_child", False),
        )
    return Spec(lists=lists, codes=raw["codes"], aliases=raw.get("aliases", {}))


# --------------------------------------------------------------------------------------- headers

@dataclass
class HeaderMatch:
    """Which source column (by position) feeds which spec column, and what did not fit."""

    mapping: dict[str, int]  # canonical name -> 0-based position in the sheet
    unknown: list[tuple[int, str]]  # (position, header as written)
    duplicate: list[tuple[int, str, str]]  # (position, header as written, canonical name)
    missing: list[Column]  # spec columns with no header (optional columns excluded)

    @property
    def score(self) -> int:
        return len(self.mapping)


def match_headers(headers: list[object], spec: ListSpec) -> HeaderMatch:
    mapping: dict[str, int] = {}
    unknown: list[tuple[int, str]] = []
    duplicate: list[tuple[int, str, str]] = []
    by_key: dict[str, Column] = {}
    for col in spec.columns:
        for k in col.keys:
            by_key.setdefault(k, col)
    pending: list[tuple[int, str, str]] = []
    for pos, raw in enumerate(headers):
        norm = normalise_header(raw)
        if not norm:
            continue
        col = by_key.get(norm)
        if col is None:
            pending.append((pos, str(raw), norm))
            continue
        if col.name in mapping:
            duplicate.append((pos, str(raw), col.name))
        else:
            mapping[col.name] = pos
    # Patterns only for columns still unmatched, so an exact header always wins.
    for pos, raw, norm in pending:
        col = next(
            (c for c in spec.columns
             if c.pattern and c.name not in mapping and re.search(c.pattern, norm)),
            None,
        )
        if col is None:
            unknown.append((pos, raw))
        else:
            mapping[col.name] = pos
    missing = [c for c in spec.columns if c.name not in mapping and not c.optional]
    return HeaderMatch(mapping, unknown, duplicate, missing)


def find_header_row(rows: list[list[object]], spec: ListSpec | None = None) -> int | None:
    """Index of the header row among the first rows of a sheet.

    With a spec: the row matching most of its headers (at least two). Without: the first row with
    more than three non-blank cells (FrontDoorDataCollaboration's rule, which skips title rows).
    """
    if spec is not None:
        best, best_score = None, 1
        for i, row in enumerate(rows):
            score = match_headers(list(row), spec).score
            if score > best_score:
                best, best_score = i, score
        return best
    for i, row in enumerate(rows):
        if sum(1 for v in row if v not in (None, "")) > 3:
            return i
    return None


# ----------------------------------------------------------------------------------------- sheets

_NON_DATA_SHEETS = {"front_sheet", "front sheet", "faq_and_changes", "faq and changes",
                    "guidance", "codes_used", "codes used", "codes", "contents", "notes"}


def _sheet_key(name: str) -> str:
    s = normalise_header(name).replace("_", " ").replace("-", " ")
    return re.sub(r"\s+", " ", s).strip()


def is_non_data_sheet(name: str) -> bool:
    return normalise_header(name) in _NON_DATA_SHEETS or _sheet_key(name) in _NON_DATA_SHEETS


def list_for_sheet_name(name: str) -> str | None:
    """The list a sheet or file name points to, or None. 'List 1' never matches list 10 or 11.

    The extras come first: a name that mentions siblings, 2.02, missing or audits is that sheet
    even when it starts 'List 8' ("List 8 siblings", ¶262's separate sheet).
    """
    key = _sheet_key(name)
    spec = load_spec()
    for lk in EXTRA_LISTS:
        if any(kw in key or kw in name.lower() for kw in spec.lists[lk].sheet_keywords):
            return lk
    m = re.match(r"^(?:list|l)\s?0?(\d{1,2})(?!\d)", key)
    if m and 1 <= int(m.group(1)) <= 11:
        return f"list_{int(m.group(1))}"
    for lk in NUMBERED_LISTS:
        names = spec.lists[lk].sheet_names
        if key in names:
            return lk
        # "Contacts (Jan 2025)" or "List 1 - Contacts" style: a known name followed by more words.
        if any(re.match(rf"^{re.escape(n)}\b", key) for n in names if len(n) > 3):
            return lk
    return None


def list_for_file_name(stem: str) -> str | None:
    """One CSV per list: the list its file name names, by number or keyword (PATCh 006 rules)."""
    key = _sheet_key(stem)
    m = re.search(r"(?:^|\s|_)(?:list|l)\s?0?(\d{1,2})(?!\d)", key)
    if m and 1 <= int(m.group(1)) <= 11:
        return f"list_{int(m.group(1))}"
    found = list_for_sheet_name(stem)
    if found:
        return found
    rules = [
        ("siblings", ("sibling",)), ("missing_exploitation", ("2.02", "missing", "exploitation")),
        ("audits", ("audit",)), ("list_9", ("leaver",)), ("list_11", ("adopter",)),
        ("list_10", ("adoption",)), ("list_1", ("contact",)), ("list_2", ("early help", "early")),
        ("list_3", ("referral",)), ("list_5", ("47", "section 47", "s47")),
        ("list_4", ("assess",)), ("list_6", ("need", "cin")), ("list_7", ("protection", "cpp")),
        ("list_8", ("care", "cla", "looked after")),
    ]
    for lk, words in rules:
        if any(w in key for w in words):
            return lk
    return None


def best_list_by_headers(headers: list[object], exclude: set[str] = frozenset()) -> str | None:
    """The list whose headers a sheet matches best, when its name says nothing.

    A sheet counts as list N only when it matches most of list N's template columns, so a
    stray table is not mistaken for a list.
    """
    spec = load_spec()
    best, best_ratio = None, 0.0
    for lk, ls in spec.lists.items():
        if lk in exclude:
            continue
        wanted = [c for c in ls.columns if not c.optional]
        got = match_headers(headers, ls).mapping
        ratio = sum(1 for c in wanted if c.name in got) / len(wanted)
        if ratio > best_ratio or (ratio == best_ratio and best and len(wanted) > len(
                [c for c in spec.lists[best].columns if not c.optional])):
            best, best_ratio = lk, ratio
    return best if best_ratio >= 0.75 else None
