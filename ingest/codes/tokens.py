"""A value's token and letters: a code's token before or after the words ('C1 - ICO', 'White
British (WBRI)', '[6] Housing', 'Police - 7') or inside them ('N4b'); the words left once the
token and filler are taken off; the template's list letter ('k) ...', '... (b)') and whether it
agrees with the code the words read as; and a value's leading words before its first separator.
"""

from __future__ import annotations

import re
from functools import cache

from ingest.codes.lists import (
    _LETTER_PREFIX,
    Reading,
    _code_list,
    _CodeList,
    fold,
    strip_letter_prefix,
)
from ingest.spec import load_spec

# Words that add nothing to a value's meaning ("Code 6", "Category: neglect").
_FILLER = {"code", "category", "cat", "type", "status"}
_SEPARATOR_AFTER_TOKEN = re.compile(r"^\s*[\(\[]?\s*([A-Za-z0-9]{1,5})\s*[\)\]]?\s*([-–—:.=|/)]|$)")
# A token in brackets before the words, the bracket its separator: '[6] Housing', '(3B) GP'.
_BRACKETED_TOKEN = re.compile(r"^\s*[\(\[]\s*([A-Za-z0-9]{1,5})\s*[\)\]]\s*(?=\S)")
_TRAILING_TOKEN = re.compile(r"\s[\(\[]\s*([A-Za-z0-9]{1,5})\s*[\)\]]\s*$")
# An official number code after the words and a dash or colon: 'Police - 7'.
_TRAILING_NUMBER = re.compile(r"\s[-–—:]\s*([0-9]{1,2})\s*$")


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


_LEAD_SEPARATOR = re.compile(r"\s[-–—]\s|:\s*|\s\(|;\s*")


def _leading_words(text: str) -> tuple[str, str] | None:
    """('Not offered', 'Unable to make contact') from 'Not Offered (Unable to make contact)':
    the words before the first separator, and the rest."""
    m = _LEAD_SEPARATOR.search(text)
    if not m or m.start() == 0:
        return None
    return text[:m.start()].strip(), text[m.end():].strip(" )")
