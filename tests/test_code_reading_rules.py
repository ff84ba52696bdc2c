"""The rules by which ingest/codes.py reads a coded cell (docs/data-quality.md, "Code values"):
one test per rule, each with the spelling that made it necessary and one it must not catch."""

from __future__ import annotations

import pytest

from ingest.codes import read_code


def _read(list_key, column, raw):
    r = read_code(list_key, column, raw)
    return r.code, r.status


@pytest.mark.parametrize(("list_key", "column", "raw", "code"), [
    # The code that accounts for all of the value's words, not only some of them.
    ("list_3", "ethnicity", "BLACK AFRICAN & WHITE", "g) MWBA"),
    ("list_9", "activity", "FT college (FE)", "F2: Full time in education other than higher"),
    ("list_9", "activity", "NEET - sick/disabled",
     "G4: Not in education, employment or training - illness or disability"),
    # Words that deny what one code says pick the other ('with' / 'no' support; 'short' term).
    ("list_8", "cla_end_reason", "Moved into independent living WITH formal support",
     "m) E5: Moved into independent living - supported"),
    ("list_8", "placement_type", "Placement other foster carer - short term",
     "f) U6: Foster placement - not FFA"),
    # A word cut short, written out against the list's own words.
    ("list_8", "cla_end_reason", "Moved to Indep Liv - no support",
     "n) E6: Moved into independent living - no support"),
    ("list_8", "placement_type", "Foster place with relative/friend short term",
     "c) U3: Foster placement - relative - not FFA"),
])
def test_words_read_as_the_code_that_explains_them(list_key, column, raw, code):
    assert _read(list_key, column, raw) == (code, "variant")


@pytest.mark.parametrize(("list_key", "column", "raw"), [
    ("list_8", "legal_status", "Short term breaks"),  # V3 or V4
    ("list_8", "cla_end_reason", "Moved into independent living"),  # E5 or E6
    ("list_8", "placement_type", "Placement with other foster carer"),  # U4, U5 or U6
])
def test_words_that_fit_several_codes_stay_ambiguous(list_key, column, raw):
    assert _read(list_key, column, raw) == (None, "ambiguous")


@pytest.mark.parametrize(("raw", "others"), [
    ("E5 - Moved into independent living without support", "n) E6"),
    ("K2 - Residential Accommodation not subject to children's homes regulations", None),
])
def test_a_token_whose_words_deny_its_meaning_is_a_conflict(raw, others):
    column = "cla_end_reason" if raw.startswith("E5") else "placement_type"
    r = read_code("list_8", column, raw)
    assert (r.code, r.status) == (None, "conflict")
    if others:
        assert any(c.startswith(others) for c in r.candidates)


@pytest.mark.parametrize("raw", ["Neglect, Physical", "Emotional abuse; Neglect",
                                 "Multiple: Neglect, Emotional Abuse", "NEGLECT/PHYSICAL ABUSE",
                                 "NYNY", "YYNN"])
def test_two_categories_of_abuse_read_as_multiple(raw):
    assert _read("list_7", "cp_latest_category", raw)[0] == "e) Multiple/not recommended"


@pytest.mark.parametrize(("raw", "code"), [("NNYN", "c) Sexual abuse"), ("Neglect", "a) Neglect"),
                                           ("Emotional", "d) Emotional abuse")])
def test_one_category_stays_that_category(raw, code):
    assert _read("list_7", "cp_latest_category", raw)[0] == code


@pytest.mark.parametrize(("column", "raw", "code"), [
    ("accommodation", "B1", "B: Parents/relatives"),
    ("accommodation", "W2", "W: Bed and breakfast"),
    ("accommodation_suitable", "U1", "a) Suitable"),
    ("accommodation_suitable", "V2", "b) Unsuitable"),
])
def test_903_letter_and_digit_read_by_their_part(column, raw, code):
    assert _read("list_9", column, raw) == (code, "variant")


@pytest.mark.parametrize(("list_key", "column", "raw", "code"), [
    ("list_6", "primary_need", "N4b - Family Homelessness", "N4 - Family in acute stress"),
    ("list_6", "primary_need", "CIN - N1d Injuries to non-mobile children",
     "N1 - Abuse or neglect"),
    ("list_8", "category_of_need", "Child N3 Parent illness or disability",
     "N3 - Parental illness or disability"),
])
def test_a_token_inside_the_value_or_with_a_local_subdivision(list_key, column, raw, code):
    assert _read(list_key, column, raw) == (code, "variant")


def test_two_tokens_inside_a_value_are_not_guessed():
    assert _read("list_6", "primary_need", "N1 or N4 family")[0] is None


@pytest.mark.parametrize(("list_key", "column", "raw", "code"), [
    ("list_7", "epo_6m", "None in last 6 months", "b) No"),
    ("list_8", "return_interview_accepted", "Declined RHI", "b) No"),
    ("list_8", "return_interview_accepted", "RHI offered - declined", "b) No"),
    ("list_8", "return_interview_offered", "RHI offered - declined", "a) Yes"),
    ("missing_exploitation", "cse_risk", "Medium risk", "a) Yes"),
    ("missing_exploitation", "missing_12m", "Missing (2 episodes)", "a) Yes"),
])
def test_yes_no_answers_in_words(list_key, column, raw, code):
    assert _read(list_key, column, raw)[0] == code
