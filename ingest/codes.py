"""Reading coded values as LA systems and people write them (docs/data-quality.md, "Code values").

One function, `read_code(list, column, raw)`, says which official code a cell means, or why it
means none. The rules, in the order they are tried:

1. the LA's own mapping for that list and column (annexa mappings), when one is given;
2. the column's own spellings (spec: column `value_aliases`; "Offered and declined" is yes in
   "offered" and no in "accepted");
3. the code itself, its token (C1, WBRI, 2A) or its description, in any case and punctuation,
   with or without the template's letter prefix ("a) ", "k) "): status exact;
4. a known synonym of the code list (spec: `[aliases.<list>]`): status variant. A spelling listed
   under several codes ("Adopted": E11 and E12) is ambiguous, never guessed;
5. a token with words ("C1 - Interim care order", "WBRI - White British (101)", "(RD1) needs
   changed", "Police (6)"): the token's code when the words agree with it or name nothing; a
   conflict, never a code, when the words name another code ("7 - Police": 7 is Other legal
   agency, the words say Police, code 6);
6. words alone, fuzzy (rapidfuzz): the one code whose description or synonym is close enough;
   ambiguous when two codes are equally close.

Then the code is checked against the collection years in which it is valid
(spec/code_validity.toml): outside them it is reported, and kept only when its meaning did not
change. Nothing here touches the database; ingest/code_readings.py stores the readings.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz

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

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "`": "'",
                         "“": '"', "”": '"', "„": '"', "\u00a0": " "})
_LETTER_PREFIX = re.compile(r"^\(?[a-zA-Z]{1,2}[0-9]?\s*[).]\s+")
# Words that add nothing to a value's meaning ("Code 6", "Category: neglect").
_FILLER = {"code", "category", "cat", "type", "status"}
_SEPARATOR_AFTER_TOKEN = re.compile(r"^\s*[\(\[]?\s*([A-Za-z0-9]{1,5})\s*[\)\]]?\s*([-–—:.=|/)]|$)")
_TRAILING_TOKEN = re.compile(r"\s[\(\[]\s*([A-Za-z0-9]{1,5})\s*[\)\]]\s*$")
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


def _label(code: str, token: str | None) -> str:
    """The words of a code: 'k) P1: Placed with parents' -> 'Placed with parents'."""
    s = strip_letter_prefix(code)
    if token:
        s = re.sub(rf"^\(?{re.escape(token)}\)?\s*[-–:.)]?\s*", "", s, flags=re.IGNORECASE)
    return s.strip() or code


def _detail_words(detail: str, token: str | None) -> str:
    s = detail.translate(_QUOTES)
    if token:
        s = re.sub(rf"^\s*{re.escape(token)}\s*[-–:]\s*", "", s, flags=re.IGNORECASE)
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
    return _CodeList(name, entries, exact, synonyms, tokens, official,
                     [(_expand(p), c) for p, c in phrases if p])


# ------------------------------------------------------------------------------ collection years


def collection_year(as_at: dt.date) -> int:
    """The DfE collection year (named by the 31 March it ends on) that an as-at date falls in."""
    return as_at.year + 1 if as_at.month > 3 else as_at.year


@cache
def _validity() -> dict[tuple[str, str], list[dict]]:
    """(code list, code) -> its year ranges from the spec (a code whose meaning changed has one
    range per meaning)."""
    out: dict[tuple[str, str], list[dict]] = {}
    for v in load_spec().validity:
        lst = _code_list(v["code_list"])
        code = lst.tokens.get(fold(v["token"]))
        if code:
            out.setdefault((v["code_list"], code), []).append(v)
    return out


def _check_year(list_name: str, reading: Reading, year: int | None) -> Reading:
    """A code used outside the collection years it is valid in is reported; it keeps its code
    only when its meaning did not change."""
    if reading.code is None or year is None:
        return reading
    ranges = _validity().get((list_name, reading.code))
    if not ranges:
        return reading
    def inside(v: dict) -> bool:
        return v.get("valid_from", 0) <= year <= v.get("valid_to", 9999)
    if any(inside(v) for v in ranges):
        return reading
    starts = [v["valid_from"] for v in ranges if "valid_from" in v]
    if starts and year < min(starts):
        start = min(starts)
        status, words = "not_yet_valid", f"only valid from the {start - 1}-{start % 100:02d} return"
    else:
        end = max(v.get("valid_to", 0) for v in ranges)
        status, words = "retired", f"retired after the {end - 1}-{end % 100:02d} return"
    keep = not any(v.get("meaning_changed", False) for v in ranges)
    note = (f"a code {words}; "
            + (f"it is read as {reading.code}, since its meaning did not change" if keep else
               "its meaning changed, so it is not counted"))
    return Reading(reading.code if keep else None, status, (reading.code,),
                   reading.group if keep else None, note)


# ---------------------------------------------------------------------------------------- reading


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


# Abbreviations in values, expanded on both sides before a fuzzy score ('Employment (FT)').
_VALUE_ABBREVIATIONS = {
    "ft": "full time", "pt": "part time", "he": "higher education", "uni": "university",
    "fe": "education other than higher", "emp": "employment", "edu": "education",
    "trg": "training", "yp": "young person", "sgo": "special guardianship order",
    "cao": "child arrangements order", "pr": "parental responsibility", "la": "local authority",
    "indep": "independent", "temp": "temporary", "accom": "accommodation",
}


def _expand(words: str) -> str:
    return " ".join(_VALUE_ABBREVIATIONS.get(w, w) for w in words.split(" "))


def _scores(lst: _CodeList, words: str, strict: bool = False) -> dict[str, int]:
    """How closely words match each code: 100 for an exact form or synonym, else fuzzy."""
    exact = lst.exact.get(words, set()) | lst.synonyms.get(words, set())
    if exact:
        return dict.fromkeys(exact, 100)
    words = _expand(words)
    scored: dict[str, int] = {}
    for phrase, code in lst.phrases:
        s = _similarity(words, phrase, strict)
        if s > scored.get(code, 0):
            scored[code] = s
    return scored


def _words_name(lst: _CodeList, words: str, threshold: int) -> tuple[set[str], int]:
    """The codes that words name, by exact form, synonym or close fuzzy match; and the score."""
    if not words:
        return set(), 0
    scored = _scores(lst, words)
    best = max(scored.values(), default=0)
    if best < threshold:
        return set(), best
    return {c for c, s in scored.items() if s >= best - TIE_MARGIN}, best


def _similarity(words: str, phrase: str, strict: bool = False) -> int:
    """How closely words match a code's phrase, 0-100.

    Whole-string and word-order-blind ratios; plus, when the value has at least two words, how
    fully they are contained in the phrase (token_set): 'interim care order' in 'c1 interim care
    order'. A single word is never matched by containment: 'other' is inside many descriptions.
    """
    score = max(fuzz.ratio(words, phrase), fuzz.token_sort_ratio(words, phrase))
    if words.count(" ") >= 1 and len(words) >= 8:
        if phrase.count(" ") >= 1:
            score = max(score, int(fuzz.token_set_ratio(words, phrase)))
        elif not strict:
            # One word inside several: a weaker sign than a whole phrase, so a value that
            # matches one code's phrase in full is not tied with another's single word.
            score = max(score, min(94, int(fuzz.token_set_ratio(words, phrase))))
    return int(score)


def _split_token(lst: _CodeList, raw: str) -> tuple[str, str] | None:
    """(token, the other words) when the value leads with a known token followed by a separator
    ('C1 - ICO', '(RD1) needs changed', '7) Police'), or ends with one in brackets
    ('White British (WBRI)'). A single character or digit token needs the separator."""
    text = strip_letter_prefix(raw) if _LETTER_PREFIX.match(raw.strip()) else raw.strip()
    for candidate in (text, raw.strip()):
        m = _SEPARATOR_AFTER_TOKEN.match(candidate)
        if m and fold(m.group(1)) in lst.tokens:
            rest = candidate[m.end():]
            return fold(m.group(1)), _content_words(rest)
        words = fold(candidate).split(" ")
        if len(words) > 1 and words[0] in lst.tokens and len(words[0]) > 1 \
                and not words[0].isdigit():
            return words[0], _content_words(" ".join(words[1:]))
        m = _TRAILING_TOKEN.search(candidate)
        if m and fold(m.group(1)) in lst.tokens and candidate[:m.start()].strip():
            return fold(m.group(1)), _content_words(candidate[:m.start()])
    return None


def _content_words(text: str) -> str:
    words = [w for w in fold(text).split(" ") if w and w not in _FILLER]
    # A trailing local number ('White British (101)') says nothing about the code.
    while words and words[-1].isdigit() and len(words) > 1:
        words.pop()
    return " ".join(words)


def _plain(raw: object) -> str:
    """The value as text; a whole number a spreadsheet wrote as '1.0' is '1'."""
    text = "" if raw is None else str(raw).strip()
    return re.sub(r"^(\d+)\.0+$", r"\1", text)


def read_code(list_key: str, column: str, raw: object, *, year: int | None = None,
              la_mappings: Mapping[tuple[str, str, str], str] | None = None) -> Reading:
    """How a cell of a coded column reads: the official code, or why there is none.

    `year` is the collection year (collection_year(as_at)); `la_mappings` maps
    (list, column, fold(spelling)) to an official code.
    """
    spec = load_spec()
    col = spec.lists[list_key].column(column)
    text = _plain(raw)
    lst = _code_list(col.codes)
    key = fold(text)
    if not key:
        return Reading(None, "unmapped", note="it has no letters or digits")
    if la_mappings and (code := la_mappings.get((list_key, column, key))):
        return _check_year(col.codes, Reading(code, "la_mapping", group=lst.entries[code].group
                                              if code in lst.entries else None,
                                              note="by the LA's own mapping"), year)
    for code, spellings in col.value_aliases:
        if key in {fold(s) for s in spellings}:
            return _check_year(col.codes, _one(lst, {code}, "variant",
                                               "a spelling this column uses"), year)
    reading = _read_in_list(col.codes, text)
    if reading.status == "unmapped" and (lead := _leading_words(text)):
        reading = _read_by_leading_words(list_key, column, lst, *lead)
    if reading.status == "exact" and text != str(raw).strip():
        reading = Reading(reading.code, "variant", group=reading.group,
                          note="a whole number written as a decimal")
    return _check_year(col.codes, reading, year)


_LEAD_SEPARATOR = re.compile(r"\s[-–—]\s|:\s*|\s\(|;\s*")


def _leading_words(text: str) -> tuple[str, str] | None:
    """('Not offered', 'Unable to make contact') from 'Not Offered (Unable to make contact)':
    the words before the first separator, and the rest."""
    m = _LEAD_SEPARATOR.search(text)
    if not m or m.start() == 0:
        return None
    return text[:m.start()].strip(), text[m.end():].strip(" )")


def _read_by_leading_words(list_key: str, column: str, lst: _CodeList, lead: str,
                           rest: str) -> Reading:
    """A value whose first words read as a code and whose other words only add detail
    ('Accepted - RHI completed', 'Yes - see notes') is that code; when the other words are
    exactly another code, it is a conflict."""
    first = read_code(list_key, column, lead)
    if first.code is None or first.status not in ("exact", "variant"):
        return Reading(None, "unmapped", note="it names no code of this list")
    others = {c for c, v in _scores(lst, _content_words(rest)).items()
              if v == 100 and c != first.code}
    if others:
        ordered = tuple(c for c in lst.entries if c in others)
        return Reading(None, "conflict", (first.code, *ordered), None,
                       f"its first words '{lead}' mean {first.code} but '{rest}' means "
                       f"{' or '.join(ordered)}")
    return Reading(first.code, "variant", group=first.group,
                   note=f"by its first words '{lead}'")


def read_value(code_list: str, raw: object, *, year: int | None = None) -> Reading:
    """How a value reads in a code list, whatever column it is in (no column's own spellings)."""
    text = _plain(raw)
    if not fold(text):
        return Reading(None, "unmapped", note="it has no letters or digits")
    return _check_year(code_list, _read_in_list(code_list, text), year)


@cache
def _read_in_list(code_list: str, text: str) -> Reading:
    """A value's reading in a code list, computed once per process: the same spellings recur
    in every list that has the column (gender and ethnicity in eleven)."""
    return _read(_code_list(code_list), text, fold(text))


def _read(lst: _CodeList, text: str, key: str) -> Reading:
    if text in lst.entries:
        return _one(lst, {text}, "exact")
    for k in (key, fold(strip_letter_prefix(text))):
        if k in lst.exact:
            return _one(lst, lst.exact[k], "exact")
    for k in (key, fold(strip_letter_prefix(text))):
        if k in lst.synonyms:
            return _one(lst, lst.synonyms[k], "variant", "a known spelling")
    first = fold(strip_letter_prefix(text)).split(" ")[0]
    if _SHORT_FORM.match(first) and len(lst.synonyms.get(first, ())) > 1 \
            and first not in lst.tokens:
        # A legacy or local short code that stands for several codes ('E43': E45 or E46).
        return _one(lst, lst.synonyms[first], "ambiguous")
    split = _split_token(lst, text)
    if split:
        token, words = split
        code = lst.tokens[token]
        if not words:
            return _one(lst, {code}, "variant", "by its code")
        # The words contradict the token only when they clearly name another code and not the
        # token's own: a system's abbreviated description ('U3 - RELATIVE/FRIEND: NOT LT/FFA')
        # is read by its token.
        scored = _scores(lst, words)
        own = _scores(lst, words, strict=True).get(code, 0)
        # A short synonym as token ('No (none recorded)') is contradicted only by words that
        # are another code exactly; an official token by words close to another code.
        bar = CONFLICT_SCORE if token in lst.official_tokens else 100
        named = {c for c, v in scored.items()
                 if c != code and v >= bar and v - own >= OWN_MARGIN}
        if not named or own >= ACCEPT_SCORE:
            how = ("by its code and words" if own >= CONFLICT_SCORE
                   else "by its code (its other words name no other code)")
            return _one(lst, {code}, "variant", how)
        others = tuple(c for c in lst.entries if c in named)
        return Reading(None, "conflict", (code, *others), None,
                       f"its code '{token.upper()}' means {code} but its words "
                       f"'{words}' mean {' or '.join(others)}")
    words = _content_words(text)
    named, score = _words_name(lst, words, ACCEPT_SCORE)
    if named:
        return _one(lst, named, "variant", f"by its words (match {score}%)")
    return Reading(None, "unmapped", note="it names no code of this list")

