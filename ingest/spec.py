"""The Annex A spec (ingest/spec/annex_a.toml) and the tolerant matching of sheets and headers.

The spec is data; this module only loads it and answers "which list is this sheet?" and "which
column is this header?". Header matching (docs/data-quality.md, "Headers"), strongest first:
the template header or a known variant after light normalisation (case, quotes, spaces, trailing
punctuation); the same after folding meaning-free differences (bracketed notes such as
"(DD/MM/YYYY)", "Y/N", abbreviations such as DOB or CLA, word order, plurals) against the header,
its variants and its synonyms; the column's pattern; a scored fuzzy match (rapidfuzz) above
HEADER_ACCEPT_SCORE; then, for a header still unknown, its place: standing exactly where one
template column is missing, and naming no other kind of value. Each header feeds at most one
column and each column takes one header, the strongest match first, so an exact header always
wins.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from ingest.text_repair import repair, repair_note

SPEC_PATH = Path(__file__).with_name("spec") / "annex_a.toml"
VALIDITY_PATH = Path(__file__).with_name("spec") / "code_validity.toml"

NUMBERED_LISTS = tuple(f"list_{n}" for n in range(1, 12))
EXTRA_LISTS = ("siblings", "missing_exploitation", "audits")

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "`": "'",
                         "“": '"', "”": '"', "„": '"', "\u00a0": " "})


def normalise_header(text: object) -> str:
    """Fold a header to the form every comparison uses."""
    if text is None:
        return ""
    return _normalised(str(text))


@lru_cache(maxsize=65536)
def _normalised(s: str) -> str:
    # What carrying the file between systems did to the text ('Child%20ID', '_x000D_') undone,
    # until nothing changes: folding case can make a string look like mojibake again ('»È'
    # folds to '»è', which a Mac code page would turn into 'ȏ'), and a header folded once must
    # fold to itself.
    for _ in range(4):
        folded = unicodedata.normalize("NFKC", repair(s)[0]).translate(_QUOTES)
        folded = re.sub(r"\s+", " ", folded).strip().lower().rstrip("?.: ").strip()
        if folded == s:
            break
        s = folded
    return s


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
    # A regular expression whose group 'code' is the part of a value that is the code ('B1').
    value_pattern: str | None = None
    synonyms: tuple[str, ...] = ()  # other wordings, compared by header_key (meaning, not text)
    # Spellings that mean a code in this column only: ((code, (spelling, ...)), ...).
    value_aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def keys(self) -> frozenset[str]:
        return _wording_keys(self)

    @property
    def meaning_keys(self) -> frozenset[str]:
        return _meaning_keys(self)


@cache
def _wording_keys(col: Column) -> frozenset[str]:
    return frozenset(normalise_header(h) for h in (col.header, *col.variants))


@cache
def _meaning_keys(col: Column) -> frozenset[str]:
    keys = (header_key(h) for h in (col.header, *col.variants, *col.synonyms))
    return frozenset(k for k in keys if k)  # a wording of filler words alone means nothing


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

    def group_columns(self) -> tuple[Column, ...]:
        """Coded columns whose code list has groups: the typed rows carry `<name>_group` beside
        them, so a value that fits several codes of one group is still counted in the group
        (docs/data-quality.md, "Code values")."""
        codes = load_spec().codes
        return tuple(c for c in self.columns if c.type == "code"
                     and any(e.get("group") for e in codes[c.codes]["entries"]))


@dataclass
class Spec:
    lists: dict[str, ListSpec]
    codes: dict[str, dict] = field(default_factory=dict)
    aliases: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    validity: list[dict] = field(default_factory=list)  # spec/code_validity.toml [[valid]]


def _as_list(value: object) -> list[str]:
    return list(value) if isinstance(value, list) else []


@cache
def load_spec(path: Path = SPEC_PATH) -> Spec:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    lists = {}
    synonyms_of: dict[str, list[str]] = raw.get("header_synonyms", {})
    column_values: dict[str, dict[str, list[str]]] = raw.get("value_aliases", {})
    for key, body in raw["lists"].items():
        cols = tuple(
            Column(
                name=c["name"], header=c["header"], type=c["type"], codes=c.get("codes"),
                required=c.get("required", False), optional=c.get("optional", False),
                variants=tuple(c.get("variants", ())), pattern=c.get("pattern"),
                value_pattern=c.get("value_pattern"),
                # [header_synonyms] name = [...] for every list; list_N.name = [...] for one.
                synonyms=(*c.get("synonyms", ()), *_as_list(synonyms_of.get(c["name"])),
                          *_as_list(synonyms_of.get(key, {}).get(c["name"]))),
                # Inline, then [value_aliases] name.code = [...] for every list with the column.
                value_aliases=tuple(
                    (code, tuple(sp)) for table in (c.get("value_aliases", {}),
                                                    column_values.get(c["name"], {}))
                    for code, sp in table.items() if isinstance(sp, list)),
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
    codes = raw["codes"]
    validity: list[dict] = []
    if path == SPEC_PATH and VALIDITY_PATH.exists():
        years = tomllib.loads(VALIDITY_PATH.read_text(encoding="utf-8"))
        validity = years.get("valid", [])
        # Codes added to a DfE list after the 2019 template, with their first valid year.
        for new in years.get("new_code", []):
            entries = codes[new["code_list"]]["entries"]
            if all(e.get("token") != new["token"] for e in entries):
                entries.append({k: new[k] for k in ("code", "token", "detail", "group")
                                if k in new})
            if "valid_from" in new or "valid_to" in new:
                validity.append({k: new[k] for k in ("code_list", "token", "valid_from",
                                                       "valid_to", "note", "source") if k in new})
    return Spec(lists=lists, codes=codes, aliases=raw.get("aliases", {}), validity=validity)


# --------------------------------------------------------------------------------------- headers

# Meaning-free differences between two wordings of one header, folded before comparing.
# Bracketed notes on format or coding ("(DD/MM/YYYY)", "(Y/N)", "(CIN code)") carry no meaning;
# other bracketed words ("Category of Abuse (Initial)") do, and are kept.
_BRACKETS = re.compile(r"[\(\[][^)\]]*(?:dd|mm|yy|y/n|y or n|yes/no|code|format|if applicable|"
                       r"optional|years|yrs)[^)\]]*[\)\]]"
                       # letters standing for the codes allowed: '(M/F)', '(a-d)'
                       r"|[\(\[]\s*[a-z](?:\s*[/,-]\s*[a-z])+\s*[\)\]]")
_ABBREVIATIONS = [(re.compile(p), r) for p, r in (
    # Data-warehouse column names ('DIM_LOOKUP_CONT_SORC_ID_DESC', 'REFRL_END_DTTM'): the
    # dimension and lookup words say nothing; an ID's description or code is the value itself.
    (r"\b(dim|lookup|fact|vw)\b", " "), (r"\bid (desc|description|code)\b", " "),
    (r"\b(desc|description)\b", " "), (r"\bdttm\b", "date"), (r"\bsorc\b", "source"),
    (r"\bcont\b", "contact"), (r"\brefrl\b", "referral"), (r"\bendrsn\b", "end reason"),
    # The worker's or team's identifier stands for the worker or team.
    (r"\b(assignee|staff|user staff|allocated worker)\b", "worker"),
    (r"\b(dept|department)\b", "team"), (r"\b(worker|team) id\b", r"\1"),
    (r"\b(completed by|responsible)\b", " "),
    (r"\bd\s?o\s?b\b", "date of birth"), (r"\bbirth date\b", "date of birth"),
    (r"\b(cla|lac|cic|looked after child(ren)?|children looked after|child looked after|"
     r"in care)\b", "looked after"),
    (r"\bcin\b", "child in need"), (r"\bcpp\b", "child protection plan"),
    (r"\bcp\b", "child protection"), (r"\bsw\b", "social worker"),
    (r"\bno further action\b", "nfa"),
    (r"\buasc\b", "unaccompanied asylum seeking child"),
    (r"\biro\b", "independent reviewing officer"), (r"\bicpcs?\b",
     "initial child protection conference"),
    (r"\brcpc\b", "review child protection conference"),
    (r"\b(s|sec|section) ?47s?\b", "section 47"), (r"\beha\b", "early help assessment"),
    (r"\beh\b", "early help"), (r"\bffa\b", "fostering for adoption"),
    (r"\bsgo\b", "special guardianship order"), (r"\bepo\b", "emergency protection order"),
    (r"\bcse\b", "sexual exploitation"), (r"\bcce\b", "criminal exploitation"),
    (r"\badm\b", "agency decision maker"),
    (r"\b(no|num|nos|nr|number of|count of|total)\b", "number"), (r"#", " number "),
    (r"\b(dt|dte)\b", "date"), (r"\b(yp|young person)\b", "child"),
    (r"\bpa\b", "personal adviser"), (r"\badvisor\b", "adviser"),
    (r"\b(mths|mnths|mos)\b", "months"), (r"\b(yrs|yr)\b", "years"),
    (r"\b(\d+) ?m\b", r"\1 months"), (r"\b(rhi|ri)\b", "return interview"),
    (r"\bepis?\b", "episode"), (r"\b(miss|mis)\b", "missing"), (r"\bprev\b", "last"),
    (r"\bpp\b", "pathway plan"), (r"\baccom\b", "accommodation"),
    (r"\bearl\b", "early help"), (r"\bsign ?off\b", "authorisation"),
    (r"\b(latest|most recent|recent|previous)\b", "last"), (r"\b(la|local authority)\b", "la"),
    (r"\bref (date|source|nfa|reason|outcome)\b", r"referral \1"),  # 'Ref Date': not an ID
    (r"\bethnic origin\b", "ethnicity"), (r"\bsex\b", "gender"),
    (r"\bdisabled\b", "disability"), (r"\b(id|identifier|ref|reference)\b", "id"),
    (r"\bunique\b", " "),
    (r"\bauth\b", "authorisation"), (r"\bcount\b", "number"),
    # Entity prefixes of case-management and data-model exports ('cina_assessment_auth_date',
    # 'clap_cla_placement_type'): the entity they name, so the prefix adds no stray word.
    (r"\bcina\b", "assessment"), (r"\bcine\b", "child in need"),
    (r"\bcinp\b", "child in need plan"), (r"\bs47e\b", "section 47"),
    (r"\bcppl\b", "child protection plan"), (r"\bcppv\b", "child protection visit"),
    (r"\bcppr\b", "child protection review"), (r"\bclae\b", "looked after"),
    (r"\bclap\b", "placement"), (r"\b(clle|clea|lega|pers|perm)\b", " "),
    (r"\bcare leavers?\b", " "), (r"\bcinv\b", "visit"), (r"\bclav\b", "visit"),
    (r"\bclar\b", "review"),
    # Short forms of export column names ('ASMT_START_DATE', 'CP_CONF_DATE', 'INIT_ABUSE_CAT').
    (r"\b(asmt|assmt)\b", "assessment"), (r"\bconf\b", "conference"),
    (r"\bcat\b", "category"), (r"\binit\b", "initial"), (r"\brequ?\b", "required"),
    (r"\badop\b", "adoption"), (r"\breferrer\b", "referral"),
    # A period of care's admission and discharge (hospital words some systems use), and the
    # child protection register's registration and deregistration (a plan's start and end).
    (r"\badmission\b", "entered care"), (r"\bdischarge\b", "care ceased"),
    (r"\bregistration start\b", "child protection start"),
    (r"\bderegistration\b", "child protection end"),
)]
_STOP_WORDS = frozenset({
    "the", "of", "a", "an", "to", "be", "been", "is", "was", "has", "have", "did", "does", "do",
    "this", "that", "their", "they", "for", "in", "on", "at", "by", "y", "n", "yes", "or",
    "child", "childs", "children", "s", "what", "which", "whether", "if", "are", "were",
    "flag", "json", "indicator", "ind", "yn", "value", "field", "main",
})


def _stem(word: str) -> str:
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@cache
def _header_vocabulary() -> frozenset[str]:
    """Every word of the spec's headers, variants and synonyms, and the short forms read."""
    spec = load_spec()
    words: set[str] = set()
    for ls in spec.lists.values():
        for col in ls.columns:
            for h in (col.header, *col.variants, *col.synonyms):
                text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", unicodedata.normalize("NFKC", h))
                words.update(re.findall(r"[a-z]+", text.lower()))
    for pattern, _ in _ABBREVIATIONS:
        words.update(w for w in re.findall(r"[a-z]+", pattern.pattern.replace(r"\b", " "))
                     if len(w) >= 3)
    return frozenset(words)


def _run_together(word: str) -> str:
    """A word an export wrote without spaces ('DATEOFBIRTH', 'PLACEMENTTYPECODE') in the
    fewest known words ('date of birth'); unchanged when it is known or cannot be split so."""
    vocab = _header_vocabulary()
    if len(word) < 6 or not word.isalpha() or word in vocab:
        return word
    best: list[list[str] | None] = [[]] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 20), end):
            piece, before = word[start:end], best[start]
            if before is not None and piece in vocab \
                    and (len(piece) >= 3 or piece in ("of", "in", "id", "to", "on")) \
                    and (best[end] is None or len(before) + 1 < len(best[end])):
                best[end] = [*before, piece]
    found = best[len(word)]
    return " ".join(found) if found and len(found) > 1 else word


# '<done> by <team or worker>' at a header's end ('S47 completed by team'): what the column holds
# is the team or worker. Only after a verb of completing: 'Seen alone by social worker' is about
# the child being seen alone, 'Offered by worker' about the offer.
_DONE_BY = re.compile(r"\b(?:completed|complete|held|authori[sz]ed|undertaken|carried out|"
                      r"conducted|chaired|done|signed off) by (?:the )?(?:allocated |social )?"
                      r"(team|worker)s?(?: (?:id|name))?$")
# ... unless the header asks when or how many ('Date last seen by social worker').
_SYSTEM_PREFIX = re.compile(r"^(?:(?:txt|cbo|cmb|chk|lng|int|str|bln|lst|opt|fld)(?=[A-Z_])_?"
                            r"|(?:First|Last|Max|Min)Of(?=[A-Z]))")
# A date's type prefix says it is a date: 'dtReferral' is the referral's date, not its source.
_DATE_PREFIX = re.compile(r"^(?:dtm|dte|dt)(?=[A-Z_])_?")
_WHEN_OR_HOW_MANY = re.compile(r"\b(?:date|dt|dob|day|days|number|no|count|num)\b")


@cache
def header_key(text: object) -> str:
    """A header's meaning as a sorted set of word stems: 'CLA start date' and 'Date Started to be
    Looked After' both give 'after date look start'. Used for synonyms and fuzzy scores only:
    an exact match of the wording always comes first."""
    raw = unicodedata.normalize("NFKC", repair(str(text or ""))[0])
    # A database's own marks before a field's name: Access and VB type prefixes ('txtChildID',
    # 'dtmDOB', 'cboGender') and an Access query's 'FirstOf'/'MaxOf' (a count's 'CountOf' is
    # another thing, so kept).
    raw = _DATE_PREFIX.sub("Date ", _SYSTEM_PREFIX.sub("", raw.strip()))
    # A plural acronym ('ICPCs', 'CPPs') is the acronym, not an acronym and a word 'Cs'.
    raw = re.sub(r"([A-Z]{2,})s(?![a-z])", r"\1", raw)
    # System exports write CamelCase ('CINreferralDate', 'ChildUniqueID'): split it into words.
    raw = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=[0-9])"
                 r"|(?<=[0-9])(?=[A-Z])", " ", raw)
    s = normalise_header(raw).replace("'", "")
    s = _BRACKETS.sub(" ", s).replace("&", " and ")
    s = re.sub(r"[^a-z0-9#]+", " ", s)
    s = " ".join(_run_together(w) for w in s.split())
    # 'S47 completed by team', 'ICPC completed by worker ID': the column holds who did it.
    if (m := _DONE_BY.search(s)) and not _WHEN_OR_HOW_MANY.search(s):
        s = f"allocated {m.group(1)}"
    for pattern, repl in _ABBREVIATIONS:
        s = pattern.sub(repl, s)
    words = {_stem(w) for w in s.split() if w not in _STOP_WORDS}
    if not words:  # a header of filler words alone ('CHILD', 'Flag') keeps them
        words = {_stem(w) for w in s.split()}
    return " ".join(sorted(w for w in words if w))


# A fuzzy header match must score at least this (0-100) to be taken; below it the header is
# reported as unknown, with the nearest template headers as a suggestion.
HEADER_ACCEPT_SCORE = 88
SUGGEST_SCORE = 55


# Stems that change what a header is about: a header that has one of these and a candidate that
# lacks it (or the other way round) is not the same column however alike the rest is ('Assessment
# due date' is not the assessment start date; 'Social worker comments' is not the worker).
_DECISIVE = frozenset({"due", "next", "target", "comment", "note", "band", "reason", "end",
                       "start", "ceas", "address", "id", "ever", "outcome", "type", "review",
                       "visit", "age", "postcode"})


def header_score(a: str, b: str) -> int:
    """How alike two header keys are, 0-100. Word-order-blind (the keys are sorted); containment
    counts only when the shorter key has two or more words and the longer adds at most two, so
    'date' is never taken for every date column."""
    wa, wb = a.split(), b.split()
    if (set(wa) ^ set(wb)) & _DECISIVE:
        return min(int(fuzz.ratio(a, b)), HEADER_ACCEPT_SCORE - 1)
    score = fuzz.ratio(a, b)
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if len(short) >= 2 and len(long_) - len(short) <= 2:
        score = max(score, fuzz.token_set_ratio(a, b) - 4 * (len(long_) - len(short)))
    return int(score)


@dataclass
class HeaderMatch:
    """Which source column (by position) feeds which spec column, and what did not fit."""

    mapping: dict[str, int]  # canonical name -> 0-based position in the sheet
    unknown: list[tuple[int, str]]  # (position, header as written)
    duplicate: list[tuple[int, str, str]]  # (position, header as written, canonical name)
    missing: list[Column]  # spec columns with no header (optional columns excluded)
    # Headers read as a column under another wording: (position, as written, name, how).
    variants: list[tuple[int, str, str, str]] = field(default_factory=list)
    # Unknown headers' nearest template headers: position -> [template header, ...].
    suggestions: dict[int, list[str]] = field(default_factory=dict)

    @property
    def score(self) -> int:
        return len(self.mapping)


def match_headers(headers: list[object], spec: ListSpec, *, close: bool = True,
                  by_place: bool = True) -> HeaderMatch:
    """Match a header row to a list's columns, strongest evidence first (module docstring).

    `close=False` leaves out the close-wording scores, the reading by place and the suggestions:
    enough, and much cheaper, to tell which row of a sheet is its header row or which list a
    sheet is. `by_place=False` reads by wording alone (benchmarks/fidelity.py reports both)."""
    mapping: dict[str, int] = {}
    variants: list[tuple[int, str, str, str]] = []
    duplicate: list[tuple[int, str, str]] = []
    by_key: dict[str, Column] = {}
    for col in spec.columns:
        for k in col.keys:
            by_key.setdefault(k, col)
    template = {col.name: normalise_header(col.header) for col in spec.columns}
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
            if norm != template[col.name]:
                variants.append((pos, str(raw), col.name, "a known variant"))
            elif repair(str(raw))[1]:
                variants.append((pos, str(raw), col.name, "the template's wording"))
    if pending:
        pending = _match_by_meaning(pending, spec, mapping, variants, duplicate, close)
        if close and by_place:
            pending = _match_by_place(pending, spec, mapping, variants)
    # Whatever read it, a header read only once repaired says what was undone.
    variants = [(pos, raw, name,
                 f"{why}, {repair_note(undone)}" if (undone := repair(raw)[1]) else why)
                for pos, raw, name, why in variants]
    unknown = [(pos, raw) for pos, raw, _ in pending]
    suggestions = {pos: nearest_headers(raw, spec) for pos, raw, _ in pending} if close else {}
    missing = [c for c in spec.columns if c.name not in mapping and not c.optional]
    return HeaderMatch(mapping, unknown, duplicate, missing, sorted(variants),
                       {p: s for p, s in suggestions.items() if s})


# A short bracketed note naming the service or system at the end of a header ('Child Sex (EH)',
# 'Ref Date (CSC)'): the list already says which service; tried only when the whole header
# names no column.
_CONTEXT_NOTE = re.compile(r"\s*[\(\[]\s*[A-Za-z]{2,4}\s*[\)\]]\s*$")


def _without_context(raw: str) -> str:
    return _CONTEXT_NOTE.sub("", str(raw))


# Field names a database cut to its limit: dBase (and Access exporting to it) keeps 10 characters,
# SAS before version 7 kept 8: 'DATE_OF_BI', 'CHILD_UN', 'CONTACT_SO'.
_CUT_AT = (8, 10)


def _snake(text: object) -> str:
    return re.sub(r"[^a-z0-9]+", "_", normalise_header(text)).strip("_")


def _match_cut_names(left, spec: ListSpec, mapping, variants):
    """A header written as a database writes field names (capitals or underscores), of exactly
    8 or 10 characters, that begins exactly one column's wording (its template header, a
    variant, a synonym or its name, written with underscores) and ends inside one of its words
    is that column, cut short by the system that exported it. Never a name some wording of any
    list uses whole ('DATE_INT' is the SSDA903's adoption decision date), nor one that some
    wording of this list begins with whole words ('Section_47', 'Child_LA')."""
    still = []
    for pos, raw, norm in left:
        text = str(raw).strip()
        cut = _snake(text)
        hits: set[str] = set()
        whole = False
        if len(text) in _CUT_AT and " " not in text and len(cut) >= 6 \
                and ("_" in text or text.isupper()) and cut not in _whole_field_names():
            for col in spec.columns:
                for n in (col.header, *col.variants, *col.synonyms, col.name):
                    f = _snake(n)
                    if f == cut or (f.startswith(cut) and f[len(cut)] == "_"):
                        whole = True
                    elif len(f) > len(cut) and f.startswith(cut):
                        hits.add(col.name)  # the cut falls inside a word
        if not whole and len(hits) == 1 and (name := hits.pop()) not in mapping:
            mapping[name] = pos
            variants.append((pos, raw, name, f"a name cut to {len(text)} characters"))
        else:
            still.append((pos, raw, norm))
    return still


@cache
def _whole_field_names() -> frozenset[str]:
    """Every wording of every column of every list, written with underscores."""
    return frozenset(_snake(n) for ls in load_spec().lists.values() for col in ls.columns
                     for n in (col.header, *col.variants, *col.synonyms, col.name))


def _match_by_meaning(pending, spec: ListSpec, mapping, variants, duplicate, close: bool):
    """Synonyms and folded wordings, then patterns, then fuzzy scores: best pairs first."""
    left = []
    by_meaning: dict[str, Column] = {}
    for col in spec.columns:
        for k in col.meaning_keys:
            by_meaning.setdefault(k, col)
    for pos, raw, norm in pending:
        col = by_meaning.get(header_key(raw)) or by_meaning.get(header_key(_without_context(raw)))
        if col is not None and col.name not in mapping:
            mapping[col.name] = pos
            variants.append((pos, raw, col.name, "same words"))
        elif col is not None:
            duplicate.append((pos, raw, col.name))
        else:
            left.append((pos, raw, norm))
    # Patterns only for columns still unmatched, so an exact header always wins.
    still = []
    for pos, raw, norm in left:
        col = next((c for c in spec.columns
                    if c.pattern and c.name not in mapping and re.search(c.pattern, norm)), None)
        if col is None:
            still.append((pos, raw, norm))
        else:
            mapping[col.name] = pos
            variants.append((pos, raw, col.name, "pattern"))
    still = _match_cut_names(still, spec, mapping, variants)
    if not close:
        return still
    pairs = []
    for pos, raw, _ in still:
        keys = {header_key(raw), header_key(_without_context(raw))}
        for col in spec.columns:
            if col.name in mapping:
                continue
            score = max((header_score(key, k) for k in col.meaning_keys for key in keys),
                        default=0)
            if score >= HEADER_ACCEPT_SCORE:
                pairs.append((-score, pos, col.name, raw))
    taken: set[int] = set()
    for neg, pos, name, raw in sorted(pairs):
        if pos in taken or name in mapping:
            continue
        mapping[name] = pos
        taken.add(pos)
        variants.append((pos, raw, name, f"close wording ({-neg}%)"))
    return [p for p in still if p[0] not in taken]


# Words that tie a header to one kind of value: a header with "date" is never read as a column
# holding a number or a code, and a date column never takes a header about a number or a name.
_NOT_FOR_DATES = frozenset({"number", "id", "reason", "type", "name", "category", "status",
                            "source", "gender", "ethnicity", "age", "team", "worker", "comment"})


@cache
def _column_words(col: Column) -> frozenset[str]:
    return frozenset(w for k in col.meaning_keys for w in k.split())


def _fits_in_place(key: str, col: Column, spec: ListSpec) -> bool:
    """Could a header with this key be this column? Not when it names another kind of value,
    nor when it shares more words with another column of the list than with this one ('Worker
    name' where the team column is missing is a second worker column, not the team)."""
    words = set(key.split())
    column_words = _column_words(col)
    own = len(words & column_words)
    if any(len((words & _column_words(other)) - column_words) > own
           for other in spec.columns if other is not col):
        return False
    if (words - column_words) & _DECISIVE:  # 'Assessment due date' is not the start date
        return False
    if col.type == "date":
        return not (words & _NOT_FOR_DATES)
    return "date" not in words and "birth" not in words


# How a header read by its place alone is described in HeaderMatch.variants (load reports it as a
# warning, header_by_place, rather than the info of a wording variant: only its place says so).
PLACE = "its place in the template's column order"


def _match_by_place(still, spec: ListSpec, mapping, variants):
    """LAs fill in the template, so its columns keep their order: an unknown header standing
    exactly where one template column is missing (the same number of unknown headers as missing
    columns between two matched neighbours) is read as that column, when nothing in its words
    says it holds another kind of value. Reported like any other variant, with where it stood."""
    if not still:
        return still
    order = {c.name: i for i, c in enumerate(spec.columns)}
    anchors = sorted((pos, order[name]) for name, pos in mapping.items())
    # Matched columns out of template order make the gaps meaningless: read nothing by place.
    if any(b[1] < a[1] for a, b in zip(anchors, anchors[1:], strict=False)):
        return still
    bounds = [(-1, -1), *anchors, (10**9, len(spec.columns))]
    taken: set[int] = set()
    for (lo_pos, lo_i), (hi_pos, hi_i) in zip(bounds, bounds[1:], strict=False):
        headers = [h for h in still if lo_pos < h[0] < hi_pos]
        columns = [c for c in spec.columns[lo_i + 1:hi_i] if c.name not in mapping]
        if not headers or len(headers) != len(columns):
            continue
        pairs = list(zip(headers, columns, strict=True))
        if not all(_fits_in_place(header_key(raw), col, spec) for (_, raw, _), col in pairs):
            continue
        for (pos, raw, _), col in pairs:
            mapping[col.name] = pos
            taken.add(pos)
            variants.append((pos, raw, col.name, PLACE))
    return [p for p in still if p[0] not in taken]


def nearest_headers(raw: object, spec: ListSpec, n: int = 2) -> list[str]:
    """The template headers closest in meaning to an unknown header, for its suggestion."""
    key = header_key(raw)
    if not key:
        return []
    scored = sorted(
        ((max(header_score(key, k) for k in col.meaning_keys), i, col.header.strip())
         for i, col in enumerate(spec.columns)), key=lambda t: (-t[0], t[1]))
    return [h for s, _, h in scored[:n] if s >= SUGGEST_SCORE]


def find_header_row(rows: list[list[object]], spec: ListSpec | None = None) -> int | None:
    """Index of the header row among the first rows of a sheet.

    With a spec: the row matching most of its headers (at least two). Without: the first row with
    more than three non-blank cells (FrontDoorDataCollaboration's rule, which skips title rows).
    """
    if spec is not None:
        # Wording and meaning first (cheap); close wordings only when no row has two of those.
        # A row that has half the list's headers is the header row: the data rows below it are
        # not read as headers (most of the cost of planning a large sheet).
        enough = max(2, len(spec.columns) // 2)
        for close in (False, True):
            best, best_score = None, 1
            for i, row in enumerate(rows):
                score = match_headers(list(row), spec, close=close).score
                if score > best_score:
                    best, best_score = i, score
                if best_score >= enough:
                    break
            if best is not None:
                return best
        return None
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
        got = match_headers(headers, ls, close=False).mapping
        ratio = sum(1 for c in wanted if c.name in got) / len(wanted)
        if ratio > best_ratio or (ratio == best_ratio and best and len(wanted) > len(
                [c for c in spec.lists[best].columns if not c.optional])):
            best, best_ratio = lk, ratio
    return best if best_ratio >= 0.75 else None
