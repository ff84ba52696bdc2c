"""The rule book: how a cell of a coded column reads (docs/data-quality.md, "Code values", "The
order of reading"). `_read_code` tries these steps in this order: up to step 16 the first that
gives a reading returns it; from step 17 the list's reading is taken and the steps after it
change it only in the cases they name. The order is the rules' precedence:

 1. text damaged in transport repaired ('Placed%20with%20parents', 'Childrenâ€™s home'),
    said in the note whatever the reading: tidy._plain, ingest/text_repair.py; a note on the
    code's history dropped, a local census code's letter as its group ('A.A1 - British':
    White British): tidy._NOTE, tidy._LOCAL_CODE
 2. a picklist's path, from its last steps up ('Residential > Secure > Welfare'): _read_path
 3. picklist segments, read from the words back ('ELIG;REL;Relevant'): _picklist_segments
 4. nothing but punctuation: unmapped
 5. the LA's own mapping for the list and column (annexa mappings), by the spelling as
    written, then as repaired and tidied: la_mappings
 6. punctuation that only shortens written out ('Sec 20', 'P.A.C.E', 'N/K'), hours a week as
    full or part time in a care leaver's activity ('12 hrs/wk'): tidy._tidy, tidy._time_worked
 7. the column's own spellings, whole or without glue words ('Offered and declined',
    'ICPC was required'): yes_no._column_spellings, _column_spellings_glue_free
 8. a question then its one-word answer ('At risk of CSE? N'): yes_no._ANSWER_LAST
 9. the column's own words, then words that add nothing ('Seen with mum present'):
    yes_no._column_prefix
10. a code, then the column's words for it ('N - seen with parent'), or for the other answer, a
    conflict ('Yes - progressed to ICPC'): tokens._leading_words, yes_no._column_spellings
11. the column's own words first, then a detail ('Disabled under DDA - no other')
12. in ethnicity, two heritages side by side, the mixed code for the pair ('White and
    Pakistani'): phrases._two_heritages; else examples or alternatives that are different
    codes, ambiguous ('Legal agency (Police, Court, Probation etc)'): phrases._enumerated
13. a conflict before a long aside in brackets ('E4A - returned home, not planned (parent
    removed from s20)'): _ASIDE
14. group words then a member's ('LA services - YOS'): phrases._group_then_member
15. the column's value pattern (the 903's combined codes, 'B1'): column `value_pattern`
16. mixed heritage ('Dual heritage - White & Indian'): phrases._mixed_heritage
17. the code list's own rules, below ('C1 - Interim care order', 'Placed with parents'):
    _read_in_list (a token whose words deny what its label says, and come nearest another
    code, is a conflict: 'E5 - moved into own tenancy without support')
18. first words that are a code's own wording over a loose match of the whole ('Housing -
    council'): phrases._read_by_leading_words
19. when still unmapped, first words then detail ('Accepted - RHI completed'; none when the
    detail contradicts the code's label, 'Age assessment - found to be under 18'; an unknown
    answer, whatever the detail, 'Unknown - no record'), else last words ('RHI offered -
    declined'): phrases._read_by_leading_words, _read_by_last_words
20. yes/no: who answers and 'has' say nothing ('YP refused interview', 'Child has autism'):
    yes_no._SUBJECT, yes_no._HAS
21. yes/no: the answer in the first word ('None in last 6 months', 'Unknown if seen')
22. a group's 'any other' code for a write-in ('White - Kosovan'):
    phrases._group_then_member(any_other=True)
23. 'any other ... background', 'Other Black': phrases._any_other
24. a code's wording, then words that name nothing ('No further action taken on referral'):
    yes_no._list_prefix
25. an aside that denies all but one of an ambiguous reading's codes ('s20 - continuous
    accommodation (not respite)'): phrases._denied_aside
26. an aside that denies the code read, which then reads as none ('Respite - 3 nights (not
    carer holiday)'): phrases._denied_aside
27. the list's wordings side by side ('Placed for adoption under PO - foster carers
    adopting'): phrases._composed
28. a code's own words with a bare denial first or last ('Not male', 'Disabled - not'): no
    code: _denied_whole
29. an end saying which kind is not known ('Care order (type not recorded)'): every code the
    other words fit, ambiguous, not the one an alias would pick: _UNDETERMINED, _codes_of_all
30. exact, but not written as the template writes it ('1.0', or punctuation tidied in
    step 6): variant
31. the collection year (placement 'H5' in 2025: retired): years._check_year
Then `read_code`, for the value itself (not for a part a step reads again):
32. a value whose words name no code, read again with practitioners' words written in the
    list's own ('HMYOI Werrington': young offender institution): lexicon, _by_lexicon
33. last words that take back what the value names ('ADHD - not diagnosed', 'Section 31
    application pending'), or a first word that hedges it ('Partly suitable'): no code:
    _NOT_SO, _HEDGED, _taken_back
34. the template's list letter checked against the words ('a) Physical abuse': a) is Neglect, a
    conflict): tokens._letter_agrees.

`_read` (through `_read_in_list`, once per list and text) is the code list's own rule book, in
this order: the code itself; its template forms, with or without the list letter ('a) Male',
'Male', 'WBRI'); a group's name ('Foster placements', ambiguous); several or either named with
'/' ('Neglect/physical abuse', 'Anonymous/Not known'), or 'and' ('Male and female'; in a
status list, the highest named: 'CLA & CP'); a known synonym; a known wording in the
plural; a legacy short code of several codes and its other words ('NEET - sick/disabled');
several named ('Neglect, Physical'); either named; a code's wording then words that name nothing;
a token with words, a conflict when the words name another code ('7 - Police'); a short word
that is a code starting another code's close wording ('No longer requires support'); words alone,
fuzzy (90% or more); one word only one code has ('Emotional'); one letter slipped in a
four-letter census code ('WRON') or in a wording ('Fenale'). `read_value` reads a value in a
code list with no column (no column's own spellings).
"""

from __future__ import annotations

import contextvars
import dataclasses
import re
from collections.abc import Mapping
from functools import cache

from rapidfuzz.distance import OSA

from ingest.codes import lexicon
from ingest.codes.abbreviations import _expand
from ingest.codes.lists import (
    _SHORT_FORM,
    ACCEPT_SCORE,
    CONFLICT_SCORE,
    DENIED_NEAR_SCORE,
    OWN_MARGIN,
    Reading,
    _answers_yes_no,
    _code_list,
    _CodeList,
    _one,
    _singular,
    fold,
)
from ingest.codes.phrases import (
    _any_other,
    _composed,
    _denied_aside,
    _either_named,
    _enumerated,
    _group_then_member,
    _mixed_heritage,
    _picklist_segments,
    _read_by_last_words,
    _read_by_leading_words,
    _read_path,
    _several_named,
    _two_heritages,
)
from ingest.codes.tidy import _CENSUS_GROUP, _LOCAL_CODE, _NOTE, _plain, _tidy, _time_worked
from ingest.codes.tokens import (
    _content_words,
    _leading_words,
    _letter_agrees,
    _split_token,
    _without_letter,
)
from ingest.codes.words import (
    _GLUE,
    _NEGATIONS,
    _best_explained,
    _contradicts,
    _denies,
    _glue_free,
    _has,
    _scores,
    _sides,
    _similarity,
    _words_name,
)
from ingest.codes.years import _check_year
from ingest.codes.yes_no import (
    _ANSWER_LAST,
    _HAS,
    _SUBJECT,
    _column_prefix,
    _column_spellings,
    _column_spellings_glue_free,
    _list_prefix,
    _parents,
)
from ingest.spec import load_spec
from ingest.text_repair import repair, repair_note

# Whether a call is the value's own reading, not a step reading part of it again: only the
# value's own reading tries the lexicon, last, so that it never decides an earlier step.
_OUTERMOST: contextvars.ContextVar[bool] = contextvars.ContextVar("outermost", default=True)


def read_code(list_key: str, column: str, raw: object, *, year: int | None = None,
              la_mappings: Mapping[tuple[str, str, str], str] | None = None) -> Reading:
    """How a cell of a coded column reads: the official code, or why there is none.

    `year` is the collection year (collection_year(as_at)); `la_mappings` maps
    (list, column, fold(spelling)) to an official code.
    """
    outermost = _OUTERMOST.get()
    inner = _OUTERMOST.set(False)
    try:
        reading = _read_code(list_key, column, raw, year, la_mappings)
        if outermost and reading.status == "unmapped" and not reading.candidates:
            # (An unmapped reading with candidates is a code its own words took back.)
            reading = _by_lexicon(list_key, column, raw, year, la_mappings, reading)
        if outermost and reading.code is not None and reading.status != "la_mapping":
            reading = _taken_back(list_key, column, raw, reading)
        if outermost and reading.code is not None and reading.status == "variant" \
                and load_spec().lists[list_key].column(column).codes == "activity" \
                and _time_worked(_plain(raw)) != _plain(raw):
            # Step 6 wrote 'part time' or 'full time' in: say so, or the note would name words
            # the value never had.
            reading = dataclasses.replace(reading, note=f"{reading.note}, its hours or days a "
                                          "week read as full or part time (16 hours or more: "
                                          "full time)")
        if outermost and reading.status not in ("exact", "la_mapping") \
                and (undone := repair(str(raw))[1]) and "repaired" not in reading.note:
            # Say what was undone, whatever the reading: the note otherwise names words the
            # cell never showed.
            note = repair_note(undone)
            reading = dataclasses.replace(
                reading, note=f"{reading.note}, {note}" if reading.note else note)
    finally:
        _OUTERMOST.reset(inner)
    if reading.code is None or reading.status == "la_mapping":
        return reading
    return _letter_agrees(load_spec().lists[list_key].column(column).codes, raw, reading)


def _denies_label(lst: _CodeList, words: str, code: str) -> bool:
    """The words deny a word the code's label says ('without support' against E5's
    'supported'), not merely words of a longer wording."""
    value = _expand(words, lst.vocabulary).split()
    v_said, _ = _sides(value)
    label = lst.entries[code].label
    label_said, label_denied = _sides(fold(label).split())
    # Only the word a negation reaches first: in 'not to be in need after assessment' it is
    # 'need', not 'after'.
    denied = [next((w for w in value[i + 1:] if w not in _GLUE), "")
              for i, w in enumerate(value) if w in _NEGATIONS - {"than", "except", "unless"}]
    # A label of alternatives ('Abuse or neglect', 'Parents/relatives'): denying one while
    # saying another is no denial of the code ('N1 - abuse, not neglect').
    alternatives = [set(fold(a).split()) for a in re.split(r"\s+or\s+|/|,", label)]
    return any(w and _has(label_said, w) and not _has(label_denied, w) and not _has(v_said, w)
               and lst.codes_with_word.get(w, 1) <= 2
               and not any(v_said & alt for alt in alternatives if not _has(alt, w))
               for w in denied)


def _taken_back(list_key: str, column: str, raw: object, reading: Reading) -> Reading:
    """Step 33: 'ADHD - not diagnosed', 'Section 31 application pending', 'Rehab (ruled out)':
    last words that say the thing named is not so, or not yet, leave no code (unless the code's
    own wording says them); so does a first word that hedges it ('Partly suitable', 'Query
    ADHD')."""
    lst = _code_list(load_spec().lists[list_key].column(column).codes)
    if (m := _HEDGED.search(_plain(raw))) is not None \
            and fold(m.group(1)) not in _words_of(lst, reading.code) \
            and not _NOT_KNOWN_CODE.search(fold(lst.entries[reading.code].label)):
        return Reading(None, "unmapped", (reading.code,), None,
                       f"its first word '{m.group(1)}' says it is not wholly or not surely "
                       f"{reading.code}")
    if (m := _NOT_SO.search(_plain(raw))) is None \
            or set(fold(m.group(1)).split(" ")) & _words_of(lst, reading.code) \
            or _NOT_KNOWN_CODE.search(fold(lst.entries[reading.code].label)):
        return reading  # 'Not known - awaiting assessment': not yet known is what it says
    return Reading(None, "unmapped", (reading.code,), None,
                   f"its last words '{m.group(1)}' say it is not {reading.code}, or not yet")


def _by_lexicon(list_key: str, column: str, raw: object, year: int | None,
                la_mappings: Mapping[tuple[str, str, str], str] | None,
                reading: Reading) -> Reading:
    """Step 32: a value whose words name no code, read again with practitioners' words written
    out in the list's own ('HMYOI Werrington': young offender institution). A value read as
    several codes (ambiguous) is left so: the lexicon never narrows what the value's own words
    leave open. A conflict it reveals is a conflict ('E5 - own flat, no support package')."""
    codes = load_spec().lists[list_key].column(column).codes
    text, used = lexicon.rewrite(codes, column, _plain(raw))
    if not used:
        return reading
    again = _read_code(list_key, column, text, year, la_mappings)
    said = ", ".join(f"'{p}'" for p in dict.fromkeys(used))
    if again.status == "conflict":
        return Reading(None, "conflict", again.candidates, again.group,
                       f"{again.note} (with {said} read in the list's words)")
    if again.code is not None:
        return Reading(again.code, "variant", group=again.group,
                       note=f"by its words, with {said} read in the list's words")
    if again.status == "ambiguous":
        return Reading(None, "ambiguous", again.candidates, again.group,
                       f"{again.note} (with {said} read in the list's words)")
    return reading


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
    # An LA's mapping is keyed by the spelling as the LA's file writes it (la_mappings.Mapping),
    # so it is looked up as written before as repaired and tidied.
    if la_mappings and ((code := la_mappings.get((list_key, column, fold(raw))))
                        or (code := la_mappings.get((list_key, column, key)))):
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
    if lst.name == "ethnicity" \
            and (mixed := _two_heritages(list_key, column, lst, text)) is not None:
        return _check_year(col.codes, mixed, year)
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
        if reading.candidates and reading.status == "unmapped":
            return reading  # its last words contradict the code its first words name
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
    if reading.code is not None and _denied_whole(lst, key, reading.code):
        # 'Not male', 'Disabled - not': the code's own words, denied, are not that code.
        reading = Reading(None, "unmapped", (reading.code,), None,
                          f"its words deny {reading.code}, which they otherwise read as")
    if reading.code is not None and (m := _UNDETERMINED.search(text)) \
            and len(kinds := _codes_of_all(lst, text[:m.start()])) > 1 and reading.code in kinds \
            and read_code(list_key, column, text[:m.start()]).code == reading.code:
        # 'Care order (type not recorded)': the value says it does not know which of the codes
        # its words fit it is, so it is any of them, not the one an alias or the closest
        # wording would pick.
        reading = _one(lst, kinds, "ambiguous")
    if reading.status == "exact" and text != str(raw).strip():
        # Reported as a variant: the cell is not written as the template writes it.
        reading = Reading(reading.code, "variant", group=reading.group,
                          note=f"the code's own wording, {repair_note(undone)}"
                          if (undone := repair(str(raw))[1])
                          else "a whole number written as a decimal"
                          if _plain(raw) != str(raw).strip() else
                          "the code's own wording, once its punctuation is tidied")
    return _check_year(col.codes, reading, year)


# The end of a value that says which kind it is was not known: '(type not recorded)', '- tbc',
# '(registration status tbc)'; never 'Residence not known', which is what the value says.
_NOT_KNOWN_YET = (r"(?:not\s+(?:yet\s+)?(?:recorded|known|stated|specified|confirmed|given|clear)"
                  r"|unknown|unclear|tbc|tbd|to\s+be\s+(?:confirmed|decided))")
_UNDETERMINED = re.compile(
    # '(type not recorded)', ', registration status tbc': a word for which kind, not known;
    r"(?:(?:^|[\s(\[,;:–—-])\s*(?:(?:registration|legal|order|placement|sub)\s*-?\s*)?"
    r"(?:type|kind|category|status|which)\s+"
    # '(tbc)', '- not confirmed': not known, alone in brackets or after a dash.
    r"|(?:[(\[]|\s[–—-]\s*)\s*)" + _NOT_KNOWN_YET + r"\s*[)\]]?\s*$",
    re.IGNORECASE)


# Words that deny whatever they stand beside ('no' is an answer in the yes/no lists).
_BARE_DENIAL = frozenset({"not", "non", "never"})


def _denied_whole(lst: _CodeList, key: str, code: str) -> bool:
    """Whether the folded value is the code's own words with a denial first or last ('not
    male', 'disabled not'), a denial the code's wording does not hold itself ('not FFA')."""
    words = key.split(" ")
    own = _words_of(lst, code)
    return (words[0] in _BARE_DENIAL or words[-1] in _BARE_DENIAL) \
        and not set(words) & _BARE_DENIAL & own \
        and set(words) - _BARE_DENIAL - _GLUE <= own


def _words_of(lst: _CodeList, code: str) -> frozenset[str]:
    """Every word of a code's wordings (its own and its synonyms')."""
    return lst.code_words.get(code, frozenset())


# Codes whose own answer is that it is not so, or not known ('No', 'Unknown'): never taken back.
_NOT_KNOWN_CODE = re.compile(r"^no$|\b(?:unknown|not known|not stated|not recorded|not yet)\b")

# The end of a value that takes back what it names: '- not diagnosed', '(ruled out)',
# 'application pending', '- awaiting diagnosis'.
_NOT_SO = re.compile(
    r"(?:[(\[]|\s[–—-]\s*|,\s*|\s)\s*((?:not\s+(?:diagnosed|confirmed|viable)"
    r"|unconfirmed|undiagnosed|ruled\s+out|(?:application|decision|outcome)\s+pending"
    r"|awaiting\s+(?:diagnosis|assessment|decision|outcome|hearing)))\s*[)\]]?\s*$",
    re.IGNORECASE)


# The start of a value that hedges what it names: 'Partly suitable', 'Possibly autistic',
# 'Query ADHD'.
# ('Partially sighted' is a condition's name; 'partly X, partly Y' names several.)
_HEDGED = re.compile(r"^\W*((?:partly|possibly|perhaps|maybe|query|queried|potentially)\b)"
                     r"(?!.*\bpartly\b)", re.IGNORECASE)


def _codes_of_all(lst: _CodeList, words: str) -> set[str]:
    """The codes whose wordings use every content word of `words` ('care order': C1 and C2)."""
    found: set[str] | None = None
    for w in _expand(_content_words(words), lst.vocabulary).split(" "):
        if w in _GLUE or not w:
            continue
        codes = lst.word_codes.get(w)
        if codes is None:
            return set()  # a word no code uses: the words say more than the codes do
        found = set(codes) if found is None else found & codes
    return found or set()


# A bracketed aside of three words or more at the end of a value.
_ASIDE = re.compile(r"\s*\((?:[^()\s]+\s+){2,}[^()]*\)\s*$")


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
        if token not in lst.official_tokens and token.isalpha() \
                and re.match(rf"\s*{re.escape(token)}\s+[a-z]", text, re.IGNORECASE):
            # 'No longer requires LA support': a short word that is a code ('No') beginning,
            # with no mark after it, a close wording of another code ('no longer requires
            # support': NREQ) is that wording's first word, not the code. ('No - NFA', with
            # its mark, is the code and other words: a conflict.)
            whole, score = _words_name(lst, _content_words(text), ACCEPT_SCORE)
            begun = {c for p, c in lst.phrases if p.startswith(f"{token} ")
                     and _similarity(fold(text), p) >= ACCEPT_SCORE}
            if len(whole) == 1 and code not in whole and whole <= begun:
                return _one(lst, whole, "variant", f"by its words (match {score}%)")
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
            if not named and _denies_label(lst, words, code):
                # 'E5 - moved into own tenancy without support': the words deny what the code's
                # label says and come nearest another code, though not close: the code is no
                # more right for that.
                near = {c: v for c, v in scored.items() if c != code
                        and v >= DENIED_NEAR_SCORE and not _denies(lst, words, c)}
                named = {c for c, v in near.items() if v == max(near.values())}
                if not named:
                    return Reading(None, "unmapped", (code,), None,
                                   f"its words '{words}' deny its code '{token.upper()}'")
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
