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
   ambiguous when two codes are equally close;
7. general shapes (docs/data-quality.md "Code values" step 8): plurals, a template group's name
   (ambiguous), group words then a member's ('LA services - YOS'; a census group's write-in is
   its 'any other' code), 'any other ... background', mixed heritage, one letter slipped,
   dotted initials, apostrophe contractions, a number code with no separator or after the
   words (weighed like any token).

Then the code is checked against the collection years in which it is valid
(spec/code_validity.toml): outside them it is reported, and kept only when its meaning did not
change. Nothing here touches the database; ingest/code_readings.py stores the readings.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

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
# A token in brackets before the words, the bracket its separator: '[6] Housing', '(3B) GP'.
_BRACKETED_TOKEN = re.compile(r"^\s*[\(\[]\s*([A-Za-z0-9]{1,5})\s*[\)\]]\s*(?=\S)")
_TRAILING_TOKEN = re.compile(r"\s[\(\[]\s*([A-Za-z0-9]{1,5})\s*[\)\]]\s*$")
# An official number code after the words and a dash or colon: 'Police - 7'.
_TRAILING_NUMBER = re.compile(r"\s[-–—:]\s*([0-9]{1,2})\s*$")
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
    "ft": "full time", "pt": "part time", "he": "higher education", "uni": "higher education",
    "fe": "education other than higher", "emp": "employment", "edu": "education",
    "trg": "training", "yp": "young person", "sgo": "special guardianship order",
    "cao": "child arrangements order", "pr": "parental responsibility", "la": "local authority",
    "indep": "independent", "temp": "temporary", "accom": "accommodation",
    "csa": "sexual abuse", "physab": "physical abuse", "fc": "foster carer",
    "po": "placement order", "lt": "long term", "degree": "higher education",
    "university": "higher education", "sg": "special guardianship",

    "ret": "returned", "resp": "responsibility", "serv": "services",
    "dept": "department", "nfa": "no further action",
    "asmt": "assessment", "assmt": "assessment", "appr": "approved", "lterm": "long term",
    "las": "local authority", "ola": "other local authority", "given": "stated",
    "disab": "disability", "rth": "returned home", "hmp": "prison",
    "ca": "children act", "neglectful": "neglect", "bridging": "not long term",
    "eh": "early help", "ex": "former", "kinship": "relative friend", "rhi": "return interview",
    "kin": "relative friend", "needed": "required",
    "traineeship": "training", "employed": "employment", "taf": "early help",
    # A family member named is a relative; a mother or father a parent.
    "nan": "relative", "nana": "relative", "gran": "relative", "granny": "relative",
    "grandparent": "relative", "grandparents": "relative", "grandmother": "relative",
    "grandfather": "relative", "grandma": "relative", "grandad": "relative", "aunt": "relative",
    "auntie": "relative", "uncle": "relative", "cousin": "relative",
    "brother": "relative", "sister": "relative",
    "conf": "conference", "req": "required", "yth": "youth", "svc": "service",
    "mum": "parent", "dad": "parent", "mother": "parent",
    "father": "parent",
}


_ENDINGS = frozenset({"s", "es", "al", "ly", "ed", "d", "ing", "ment", "ments", "ion", "ions",
                      "ity", "ies", "y", "er", "ers", "ian", "tion", "tions"})


# Words for family members, written out as 'relative' or 'parent' (siblings are not: children
# placed with their siblings are not placed with relatives).
_FAMILY = frozenset({"nan", "nana", "gran", "granny", "grandparent", "grandparents",
                     "grandmother", "grandfather", "grandma", "grandad", "aunt", "auntie",
                     "uncle", "cousin", "brother", "sister", "mum", "dad", "mother", "father"})


def _near_words(word: str, vocabulary: frozenset[str]) -> set[str]:
    """Words of the list one slip away from `word`: two letters swapped ('specail'), or, in a
    long word, one letter left out or doubled. Never one letter for another: 'departed' is no
    'deported', 'passed' no 'paused'."""
    def slip(v: str) -> bool:
        if len(v) == len(word):
            diff = [k for k in range(len(v)) if v[k] != word[k]]
            return len(diff) == 2 and diff[1] == diff[0] + 1 \
                and v[diff[0]] == word[diff[1]] and v[diff[1]] == word[diff[0]]
        return min(len(v), len(word)) >= 8 and OSA.distance(v, word) == 1
    return {v for v in vocabulary if len(v) >= 6 and abs(len(v) - len(word)) <= 1
            and v[0] == word[0] and slip(v)}


def _expand(words: str, vocabulary: frozenset[str] = frozenset()) -> str:
    """Known abbreviations written out; and, against a code list's own words, a word cut short
    ('Indep Liv', 'Adopt', 'ret home') written out when exactly one word of the list starts
    with it."""
    out = []
    words = words.split(" ")
    for i, w in enumerate(words):
        if w not in _VALUE_ABBREVIATIONS and len(w) >= 3 and w.endswith("s") \
                and " " in _VALUE_ABBREVIATIONS.get(w[:-1], ""):
            w = _VALUE_ABBREVIATIONS[w[:-1]] + "s"  # an abbreviation in the plural: 'FCs'
        if w == "sch" and i and words[i - 1] in ("residential", "resi", "res", "resid",
                                                 "special", "boarding", "day", "primary",
                                                 "secondary", "independent", "indep", "ind",
                                                 "maintained", "mainstream", "52", "38"):
            w = "school"  # 'Residential Sch'; 'SCH' alone is a secure children's home
        if w in _FAMILY and ((i + 1 < len(words) and words[i + 1] == "s")
                             or (i and words[i - 1] in ("foster", "adoptive", "step"))):
            pass  # 'sister's foster carer', 'foster mum': not the child's relative or parent
        else:
            w = _VALUE_ABBREVIATIONS.get(w, w)
        if w == "short" and i + 1 < len(words) and words[i + 1] == "term":
            # The opposite of 'long term' in the placement and plan codes is 'not long term';
            # 'short breaks' are a service, not a length.
            w = "not long"
        if vocabulary and len(w) >= 3 and w.isalpha() and w not in vocabulary:
            # A word of seven letters or more is cut short only by an ending ('emotion' for
            # 'emotional'): 'council' is a word of its own, not 'councillor'.
            longer = {v for v in vocabulary if v.startswith(w) and (
                len(w) <= 6 or v[len(w):] in _ENDINGS)}
            if len(longer) == 1:
                w = longer.pop()
            elif not longer and len(w) >= 6:
                # One letter slipped in a long word ('Specail', 'Guardainship'): the one word of
                # the list within one edit of it.
                near = _near_words(w, vocabulary)
                if len(near) == 1:
                    w = near.pop()
        out.append(w)
    return " ".join(out)


def _scores(lst: _CodeList, words: str, strict: bool = False,
            token_code: str | None = None) -> dict[str, int]:
    """How closely words match each code: 100 for an exact form or synonym, else fuzzy.
    With `token_code`, less the phrases it shares with other codes, so that words a whole group
    shares ('5A - LA services - other internal') neither confirm the token nor contradict it."""
    exact = lst.exact.get(words, set()) | lst.synonyms.get(words, set())
    if exact and not (token_code in exact and len(exact) > 1):
        return dict.fromkeys(exact, 100)
    words = _expand(words, lst.vocabulary)
    exact = lst.exact.get(words, set()) | lst.synonyms.get(words, set())
    if exact and not (token_code in exact and len(exact) > 1):
        return dict.fromkeys(exact, 100)  # a wording once its short or misspelt words are whole
    # In a yes/no list one word inside a sentence ('seen' in 'pre-verbal - seen with carer') is
    # no answer: its single words are matched whole only.
    strict = strict or _answers_yes_no(lst)
    scored: dict[str, int] = {}
    for phrase, code in lst.phrases:
        if token_code in lst.shared.get(phrase, ()):
            continue
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
    # Every code the words come near to (a conflict's bar) is weighed, less those the words
    # contradict ('with formal support' is not 'no support').
    near = {c: v for c, v in scored.items() if v >= min(threshold, CONFLICT_SCORE)}
    agreeing = {c: v for c, v in near.items() if not _denies(lst, words, c)} or near
    top = max(agreeing.values())
    if top < threshold:
        # Near, but not close: taken only when one code accounts for every word of the value
        # and contradicts none ('Moved to Indep Liv without formal support': E6).
        explained = _best_explained(lst, words, set(agreeing), whole=True)
        return (explained, top) if len(explained) == 1 else (set(), top)
    tied = {c for c, v in agreeing.items() if v >= top - TIE_MARGIN}
    if len(tied) == 1:
        return tied, top
    return (_best_explained(lst, words, set(agreeing)) or tied), top


# Words that turn what follows round: 'no support', 'without support', 'not long term',
# 'education other than higher'.
_NEGATIONS = frozenset({"no", "not", "without", "non", "none", "never", "than", "except",
                        "unless"})
_EXCEPTING = frozenset({"than", "except", "unless"})
# Words that begin with 'un' without denying anything.
_NOT_NEGATED = frozenset({"understanding", "undertaking", "unaccompanied", "university",
                          "universal", "unit", "united", "union", "uniform"})
# Words too common in descriptions to tell codes apart.
_GLUE = frozenset({"in", "of", "or", "and", "the", "a", "an", "to", "for", "by", "on", "at",
                   "eg", "e", "g", "i", "etc", "other", "with", "is", "be", "who", "s",
                   "where", "which", "was", "as"})


# Words that begin a relative clause.
_CLAUSE = frozenset({"who", "which", "whom"})
_PRONOUNS = frozenset({"those", "them", "ones", "people", "anyone", "someone", "person",
                       "persons"})


# Two words that make one idea ('long term', 'full time'): a negation that reaches the first
# reaches the second.
_COMPOUND_FIRST = frozenset({"long", "short", "full", "part"})
_COMPOUND_SECOND = frozenset({"term", "time"})


def _same_word(a: str, b: str) -> bool:
    """One word, allowing for endings: 'support'/'supported', 'disabled'/'disability'."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 3 and short.isalpha() and long_.startswith(short) and short not in _GLUE:
        return True  # cut short: 'liv' for 'living', 'indep' for 'independent'
    return len(short) >= 5 and long_.startswith(short[:5]) and len(long_) - len(short) <= 4


def _sides(words: list[str]) -> tuple[set[str], set[str]]:
    """(words said, words denied): the two content words after a negation are denied; after
    'other than', 'except' and 'unless', all the words that follow."""
    said: set[str] = set()
    denied: set[str] = set()
    left = 0
    last = prev = ""
    text = " ".join(words)
    if " a and e" in f" {text}":
        words = f" {text} ".replace(" a and e ", " aande ").split()  # A&E is one word here
    for w in words:
        prev, w_prev = w, prev
        if w == "than" and w_prev not in ("other", "rather"):
            continue  # 'less than 7 days', 'more than': a comparison, not 'other than'
        if w == "dispensed" and last in said:
            # 'consent dispensed with' (by the court): consent was not given.
            said.discard(last)
            denied.add(last)
            continue
        if w not in _GLUE:
            last = w
        if w in _CLAUSE and left > 2 and last in denied and last not in _PRONOUNS:
            # 'carers other than former foster carers who were a relative or friend': a
            # relative clause ends an 'other than' denial; what it says is said of the carers
            # (but 'not with a carer who is FFA', 'other than those who were ...' go on).
            left = 0
            continue
        if w in _NEGATIONS:
            # 'other than', 'except' and 'unless' deny the rest of the value ('unless dual
            # registered as a children's home', 'other than former foster carers and relatives
            # or friends'); 'no' and 'not' a word or two ('not LT/FFA' is written both with and
            # without its 'or').
            left = len(words) if w in _EXCEPTING else 2
        elif w in _GLUE or len(w) == 1:  # 'w.' for with, a possessive 's'
            continue
        elif w.startswith("un") and len(w) >= 7 and w not in _NOT_NEGATED:
            denied.add(w[2:])  # 'unsupported', 'unplanned', 'unsuitable'
        elif left > 0:
            denied.add(w)
            left -= 1
            if left == 0 and w in _COMPOUND_FIRST:
                left = -1  # 'not long term' denies 'term' too: one idea in two words
        elif left == -1:
            left = 0
            (denied if w in _COMPOUND_SECOND else said).add(w)
        else:
            said.add(w)
    return said, denied


def _has(words: set[str], w: str) -> bool:
    return any(_same_word(w, x) for x in words)


def _contradicts(value: tuple[set[str], set[str]], phrase: tuple[set[str], set[str]]) -> bool:
    """The value says what the phrase denies, or denies what the phrase says."""
    (v_said, v_denied), (p_said, p_denied) = value, phrase
    # A word a side both says and denies ('parents ... no parental responsibility') is no sign.
    return (any(_has(v_said, w) and not _has(p_said, w) for w in p_denied)
            or any(_has(p_said, w) and not _has(v_said, w) for w in v_denied))


def _explains(value: tuple[set[str], set[str]], phrase: tuple[set[str], set[str]]) -> float:
    """The share of the value's words the phrase accounts for (said and denied alike)."""
    words = value[0] | value[1]
    if not words:
        return 0.0
    return sum(1 for w in words if _has(phrase[0] | phrase[1], w)) / len(words)


def _denies(lst: _CodeList, words: str, code: str) -> bool:
    """The words contradict the code's wording that they match best (see _contradicts): the
    one sharing the most of both sides' words, so that neither a short synonym ('residential')
    nor a long description's asides ('not under a special guardianship order') decide."""
    expanded = _expand(words, lst.vocabulary)
    if (expanded, code) in lst.phrase_set:
        return False  # the words are one of the code's own wordings
    value = _sides(expanded.split())
    sides = [_sides(p.split()) for p, c in lst.phrases if c == code]
    if not sides:
        return False
    fits = [_shared(value, x) for x in sides]
    top = max(fits)
    return any(_contradicts(value, x) for x, f in zip(sides, fits, strict=True) if f == top)


def _shared(value: tuple[set[str], set[str]], phrase: tuple[set[str], set[str]]) -> float:
    """2 x the words two wordings share / the words of both (1.0: the same words)."""
    a, b = value[0] | value[1], phrase[0] | phrase[1]
    if not a or not b:
        return 0.0
    return 2 * sum(1 for w in a if _has(b, w)) / (len(a) + len(b))


def _best_explained(lst: _CodeList, words: str, candidates: set[str], *,
                    whole: bool = False) -> set[str]:
    """Of the codes the words name closely, those that account for the most of them without
    contradicting them: 'Black African & White' is White and Black African (all three words),
    not Black African (two); 'without support' is not 'supported'; 'Placement with other
    foster carer' fits long-term, FFA and other fostering alike, so it stays ambiguous.
    Empty when the words account for nothing (misspelt): the fuzzy scores decide then; with
    `whole`, empty unless the best account for every word."""
    value = _sides(_expand(words, lst.vocabulary).split())
    # A code's words are those of all its wordings that the value does not contradict: 'NEET'
    # (a synonym) and 'illness or disability' (its description) both speak for G4.
    vocab: dict[str, set[str]] = {}
    for phrase, code in lst.phrases:
        if code in candidates:
            sides = _sides(phrase.split())
            if not _contradicts(value, sides):
                vocab.setdefault(code, set()).update(sides[0] | sides[1])
    # Words most codes share ('young person engaged' begins every activity description) weigh
    # less than the word that tells codes apart ('not apprenticeship').
    words = value[0] | value[1]
    weight = {w: 1 / max(1, lst.codes_with_word.get(w, 1)) for w in words}
    total = sum(weight.values())
    fit = {c: sum(weight[w] for w in words if _has(v, w)) / total if total else 0.0
           for c, v in vocab.items()}
    top = max(fit.values(), default=0.0)
    if top == 0.0 or (whole and top < 1.0):
        return set()
    return {c for c, f in fit.items() if f >= top - 1e-9}


def _similarity(words: str, phrase: str, strict: bool = False) -> int:
    """How closely words match a code's phrase, 0-100.

    Whole-string and word-order-blind ratios; plus, when the value has at least two words, how
    fully they are contained in the phrase (token_set): 'interim care order' in 'c1 interim care
    order'. A single word is never matched by containment: 'other' is inside many descriptions.
    Numbers decide: 'section 20' is not 'section 38', however alike the letters.
    """
    numbers = {w for w in words.split(" ") if w.isdigit()}
    if numbers and not numbers <= set(phrase.split(" ")) \
            and any(w.isdigit() for w in phrase.split(" ")):
        return 0
    score = max(fuzz.ratio(words, phrase), fuzz.token_sort_ratio(words, phrase))
    if words.count(" ") >= 1 and len(words) >= 8:
        if phrase.count(" ") >= 1:
            score = max(score, int(fuzz.token_set_ratio(words, phrase)))
        elif not strict and phrase not in _NEGATIONS \
                and (phrase not in _GLUE or words.startswith(phrase + " ")):
            # One word inside several: a weaker sign than a whole phrase, so a value that
            # matches one code's phrase in full is not tied with another's single word. A
            # common word ('other') counts only as the value's first word ('Other, please
            # specify'), not inside it ('Hostels and other supported settings').
            score = max(score, min(94, int(fuzz.token_set_ratio(words, phrase))))
    return int(score)


def _split_token(lst: _CodeList, raw: str) -> tuple[str, str] | None:
    """(token, the other words) when the value leads with a known token followed by a separator
    ('C1 - ICO', '(RD1) needs changed', '7) Police'), or ends with one in brackets
    ('White British (WBRI)'). A single character or digit token needs the separator."""
    text = strip_letter_prefix(raw) if _LETTER_PREFIX.match(raw.strip()) else raw.strip()
    candidates = (text, raw.strip()) if _without_letter(lst, raw) != raw.strip() \
        else (raw.strip(), text)  # '(F) Male': F is a code, not a template letter
    for candidate in candidates:
        m = _SEPARATOR_AFTER_TOKEN.match(candidate) or _BRACKETED_TOKEN.match(candidate)
        if m and fold(m.group(1)) in lst.tokens:
            rest = candidate[m.end():]
            return fold(m.group(1)), _content_words(rest)
        words = fold(candidate).split(" ")
        if len(words) > 1 and words[0] in lst.tokens and len(words[0]) > 1 \
                and not words[0].isdigit():
            return words[0], _content_words(" ".join(words[1:]))
        if len(words) > 1 and words[0].isdigit() and words[0] in lst.official_tokens \
                and words[1].isalpha() and candidate.lstrip()[:1].isdigit():
            # An official number code, then words, with no separator: '7 Police'.
            return words[0], _content_words(" ".join(words[1:]))
        m = _TRAILING_TOKEN.search(candidate) or _TRAILING_NUMBER.search(candidate)
        if m and fold(m.group(1)) in lst.tokens and candidate[:m.start()].strip() \
                and (m.re is _TRAILING_TOKEN or fold(m.group(1)) in lst.official_tokens):
            return fold(m.group(1)), _content_words(candidate[:m.start()])
    return _token_within(lst, text)


# An official token with a local sub-division or place after it: 'N4b', 'U6b', 'A6OUT'.
_SUB_CODE = re.compile(r"^([a-z]{1,3}[0-9]{1,2})(?:[a-z]|out|in)$")


def _token_within(lst: _CodeList, text: str) -> tuple[str, str] | None:
    """(token, the other words) when the value holds exactly one official code token of letters
    and digits anywhere ('CIN - N1d Injuries to non-mobile children', 'Deemed not in need
    (CIN RC8)'), on its own or with a local sub-division ('N4b', 'A6OUT')."""
    words = fold(text).split(" ")
    found: dict[str, int] = {}
    for i, w in enumerate(words):
        token = w if w in lst.official_tokens else None
        if token is None and (m := _SUB_CODE.match(w)) and m.group(1) in lst.official_tokens:
            token = m.group(1)
        if token and any(ch.isdigit() for ch in token) and any(ch.isalpha() for ch in token):
            found.setdefault(token, i)
    if len(found) != 1:
        return None
    token, at = next(iter(found.items()))
    return token, _content_words(" ".join(words[:at] + words[at + 1:]))


_NUMBERED = frozenset({"section", "s", "sec", "part", "schedule", "article", "regulation",
                       "reg", "rule"})


def _content_words(text: str) -> str:
    words = [w for w in fold(text).split(" ") if w and w not in _FILLER]
    # A trailing local number ('White British (101)') says nothing about the code; the number
    # of a section of an Act ('Section 20') says everything.
    while words and words[-1].isdigit() and len(words) > 1 and words[-2] not in _NUMBERED:
        words.pop()
    return " ".join(words)


def _plain(raw: object) -> str:
    """The value as text; a whole number a spreadsheet wrote as '1.0' is '1'."""
    text = "" if raw is None else str(raw).strip()
    return re.sub(r"^(\d+)\.0+$", r"\1", text)


# A note in brackets about the code's history says nothing about which code it is: 'F3 -
# (superseded by F4/F5) Young person engaged full time ...'.
_NOTE = re.compile(
    r"\((?:superseded|replaced|formerly|previously|retired|legacy|old code)\b[^)]*\)", re.I)


# A system's own code of a census group letter, a dot and a number before the words ('A.A3 -
# English', 'D.D3 - Somali'): it is no official token, and its letter is no template letter.
_LOCAL_CODE = re.compile(r"^([A-Za-z])\.[A-Za-z]{1,2}[0-9X]{0,3}\s*[-–:]\s*(?=\S)")
# The census's group letters (A White, B Mixed, C Asian, D Black; E, other groups, says nothing
# the words do not).
_CENSUS_GROUP = {"A": "White", "B": "Mixed", "C": "Asian", "D": "Black"}


def read_code(list_key: str, column: str, raw: object, *, year: int | None = None,
              la_mappings: Mapping[tuple[str, str, str], str] | None = None) -> Reading:
    """How a cell of a coded column reads: the official code, or why there is none.

    `year` is the collection year (collection_year(as_at)); `la_mappings` maps
    (list, column, fold(spelling)) to an official code.
    """
    reading = _read_code(list_key, column, raw, year, la_mappings)
    if reading.code is None or reading.status == "la_mapping":
        return reading
    return _letter_agrees(load_spec().lists[list_key].column(column).codes, raw, reading)


# The template's list letter at the start of a value: 'b) Physical abuse', 'p1) 5D ...'.
_TEMPLATE_LETTER = re.compile(r"^\s*\(?([a-z]{1,2}[0-9]?)\)\s*\S")
# ... or after the words, in brackets: 'Sexual abuse (b)'.
_TRAILING_LETTER = re.compile(r"\S\s+\(([a-z])\)\s*$")  # never 'carer(s)'"


def _letter_agrees(code_list: str, raw: object, reading: Reading) -> Reading:
    """A value that keeps the template's list letter but whose words are another code's ('a)
    Physical abuse': a) is Neglect) is a conflict: the letter is a code too, in lists whose
    codes carry one."""
    m = _TEMPLATE_LETTER.match(str(raw).lower()) or _TRAILING_LETTER.search(str(raw).lower())
    if not m:
        return reading
    lst = _code_list(code_list)
    if m.group(1) in _template_letters().get(fold(lst.entries[reading.code].label), ()):
        # The template itself letters some codes differently in different lists ('c) Neither'
        # for an adopter, 'd) Neither' for a child): such a letter is no conflict.
        return reading
    lettered = lst.letters.get(m.group(1))
    if not lettered or reading.code in lettered:
        return reading
    ordered = tuple(c for c in lst.entries if c in lettered)
    return Reading(None, "conflict", (*ordered, reading.code), None,
                   f"its list letter '{m.group(1)})' means {' or '.join(ordered)} but its words "
                   f"mean {reading.code}")


@cache
def _template_letters() -> dict[str, set[str]]:
    """fold(a code's words) -> every list letter the template gives those words, in any list."""
    out: dict[str, set[str]] = {}
    for name in load_spec().codes:
        lst = _code_list(name)
        for letter, codes in lst.letters.items():
            for code in codes:
                out.setdefault(fold(lst.entries[code].label), set()).add(letter)
    return out


def _read_code(list_key: str, column: str, raw: object, year: int | None,
               la_mappings: Mapping[tuple[str, str, str], str] | None) -> Reading:
    spec = load_spec()
    col = spec.lists[list_key].column(column)
    text = _NOTE.sub(" ", _plain(raw)).strip()
    if m := _LOCAL_CODE.match(text):
        # In ethnicity its letter is the census group: 'A.A1 - British' is White British.
        group = _CENSUS_GROUP.get(m.group(1).upper(), "") if col.codes == "ethnicity" else ""
        text = f"{group} {text[m.end():]}".strip()
    lst = _code_list(col.codes)
    if " > " in text and (path := _read_path(list_key, column, text)) is not None:
        # 'Residential > Secure > Welfare': a picklist's path, read from its last steps up.
        return _check_year(col.codes, path, year)
    if (segments := _picklist_segments(lst, text)) is not None:
        # 'ELIG;REL;Relevant (16/17 left care)', 'PT_U4 | Foster - long term': a system's field
        # and code, then the words; read from the words back, as far as the segments agree.
        text = segments
    key = fold(text)
    if not key:
        return Reading(None, "unmapped", note="it has no letters or digits")
    if la_mappings and (code := la_mappings.get((list_key, column, key))):
        return _check_year(col.codes, Reading(code, "la_mapping", group=lst.entries[code].group
                                              if code in lst.entries else None,
                                              note="by the LA's own mapping"), year)
    text = _tidy(text, lst)
    key = fold(text)
    if (code := _column_spellings(list_key, column).get(key)) is not None \
            or (code := _column_spellings_glue_free(list_key, column).get(_glue_free(key))) \
            is not None:
        return _check_year(col.codes, _one(lst, {code}, "variant",
                                           "a spelling this column uses"), year)
    if _answers_yes_no(lst) and (m := _ANSWER_LAST.match(text)) \
            and (answer := _read_in_list(col.codes, m.group(2))).code is not None \
            and not set(fold(m.group(1)).split(" ")) & _NEGATIONS:
        # 'At risk of CSE? N', 'Has a disability - N': the question's words, then the answer.
        return _check_year(col.codes, _one(lst, {answer.code}, "variant",
                                           f"by its answer '{m.group(2)}'"), year)
    if (said := _column_prefix(list_key, column, key, text)) is not None \
            or (said := _column_prefix(list_key, column, _parents(key), text)) is not None:
        # 'Seen with parent present': this column's own words, then words that add nothing.
        return _check_year(col.codes, _one(lst, {said}, "variant",
                                           "by this column's words it begins with"), year)
    if (lead := _leading_words(text)) and lead[1] \
            and (said := _column_spellings(list_key, column).get(fold(lead[1]))) is not None \
            and (first := read_code(list_key, column, lead[0])).code is not None:
        if first.code == said:
            # 'N - seen with parent': a code, then words this column uses for the same code.
            return _check_year(col.codes, _one(lst, {said}, "variant",
                                               "by its code and this column's words"), year)
        if first.status == "exact":
            # 'Yes - progressed to ICPC' in "ICPC not required?": the answer and the words
            # this column uses for the other answer disagree.
            return Reading(None, "conflict", (first.code, said), None,
                           f"'{lead[0]}' means {first.code} but '{lead[1]}' means {said} "
                           "in this column")
    if (lead := _leading_words(text)) and lead[1] \
            and (said := _column_spellings(list_key, column).get(fold(lead[0]))) is not None \
            and not {c for c, v in _scores(lst, _content_words(lead[1])).items()
                     if v == 100 and c != said}:
        # 'Disabled under DDA - no other': the column's own words first, then a detail.
        return _check_year(col.codes, _one(lst, {said}, "variant",
                                           f"by its first words '{lead[0]}'"), year)
    if (listed := _enumerated(lst, text)) is not None:
        return _check_year(col.codes, listed, year)
    if (m := _ASIDE.search(text)) and text[:m.start()].strip() \
            and (bare := read_code(list_key, column, text[:m.start()])).status == "conflict":
        # 'E4A - returned home, not planned (parent removed from s20)': an aside in brackets
        # must not hide the words' conflict with the code.
        return _check_year(col.codes, bare, year)
    if (lead := _leading_words(text)) and lead[1] and _split_token(lst, text) is None \
            and (narrowed := _group_then_member(list_key, column, lst, *lead)) is not None:
        return _check_year(col.codes, narrowed, year)
    if col.value_pattern and (m := re.fullmatch(col.value_pattern, text)):
        part = _read_in_list(col.codes, m.group("code"))
        if part.code is not None:
            return _check_year(col.codes, Reading(
                part.code, "variant", group=part.group,
                note=f"by its part '{m.group('code')}', as the 903 return writes it"), year)
    if (mixed := _mixed_heritage(lst, key)) is not None:
        return _check_year(col.codes, mixed, year)
    reading = _read_in_list(col.codes, text)
    if (reading.code is None or reading.note.startswith("by its words (match")) \
            and reading.status != "conflict" and (lead := _leading_words(text)) and lead[1] \
            and fold(lead[0]) not in lst.tokens \
            and (first := read_code(list_key, column, lead[0])).code is not None \
            and (first.status == "exact" or first.note == "a known spelling"):
        # 'Housing - council': first words that are a code's own wording outweigh a loose
        # match of the whole value ('council' is not 'councillor').
        by_lead = _read_by_leading_words(list_key, column, lst, *lead)
        reading = by_lead if by_lead.code is not None else reading
    if reading.status == "unmapped" and (lead := _leading_words(text)):
        reading = _read_by_leading_words(list_key, column, lst, *lead)
        if reading.status == "unmapped" and lead[1]:
            reading = _read_by_last_words(list_key, column, lst, *lead)
    if reading.status == "unmapped" and _answers_yes_no(lst):
        # 'YP refused interview', 'Adopter has a disability', 'Child has autism': who answers
        # and 'has' say nothing.
        after = key[m.end():] if (m := _SUBJECT.match(key)) else key
        for words in dict.fromkeys((after, _HAS.sub("", after))):
            if words == key or not words:
                continue
            rest = read_code(list_key, column, words)
            if rest.code is not None:
                reading = Reading(rest.code, "variant", group=rest.group,
                                  note=f"by its words '{words}'")
                break
    if reading.code is None and reading.status in ("unmapped", "ambiguous") \
            and _answers_yes_no(lst) and " " in key:
        # 'None in last 6 months', 'Declined RHI': a yes/no answer says so in its first word;
        # 'Unknown if seen', 'Unknown/not assessed': an unknown answer, whatever follows.
        word = key.split(" ")[0]
        first = read_code(list_key, column, word)
        unknown = first.code is not None and fold(lst.entries[first.code].label) == "unknown"
        if first.code is not None and first.status in ("exact", "variant") \
                and (unknown or ("/" not in text and reading.status == "unmapped")):
            reading = Reading(first.code, "variant", group=first.group,
                              note=f"by its first word '{word}'")
    if reading.code is None and reading.status != "conflict" and (lead := _leading_words(text)) \
            and lead[1] and _split_token(lst, text) is None:
        reading = _group_then_member(list_key, column, lst, *lead, any_other=True) or reading
    if reading.code is None and reading.status != "conflict":
        reading = _any_other(lst, key) or reading
    if reading.status == "unmapped" and (said := _list_prefix(lst, key, text)) is not None:
        reading = _one(lst, {said}, "variant", "by the code's wording it begins with")
    if reading.status == "ambiguous" and (denied := _denied_aside(lst, text)) \
            and len(left := set(reading.candidates) - denied) == 1:
        # 's20 - continuous accommodation (not respite)': the aside rules out the others.
        reading = _one(lst, left, "variant", "the one code its words do not deny")
    if reading.code is not None and len(denied := _denied_aside(lst, text)) == 1 \
            and reading.code in denied:
        # 'Respite - 3 nights (not carer holiday)': the value denies the code it reads as.
        reading = Reading(None, "unmapped", (reading.code,), None,
                          f"its words deny {reading.code}, which they otherwise read as")
    if reading.code is None and reading.status != "conflict" \
            and (composed := _composed(lst, key)) is not None \
            and (composed.code is not None or reading.status == "unmapped"
                 or len(composed.candidates) < len(reading.candidates)):
        reading = composed
    if reading.status == "exact" and text != str(raw).strip():
        # Reported as a variant: the cell is not written as the template writes it.
        reading = Reading(reading.code, "variant", group=reading.group,
                          note="a whole number written as a decimal"
                          if _plain(raw) != str(raw).strip() else
                          "the code's own wording, once its punctuation is tidied")
    return _check_year(col.codes, reading, year)


# Initials written with dots ('P.A.C.E', 'S.G.O.') and 'L/A' for LA.
_DOTTED = re.compile(r"(?<![A-Za-z.])((?:[A-Za-z]\.){1,}[A-Za-z])\.?(?![A-Za-z])")
_L_SLASH_A = re.compile(r"\bL/A\b", re.IGNORECASE)
# A section of an Act written short: two or three digits, so that no code such as S1 is taken.
_SECTION = re.compile(r"\b(?:sec|s)\.\s*(\d{2,3})\b|\bsec\s+(?=\d{2,3}\b)", re.IGNORECASE)
# The Act a section belongs to ('Children Act 1989', 'CA 1989', 'CA89').
_ACT = re.compile(r"\b(?:of\s+(?:the\s+)?)?(?:children\s+act|ca)\s*(?:19|20)?89\b", re.I)
_NOT_KNOWN = re.compile(r"^\s*n\s*/?\s*k\s*$", re.IGNORECASE)
_NOT_APPLICABLE = re.compile(r"^\s*n\s*/\s*a\s*$", re.IGNORECASE)
# Short forms written with '&' or '/': 'F&F' (family and friends), 'P/T', 'F/T', 'w/'.
_F_AND_F = re.compile(r"\bF\s*&\s*F\b", re.IGNORECASE)
_FULL_PART = re.compile(r"\b([FP])\s*/\s*T\b", re.IGNORECASE)
_WITH = re.compile(r"\bw/\s+", re.IGNORECASE)  # 'w/ adopters', never "W/Asian"
_DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b")
_BACK_HOME = re.compile(r"\b(?:(?:went|gone|moved|returned)\s+)?back\s+(?:home|to\s+(?="
                        r"(?:mum|dad|mother|father|parents?|family)\b))", re.IGNORECASE)
_NOT_CONTRACTED = re.compile(r"n['’]t\b", re.IGNORECASE)
_A_AND_E = re.compile(r"\bA\s*(?:&|and)\s*E\b", re.IGNORECASE)
_PASSED_AWAY = re.compile(r"\bpassed away\b", re.IGNORECASE)
# A word shortened with an apostrophe in its middle ('G'ship', 'Ass't').
_CONTRACTION = re.compile(r"\b([A-Za-z]+)['’]([A-Za-z]{3,})\b")


def _tidy(text: str, lst: _CodeList) -> str:
    """Punctuation that only shortens: the Act a section belongs to dropped ('CA 1989'), a
    section written short written out ('Sec 20' -> 'section 20'), dotted initials joined
    ('P.A.C.E' -> 'PACE'), 'L/A' -> 'LA', 'F&F', 'P/T', 'F/T', 'w/' and 'passed away' written
    out, a date dropped, 'N/K' and 'N/A' as the words they stand for, and a
    word cut by an apostrophe written out when one word of the list begins and ends so
    ('Special G'ship Order' -> 'Special guardianship Order')."""
    text = _ACT.sub(" ", text)  # 'Section 20 CA 1989': which Act says nothing of the code
    text = _SECTION.sub(r"section \1", text)  # 'Sec 20', 's.20': section 20 of the Act
    text = _DOTTED.sub(lambda m: m.group(1).replace(".", ""), text)
    text = _L_SLASH_A.sub("LA", text)
    text = re.sub(r"<\s*(?=\d)", "less than ", text)  # 'Temporary move < 7 days'
    text = _F_AND_F.sub("family and friends", text)
    text = _FULL_PART.sub(lambda m: "full time" if m.group(1).lower() == "f" else "part time",
                          text)
    text = _WITH.sub("with ", text)
    text = _DATE.sub(" ", text).strip()  # 'PPO 12/05/2024': when says nothing of what
    text = _PASSED_AWAY.sub("died", text)
    text = _A_AND_E.sub("A&E", text)
    text = _BACK_HOME.sub("returned home", text)  # 'back home with mum', 'went back to dad's'
    text = _NOT_CONTRACTED.sub(" not", text)  # 'didn't oppose', 'doesn't want'
    if _NOT_KNOWN.match(text) and fold(text).replace(" ", "") not in lst.tokens:
        return "Not known"  # 'N/K', 'NK': never the token N and a stray K
    if _NOT_APPLICABLE.match(text):
        return "not applicable"  # 'N/A': never the token N (No) and a stray A

    def whole(m: re.Match) -> str:
        head, tail = m.group(1).lower(), m.group(2).lower()
        words = {w for w in lst.vocabulary if w.startswith(head) and w.endswith(tail)
                 and len(w) > len(head) + len(tail)}
        return words.pop() if len(words) == 1 else m.group(0)
    return _CONTRACTION.sub(whole, text)


def _group_then_member(list_key: str, column: str, lst: _CodeList, lead: str,
                       rest: str, any_other: bool = False) -> Reading | None:
    """'LA services - youth offending', 'Asian / Asian British (Indian)': words that name a
    group of codes (and no one code of it), then words that name one code of that group, or
    several of which one is in the group ('Placed for adoption with consent - current foster
    carer': A3 or A4, then A3 or A5), are that code. When the other words name no code at
    all, a group with an 'Any other ... background' code (the census's write-in box for the
    group) is that code (`any_other`: tried only when the whole value names no code)."""
    for group_words, member_words in ((lead, rest), (rest, lead)):
        group = read_code(list_key, column, group_words)
        if group.status != "ambiguous" or not group.candidates:
            continue
        member = read_code(list_key, column, member_words)
        both = read_code(list_key, column, f"{group_words} {member_words}")
        if member.code in group.candidates and both.code is not None \
                and both.code != member.code:
            # The member's words alone read otherwise than the whole value ('Placed for
            # adoption - consent - not foster': 'consent - not foster' alone is no sure guide).
            continue
        # 'White - Irish': the member's words may need the group's ('White Irish'); words
        # that are themselves a group ('Individual (family/friend)') narrow nothing.
        common = set(member.candidates) & set(group.candidates) \
            if not set(fold(f"{member_words} {group_words}").split(" ")) & _NEGATIONS else set()
        code = member.code if member.code in group.candidates \
            else next(iter(common)) if member.status == "ambiguous" and len(common) == 1 \
            else None if member.status == "ambiguous" else both.code
        if code in group.candidates:
            return _one(lst, {code}, "variant",
                        f"'{member_words}' within the group '{group_words}'")
        if (any_other and member.status == "unmapped" and group_words is lead
                and _write_in(lst, group.candidates, member_words)):
            other = {c for c in group.candidates if _is_any_other(lst, c)}
            if len(other) == 1 and _group_of(lst, group.candidates):
                return _one(lst, other, "variant",
                            f"'{member_words}' is no code of the group '{group_words}': "
                            "its 'any other' code")
    return None


def _write_in(lst: _CodeList, group: set[str], words: str) -> bool:
    """Words written after a group's name that may stand for the census's write-in box ('Asian -
    Sri Lankan'): not when they deny something ('White - not Irish'), repeat the group's own
    wording ('Black - British', 'Asian - British': the group itself), or carry a word of a code
    outside the group ('Asian - Irish' contradicts itself). Those stay ambiguous or unread."""
    tokens = [w for w in fold(words).split(" ") if w and w not in _GLUE and len(w) > 1]
    if not tokens or any(w in _NEGATIONS or w.startswith("non") or (
            w.startswith("un") and len(w) >= 7 and w not in _NOT_NEGATED) for w in tokens):
        return False
    own = {w for phrase, code in lst.phrases if code in group for w in phrase.split(" ")}
    if all(any(_same_word(w, o) for o in own) for w in tokens):
        return False
    others = {w for phrase, code in lst.phrases if code not in group
              for w in phrase.split(" ") if w not in _GLUE and len(w) > 2}
    return not any(any(_same_word(w, o) for o in others) for w in tokens)


def _is_any_other(lst: _CodeList, code: str) -> bool:
    return any(c == code and p.startswith("any other ") for p, c in lst.phrases)


def _any_other(lst: _CodeList, key: str) -> Reading | None:
    """'Any other Black, Black British or Caribbean background', 'Other Black': a value that
    begins 'any other' or 'other' is one of the list's 'Any other ...' codes, the one whose words
    it has."""
    bare_other = key.startswith("other ") and len(key.split(" ")) >= 2
    if bare_other:
        key = f"any {key}"  # 'Other Black': the group's write-in code, as 'Any other Black'
    if not key.startswith("any other "):
        return None
    others = {c for c in lst.entries if _is_any_other(lst, c)}
    group = _read(lst, key[len("any other "):], key[len("any other "):])
    if group.status == "ambiguous" and len(set(group.candidates) & others) == 1:
        # 'Other Black': the words name a group; its 'any other' code.
        return _one(lst, set(group.candidates) & others, "variant",
                    "the 'any other' code of the group its words name")
    if bare_other:
        return None  # 'Other Black African' is Black African, 'Other SGO' no write-in
    best = _best_explained(lst, key, others) if others else set()
    if len(best) == 1:
        return _one(lst, best, "variant", "an 'any other' code, by its group's words")
    return None


# Words for mixed heritage, and the census group each nationality belongs to.
_MIXED = frozenset({"mixed", "dual", "heritage", "parentage", "multiple", "race"})
_NATIONS = {"indian": "asian", "pakistani": "asian", "bangladeshi": "asian", "asian": "asian",
            "caribbean": "black caribbean", "jamaican": "black caribbean",
            "african": "black african", "nigerian": "black african", "ghanaian": "black african",
            "somali": "black african"}


def _mixed_heritage(lst: _CodeList, key: str) -> Reading | None:
    """'Dual heritage - White & Indian': White with one other group, said to be mixed, is that
    mixed code of the census (White and Asian, White and Black Caribbean, White and Black
    African); a nationality stands for its group."""
    words = key.split(" ")
    if _MIXED & set(words):
        words = ["white" if w == "w" else w for w in words]  # 'Mixed W & Asian'
    if "white" not in words or not _MIXED & set(words):
        return None
    groups = {_NATIONS[w] for w in words if w in _NATIONS}
    if len(groups) != 1:
        return None
    reading = _read_in_list(lst.name, f"mixed white and {groups.pop()}")
    return _one(lst, {reading.code}, "variant", "mixed heritage: White and another group") \
        if reading.code else None


@cache
def _column_spellings_glue_free(list_key: str, column: str) -> dict[str, str]:
    """The column's own spellings without their glue words ('ICPC was required' is 'ICPC
    required'), where that leaves each one code."""
    out: dict[str, set[str]] = {}
    for sp, code in _column_spellings(list_key, column).items():
        out.setdefault(_glue_free(sp), set()).add(code)
    # Two words at least: 'with a disability' must not make 'disability' alone an answer.
    return {k: next(iter(v)) for k, v in out.items() if len(v) == 1 and " " in k}


@cache
def _column_spellings(list_key: str, column: str) -> dict[str, str]:
    """The column's own spellings (value_aliases), folded once: fold(spelling) -> code."""
    col = load_spec().lists[list_key].column(column)
    return {fold(sp): code for code, spellings in col.value_aliases for sp in spellings}


@cache
def _known_phrases(code_list: str) -> dict[str, frozenset[str]]:
    """Every wording of the list (template forms and synonyms), written out as the scores see
    them, with the codes it names."""
    lst = _code_list(code_list)
    out: dict[str, set[str]] = {}
    for table in (lst.exact, lst.synonyms):
        for k, codes in table.items():
            for form in {_expand(k, lst.vocabulary), _singular(_expand(k, lst.vocabulary))}:
                out.setdefault(form, set()).update(codes)
    return {k: frozenset(v) for k, v in out.items()}


def _composed(lst: _CodeList, key: str) -> Reading | None:
    """'Placed for adoption under PO - foster carers adopting': a value made of the list's own
    wordings side by side, each naming a set of codes ('placed for adoption': A3-A6; 'placement
    order': A5 or A6; 'foster carers adopting': A3 or A5), is the codes they all name (A5);
    ambiguous when several remain. Only when every word but glue is part of a wording, and the
    value denies nothing (a denial turns what follows round, which side by side cannot)."""
    words = _singular(_expand(key, lst.vocabulary)).split(" ")
    if set(words) & _NEGATIONS or any(w.startswith("non") for w in words):
        return None
    known = _known_phrases(lst.name)
    spans: list[tuple[int, int, frozenset[str]]] = []
    for i in range(len(words)):
        for j in range(len(words), i, -1):
            codes = known.get(" ".join(words[i:j]))
            if codes and not (j - i == 1 and words[i] in _GLUE):
                spans.append((i, j, codes))
                break
    spans = [(i, j, c) for i, j, c in spans
             if not any(a <= i and j <= b and (a, b) != (i, j) for a, b, _ in spans)]
    if len(spans) < 2:
        return None
    covered = {k for i, j, _ in spans for k in range(i, j)}
    if any(k not in covered and w not in _GLUE and not w.isdigit()
           for k, w in enumerate(words)):
        return None
    common = frozenset.intersection(*(c for _, _, c in spans))
    if not common:
        return None
    parts = " + ".join(" ".join(words[i:j]) for i, j, _ in spans)
    return _one(lst, set(common), "variant", f"by its wordings side by side ({parts})")


def _read_path(list_key: str, column: str, text: str) -> Reading | None:
    """The reading of the shortest tail of a '>' path that names one code ('Welfare', then
    'Secure Welfare'); else the narrowest ambiguity a tail names; None when none names any."""
    steps = [p.strip() for p in text.split(">") if p.strip()]
    best = None
    for k in range(1, len(steps) + 1):
        r = read_code(list_key, column, " ".join(steps[-k:]))
        if r.code is not None and r.status != "conflict":
            return Reading(r.code, "variant", group=r.group, note="by the last steps of its path")
        if r.status == "ambiguous" and (best is None or len(r.candidates) < len(best.candidates)):
            best = r
    return best


def _picklist_segments(lst: _CodeList, text: str) -> str | None:
    """The words of a value exported as picklist segments joined by ';' or '|' ('ELIG;REL;
    Relevant'): the last segment with letters, and the one before it when that is a short code
    ('MOS-LS | E1 | PO granted' -> 'E1 - PO granted', so the code is weighed against the words);
    a first segment of three or more is the field's name and says nothing. None when the value
    has no such segments."""
    parts = [p.strip() for p in re.split(r"\s*[;|]\s*", text) if re.search(r"[A-Za-z]", p)]
    # Segments may be several answers ('Emotional abuse; Neglect', 'White | Other'): only a
    # code of the list just before the words, or a field's name in capitals first, make them
    # a picklist's.
    if len(parts) < 2 or any(fold(e.label).startswith("multiple") for e in lst.entries.values()):
        return None
    last, before = parts[-1], parts[-2]
    code = fold(before).split(" ")[-1] if fold(before) else ""
    if code in lst.tokens and re.fullmatch(r"[A-Z0-9_\-]+", before.replace(" ", "")):
        return f"{code.upper()} - {last}"  # 'PT_U4 | Foster - long term': U4, with its words
    if len(parts) >= 3 and re.fullmatch(r"[A-Z][A-Z0-9_\-]*", parts[0]):
        return last  # 'ELIG;REL;Relevant': field, code, words
    return None


# A bracketed aside of three words or more at the end of a value.
_ASIDE = re.compile(r"\s*\((?:[^()\s]+\s+){2,}[^()]*\)\s*$")


# Words, then a mark, then a one-word answer at the end: 'At risk of CSE? N'.
_ANSWER_LAST = re.compile(r"^(.*\w.*?)\s*[?:\-–]\s*(y|n|yes|no|u|unknown)\.?\s*$", re.IGNORECASE)


def _list_prefix(lst: _CodeList, key: str, text: str) -> str | None:
    """The code of the longest wording of the list (two words or more, one code) that the value
    begins with, before any punctuation, when the words after it deny nothing and name nothing
    ('No further action taken on referral': NFA, not 'No'; but 'No - further action')."""
    words = key.split(" ")
    head = re.split(r"[-–—:;/,(\[|]", text, maxsplit=1)[0]
    for n in range(min(len(words) - 1, len(fold(head).split(" "))), 1, -1):
        codes = lst.exact.get(" ".join(words[:n])) or lst.synonyms.get(" ".join(words[:n]))
        if not codes:
            continue
        rest = words[n:]
        if len(codes) > 1 or set(rest) & _NEGATIONS:
            return None
        code = next(iter(codes))
        other = _read_in_list(lst.name, " ".join(rest))
        if any(lst.word_codes.get(w, {code}) - {code}
               for w in rest if w not in _GLUE and len(w) > 2):
            return None  # 'Children's home registered as secure': 'secure' is K1's word
        return code if other.status == "unmapped" or other.code == code else None
    return None


_DENIED_ASIDE = re.compile(r"[\(\[]\s*(?:not|excluding|except)\s+([^()\[\]]+?)\s*[\)\]]\s*$",
                           re.IGNORECASE)


def _denied_aside(lst: _CodeList, text: str) -> set[str]:
    """The codes an aside denies: '(not carer holiday)' at the end of a value denies T3."""
    m = _DENIED_ASIDE.search(text)
    if not m:
        return set()
    r = _read_in_list(lst.name, m.group(1))
    return {r.code} if r.code else set(r.candidates) if r.status == "ambiguous" else set()


def _parents(key: str) -> str:
    """'seen with mum present' -> 'seen with parent present', for the column's own spellings."""
    return " ".join("parent" if w in ("mum", "dad", "mother", "father") else w
                    for w in key.split(" "))


def _names_inside(list_key: str, column: str, words: list[str]) -> bool:
    """Whether some run of the words is a wording of the column or its list ('considered - CIN
    plan agreed' holds 'CIN plan')."""
    spellings = _column_spellings(list_key, column)
    lst = _code_list(load_spec().lists[list_key].column(column).codes)
    for i in range(len(words)):
        for j in range(i + 1, min(len(words), i + 4) + 1):
            run = " ".join(words[i:j])
            if run in spellings or (j - i > 1 and (run in lst.exact or run in lst.synonyms)):
                return True
    return False


def _column_prefix(list_key: str, column: str, key: str, text: str) -> str | None:
    """The code of the longest of this column's own spellings (two words or more) that the value
    begins with, when the words after it deny nothing and name no other answer."""
    spellings = _column_spellings(list_key, column)
    words = key.split(" ")
    lead = _leading_words(text)
    before = len(fold(lead[0]).split(" ")) if lead else len(words)
    for n in range(min(len(words) - 1, before), 1, -1):
        code = spellings.get(" ".join(words[:n]))
        if code is None:
            continue
        rest = words[n:]
        if set(rest) & _NEGATIONS or any(w.startswith("un") and len(w) >= 7 for w in rest) \
                or any(spellings.get(w) not in (None, code) for w in rest) \
                or (rest and read_code(list_key, column, " ".join(rest)).status != "unmapped") \
                or _names_inside(list_key, column, rest):
            return None  # 'Seen with carer, then seen alone', 'Has a disability - N'
        return code
    return None


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
    if _answers_yes_no(lst) and set(fold(rest).split(" ")) & _NEGATIONS:
        # 'Police protection considered - not used': a denial after the answer's words.
        return Reading(None, "unmapped", note="its last words deny its first")
    others = {c for c, v in _scores(lst, _content_words(rest)).items()
              if v == 100 and c != first.code}
    if _answers_yes_no(lst) and (after := read_code(list_key, column, rest)).code \
            not in (None, first.code):
        others.add(after.code)  # 'CP plan considered - CIN plan agreed': the column's words
    if others:
        ordered = tuple(c for c in lst.entries if c in others)
        return Reading(None, "conflict", (first.code, *ordered), None,
                       f"its first words '{lead}' mean {first.code} but '{rest}' means "
                       f"{' or '.join(ordered)}")
    return Reading(first.code, "variant", group=first.group,
                   note=f"by its first words '{lead}'")


def _read_by_last_words(list_key: str, column: str, lst: _CodeList, lead: str,
                        rest: str) -> Reading:
    """A value whose first words name nothing ('RHI offered - declined', 'CLA - Interim care
    order') is read by the words after them, when those alone are a code."""
    last = read_code(list_key, column, rest)
    if last.code is None or last.status not in ("exact", "variant"):
        return Reading(None, "unmapped", note="it names no code of this list")
    return Reading(last.code, "variant", group=last.group,
                   note=f"by its words '{rest}' ('{lead}' names no code)")


# Who gives a yes/no answer, written before it ('YP refused', 'Adopter has a disability').
_SUBJECT = re.compile(r"^(?:the )?(?:child|yp|young person|cyp|adopter)s? ")
_HAS = re.compile(r"^(?:(?:has|had|is|was) )?(?:(?:diagnosed )?with )?(?:an? )?")


# A list of examples or alternatives: in brackets ('(Police, Court, Probation etc)') or joined
# by '/' after the last separator ('FFN - Family/Friend/Neighbour').
_ENUM_BRACKET = re.compile(r"\(([^()]*(?:[,/]| or )[^()]*)\)")
_ENUM_PARTS = re.compile(r"\s*(?:[,/;&]|\band\b|\bor\b)\s*", re.IGNORECASE)


def _enumerated(lst: _CodeList, text: str) -> Reading | None:
    """'Legal Agency (Police, Court, Probation etc)', 'FFN - Family/Friend/Neighbour',
    'Parental/Child disability': examples or alternatives that are each a different code make
    the value any of them (ambiguous), never the first of them or the one its words come
    closest to. Not in a list with a code for several at once (the categories of abuse), nor
    for a value that is itself a code's wording or leads with a token (a conflict is tried)."""
    key = fold(text)
    if key in lst.exact or key in lst.synonyms or _singular(key) in lst.singular \
            or _split_token(lst, text) is not None or _mixed_heritage(lst, key) is not None \
            or any(fold(e.label).startswith("multiple") for e in lst.entries.values()):
        return None
    lead = ""
    if m := _ENUM_BRACKET.search(text):
        segment, lead = m.group(1), text[:m.start()].strip()
    else:
        segment = re.split(r"\s[-–—]\s|:\s*", text)[-1]
        if "/" not in segment:
            return None
    parts = [p.strip() for p in _ENUM_PARTS.split(segment)
             if fold(p) not in ("", "etc", "other", "others", "eg")]
    if len(parts) < 2 or any(len(fold(p).split(" ")) > 3 or set(fold(p).split(" ")) & _NEGATIONS
                             for p in parts):
        return None  # items are a word or three, and deny nothing: not clauses of a description
    if lead and set(fold(segment).split(" ")) <= set(fold(lead).split(" ")):
        return None  # the brackets restate the words before them
    listed = segment if lead else re.sub(r"\([^()]*\)", " ", text)
    if _glue_free(fold(listed)) in _wordings_without_glue(lst.name):
        return None  # a wording several codes share, written with slashes ('Black / African /
        # Caribbean / Black British', the census group's title)
    if len(parts) == 2 and " " not in parts[0] and " " in parts[1]:
        # 'Parental/Child disability': the first word shares the second's last words.
        parts[0] = f"{parts[0]} {parts[1].split(' ', 1)[1]}"
    named: set[str] = set()
    heading = _read_in_list(lst.name, lead) if fold(lead) else Reading(None, "unmapped")
    for part in (*parts, lead):
        r = _read_in_list(lst.name, part) if fold(part) else Reading(None, "unmapped")
        if r.code is not None and r.status in ("exact", "variant"):
            named.add(r.code)  # the words before the brackets count as one of the list
        elif r.status == "ambiguous" and part is not lead and len(parts) >= 3:
            # In a long list of examples ('A&E, Hospital, OT, Ward, Hospice') an item that is
            # itself several codes counts them all; in a short one ('relative, long term') the
            # items may describe one code together.
            named |= set(r.candidates)
    if heading.status == "ambiguous" and len(parts) >= 3 and len(named) < 2:
        # 'Hospital services (A&E, ward, outpatients, maternity)': three or more examples of
        # a group, one of them a code of it, are examples of the group, not that code.
        return _one(lst, set(heading.candidates), "ambiguous")
    return _one(lst, named, "ambiguous") if len(named) >= 2 else None


def _glue_free(key: str) -> str:
    return " ".join(w for w in key.split(" ") if w not in _GLUE)


@cache
def _wordings_without_glue(code_list: str) -> frozenset[str]:
    lst = _code_list(code_list)
    return frozenset(_glue_free(k) for table in (lst.exact, lst.synonyms) for k in table)


def _answers_yes_no(lst: _CodeList) -> bool:
    return _is_yes_no_list(lst.name)


@cache
def _is_yes_no_list(code_list: str) -> bool:
    lst = _code_list(code_list)
    return {fold(e.label) for e in lst.entries.values()} <= {"yes", "no", "unknown"}


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


def _without_letter(lst: _CodeList, text: str) -> str:
    """The value without a template letter ('k) ...'), unless that 'letter' is one of the list's
    own codes ('(N2) Parental illness': N2 is a code, and the words must be checked against it)."""
    m = _LETTER_PREFIX.match(text.strip())
    prefix = fold(m.group(0)) if m else ""
    if m and prefix not in lst.letters and (
            (any(ch.isdigit() for ch in prefix) and prefix in lst.official_tokens)
            or (prefix.isalpha() and prefix in lst.tokens)):
        # '(N2) ...'; '(F) Male' where F is a code and no template letter: checked, not dropped
        return text.strip()
    return strip_letter_prefix(text)


def _read(lst: _CodeList, text: str, key: str) -> Reading:
    if text in lst.entries:
        return _one(lst, {text}, "exact")
    bare = fold(_without_letter(lst, text))
    for k in (key, bare):
        if k in lst.exact:
            return _one(lst, lst.exact[k], "exact")
    for k in (key, bare):
        if _singular(k) in lst.groups:
            return _one(lst, lst.groups[_singular(k)], "ambiguous")
    if "/" in text and (either := _several_named(lst, text) or _either_named(lst, text)):
        # 'Family/friend': each side a different code, though the words run together are one
        # code's wording ('family friend'); 'Neglect/physical abuse' where a code says several.
        return either
    for k in (key, bare):
        if k in lst.synonyms:
            return _one(lst, lst.synonyms[k], "variant", "a known spelling")
    for k in (key, bare):
        if _singular(k) in lst.singular:
            return _one(lst, lst.singular[_singular(k)], "variant",
                        "a known spelling, in the plural")
    first = bare.split(" ")[0]
    if _SHORT_FORM.match(first) and len(lst.synonyms.get(first, ())) > 1 \
            and first not in lst.tokens:
        # A legacy or local short code that stands for several codes ('E43': E45 or E46),
        # unless its other words tell which ('NEET - sick/disabled': G4).
        value = _sides(_expand(_content_words(text), lst.vocabulary).split())
        # A code whose own wording the other words deny is out ('S20 - not short breaks': V2).
        allowed = {c for c in lst.synonyms[first] if not _contradicts(
            value, _sides(_expand(fold(lst.entries[c].label), lst.vocabulary).split()))}
        narrowed = _best_explained(lst, _content_words(text), allowed or lst.synonyms[first])
        if len(narrowed) == 1:
            return _one(lst, narrowed, "variant", f"'{first.upper()}' and its other words")
        return _one(lst, lst.synonyms[first], "ambiguous")
    if (several := _several_named(lst, text)) is not None:
        return several
    if (either := _either_named(lst, text)) is not None:
        return either
    if (said := _list_prefix(lst, key, text)) is not None:
        # 'No further action taken on referral': a wording of one code, longer than a short
        # code it begins with ('No'), then words that name nothing else.
        return _one(lst, {said}, "variant", "by the code's wording it begins with")
    split = _split_token(lst, text)
    if split:
        token, words = split
        code = lst.tokens[token]
        if not words:
            return _one(lst, {code}, "variant", "by its code")
        # Another code named beside it ('N1 or N4') makes it ambiguous; in a long official
        # description other codes are only referred to ('E15: ... and E5, E6 and E7 do not
        # apply', 'T4: ... not covered by codes T1 to T3').
        more = {lst.tokens[w] for w in words.split(" ") if w in lst.official_tokens
                and w != token and not w.isdigit() and not w.isalpha()
                } if words.count(" ") < 8 else set()
        if more - {code}:
            return _one(lst, {code} | more, "ambiguous")
        # The words contradict the token only when they clearly name another code and not the
        # token's own: a system's abbreviated description ('U3 - RELATIVE/FRIEND: NOT LT/FFA')
        # is read by its token.
        if code in lst.exact.get(words, set()) | lst.synonyms.get(words, set()):
            # Words that are one of the token's own wordings, though others share it ('3B -
            # Health').
            return _one(lst, {code}, "variant", "by its code and words")
        scored = _scores(lst, words, token_code=code)
        own = _scores(lst, words, strict=True, token_code=code).get(code, 0)
        # A short synonym as token ('No (none recorded)') is contradicted only by words that
        # are another code exactly; an official token by words close to another code.
        bar = CONFLICT_SCORE if token in lst.official_tokens else 100
        # Words that deny a code do not name it ('S1 - School (unless dual registered as a
        # children's home)').
        # Words that match another code in full name it, unless they also match the token's
        # own code closely or the token's code accounts for more of them ('U2 - Foster place
        # relative/friend - approved adopter': U3's 'relative/friend' is in it, but only U2 has
        # 'approved adopter'; 'U4 - Foster placement with relative - long term' is all U1's).
        named = {c for c, v in scored.items()
                 if c != code and v >= bar and not _denies(lst, words, c)
                 and (v - own >= OWN_MARGIN
                      or (v == 100 and own < ACCEPT_SCORE
                          and code not in _best_explained(lst, words, {code, c})))}
        # However closely the token's own wording matches, words that another code accounts
        # for in full and the token's code does not are that code's.
        better = {c for c, v in scored.items()
                  if c != code and v == 100 and not _denies(lst, words, c)
                  and _best_explained(lst, words, {code, c}, whole=True) == {c}}
        if better:
            named |= better
            own = min(own, ACCEPT_SCORE - 1)
        if _denies(lst, words, code):
            # 'E5 - Moved into independent living without support': E5 is the supported one.
            named |= {c for c, v in scored.items() if c != code and v >= CONFLICT_SCORE
                      and not _denies(lst, words, c)}
            own = min(own, ACCEPT_SCORE - 1) if named else own
        if not named and " " not in token and words:
            # Words that are several codes of the list, none of them the token's ('A5 - Placed
            # for adoption with consent': A3 or A4; 'F1 - College (FE)': F2 or P2).
            alone = _read_in_list(lst.name, words)
            if alone.status == "ambiguous" and alone.candidates \
                    and code not in alone.candidates:
                named = set(alone.candidates)
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
    if _singular(words) != words:
        # 'Residential schools / 52-week placements': the plural may hide a closer match.
        one, one_score = _words_name(lst, _singular(words), ACCEPT_SCORE)
        if one and (not named or one_score > score):
            named, score = one, one_score
    if named:
        return _one(lst, named, "variant", f"by its words (match {score}%)")
    word = _expand(words, lst.vocabulary)
    if " " not in word and len(word) >= 5 and not _answers_yes_no(lst):
        # One word that only one code's description has ('Emotional', 'Physical'); never an
        # answer to a yes/no question ('Assessment' is no 'No').
        having = {c for p, c in lst.phrases if word in p.split()}
        if len(having) == 1:
            return _one(lst, having, "variant", f"by the word '{word}', in one code only")
    if len(key) == 4 and key.isalpha():
        # One letter slipped in a four-letter census code ('WRON' for WROM): one code's token,
        # one letter changed, never the first (the census group: AAFR is an Asian code of the
        # extended list, not BAFR).
        near = {c for t, c in lst.tokens.items() if len(t) == 4 and t in lst.official_tokens
                and t[0] == key[0] and sum(a != b for a, b in zip(t, key, strict=True)) == 1}
        if len(near) == 1:
            return _one(lst, near, "variant", "one letter away from its code")
    if len(key) >= 5 and not any(ch.isdigit() for ch in key):
        # One letter slipped ('Fenale', 'Neglcet'): within one edit of one code's wording.
        near = {c for k, cs in (*lst.exact.items(), *lst.synonyms.items())
                if len(k) >= 5 and abs(len(k) - len(key)) <= 1 and OSA.distance(k, key) <= 1
                for c in cs}
        if len(near) == 1:
            return _one(lst, near, "variant", "one letter away from its wording")
    return Reading(None, "unmapped", note="it names no code of this list")


_PARTS = re.compile(r"\s*(?:[,;/&+]|\band\b)\s*", re.IGNORECASE)
_FLAGS = re.compile(r"^[yn]{3,6}$")


def _several_named(lst: _CodeList, text: str) -> Reading | None:
    """A list with a code for several at once (the categories of abuse: 'e) Multiple/not
    recommended') reads a value naming two or more of its other codes as that code:
    'Neglect, Physical', 'Emotional abuse; Neglect', 'Multiple: Neglect, Emotional Abuse', and
    the yes/no flags some systems write per category ('NYNY'), when two or more say yes."""
    multiple = next((c for c, e in lst.entries.items()
                     if fold(e.label).startswith("multiple")), None)
    if multiple is None:
        return None
    key = fold(text)
    if _FLAGS.match(key):
        if key.count("y") >= 2:
            return _one(lst, {multiple}, "variant", "a yes for two or more categories")
        return None
    parts = [p for p in _PARTS.split(strip_letter_prefix(text).replace(":", ",")) if p.strip()]
    if len(parts) < 2:
        return None
    named = set()
    for part in parts:
        r = _read(lst, part, fold(part))
        if r.code is not None and r.code != multiple:
            named.add(r.code)
    if len(named) >= 2:
        return _one(lst, {multiple}, "variant",
                    "it names " + " and ".join(c for c in lst.entries if c in named))
    return None


def _either_named(lst: _CodeList, text: str) -> Reading | None:
    """'Anonymous/Not known': two spellings joined by '/' that are each exactly a different code
    (not words of one code, as 'relative/friend' is) are either of them: ambiguous."""
    parts = [p for p in text.split("/") if p.strip()]
    if len(parts) != 2:
        return None
    named: set[str] = set()
    for part in parts:
        key = fold(part)
        codes = (lst.exact.get(key, set()) | lst.synonyms.get(key, set())
                 or lst.singular.get(_singular(key), set()))
        if len(codes) != 1:
            return None
        named |= codes
    return _one(lst, named, "ambiguous") if len(named) == 2 else None
