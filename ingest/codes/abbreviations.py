"""Words written short, written out: known abbreviations ('FT', 'SGO', 'nan'), words cut short
against a code list's own words ('Indep', 'Adopt') and one letter slipped in a long word
('Specail'). Used on both sides of a comparison: the code lists' wordings (lists.py) and the
values read (words.py, phrases.py, read.py).
"""

from __future__ import annotations

from rapidfuzz.distance import OSA

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
