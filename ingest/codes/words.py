"""Weighing a value's words against a code list's wordings: what words say and what they deny
('without support', 'other than'), glue words, fuzzy similarity (rapidfuzz), the scores per code,
which codes words name (`_words_name`), and which codes account for the most of them
(`_best_explained`).
"""

from __future__ import annotations

from collections import Counter
from functools import cache

from rapidfuzz import fuzz

from ingest.codes.abbreviations import _expand
from ingest.codes.lists import CONFLICT_SCORE, TIE_MARGIN, _answers_yes_no, _code_list, _CodeList

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
# A measure after an 'other than' clause is said of the whole value, not excepted with the
# clause: 'Education other than higher (FT)' is full time (the clause names a kind of
# education, never how much of it).
_MEASURE_WORDS = frozenset({"full", "part", "time", "ft", "pt"})


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
        elif left > 2 and w in _MEASURE_WORDS:
            said.add(w)
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
    if not _telling(phrase):
        # 'a and e', 'b and b': found inside a value only with each of its words as often as it
        # has them (a set of words would make 'b and b' one 'b': in 'm and b unit').
        return 100 if not Counter(phrase.split(" ")) - Counter(words.split(" ")) else int(score)
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


def _telling(phrase: str) -> bool:
    """A phrase whose words can be found anywhere in a value: one word, or several with one of
    two letters or more beside the glue. 'b and b' (B&B) is one letter and a glue word, which
    any value with a 'b' and an 'and' holds ('M&B unit')."""
    return " " not in phrase or any(len(w) >= 2 and w not in _GLUE for w in phrase.split(" "))


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
        return tied | _also_named(lst, words, next(iter(tied)), agreeing), top
    return (_best_explained(lst, words, set(agreeing)) or tied), top


def _also_named(lst: _CodeList, words: str, best: str, near: dict[str, int]) -> set[str]:
    """Other codes the words name by a word of their own: a one-word wording of a code that no
    other code uses, and no wording of the best code has ('Family Hub (Police)': the hub is
    early help, 'police' is Police). A single word inside a value scores below a whole phrase,
    but it names its code as surely."""
    said = set(words.split(" "))
    best_words = {w for p, c in lst.phrases if c == best for w in p.split(" ")}
    return {c for c, v in near.items() if c != best and v >= CONFLICT_SCORE
            and any(p in said and " " not in p and lst.codes_with_word.get(p, 0) == 1
                    and p not in best_words and p not in _GLUE and len(p) > 3
                    for p, code in lst.phrases if code == c)}


def _glue_free(key: str) -> str:
    return " ".join(w for w in key.split(" ") if w not in _GLUE)


@cache
def _wordings_without_glue(code_list: str) -> frozenset[str]:
    lst = _code_list(code_list)
    return frozenset(_glue_free(k) for table in (lst.exact, lst.synonyms) for k in table)
