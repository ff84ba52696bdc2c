"""The code lists as the readers see them: each list's codes, their words, tokens, synonyms and
groups (`_code_list`), the folded key every lookup uses (`fold`), the template's letter prefix,
the `Reading` a value gets, the scores and statuses readings are given, and whether a list's
codes are the answers of a yes/no question (`_answers_yes_no`: words.py weighs words by it, so it
sits here, below both words.py and yes_no.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from ingest.codes.abbreviations import _expand
from ingest.spec import load_spec

STATUSES = ("exact", "variant", "la_mapping", "conflict", "ambiguous", "retired",
            "not_yet_valid", "unmapped")

# Scores (0-100, rapidfuzz) above which words are taken to name a code. Accepting a code on words
# alone needs a close match; saying that words name *another* code than the token's (a conflict)
# needs less, because a conflict keeps the value out of the figures and asks the analyst.
ACCEPT_SCORE = 90
CONFLICT_SCORE = 80
# A runner-up this close to the best, for another code, makes the words ambiguous.
TIE_MARGIN = 3
# Words contradict a value's token only when they match another code by this much more.
OWN_MARGIN = 15
# Words that deny a token's code name the code they come nearest as the other side of the
# conflict when they match it at least this well ('E5 - own tenancy without support': E6).
DENIED_NEAR_SCORE = 60

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "`": "'",
                         "“": '"', "”": '"', "„": '"', "\u00a0": " "})
_LETTER_PREFIX = re.compile(r"^\(?[a-zA-Z]{1,2}[0-9]?\s*[).]\s+")


# A short synonym ('M', 'Y', '1', 'NEG', 'A3') also leads a longer value as a token does.
_SHORT_FORM = re.compile(r"^[a-z0-9]{1,4}$")


def fold(text: object) -> str:
    """A spelling's matching key: Unicode and quotes folded, case folded, punctuation runs to one
    space. The key every lookup here uses (and the LA mappings)."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES).lower()
    s = s.replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


def strip_letter_prefix(text: str) -> str:
    """'k) P1: Placed with parents' -> 'P1: Placed with parents' (the template's list letters)."""
    return _LETTER_PREFIX.sub("", text.strip())


@dataclass(frozen=True)
class Reading:
    code: str | None
    status: str
    candidates: tuple[str, ...] = ()
    group: str | None = None
    note: str = ""


@dataclass(frozen=True)
class _Entry:
    code: str
    token: str | None
    group: str | None
    label: str  # the code's words: "Placed with parents"


@dataclass
class _CodeList:
    name: str
    entries: dict[str, _Entry]
    exact: dict[str, set[str]]  # folded template form -> codes (code, label, token, detail)
    synonyms: dict[str, set[str]]  # folded synonym -> codes
    tokens: dict[str, str]  # folded token (official, or a short synonym) -> code
    official_tokens: set[str]  # the template's tokens only (C1, WBRI, 6)
    phrases: list[tuple[str, str]]  # (folded words, code) for fuzzy matching
    vocabulary: frozenset[str] = frozenset()  # every word of the phrases
    # Phrases of several codes ('LA services' is 5A-5D's label, 'health' a synonym of 3A-3F),
    # with those codes: they say a value is in a group, never which code of it.
    shared: dict[str, frozenset[str]] = field(default_factory=dict)
    groups: dict[str, set[str]] = field(default_factory=dict)  # singular group name -> codes
    singular: dict[str, set[str]] = field(default_factory=dict)  # singular wording -> codes

    def __post_init__(self) -> None:
        self.phrase_set = frozenset(self.phrases)
        # The template's list letters ('b' of 'b) Physical abuse'), where its codes have them.
        self.letters: dict[str, set[str]] = {}
        for code in self.entries:
            if m := re.match(r"^([a-z]{1,2}[0-9]?)\) ", code):
                self.letters.setdefault(m.group(1), set()).add(code)
        having: dict[str, set[str]] = {}
        for phrase, code in self.phrases:
            for w in phrase.split():
                having.setdefault(w, set()).add(code)
        # The codes whose wordings use each word, and how many: how little it tells them apart.
        self.word_codes = {w: frozenset(cs) for w, cs in having.items()}
        # And the other way round: every word of each code's wordings (its own and synonyms').
        words_of: dict[str, set[str]] = {}
        for w, cs in having.items():
            for c in cs:
                words_of.setdefault(c, set()).add(w)
        self.code_words = {c: frozenset(ws) for c, ws in words_of.items()}
        self.codes_with_word = {w: len(cs) for w, cs in having.items()}


def _without_token(text: str, token: str, after: str) -> str | None:
    """text less a leading token (in brackets or not), then spaces, one of `after` and spaces;
    None when text does not lead with the token. String operations, not a regular expression
    per token: compiling ~300 of those was most of the cost of a first reading."""
    low, t = text.lower(), token.lower()
    if low.startswith(f"({t})"):
        rest = text[len(t) + 2:]
    elif low.startswith(t):
        rest = text[len(t):]
        if rest.startswith(")"):
            rest = rest[1:]
    else:
        return None
    rest = rest.lstrip()
    if rest[:1] and rest[0] in after:
        rest = rest[1:]
    return rest.lstrip()


def _label(code: str, token: str | None) -> str:
    """The words of a code: 'k) P1: Placed with parents' -> 'Placed with parents'."""
    s = strip_letter_prefix(code)
    if token:
        rest = _without_token(s, token, "-–:.)")
        s = s if rest is None else rest
    return s.strip() or code


def _detail_words(detail: str, token: str | None) -> str:
    s = detail.translate(_QUOTES)
    if token:
        rest = _without_token(s.lstrip(), token, "-–:")
        if rest is not None and rest != s.lstrip()[len(token):].lstrip():
            s = rest  # only when a separator followed the token, as the detail writes it
    return s


@cache
def _code_list(name: str) -> _CodeList:
    spec = load_spec()
    body = spec.codes[name]
    entries: dict[str, _Entry] = {}
    exact: dict[str, set[str]] = {}
    synonyms: dict[str, set[str]] = {}
    tokens: dict[str, str] = {}
    phrases: list[tuple[str, str]] = []

    def add(table: dict[str, set[str]], text: str, code: str) -> None:
        key = fold(text)
        if key:
            table.setdefault(key, set()).add(code)

    for e in body["entries"]:
        code, token = e["code"], e.get("token")
        entry = _Entry(code, token, e.get("group"), _label(code, token))
        entries[code] = entry
        for form in (code, strip_letter_prefix(code), entry.label):
            add(exact, form, code)
        if token:
            add(exact, token, code)
            tokens[fold(token)] = code
        if e.get("detail"):
            add(exact, e["detail"], code)
            add(exact, _detail_words(e["detail"], token), code)
            phrases.append((fold(_detail_words(e["detail"], token)), code))
        phrases.append((fold(entry.label), code))
    # The DfE's own descriptions of codes in other years' returns (spec/code_validity.toml
    # 'detail': 'P5 - Young person engaged part time in training or employment (not
    # apprenticeship)') are wordings of the code as much as the template's.
    for v in spec.validity:
        code = tokens.get(fold(v["token"])) if v["code_list"] == name else None
        if code and v.get("detail"):
            add(exact, v["detail"], code)
            phrases.append((fold(v["detail"]), code))
    for code, spellings in spec.aliases.get(name, {}).items():
        for s in spellings:
            add(synonyms, s, code)
            phrases.append((fold(s), code))
            if _SHORT_FORM.match(fold(s)) and len(synonyms[fold(s)]) == 1:
                tokens.setdefault(fold(s), code)
    for key, codes in synonyms.items():  # a short synonym of several codes is no token
        if len(codes) > 1 and tokens.get(key) and key not in {fold(e.get("token"))
                                                              for e in body["entries"]}:
            del tokens[key]
    official = {fold(e["token"]) for e in body["entries"] if e.get("token")}
    expanded = [(_expand(p), c) for p, c in phrases if p]
    codes_of: dict[str, set[str]] = {}
    for p, c in expanded:
        codes_of.setdefault(p, set()).add(c)
    lst = _CodeList(name, entries, exact, synonyms, tokens, official, expanded,
                    frozenset(w for p, _ in expanded for w in p.split()),
                    {p: frozenset(cs) for p, cs in codes_of.items() if len(cs) > 1})
    # The template's group names ('Foster placement', 'Placed for adoption'): a value that is
    # only a group's name says the group, never which of its codes.
    for e in entries.values():
        if e.group and not e.group.startswith("zz"):
            lst.groups.setdefault(_singular(fold(strip_letter_prefix(e.group))), set()).add(e.code)
    # (A group named as one of its codes is: 'Temporary placement' is T0.)
    lst.groups = {k: v for k, v in lst.groups.items() if len(v) > 1
                  and k not in {_singular(x) for x in exact}}
    # Every wording with its words made singular ('Residential care homes').
    for table in (exact, synonyms):
        for key, codes in table.items():
            lst.singular.setdefault(_singular(key), set()).update(codes)
    return lst


def _singular(key: str) -> str:
    """A folded wording with each plural word made singular: 'young offenders institutions' ->
    'young offender institution' ('-ies' to '-y'; not '-ss', nor short words such as 'yes')."""
    out = []
    for w in key.split(" "):
        if len(w) > 4 and w.endswith("ies"):
            w = w[:-3] + "y"
        elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")) \
                and w.isalpha():
            w = w[:-1]
        out.append(w)
    return " ".join(out)


def _group_of(lst: _CodeList, codes: set[str] | tuple[str, ...]) -> str | None:
    groups = {lst.entries[c].group for c in codes}
    return groups.pop() if len(groups) == 1 else None


def _one(lst: _CodeList, codes: set[str], status: str, note: str = "") -> Reading:
    if len(codes) == 1:
        code = next(iter(codes))
        return Reading(code, status, group=lst.entries[code].group, note=note)
    ordered = tuple(c for c in lst.entries if c in codes)
    return Reading(None, "ambiguous", ordered, _group_of(lst, codes),
                   "it fits " + ", ".join(ordered) + " equally")


def _answers_yes_no(lst: _CodeList) -> bool:
    return _is_yes_no_list(lst.name)


@cache
def _is_yes_no_list(code_list: str) -> bool:
    lst = _code_list(code_list)
    return {fold(e.label) for e in lst.entries.values()} <= {"yes", "no", "unknown"}
