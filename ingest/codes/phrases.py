"""Readers of a value's shape, each tried by the rule book (read.py) at its place: a picklist's
path ('Residential > Secure > Welfare') or segments ('ELIG;REL;Relevant'); examples or
alternatives ('Legal agency (Police, Court, Probation etc)'); group words then a member's ('LA
services - YOS'), a group's 'any other' code ('White - Kosovan', 'Other Black'); mixed heritage;
first or last words that name a code ('Accepted - RHI completed', 'RHI offered - declined'); an
aside that denies codes ('(not respite)'); the list's wordings side by side; several codes named
('Neglect, Physical': Multiple) or either of two ('Anonymous/Not known').

These read parts of a value again: they call back into read.py through the module, at call time.
"""

from __future__ import annotations

import re
from functools import cache

from ingest.codes import read
from ingest.codes.abbreviations import _expand
from ingest.codes.lists import (
    Reading,
    _answers_yes_no,
    _code_list,
    _CodeList,
    _group_of,
    _one,
    _singular,
    fold,
    strip_letter_prefix,
)
from ingest.codes.tokens import _content_words, _split_token
from ingest.codes.words import (
    _GLUE,
    _NEGATIONS,
    _NOT_NEGATED,
    _best_explained,
    _denies,
    _glue_free,
    _same_word,
    _scores,
    _wordings_without_glue,
)


def _read_path(list_key: str, column: str, text: str) -> Reading | None:
    """The reading of the shortest tail of a '>' path that names one code ('Welfare', then
    'Secure Welfare'); else the narrowest ambiguity a tail names; None when none names any."""
    steps = [p.strip() for p in text.split(">") if p.strip()]
    best = None
    for k in range(1, len(steps) + 1):
        r = read.read_code(list_key, column, " ".join(steps[-k:]))
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
    heading = read._read_in_list(lst.name, lead) if fold(lead) else Reading(None, "unmapped")
    for part in (*parts, lead):
        r = read._read_in_list(lst.name, part) if fold(part) else Reading(None, "unmapped")
        if r.code is not None and r.status in ("exact", "variant"):
            named.add(r.code)  # the words before the brackets count as one of the list
        elif r.status == "ambiguous" and part is not lead and len(parts) >= 3:
            # In a long list of examples ('A&E, Hospital, OT, Ward, Hospice') an item that is
            # itself several codes counts them all; in a short one ('relative, long term') the
            # items may describe one code together.
            named |= set(r.candidates)
    if lead and len(named) < 2 and len(parts) == 2 and re.search(r"\bor\b|/", segment):
        # 'Disability (parent or child)', 'Care order (interim or full)': each alternative
        # with the words before the brackets names a different code.
        paired = {r.code for part in parts
                  for r in [read._read_in_list(lst.name, f"{part} {lead}")]
                  if r.code is not None and r.status in ("exact", "variant")}
        if len(paired) >= 2:
            return _one(lst, paired, "ambiguous")
    if heading.status == "ambiguous" and len(parts) >= 3 and len(named) < 2:
        # 'Hospital services (A&E, ward, outpatients, maternity)': three or more examples of
        # a group, one of them a code of it, are examples of the group, not that code.
        return _one(lst, set(heading.candidates), "ambiguous")
    return _one(lst, named, "ambiguous") if len(named) >= 2 else None


# A list of examples or alternatives: in brackets ('(Police, Court, Probation etc)') or joined
# by '/' after the last separator ('FFN - Family/Friend/Neighbour').
_ENUM_BRACKET = re.compile(r"\(([^()]*(?:[,/]| or )[^()]*)\)")
_ENUM_PARTS = re.compile(r"\s*(?:[,/;&]|\band\b|\bor\b)\s*", re.IGNORECASE)


def _group_then_member(list_key: str, column: str, lst: _CodeList, lead: str,
                       rest: str, any_other: bool = False) -> Reading | None:
    """'LA services - youth offending', 'Asian / Asian British (Indian)': words that name a
    group of codes (and no one code of it), then words that name one code of that group, or
    several of which one is in the group ('Placed for adoption with consent - current foster
    carer': A3 or A4, then A3 or A5), are that code. When the other words name no code at
    all, a group with an 'Any other ... background' code (the census's write-in box for the
    group) is that code (`any_other`: tried only when the whole value names no code)."""
    for group_words, member_words in ((lead, rest), (rest, lead)):
        group = read.read_code(list_key, column, group_words)
        if group.status != "ambiguous" or not group.candidates:
            continue
        member = read.read_code(list_key, column, member_words)
        both = read.read_code(list_key, column, f"{group_words} {member_words}")
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
    group = read._read(lst, key[len("any other "):], key[len("any other "):])
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
    reading = read._read_in_list(lst.name, f"mixed white and {groups.pop()}")
    return _one(lst, {reading.code}, "variant", "mixed heritage: White and another group") \
        if reading.code else None


# Two things joined: 'White and Pakistani', 'Male / Female', 'CLA & CP', 'Mum + dad'.
_JOINED = re.compile(r"\s*(?:/|&|\+|\band\b)\s*", re.IGNORECASE)
# Two heritages side by side ('White and Pakistani', 'Black Caribbean/White British'): the
# census's mixed code for the pair of groups, each side read on its own.
_MIXED_PAIRS = {frozenset({"white", "asian"}): "mixed white and asian",
                frozenset({"white", "black caribbean"}): "mixed white and black caribbean",
                frozenset({"white", "black african"}): "mixed white and black african",
                frozenset({"white", "black"}): "mixed white and black",
                frozenset({"white", "chinese"}): "any other mixed background",
                frozenset({"asian", "black"}): "any other mixed background",
                frozenset({"asian", "black caribbean"}): "any other mixed background",
                frozenset({"asian", "black african"}): "any other mixed background",
                frozenset({"black", "chinese"}): "any other mixed background",
                frozenset({"black caribbean", "chinese"}): "any other mixed background",
                frozenset({"black african", "chinese"}): "any other mixed background"}


def _two_heritages(list_key: str, column: str, lst: _CodeList, text: str) -> Reading | None:
    """'White and Pakistani', 'Somali / White': two sides joined by 'and', '&', '+' or '/', each
    read on its own as a code (or a group) of a different census group among White, Asian,
    Black and Chinese, are that pair's mixed code (White and Asian, White and Black Caribbean,
    White and Black African; any other pair 'Any other Mixed background'). A White side with a
    Black side of no one code ('White and Black') fits the White-and-Black codes and any other
    Mixed background alike. Sides of one
    group naming two codes ('Indian and Pakistani') fit either; sides of no group, or naming
    Mixed, Other, Refused or Unknown are left to the other rules."""
    if re.search(r"\bany other\b|\bbackground\b", text, re.IGNORECASE):
        return None  # 'Any other White and Black background': the census's own wording
    words = text.split()
    while words and fold(words[0]) in _MIXED | {""}:
        words = words[1:]  # 'Mixed - Black Caribbean & Asian', 'Dual heritage: ...'
    parts = [p for p in _JOINED.split(" ".join(words)) if fold(p)]
    if len(parts) != 2:
        return None
    kinds, named = [], set()
    for part in parts:
        r = read.read_code(list_key, column, part)
        codes = {r.code} if r.code is not None and r.status != "conflict" \
            else set(r.candidates) if r.status == "ambiguous" else set()
        group = _group_of(lst, codes) if codes else None
        kind = fold(strip_letter_prefix(group)) if group else ""
        if kind == "black" and len(codes) == 1:
            kind = {"BCRB": "black caribbean", "BAFR": "black african"}.get(
                lst.entries[next(iter(codes))].token, kind)
        kinds.append(kind)
        named |= codes if len(codes) == 1 else set()
    if len(set(kinds)) == 1 and kinds[0] in ("white", "asian", "black", "black caribbean",
                                              "black african") and len(named) == 2:
        # 'Indian and Pakistani', 'White Irish / White British': two codes of one group, and
        # no code for the pair: either may be meant.
        return _one(lst, named, "ambiguous")
    pair = frozenset(kinds)
    if len(pair) != 2 or pair not in _MIXED_PAIRS:
        return None
    reading = read._read_in_list(lst.name, _MIXED_PAIRS[pair])
    codes = {reading.code} if reading.code else set(reading.candidates)
    if not codes:
        return None
    return _one(lst, codes, "variant", "two heritages: the census's mixed code for the pair")


# No answer recorded: 'no record', 'not recorded', 'no information'.
_NO_RECORD = re.compile(r"^(?:no|not|nothing)\s+(?:record|records|recorded|info|information|data|"
                        r"details|evidence|known|on file)\b")

# Opposite measures: an age over or under a number, full or part time, long or short term.
# 'under' alone is also a preposition ('under section 20'), 'part' a share ('part funded').
_MEASURES = re.compile(r"\b(?:(under|over|above|below)\s+(?:the\s+age\s+of\s+)?\d+|"
                       r"\d+\s+(?:or\s+)?(under|over|above|below)|(full|part)\s+time|"
                       r"(long|short)\s+term|(younger|older))\b")
_OPPOSITES = {"under": "over", "over": "under", "above": "below", "below": "above",
              "full": "part", "part": "full", "long": "short", "short": "long",
              "younger": "older", "older": "younger"}
_NEGATED_BEFORE = re.compile(r"\b(?:not|no|never|non)\s+$")


def _measures(text: str) -> set[str]:
    """The measure words a text says, not denied ('not under 18' says none)."""
    return {next(g for g in m.groups() if g) for m in _MEASURES.finditer(text)
            if not _NEGATED_BEFORE.search(text[:m.start()])}


def _says_opposite(lst: _CodeList, code: str, words: str) -> bool:
    """The words say the opposite measure of the code's label ('found to be under 18' against
    E15's 'Age assessment determined child was 18 or over')."""
    label = _measures(fold(lst.entries[code].label))
    said = _measures(fold(words))
    return any(_OPPOSITES[w] in label and w not in label for w in said)


def _read_by_leading_words(list_key: str, column: str, lst: _CodeList, lead: str,
                           rest: str) -> Reading:
    """A value whose first words read as a code and whose other words only add detail
    ('Accepted - RHI completed', 'Yes - see notes') is that code; when the other words are
    exactly another code, it is a conflict."""
    first = read.read_code(list_key, column, lead)
    if first.code is None or first.status not in ("exact", "variant"):
        return Reading(None, "unmapped", note="it names no code of this list")
    if _answers_yes_no(lst) and fold(lst.entries[first.code].label) == "unknown" \
            and (_NO_RECORD.match(fold(rest))
                 or (read.read_code(list_key, column, rest).code is None
                     and not set(fold(rest).split(" ")) & {"yes", "no", "y", "n"})):
        # 'Unknown - no record': what follows an unknown answer says why it is not known (but
        # 'Unknown - now confirmed yes' names the answer after all).
        return Reading(first.code, "variant", group=first.group,
                       note=f"by its first words '{lead}', an unknown answer")
    if _answers_yes_no(lst) and set(fold(rest).split(" ")) & _NEGATIONS:
        # 'Police protection considered - not used': a denial after the answer's words.
        return Reading(None, "unmapped", note="its last words deny its first")
    if not _answers_yes_no(lst) and (_denies(lst, _content_words(f"{lead} {rest}"), first.code)
                                     or _says_opposite(lst, first.code, rest)):
        # 'Age assessment - found to be under 18': the first words name E15 (18 or over), the
        # last say the opposite.
        return Reading(None, "unmapped", (first.code,),
                       note=f"its last words contradict its first ('{lead}': {first.code})")
    others = {c for c, v in _scores(lst, _content_words(rest)).items()
              if v == 100 and c != first.code}
    if _answers_yes_no(lst) and (after := read.read_code(list_key, column, rest)).code \
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
    last = read.read_code(list_key, column, rest)
    if last.code is None or last.status not in ("exact", "variant"):
        return Reading(None, "unmapped", note="it names no code of this list")
    return Reading(last.code, "variant", group=last.group,
                   note=f"by its words '{rest}' ('{lead}' names no code)")


_DENIED_ASIDE = re.compile(r"[\(\[]\s*(?:not|excluding|except)\s+([^()\[\]]+?)\s*[\)\]]\s*$",
                           re.IGNORECASE)


def _denied_aside(lst: _CodeList, text: str) -> set[str]:
    """The codes an aside denies: '(not carer holiday)' at the end of a value denies T3."""
    m = _DENIED_ASIDE.search(text)
    if not m:
        return set()
    r = read._read_in_list(lst.name, m.group(1))
    return {r.code} if r.code else set(r.candidates) if r.status == "ambiguous" else set()


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
        r = read._read(lst, part, fold(part))
        if r.code is not None and r.code != multiple:
            named.add(r.code)
    if len(named) >= 2:
        return _one(lst, {multiple}, "variant",
                    "it names " + " and ".join(c for c in lst.entries if c in named))
    return None


def _either_named(lst: _CodeList, text: str) -> Reading | None:
    """'Anonymous/Not known', 'Male and female': two spellings joined by '/', '&', '+' or 'and'
    that are each exactly a different code (not words of one code, as 'relative/friend' is)
    are either of them: ambiguous. A status (a case status, a 2.02 child's current status) is
    the child's highest, so 'CLA & CP', 'CIN/CP' there is both at once: the highest named, the
    list's codes being in order from the highest."""
    parts = [p for p in _JOINED.split(text) if p.strip()]
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
    if len(named) != 2:
        return None
    if lst.name in _STATUS_LISTS and "/" not in text:
        highest = next(c for c in lst.entries if c in named)
        return _one(lst, {highest}, "variant", "the highest status it names")
    return _one(lst, named, "ambiguous")


# Lists of a child's status, highest first: a value naming two is the higher.
_STATUS_LISTS = frozenset({"case_status", "status_202"})
