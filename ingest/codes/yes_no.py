"""A column's own spellings (spec: column `value_aliases`, chiefly the answers of yes/no
questions: 'Offered and declined' is yes in "offered" and no in "accepted"), found whole,
without their glue words, or at the start of a value ('Seen with parent present'); a question
then its one-word answer ('At risk of CSE? N'); who answers ('YP', 'Adopter has'); and a value
that begins with one code's wording of its list ('No further action taken on referral').

Readers that read part of a value call back into read.py through the module, at call time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import TypeVar

from ingest.codes import read
from ingest.codes.lists import _code_list, _CodeList, fold
from ingest.codes.tokens import _leading_words
from ingest.codes.words import _GLUE, _NEGATIONS, _glue_free
from ingest.spec import load_spec

_T = TypeVar("_T")


@cache
def _column_spellings(list_key: str, column: str) -> dict[str, str]:
    """The column's own spellings (value_aliases), folded once: fold(spelling) -> code."""
    col = load_spec().lists[list_key].column(column)
    return {fold(sp): code for code, spellings in col.value_aliases for sp in spellings}


@cache
def _column_spellings_glue_free(list_key: str, column: str) -> dict[str, str]:
    """The column's own spellings without their glue words ('ICPC was required' is 'ICPC
    required'), where that leaves each one code."""
    out: dict[str, set[str]] = {}
    for sp, code in _column_spellings(list_key, column).items():
        out.setdefault(_glue_free(sp), set()).add(code)
    # Two words at least: 'with a disability' must not make 'disability' alone an answer.
    return {k: next(iter(v)) for k, v in out.items() if len(v) == 1 and " " in k}


# Words, then a mark, then a one-word answer at the end: 'At risk of CSE? N'.
_ANSWER_LAST = re.compile(r"^(.*\w.*?)\s*[?:\-–]\s*(y|n|yes|no|u|unknown)\.?\s*$", re.IGNORECASE)


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


def _longest_prefix(words: list[str], most: int,
                    wording: Callable[[str], _T | None]) -> tuple[_T, list[str]] | None:
    """The longest run of a value's first words, two words or more, `most` at most and never all
    of them, that `wording` knows: (what it gives for the run, the words after it); None when it
    knows no such run. The loop _column_prefix (the column's own spellings) and _list_prefix (the
    list's wordings) share; each then judges the words after the run."""
    for n in range(min(len(words) - 1, most), 1, -1):
        if (found := wording(" ".join(words[:n]))) is not None:
            return found, words[n:]
    return None


def _column_prefix(list_key: str, column: str, key: str, text: str) -> str | None:
    """The code of the longest of this column's own spellings (two words or more) that the value
    begins with, when the words after it deny nothing and name no other answer."""
    spellings = _column_spellings(list_key, column)
    words = key.split(" ")
    lead = _leading_words(text)
    before = len(fold(lead[0]).split(" ")) if lead else len(words)
    if (found := _longest_prefix(words, before, spellings.get)) is None:
        return None
    code, rest = found
    if set(rest) & _NEGATIONS or any(w.startswith("un") and len(w) >= 7 for w in rest) \
            or any(spellings.get(w) not in (None, code) for w in rest) \
            or (rest and read.read_code(list_key, column, " ".join(rest)).status != "unmapped") \
            or _names_inside(list_key, column, rest):
        return None  # 'Seen with carer, then seen alone', 'Has a disability - N'
    return code


def _list_prefix(lst: _CodeList, key: str, text: str) -> str | None:
    """The code of the longest wording of the list (two words or more, one code) that the value
    begins with, before any punctuation, when the words after it deny nothing and name nothing
    ('No further action taken on referral': NFA, not 'No'; but 'No - further action')."""
    words = key.split(" ")
    head = re.split(r"[-–—:;/,(\[|]", text, maxsplit=1)[0]
    found = _longest_prefix(words, len(fold(head).split(" ")),
                            lambda run: lst.exact.get(run) or lst.synonyms.get(run) or None)
    if found is None:
        return None
    codes, rest = found
    if len(codes) > 1 or set(rest) & _NEGATIONS:
        return None
    code = next(iter(codes))
    other = read._read_in_list(lst.name, " ".join(rest))
    if any(lst.word_codes.get(w, {code}) - {code}
           for w in rest if w not in _GLUE and len(w) > 2):
        return None  # 'Children's home registered as secure': 'secure' is K1's word
    return code if other.status == "unmapped" or other.code == code else None


# Who gives a yes/no answer, written before it ('YP refused', 'Adopter has a disability').
_SUBJECT = re.compile(r"^(?:the )?(?:child|yp|young person|cyp|adopter)s? ")
_HAS = re.compile(r"^(?:(?:has|had|is|was) )?(?:(?:diagnosed )?with )?(?:an? )?")
