"""Reading coded values as LA systems and people write them (docs/data-quality.md, "Code values").

One function, `read_code(list, column, raw)`, says which official code a cell means, or why it
means none. The rules, in outline (the exact order is the rule book in ingest/codes/read.py):

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
   words (weighed like any token);
8. last, for a value still read as no code: practitioners' words written out in the list's own
   (spec/lexicon/*.toml: 'HMYOI Werrington' is a young offender institution), then read again.

Then the code is checked against the collection years in which it is valid
(spec/code_validity.toml): outside them it is reported, and kept only when its meaning did not
change. Nothing here touches the database; ingest/code_readings.py stores the readings.

The package, by stage (each module imports only those before it; the readers that read part of
a value again call back into read.py through the module, at call time):

  abbreviations.py  words written short, written out
  lists.py          the code lists, `fold`, `Reading`, statuses and scores
  years.py          collection years and the years each code is valid in
  words.py          what words say and deny, and how closely they name each code
  tokens.py         a value's token, its template letter and its leading words
  tidy.py           punctuation, notes and local codes tidied before reading
  yes_no.py         a column's own spellings and answers; a value that begins with a wording
  phrases.py        readers of a value's shape (paths, lists, groups, asides, side by side)
  lexicon.py        practitioners' words for the lists' own (spec/lexicon/*.toml)
  read.py           the rule book: `read_code`, `read_value` and the order of the steps
"""

from pathlib import Path

from ingest.codes import lexicon
from ingest.codes.lists import (
    ACCEPT_SCORE,
    CONFLICT_SCORE,
    OWN_MARGIN,
    STATUSES,
    TIE_MARGIN,
    Reading,
    fold,
    strip_letter_prefix,
)

# read.py is imported here, before anything else imports phrases.py or yes_no.py: those call
# back into it through the module, and it imports them.
from ingest.codes.read import read_code, read_value
from ingest.codes.years import collection_year

__all__ = ["ACCEPT_SCORE", "CONFLICT_SCORE", "OWN_MARGIN", "STATUSES", "TIE_MARGIN", "Reading",
           "collection_year", "fold", "read_code", "read_value", "rule_files",
           "strip_letter_prefix"]


def rule_files() -> list[Path]:
    """Every file of the readers and the lexicon, in name order: a change to any of them changes
    readings (code_readings.rules_version; the database's schema version). The text repair
    (ingest/text_repair.py) is shared with the headers, so it lives beside this package."""
    return [*sorted(Path(__file__).parent.glob("*.py")),
            Path(__file__).parents[1] / "text_repair.py", *lexicon.files()]
