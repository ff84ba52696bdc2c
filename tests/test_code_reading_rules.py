"""The rules by which ingest/codes/ reads a coded cell (docs/data-quality.md, "Code values"; their
order is ingest/codes/read.py's): one test per rule, each with the spelling that made it
necessary and one it must not catch."""

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


# ------------------------------------------------ a token with another code's words (no silence)


def _code_columns():
    """One column per code list, with the list it is in."""
    from ingest.spec import load_spec
    seen: dict[str, tuple[str, str]] = {}
    for ls in load_spec().lists.values():
        for c in ls.columns:
            if c.type == "code":
                seen.setdefault(c.codes, (ls.key, c.name))
    return sorted(seen.items())


@pytest.mark.parametrize(("code_list", "where"), _code_columns(), ids=lambda v: str(v))
def test_a_token_is_never_confirmed_by_another_codes_own_words(code_list, where):
    """'7 - Police' must not load as 7: every official token, followed by the label or a known
    spelling of another code of its list (one that is not also the token's own), is never read
    as the token's code: it is a conflict, or another code where the words say so."""
    from ingest.codes import fold
    from ingest.codes.lists import _code_list, _label
    from ingest.spec import load_spec

    list_key, column = where
    spec = load_spec()
    lst = _code_list(code_list)
    entries = spec.codes[code_list]["entries"]
    aliases = spec.aliases.get(code_list, {})
    silent = []
    for tok_entry in entries:
        token, code = tok_entry.get("token"), tok_entry["code"]
        if not token:
            continue
        for other in entries:
            if other["code"] == code:
                continue
            label = _label(other["code"], other.get("token"))
            for words in [*aliases.get(other["code"], []), label]:
                if code in lst.synonyms.get(fold(words), set()) | lst.exact.get(fold(words), set()):
                    continue  # words the token's code has too ('health' for 3A-3F)
                for raw in (f"{token} - {words}", f"{words} ({token})"):
                    if read_code(list_key, column, raw).code == code:
                        silent.append(raw)
    assert silent == []


@pytest.mark.parametrize(("list_key", "column", "raw", "expected"), [
    # Words a whole group shares neither confirm nor contradict a token of that group ...
    ("list_3", "referral_source", "3B - Health", ("h) 3B: Health services", "variant")),
    # ... so the words that tell the group's codes apart decide.
    ("list_3", "referral_source", "5A - LA Services - other internal e.g. youth offending team",
     (None, "conflict")),
    # Numbers decide: section 20 is not section 31, however alike the letters.
    ("list_8", "legal_status", "C1 - Section 20", (None, "conflict")),
    ("list_8", "legal_status", "V2 - Section 20", ("V2: Single period under S20", "variant")),
    # 'other than', 'unless': the whole phrase after it is denied, with a list joined by 'and'.
    ("list_8", "cla_end_reason", "E48 - Special guardianship order made to carers, other than "
     "former foster carers and relatives or friends",
     ("l) E48: Special Guardianship Orders - other", "variant")),
    ("list_8", "placement_type", "S1 - School (unless dual reg. as Children's Home)",
     ("u) S1: Residential school", "variant")),
    # A common word names a code only as the value's first word.
    ("list_8", "placement_type", "H5 Hostels & other supported res setting eg. YMCA",
     ("n) H5: Residential accommodation", "variant")),
    ("list_8", "permanence_plan", "Other, please specify below", ("g) other", "variant")),
])
def test_what_decides_between_a_token_and_its_words(list_key, column, raw, expected):
    assert _read(list_key, column, raw) == expected


@pytest.mark.parametrize(("list_key", "column", "raw", "expected"), [
    # The template's list letter is a code too: letter and words that disagree are a conflict ...
    ("list_7", "cp_latest_category", "a) Physical abuse", (None, "conflict")),
    ("list_9", "in_touch", "c) Refused", (None, "conflict")),
    # ... unless the template itself gives those words that letter in another list.
    ("list_8", "gender", "c) Neither", ("d) Neither", "exact")),
    # Lists whose codes carry no letter read the words.
    ("missing_exploitation", "current_status", "a) Relevant child", ("Care leaver", "variant")),
    # A system's census-letter code: the letter is the census group, the number says nothing.
    ("list_2", "ethnicity", "A.A3 - English", ("a) WBRI", "variant")),
    ("list_1", "ethnicity", "A.A1 - British", ("a) WBRI", "variant")),
    ("list_9", "ethnicity", "D.D3 - Somali", ("o) BAFR", "variant")),
    # Codes named inside a long official description are references, not a second code.
    ("list_8", "placement_type", "T4: Temporary accommodation of seven days or less, for any "
     "reason, not covered by codes T1 to T3", ("zz) T4: Temporary placement - seven days or less",
                                              "variant")),
    ("list_8", "cla_end_reason", "E5 or E6", (None, "ambiguous")),
    # Words the token's code does not account for, and another code does in full.
    ("list_8", "placement_type", "U4 - Foster placement with relative - long term",
     (None, "conflict")),
    # Words shared by most codes weigh less than the word that tells them apart.
    ("list_9", "activity", "P5: Young person engaged part time in training or employment (not "
     "apprenticeship)", ("P5: Part time in training or employment (not apprenticeship)",
                         "variant")),
])
def test_letters_local_codes_and_references(list_key, column, raw, expected):
    assert _read(list_key, column, raw) == expected


@pytest.mark.parametrize(("header", "column"), [
    ("DIM_LOOKUP_CONT_SORC_ID_DESC", "contact_source"),
    ("DIM_WORKER_ID_DESC", "worker"),
    ("COMPLETED_BY_DEPT_ID", "team"),
    ("ASSIGNEE_ID", "worker"),
])
def test_data_warehouse_column_names_are_read(header, column):
    """Names from case-management data warehouses: dimension and lookup words, an ID's
    description, abbreviations (SORC, CONT), a worker's or team's ID."""
    from ingest.spec import load_spec, match_headers

    for ls in load_spec().lists.values():
        names = [c.name for c in ls.columns]
        if column not in names:
            continue
        headers = [c.header for c in ls.columns]
        headers[names.index(column)] = header
        assert match_headers(headers, ls, by_place=False).mapping.get(column) == \
            names.index(column), (ls.key, header)
        return
    raise AssertionError(f"no list has {column}")


# --------------------------------------------------------------------------- general rules (2)
# Each rule with a made-up spelling: what real LA exports do, not any one corpus row.

@pytest.mark.parametrize(("list_key", "column", "raw", "expected"), [
    # The DfE's descriptions of codes in other years' returns (code_validity.toml 'detail')
    # are the code's own wording.
    ("list_9", "activity", "Young person engaged part time in an apprenticeship",
     ("P4: Part time apprenticeship", "exact")),
    # A known wording in the plural.
    ("list_8", "placement_type", "Mother and baby units",
     ("s) R3: Family Centre or Mother and Baby Unit", "variant")),
    # A template group's name (in the plural too) says the group, not a code of it ...
    ("list_8", "legal_status", "Youth justice legal statuses", (None, "ambiguous")),
    # ... unless the group is named as one of its codes ('Temporary placement' is T0).
    ("list_8", "placement_type", "Temporary placements",
     ("w) T0: Temporary placement", "variant")),
    # Group words, then words naming one code of the group, are that code.
    ("list_3", "referral_source", "LA services (youth justice service)",
     ("o) 5B: LA services", "variant")),
    # An ethnic group with a write-in no code names is the group's 'Any other' code.
    ("list_2", "ethnicity", "White - Kosovan", ("d) WOTH", "variant")),
    ("list_2", "ethnicity", "Asian - Nepalese speaker", ("m) AOTH", "variant")),
    # 'Any other ... background' is one of the 'any other' codes: the one of its group.
    ("list_1", "ethnicity", "Any other Asian or Asian British background",
     ("m) AOTH", "variant")),
    # Mixed (dual) heritage: White with one other group is that mixed code; a nationality
    # stands for its group.
    ("list_1", "ethnicity", "Dual heritage (White/Pakistani)", ("h) MWAS", "variant")),
    ("list_1", "ethnicity", "Mixed race - white & jamaican", ("f) MWBC", "variant")),
    # One letter slipped or two swapped.
    ("list_7", "cp_initial_category", "Sexaul abuse", ("c) Sexual abuse", "variant")),
    ("list_1", "gender", "Femlae", ("b) Female", "variant")),
    # Initials with dots.
    ("list_8", "legal_status", "E.P.O.", ("L2: EPO", "variant")),
    ("list_8", "legal_status", "Y.R.O.", ("J3: Youth rehabilitation order", "variant")),
    # A word shortened with an apostrophe, written out against the list's words.
    ("list_8", "cla_end_reason", "Special G'dianship order", (None, "ambiguous")),
    # A negation reaches both words of 'long term'.
    ("list_8", "placement_type", "Other foster carer - not intended as long term fostering",
     ("f) U6: Foster placement - not FFA", "variant")),
    # An abbreviation in the plural ('FCs': foster carers).
    ("list_8", "placement_type", "Placed with FCs (long term)",
     ("d) U4: Foster placement - long term", "variant")),
    # The column's own words first, then a detail.
    ("list_6", "disability", "Autism - mild", ("a) Yes", "variant")),
    # First words that are a code's own wording outweigh a loose match of the whole value.
    ("list_3", "referral_source", "Police - community support officer",
     ("q) 6: Police", "variant")),
    # Section 20 is the legal basis of short breaks too (V3, V4), not only of V2.
    ("list_8", "legal_status", "S20 accommodation", (None, "ambiguous")),
])
def test_general_spelling_rules(list_key, column, raw, expected):
    assert _read(list_key, column, raw) == expected


@pytest.mark.parametrize(("raw", "expected"), [
    # A number code with no separator, or after the words, is still a code: words naming
    # another code make a conflict, never a code.
    ("7 Police", (None, "conflict")),
    ("Police - 7", (None, "conflict")),
    ("6 Police", ("q) 6: Police", "exact")),
    # A local number after the words is no code of the list.
    ("Police - 61", ("q) 6: Police", "variant")),
])
def test_a_number_code_anywhere_is_weighed_against_the_words(raw, expected):
    assert _read("list_1", "contact_source", raw) == expected


@pytest.mark.parametrize("value", ["Black - British", "Asian - British", "White - not Irish",
                                   "White - non British", "Asian - Irish"])
def test_words_after_a_group_that_deny_repeat_it_or_name_another_group_are_no_write_in(value):
    """A group's name then words naming no code of it is its 'any other' code (the census's
    write-in box: 'Asian - Sri Lankan'), but not when the words deny something, only repeat the
    group's own wording (the group itself), or carry another group's word: no code is given."""
    reading = read_code("list_1", "ethnicity", value)
    assert reading.code is None and reading.status in ("ambiguous", "unmapped"), reading


@pytest.mark.parametrize("value, code", [("Asian - Sri Lankan", "m) AOTH"),
                                         ("White - Kosovan", "d) WOTH")])
def test_a_write_in_after_a_group_is_its_any_other_code(value, code):
    assert read_code("list_1", "ethnicity", value).code == code


# ---------------------------------------------------------------- rules of the third fresh set

def test_a_bracketed_code_before_the_words_is_checked_against_them():
    # '(N2)' looks like a template letter, but N2 is a code of the list: its words must agree.
    assert _read("list_6", "primary_need", "(N2) Parental illness") == (None, "conflict")
    assert _read("list_6", "primary_need", "(N2) Child's disability")[0] == \
        "N2 - Child’s disability"
    # A real template letter with a digit is still only a letter ('p1) 5D ...').
    assert _read("list_1", "contact_source", "p1) 5D - LA services")[0] == "p1) 5D: LA services"


@pytest.mark.parametrize("raw", ["N/K", "NK", "n.k.", "N / K"])
def test_not_known_is_unknown_never_the_token_n(raw):
    assert _read("list_7", "seen_alone", raw) == ("c) Unknown", "variant")


def test_two_codes_either_side_of_a_slash_are_ambiguous():
    assert _read("list_3", "referral_source", "Individual (family/friend)") == (None, "ambiguous")
    assert _read("list_3", "referral_source", "Family friend")[0] == "b) 1B: Individual"


def test_one_letter_slipped_in_a_census_code():
    assert _read("list_8", "ethnicity", "BCRV")[0] == "n) BCRB"
    assert _read("list_8", "ethnicity", "ZZZZ") == (None, "unmapped")
    # GROM, a system's own code for Gypsy/Roma, is a known spelling of WROM.
    assert _read("list_8", "ethnicity", "GROM") == ("e) WROM", "variant")


@pytest.mark.parametrize(("list_key", "column", "raw", "code"), [
    ("list_4", "assessed_in_need", "In need", "a) Yes"),
    ("list_4", "assessed_in_need", "Not in need", "b) No"),
    ("list_11", "ffa", "FFA", "Yes"),
    ("list_11", "ffa", "Not FFA", "No"),
    ("missing_exploitation", "cse_risk", "CSE", "a) Yes"),
])
def test_a_yes_no_column_answered_with_its_own_words(list_key, column, raw, code):
    assert _read(list_key, column, raw) == (code, "variant")


def test_the_column_own_words_do_not_outweigh_a_refusal():
    assert _read("list_8", "return_interview_accepted", "RHI offered - declined")[0] == "b) No"
    assert _read("list_7", "seen_alone", "Child")[1] == "unmapped"


@pytest.mark.parametrize(("raw", "code"), [("M1", "a) Male"), ("F1", "b) Female"),
                                           ("MM", "a) Male"), ("FF", "b) Female"),
                                           ("MF", None)])
def test_the_903_adopter_codes(raw, code):
    assert _read("list_11", "gender", raw)[0] == code


# ---------------------------------------------------------------- rules of the fourth fresh set

@pytest.mark.parametrize("raw", ["Sec 20", "s.20", "S. 20"])
def test_a_section_written_short_is_the_section(raw):
    # Section 20 without more is the single period or the short breaks: ambiguous, as 'S20'.
    assert _read("list_8", "legal_status", raw) == (None, "ambiguous")


def test_a_code_such_as_s1_is_not_taken_for_a_section():
    assert _read("list_8", "legal_status", "Sec 31 care order")[0] == "C2: FCO"
    assert _read("list_9", "accommodation", "S - No fixed abode")[0] == \
        "S: No fixed abode / homeless"


def test_either_side_of_a_slash_in_the_plural():
    assert _read("list_3", "referral_source", "Family/Friends") == (None, "ambiguous")


@pytest.mark.parametrize(("list_key", "column", "raw", "code"), [
    ("list_3", "referral_source", "Primary sch.", "e) 2A: Schools"),
    ("list_8", "category_of_need", "Parent illness/disab.", "N3 - Parental illness or disability"),
    ("list_8", "cla_end_reason", "RTH unplanned",
     "f) E4B: Returned home to live with parents or relatives - not part of planning"),
    # The Standard Safeguarding Dataset's contact-source codes.
    ("list_1", "contact_source", "HSERVGP", "g) 3A: Health services"),
    ("list_1", "contact_source", "LASERVEXT", "p) 5C: LA services"),
])
def test_abbreviations_and_dataset_codes(list_key, column, raw, code):
    assert _read(list_key, column, raw)[0] == code


@pytest.mark.parametrize(("column", "raw"), [("placement_type", "Kinship"),
                                             ("placement_type", "Kinship carer")])
def test_kinship_without_more_is_any_connected_person_code(column, raw):
    assert _read("list_8", column, raw) == (None, "ambiguous")


@pytest.mark.parametrize("raw", ["Employed", "FT job", "Working"])
def test_work_without_hours_or_apprenticeship_is_ambiguous(raw):
    assert _read("list_9", "activity", raw) == (None, "ambiguous")


@pytest.mark.parametrize(("column", "raw"), [
    # The DfE's published statistics' group labels name several codes, never one.
    ("placement_type", "Other placements in the community"),
    ("placement_type", "Secure units, children's homes and semi-independent living accommodation"),
    ("placement_type", "Other residential settings"),
    ("legal_status", "Detained for child protection"),
    ("legal_status", "Care orders"),
])
def test_published_statistics_group_labels_are_ambiguous(column, raw):
    assert _read("list_8", column, raw) == (None, "ambiguous")


def test_published_activity_group_labels_are_ambiguous():
    assert _read("list_9", "activity", "Higher or other education") == (None, "ambiguous")
    assert _read("list_9", "activity", "In an apprenticeship") == (None, "ambiguous")


@pytest.mark.parametrize(("list_key", "column", "raw", "code"), [
    # Which Act a section belongs to says nothing of the code.
    ("list_8", "legal_status", "Section 20 CA 1989 (single placement)",
     "V2: Single period under S20"),
    ("list_8", "legal_status", "Section 38 CA89", "C1: ICO"),
    ("list_6", "cin_closure_reason", "Closed - no longer CIN",
     "RC7 - Services ceased for any other reason, including child no longer in need"),
    ("list_7", "cp_latest_category", "Neglectful care", "a) Neglect"),
    ("list_1", "contact_source", "School nursing team", "i) 3C: Health services"),
])
def test_the_act_and_word_forms_say_nothing_of_the_code(list_key, column, raw, code):
    assert _read(list_key, column, raw)[0] == code


# ------------------------------------------------- a review of the rules of 6 December

@pytest.mark.parametrize(("list_key", "column", "raw"), [
    # Words of the question are no answer to it.
    ("list_5", "icpc_resulted_in_plan", "Outcome: CIN"),
    ("list_4", "assessed_in_need", "Assessment - early help"),
    ("list_4", "assessed_in_need", "Assessment"),
    ("list_8", "return_interview_accepted", "RHI offered"),
    ("list_8", "return_interview_offered", "Missing"),
    ("list_11", "ffa", "Adopter"),
    ("list_8", "second_period_12m", "Looked after"),
    ("list_7", "epo_6m", "Order"),
])
def test_words_of_the_question_alone_are_no_answer(list_key, column, raw):
    assert _read(list_key, column, raw)[0] is None


@pytest.mark.parametrize(("list_key", "column", "raw", "expected"), [
    ("list_6", "case_status", "Not CIN", None),  # never 'child in need plan'
    ("list_6", "cin_closure_reason", "Deemed not in need", None),  # RC7 or RC8
    ("list_8", "ethnicity", "AAFR", None),  # an Asian code of the extended list, not BAFR
    ("list_1", "contact_source", "Nursing", None),  # any health service's nurse
    ("list_7", "seen_alone", "N/A", None),  # never the token N (No)
    ("list_8", "placement_type", "Placed for adoption - consent - not foster",
     "h) A4: Placed for adoption - consent - not foster"),
    ("list_8", "placement_type", "Placed for adoption - order - not foster",
     "j) A6: Placed for adoption - order - not foster"),
    # 'p1)' is K3's template letter and P1's token: the words say which.
    ("list_8", "placement_type", "p1) Registered supported accommodation",
     "p1) K3: Registered supported accommodation"),
])
def test_readings_a_review_found_wrong(list_key, column, raw, expected):
    assert _read(list_key, column, raw)[0] == expected


# ------------------------------------------------------------ step 11 (the opened fifth hold-out)

@pytest.mark.parametrize(("list_key", "column", "raw", "candidates"), [
    # Examples in brackets, or alternatives joined by '/', that are different codes: any of them.
    ("list_1", "contact_source", "Legal agencies (Police, Courts etc)",
     {"q) 6: Police", "r) 7: Other legal agency"}),
    ("list_1", "contact_source", "Family/Neighbour", {"a) 1A: Individual", "b) 1B: Individual"}),
    ("list_3", "referral_source", "Hospital services (A&E, ward, outpatients, maternity)",
     {"k) 3E: Health services", "l) 3F: Health services"}),
    ("list_6", "primary_need", "Child/Parental disability",
     {"N2 - Child’s disability", "N3 - Parental disability or illness"}),
])
def test_examples_or_alternatives_naming_different_codes_are_ambiguous(list_key, column, raw,
                                                                       candidates):
    reading = read_code(list_key, column, raw)
    assert reading.code is None and reading.status == "ambiguous", reading
    assert set(reading.candidates) == candidates


@pytest.mark.parametrize(("list_key", "column", "raw", "code"), [
    # Not lists of alternatives: a census group's title written with slashes, brackets that
    # restate the words before them, clauses of a description.
    ("list_1", "ethnicity", "Black / African / Caribbean / Black British (Somali)", "o) BAFR"),
    ("list_1", "ethnicity", "Dual heritage White/Black Caribbean", "f) MWBC"),
    ("list_8", "permanence_plan", "Long term fostering (until 18, no return home planned)",
     "f) Long-term fostering"),
])
def test_slashes_and_brackets_that_list_nothing_are_read_as_before(list_key, column, raw, code):
    assert read_code(list_key, column, raw).code == code


@pytest.mark.parametrize(("list_key", "column", "raw"), [
    ("list_3", "referral_nfa", "Yes - progressed to assessment"),
    ("list_3", "referral_nfa", "Y - for assessment"),
    ("list_5", "icpc_not_required", "No - ICPC not required"),
])
def test_a_yes_or_no_and_this_columns_words_for_the_other_answer_conflict(list_key, column, raw):
    reading = read_code(list_key, column, raw)
    assert reading.code is None and reading.status == "conflict", reading


@pytest.mark.parametrize(("list_key", "column", "raw", "code"), [
    ("list_8", "return_interview_accepted", "Young person refused interview", "b) No"),
    ("list_5", "disability", "Child has a disability", "a) Yes"),
    ("list_4", "child_seen", "Unknown whether seen", "c) Unknown"),
    ("list_1", "ethnicity", "Other Mixed", "i) MOTH"),
    ("list_1", "ethnicity", "Other Black", "p) BOTH"),
    ("list_8", "placement_type", "Temporary placement < 7 days",
     "zz) T4: Temporary placement - seven days or less"),
    ("list_8", "placement_type", "Residential schools", "u) S1: Residential school"),
    ("list_3", "referral_source", "Council housing", "m) 4: Housing"),  # not a councillor
    ("list_7", "cp_initial_category", "Emotion", "d) Emotional abuse"),  # cut short by an ending
    # A relative clause ends what 'other than' denies: E47 is carers other than former foster
    # carers *who were* relatives or friends.
    ("list_8", "cla_end_reason", "SGO relative not former foster carer",
     "k) E47: Special Guardianship Orders - relative/friend"),
    ("list_8", "cla_end_reason", "SGO former foster carer not relative",
     "j) E46: Special Guardianship Orders - former carer other"),
])
def test_step_11_readings(list_key, column, raw, code):
    assert read_code(list_key, column, raw).code == code


@pytest.mark.parametrize("raw", ["In-house fostering", "Agency foster care", "Foster care"])
def test_fostering_without_its_term_or_carer_is_ambiguous(raw):
    reading = read_code("list_8", "placement_type", raw)
    assert reading.code is None and reading.status == "ambiguous", reading


# ------------------------------------------------------------ step 12 (the sixth hold-out, opened)

@pytest.mark.parametrize(("list_key", "column", "raw"), [
    # A token whose words are several codes of the list, none of them the token's.
    ("list_8", "placement_type", "A6 - Placed for adoption with consent"),
    ("list_9", "activity", "F1 - FE college"),
    # A token whose words are another code once EH is early help.
    ("list_6", "cin_closure_reason", "RC8 - closed after assessment, referred to EH"),
])
def test_step_12_conflicts(list_key, column, raw):
    reading = read_code(list_key, column, raw)
    assert reading.code is None and reading.status == "conflict", reading


@pytest.mark.parametrize(("list_key", "column", "raw", "code"), [
    # Consent 'dispensed with' by the court is no consent: A5/A6's long descriptions say so,
    # so consent names A3/A4 only.
    ("list_8", "placement_type", "Placed for adoption with consent - current foster carer",
     "g) A3: Placed for adoption - consent - current foster"),
    ("list_8", "cla_end_reason", "Adopted (consent dispensed with)",
     "b) E12: Adopted - consent dispensed"),
    # 'no' inside a longer value is never the answer 'No' by itself.
    ("list_5", "icpc_not_required", "Threshold not met - no ICPC", "a) Yes"),
    ("list_1", "ethnicity", "Mixed W & Black Caribbean", "f) MWBC"),
    ("list_8", "cla_end_reason", "SGO to ex-foster carers (kinship)",
     "i) E45: Special Guardianship Orders - former carer relative/friend"),
    ("list_8", "placement_type", "U4 - Foster placement", "d) U4: Foster placement - long term"),
])
def test_step_12_readings(list_key, column, raw, code):
    assert read_code(list_key, column, raw).code == code


def test_a_group_word_with_a_token_is_no_conflict():
    # 'Foster placement' is U1-U6's group: it confirms U4 as much as any.
    assert read_code("list_8", "placement_type", "Foster placement").status == "ambiguous"


# ------------------------------------------------------------ step 13 (the fifth fresh set)

@pytest.mark.parametrize(("list_key", "column", "raw", "code"), [
    ("list_8", "placement_type", "Foster care with grandparents - long term",
     "a) U1: Foster placement - relatives - long term"),  # a named relative is a relative
    ("list_8", "cla_end_reason", "SGO made to aunt (not previously fostering)",
     "k) E47: Special Guardianship Orders - relative/friend"),
    ("list_7", "epo_6m", "PPO 03/02/2025", "a) Yes"),  # a date says nothing of what
    ("list_9", "activity", "P/T HE", "P1: Part time in higher education"),
    ("list_6", "cin_closure_reason", "Child passed away", "RC2 - Died"),
    ("list_7", "seen_alone", "Seen with carer present", "b) No"),  # the column's words, then more
    ("list_5", "icpc_not_required", "No (conference held)", "b) No"),  # not 'no icpc' across '('
    ("list_8", "legal_status", "s20 - not short breaks", "V2: Single period under S20"),
    ("list_8", "placement_type", "Temporary placement less than 7 days",
     "zz) T4: Temporary placement - seven days or less"),  # 'less than' is no 'other than'
    ("list_6", "cin_closure_reason", "CAO granted - case closed", "RC3 - Child arrangements order"),
])
def test_step_13_readings(list_key, column, raw, code):
    assert read_code(list_key, column, raw).code == code


def test_a_long_aside_in_brackets_does_not_hide_a_conflict():
    reading = read_code("list_8", "cla_end_reason",
                        "E4A - returned home, not planned (mother withdrew consent)")
    assert reading.code is None and reading.status == "conflict", reading


@pytest.mark.parametrize("raw", ["LT", "Long term"])
def test_attribute_words_alone_name_no_one_code(raw):
    # 'LT' (long term) is U1's as much as U4's: no longer U4's short code.
    assert read_code("list_8", "placement_type", raw).code is None


@pytest.mark.parametrize(("raw", "expected"), [
    # The list's own wordings side by side name the codes they all name.
    ("Placed for adoption under placement order",
     {"i) A5: Placed for adoption - order - foster",
      "j) A6: Placed for adoption - order - not foster"}),
    ("Placed for adoption with consent with new adopters",
     {"h) A4: Placed for adoption - consent - not foster"}),
])
def test_wordings_side_by_side_name_what_they_all_name(raw, expected):
    reading = read_code("list_8", "placement_type", raw)
    got = {reading.code} if reading.code else set(reading.candidates)
    assert got == expected, reading


def test_wordings_side_by_side_never_read_past_a_denial():
    # 'not' turns round what follows: no composing of 'consent' and 'current foster carer' here.
    reading = read_code("list_8", "placement_type",
                        "Placed for adoption with consent not with current foster carer")
    assert reading.code in (None, "h) A4: Placed for adoption - consent - not foster"), reading


# ------------------------------------------------------------ step 14 (the sixth fresh set)

@pytest.mark.parametrize(("list_key", "column", "raw", "code"), [
    ("list_9", "eligibility", "ELIG;FRC;Former relevant (18+ left care)",
     "b) Former relevant child"),  # picklist segments: field; code; words
    ("list_8", "placement_type", "PT_U6 | Foster - short term",
     "f) U6: Foster placement - not FFA"),
    ("list_3", "referral_nfa", "No further action taken", "a) Yes"),  # NFA, not the token 'No'
    ("list_3", "referral_nfa", "No - further action taken", "b) No"),  # never across the dash
    ("list_7", "seen_alone", "toddler - seen with carer", "b) No"),  # no 'seen' by containment
    ("list_1", "contact_source", "Paediatric ward (not A&E)", "l) 3F: Health services"),
    ("list_10", "disability", "Unknown/not assessed", "c) Unknown"),
    ("list_5", "icpc_resulted_in_plan", "ICPC - CIN plan", "b) No"),
    ("list_4", "disability", "Child has autism (diagnosed 2021)", "a) Yes"),
    ("list_11", "disability", "Adopter has no disability", "b) No"),
    ("list_5", "icpc_not_required", "ICPC was required", "b) No"),  # glue words dropped
    ("list_8", "cla_end_reason", "Specail Guardianship - aunt, not previously fostering",
     "k) E47: Special Guardianship Orders - relative/friend"),  # one letter slipped in a word
    ("list_8", "cla_end_reason", "back home with mum - planned",
     "e) E4A: Returned home to live with parents or relatives - part of planning"),
    ("list_7", "disability", "Disability: N", "b) No"),  # not 'disability' alone as yes
])
def test_step_14_readings(list_key, column, raw, code):
    """(An ICPC whose outcome is a CIN plan made no CP plan: 'ICPC - CIN plan' is No, where the
    review of 6 December had it as no answer at all; it was never Yes.)"""
    assert read_code(list_key, column, raw).code == code


@pytest.mark.parametrize(("list_key", "column", "raw", "status"), [
    ("list_1", "contact_source", "[6] Housing", "conflict"),  # a bracketed code is a token
    ("list_9", "gender", "F | Male", "conflict"),
    ("list_8", "placement_type", "Respite (not carer holiday)", "unmapped"),  # denies T3
    ("list_7", "cp_initial_category", "Emotional abuse; Neglect", "variant"),  # two answers
])
def test_step_14_statuses(list_key, column, raw, status):
    assert read_code(list_key, column, raw).status == status


# ------------------------------------------------------------ a review of steps 11-14

@pytest.mark.parametrize(("list_key", "column", "raw", "allowed"), [
    # Each was read as one wrong code by a rule of steps 11-14 until the review: now the right
    # code, or none (reported).
    ("list_1", "ethnicity", "Mixed W/Asian", {"h) MWAS", None}),  # 'w/' is no 'with' here
    ("list_1", "ethnicity", "Black Caribbean - White", {"f) MWBC", None}),
    ("list_1", "ethnicity", "White | Other", {"d) WOTH", None}),  # no picklist
    ("list_1", "ethnicity", "Other Black African", {"o) BAFR", None}),  # no write-in
    ("list_7", "cp_initial_category", "Physical abuse; Sexual abuse; Neglect",
     {"e) Multiple/not recommended"}),
    ("list_5", "disability", "Has a disability - N", {"b) No"}),  # the answer after the question
    ("missing_exploitation", "cse_risk", "At risk of CSE? N", {"b) No"}),
    ("list_5", "disability", "Parent has learning disability", {None}),  # not the child's
    ("list_8", "placement_type", "Foster carer - not an approved adopter",
     {"f) U6: Foster placement - not FFA", None}),
    ("list_6", "cin_closure_reason", "Closed after assessment - not early help",
     {"RC8 - Case closed after assessment, no further action", None}),
    ("list_8", "placement_type", "Foster placement with siblings - long term",
     {"d) U4: Foster placement - long term", None}),  # siblings are not relative carers
    ("list_8", "placement_type", "Placed with foster mother", {None}),  # no parent
    ("list_8", "cla_end_reason", "Other SGO", {None}),
    ("list_9", "accommodation", "Departed UK", {None}),  # 'departed' is no 'deported'
    ("list_8", "cla_end_reason", "Went back to foster carers", {None}),  # no return home
    ("list_8", "placement_type", "Children's home registered as secure",
     {"o) K1: Secure Children’s Homes", None}),
    ("list_3", "referral_nfa", "Assessment not required", {"a) Yes", None}),
    ("list_7", "epo_6m", "Police protection considered - not used", {"b) No", None}),
    ("list_5", "icpc_resulted_in_plan", "CP plan considered - CIN plan agreed", {"b) No", None}),
    ("list_8", "cla_end_reason", "SGO to carers other than those who were foster carers",
     {"k) E47: Special Guardianship Orders - relative/friend",
      "l) E48: Special Guardianship Orders - other", None}),
    ("list_8", "placement_type", "Foster placement - not with a carer who is FFA approved",
     {"f) U6: Foster placement - not FFA", "c) U3: Foster placement - relative - not FFA", None}),
])
def test_readings_the_review_of_steps_11_to_14_found_wrong(list_key, column, raw, allowed):
    assert read_code(list_key, column, raw).code in allowed


@pytest.mark.parametrize(("list_key", "column", "raw"), [
    ("list_1", "gender", "(F) Male"),  # F is a code of the list, not a template letter
    ("list_9", "accommodation", "(C) Supported lodgings"),
    ("list_7", "seen_alone", "Yes - seen with parent"),
])
def test_a_code_before_words_naming_another_is_a_conflict(list_key, column, raw):
    assert read_code(list_key, column, raw).status == "conflict"


def test_the_dfe_wording_of_e47_reads_as_e47():
    raw = ("E47: Special guardianship order made to carer(s), other than former foster "
           "carer(s), who was/are a relative(s) or friend(s)")
    assert read_code("list_8", "cla_end_reason", raw).code == \
        "k) E47: Special Guardianship Orders - relative/friend"


# ------------------------------------------------------------ step 15 (the seventh fresh set)

@pytest.mark.parametrize(("list_key", "column", "raw", "expected"), [
    ("list_7", "cp_initial_category", "Neglect (c)", "conflict"),  # a template letter after
    ("list_8", "cla_end_reason", "Adopted - carer(s) applied", "variant"),  # '(s)' is no letter
    ("list_10", "reversal_reason", "RD3 - Court didn't make the placement order", "conflict"),
    ("list_3", "referral_nfa", "Yes - progressed to S47", "conflict"),
    ("list_8", "legal_status", "Care order (interim or full)", "ambiguous"),
])
def test_step_15_statuses(list_key, column, raw, expected):
    assert read_code(list_key, column, raw).status == expected


@pytest.mark.parametrize(("list_key", "column", "raw", "code"), [
    ("list_8", "placement_type", "Residential > Secure > Welfare",
     "o) K1: Secure Children’s Homes"),  # a picklist's path, from its last steps
    ("list_8", "placement_type", "SCH", "o) K1: Secure Children’s Homes"),
    ("list_8", "placement_type", "Residential Sch", "u) S1: Residential school"),
    ("list_7", "seen_alone", "Seen with mum present", "b) No"),
    ("list_8", "legal_status", "s20 - continuous accommodation (not respite)",
     "V2: Single period under S20"),  # the aside rules out the short breaks
])
def test_step_15_readings(list_key, column, raw, code):
    assert read_code(list_key, column, raw).code == code


# ------------------------------------------ step 16 (words that leave the code open)

@pytest.mark.parametrize(("list_key", "column", "raw", "candidates"), [
    # The value says its kind is not known: every code its other words fit.
    ("list_8", "legal_status", "Care Order (type not recorded)", {"C1: ICO", "C2: FCO"}),
    ("list_8", "legal_status", "Care order - tbc", {"C1: ICO", "C2: FCO"}),
    # Two alternatives, each with the words before them a different code.
    ("list_6", "primary_need", "Disability (parent or child)",
     {"N2 - Child’s disability", "N3 - Parental disability or illness"}),
    # Words the code lists leave open, not one code by an alias.
    ("list_9", "eligibility", "Care leaver", {"a) Relevant child", "b) Former relevant child",
                                             "c) Qualifying care leaver"}),
    ("list_8", "placement_provider", "Independent sector",
     {"e) PR4: Private provision", "f) PR5: Voluntary/third sector"}),
    ("list_8", "placement_type", "Residential",
     {"p) K2: Children’s Homes", "q) R1: Residential Care Home"}),
    ("list_8", "placement_type", "Hospital",
     {"r) R2: NHS/Health Trust", "x) T1: Temporary placement - hospital"}),
])
def test_step_16_words_that_leave_the_code_open(list_key, column, raw, candidates):
    r = read_code(list_key, column, raw)
    assert (r.code, r.status, set(r.candidates)) == (None, "ambiguous", candidates)


@pytest.mark.parametrize(("list_key", "column", "raw", "code"), [
    ("list_8", "legal_status", "Care order", "C2: FCO"),  # no word says the kind is unknown
    ("list_8", "legal_status", "Care order (interim)", "C1: ICO"),
    ("list_8", "legal_status", "Interim care order - tbc", "C1: ICO"),  # one code fits
    ("list_3", "ethnicity", "Ethnicity Not Known", "s) NOBT"),  # the code is 'not known'
    ("list_3", "ethnicity", "B.B9 - Other mixed, mixed unspecified", "i) MOTH"),
    ("list_8", "placement_type", "In hospital", "x) T1: Temporary placement - hospital"),
    ("list_8", "placement_type", "Gofalwr maeth / Foster carer (in-house, short term)",
     "f) U6: Foster placement - not FFA"),  # a comma joins descriptions, not alternatives
])
def test_step_16_readings_that_stay(list_key, column, raw, code):
    assert read_code(list_key, column, raw).code == code


# ------------------------------------------ a review of the lexicon

# Values whose words a lexicon entry once read as a code they do not mean: a country that is the
# child's origin, a borough's name, a family word, a place that is not a reason, a condition that
# is not an activity, a question whose answer depends on other words. None of them is a code.
@pytest.mark.parametrize(("list_key", "column", "raw"), [
    ("list_8", "cla_end_reason", "Vietnam - went missing"),  # 'vietnam' was E16, moved abroad
    ("list_8", "cla_end_reason", "UASC (Eritrea)"),  # the child's origin, not where it went
    ("list_8", "cla_end_reason", "Africa"),
    ("list_8", "cla_end_reason", "Uncontested discharge of care order"),  # 'uncontested': E11
    ("list_8", "cla_end_reason", "Remanded to YOI"),  # 'yoi' was E9, sentenced to custody
    ("list_8", "cla_end_reason", "With stepdad"),  # E13, though a step-parent may hold PR
    ("list_8", "placement_type", "Not CHR registered"),  # 'chr' was K2, children's homes
    ("list_8", "placement_provider", "Foster carer's family home"),  # 'family home' was PR0
    ("list_8", "placement_provider", "Birth family"),  # a grandparent is birth family too
    ("list_8", "permanence_plan", "Placement order refused"),  # 'placement order' was adoption
    ("list_8", "permanence_plan", "Residential assessment"),  # 'residential' was long-term
    ("list_9", "accommodation", "Awaiting deportation"),  # 'deportation' was H, deported
    ("list_9", "accommodation", "With foster carer's daughter"),  # 'with foster carer' was Z
    ("list_9", "accommodation", "Afghanistan"),  # 'afghanistan' was G, abroad
    ("list_9", "activity", "Pregnant - attending college"),  # 'pregnant' was G6, NEET
    ("list_9", "activity", "Pregnant - in sixth form"),  # G6 too, though both were read
    ("list_9", "activity", "Disabled - attending college"),  # 'disabled' was G4, NEET
    ("list_9", "in_touch", "Not engaging"),  # in touch or refusing: 'not engaging' was No
    ("list_9", "in_touch", "Spoke to her mum"),  # 'spoke to her' was Yes
    ("list_11", "left_process_reason", "Unsuccessful match"),  # 'unsuccessful' was 3, refused
    ("list_4", "disability", "DLA refused"),  # 'dla' was Yes
    ("list_4", "disability", "CWD team - declined"),  # 'cwd' was Yes
    ("list_4", "child_seen", "Saw her mum only"),  # 'saw her' was Yes
    ("list_4", "child_seen", "Child was asleep"),  # a sleeping child may have been seen
    ("list_4", "child_seen", "Missed visit"),  # one visit, not the assessment
    ("list_5", "icpc_resulted_in_plan", "Plan agreed: CIN"),  # 'plan agreed' was Yes
    ("missing_exploitation", "missing_12m", "Did not return to school"),  # 'did not return': Yes
    ("missing_exploitation", "cse_risk", "Grooming (CCE)"),  # criminal, not sexual, exploitation
    ("missing_exploitation", "cse_risk", "Being exploited - criminal"),
    ("missing_exploitation", "cse_risk", "Older boyfriend"),  # an indicator, not a finding
    ("list_8", "uasc", "Travelled alone - came for school"),  # 'travelled alone' was Yes
    ("list_7", "epo_6m", "Police powers not used"),  # 'police powers' was Yes
    ("list_1", "ethnicity", "Not disclosed"),  # refused or not yet obtained: it was REFU
])
def test_lexicon_review_values_given_no_code(list_key, column, raw):
    assert read_code(list_key, column, raw).code is None


@pytest.mark.parametrize(("list_key", "column", "raw", "code"), [
    ("list_8", "cla_end_reason", "Moved to India", "s) E16: Child moved abroad"),  # a move, said
    ("list_9", "accommodation_suitable", "Safe but overcrowded", "b) Unsuitable"),  # not Suitable
])
def test_lexicon_review_readings_that_stay(list_key, column, raw, code):
    assert read_code(list_key, column, raw).code == code


def test_a_mother_and_baby_foster_placement_is_a_foster_code_not_the_unit():
    r = read_code("list_8", "placement_type", "Mother and baby foster placement")
    assert r.code is None and set(r.candidates) == {
        "d) U4: Foster placement - long term", "e) U5: Foster placement - FFA",
        "f) U6: Foster placement - not FFA"}
    assert read_code("list_8", "placement_type", "Mother and baby unit").code \
        == "s) R3: Family Centre or Mother and Baby Unit"


@pytest.mark.parametrize(("list_key", "column", "raw"), [
    ("list_6", "disability", "ADHD - not diagnosed"),
    ("list_6", "disability", "Autism (not confirmed)"),
    ("list_8", "legal_status", "Section 31 application pending"),
    ("list_8", "permanence_plan", "Adoption - ruled out"),
    ("list_8", "permanence_plan", "Rehab not viable"),
])
def test_last_words_that_take_back_what_the_value_names_leave_no_code(list_key, column, raw):
    r = read_code(list_key, column, raw)
    assert r.code is None and "last words" in r.note


def test_a_code_whose_own_wording_takes_it_back_keeps_it():
    assert read_code("list_10", "reversal_reason", "The Court did not make a placement order") \
        .code == "RD2 - The Court did not make a placement order"


# ------------------------------------------------------------------ session 12's rules

@pytest.mark.parametrize(("raw", "code"), [
    # The Census 2021 labels (ONS TS021) and the 2011 ones, as the ONS writes them: the group
    # then the category. 'British' and 'Welsh' in a group's name are not White British.
    ("Asian, Asian British or Asian Welsh: Indian", "j) AIND"),
    ("Asian, Asian British or Asian Welsh: Chinese", "q) CHNE"),
    ("Asian, Asian British or Asian Welsh: Other Asian", "m) AOTH"),
    ("Black, Black British, Black Welsh, Caribbean or African: African", "o) BAFR"),
    ("Black, Black British, Black Welsh, Caribbean or African: Caribbean", "n) BCRB"),
    ("Black, Black British, Black Welsh, Caribbean or African: Other Black", "p) BOTH"),
    ("Mixed or Multiple ethnic groups: White and Black Caribbean", "f) MWBC"),
    ("White: English, Welsh, Scottish, Northern Irish or British", "a) WBRI"),
    ("Asian/Asian British: Chinese", "q) CHNE"),
    ("Black/African/Caribbean/Black British: Other Black", "p) BOTH"),
])
def test_census_ethnicity_labels_read_as_their_category(raw, code):
    assert read_code("list_1", "ethnicity", raw).code == code


def test_a_census_group_named_alone_is_any_code_of_it():
    r = read_code("list_1", "ethnicity", "Black, Black British, Black Welsh, Caribbean or African")
    assert r.code is None and set(r.candidates) == {"n) BCRB", "o) BAFR", "p) BOTH"}


@pytest.mark.parametrize(("raw", "code"), [
    ("White and Pakistani", "h) MWAS"),
    ("Pakistani/White", "h) MWAS"),
    ("Black Caribbean/White British", "f) MWBC"),
    ("Somali and White", "g) MWBA"),
    ("Mixed Black Caribbean and Asian", "i) MOTH"),
    ("Chinese and White", "i) MOTH"),
])
def test_two_heritages_side_by_side_are_the_mixed_code_for_the_pair(raw, code):
    assert read_code("list_1", "ethnicity", raw).code == code


@pytest.mark.parametrize(("raw", "candidates"), [
    ("Indian and Pakistani", {"j) AIND", "k) APKN"}),  # one group: either
    ("White and Black", {"f) MWBC", "g) MWBA"}),  # Black of no one code
])
def test_two_heritages_that_name_no_one_code_stay_open(raw, candidates):
    r = read_code("list_1", "ethnicity", raw)
    assert r.code is None and candidates <= set(r.candidates)


@pytest.mark.parametrize(("list_key", "column", "raw", "candidates"), [
    ("list_1", "gender", "Male and female", {"a) Male", "b) Female"}),
    ("list_1", "gender", "Male / Female", {"a) Male", "b) Female"}),
])
def test_two_codes_joined_by_and_are_either(list_key, column, raw, candidates):
    r = read_code(list_key, column, raw)
    assert r.code is None and set(r.candidates) == candidates


def test_a_case_status_naming_two_statuses_is_the_highest():
    # The CIN census records the highest status: 'CLA & CP' is looked after, not either.
    assert read_code("list_6", "case_status", "CLA&CP").code == "a) Looked after child"


@pytest.mark.parametrize(("raw", "code"), [
    ("Another LA's children's home", "c) PR2: Other LA provision"),
    ("Other council's children's home (Telford & Wrekin)", "c) PR2: Other LA provision"),
    ("Council children's home", "b) PR1: Own provision"),
])
def test_another_councils_home_is_other_la_provision(raw, code):
    assert read_code("list_8", "placement_provider", raw).code == code


@pytest.mark.parametrize(("list_key", "column", "raw", "code"), [
    ("list_8", "cla_end_reason", "Transferred to Leeds CC as their LAC",
     "d) E3: Care taken by another LA"),
    ("list_8", "cla_end_reason", "Care taken over by Kent County Council",
     "d) E3: Care taken by another LA"),
    # Once held as no code (the lexicon had read it as an age assessment): an episode that
    # ended with a transfer to a named council ended with that council taking over care.
    ("list_8", "cla_end_reason", "Transferred to Merton", "d) E3: Care taken by another LA"),
    ("list_6", "cin_closure_reason", "Moved to Wigan MBC - case transferred",
     "RC5 - Transferred to services of another local authority"),
])
def test_a_council_named_as_where_care_went_is_another_la(list_key, column, raw, code):
    r = read_code(list_key, column, raw)
    assert r.code == code and "read in the list's words" in r.note


def test_a_council_named_alone_decides_nothing():
    # 'Moved to Leeds with mum' may be a return home: the name is no transfer.
    assert read_code("list_8", "cla_end_reason", "Moved to Leeds with mum").code is None


def test_last_words_saying_the_opposite_of_the_code_leave_no_code():
    r = read_code("list_8", "cla_end_reason", "Age assessment - found to be under 18")
    assert r.code is None and r.status == "unmapped" and "contradict" in r.note
    assert read_code("list_8", "cla_end_reason", "Age assessment - found to be over 18").code \
        == "r) E15: Age assessment determined child was 18 or over"


def test_words_denying_what_a_tokens_label_says_are_a_conflict():
    r = read_code("list_8", "cla_end_reason", "E5 - moved into own tenancy without support")
    assert r.code is None and r.status == "conflict"
    assert "n) E6: Moved into independent living - no support" in r.candidates


def test_an_unknown_answer_keeps_its_reason():
    assert read_code("list_8", "return_interview_accepted", "Unknown - no record").code \
        == "c) Unknown"


@pytest.mark.parametrize(("list_key", "column", "raw"), [
    ("list_9", "accommodation_suitable", "Partly suitable"),
    ("list_9", "accommodation_suitable", "Possibly suitable"),
])
def test_a_first_word_that_hedges_leaves_no_code(list_key, column, raw):
    r = read_code(list_key, column, raw)
    assert r.code is None and r.status == "unmapped"


def test_a_short_code_word_beginning_another_codes_wording_is_that_wording():
    assert read_code("list_9", "in_touch", "No longer requires LA support (21+)").code \
        == "e) NREQ"
    # With a mark after it, the word is the code and the rest other words: a conflict.
    assert read_code("list_3", "referral_nfa", "No - NFA").status == "conflict"


def test_a_phrase_of_single_letters_is_not_found_inside_longer_words():
    # 'b and b' (B&B) is not in 'M&B unit'.
    assert read_code("list_8", "placement_type", "M&B unit - parenting assessment").code \
        == "s) R3: Family Centre or Mother and Baby Unit"
    assert read_code("list_8", "placement_type", "B&B").code == "l) P2: Independent living"


@pytest.mark.parametrize(("raw", "code"), [
    ("Apprenticeship 12 hrs/wk", "P4: Part time apprenticeship"),
    ("Apprenticeship 30 hours per week", "F4: Full time apprenticeship"),
    ("College 1 day/wk", "P2: Part time in education other than higher"),
    ("FE college 2 days/week", "P2: Part time in education other than higher"),
])
def test_hours_or_days_a_week_tell_full_from_part_time(raw, code):
    # The SSDA903 counts 16 hours a week or more as full time.
    assert read_code("list_9", "activity", raw).code == code


def test_a_reading_through_hours_a_week_says_so():
    # The note names what the reader added, not words the value never had alone.
    assert "hours or days a week read as full or part time" in read_code(
        "list_9", "activity", "Apprenticeship 12 hrs/wk").note
    assert "hours" not in read_code("list_8", "placement_type", "Respite 2 days a week").note


def test_three_days_a_week_says_neither_full_nor_part_time():
    assert read_code("list_9", "activity", "College 3 days a week").code is None


# A fresh reviewer's probes of the rules above: readings each rule must not give.
@pytest.mark.parametrize(("list_key", "column", "raw", "allowed"), [
    # A 'No' that negates another code's wording is no first word of it.
    ("list_9", "in_touch", "No longer wants to be in touch", {None, "b) No", "d) Refu"}),
    ("list_4", "child_seen", "No child seen", {None, "b) No"}),
    ("list_3", "referral_nfa", "No NFA", {None, "b) No"}),
    # Hours: a bound, a range, day release, two activities, a past job, a degree's hours.
    ("list_9", "activity", "Apprenticeship under 16 hours a week",
     {"P4: Part time apprenticeship"}),
    ("list_9", "activity", "Working 10-20 hours a week", {None}),
    ("list_9", "activity", "Apprentice, 1 day a week at college", {None}),
    ("list_9", "activity", "Employed 30 hrs/wk plus college 1 day a week", {None}),
    ("list_9", "activity", "NEET, previously employed 20hrs pw",
     {"G5: Not in education, employment or training - other"}),
    ("list_9", "activity", "Uni 10 hrs/wk", {None}),
    # A council's name that begins another place's name is no council.
    ("list_8", "cla_end_reason", "Transferred to Durham prison", {None}),
    ("list_8", "cla_end_reason", "Transferred to Richmond Fellowship", {None}),
    ("list_6", "cin_closure_reason", "Moved to Reading Road", {None}),
    ("list_6", "cin_closure_reason", "Moved to Bury St Edmunds", {None}),
    # An unknown answer whose detail gives the answer after all is not kept unknown.
    ("list_4", "disability", "Unknown (since confirmed: No)", {"b) No"}),
    # Denying one alternative of a label of alternatives is no denial of the code.
    ("list_6", "primary_need", "N1 - abuse, not neglect", {"N1 - Abuse or neglect"}),
    ("list_9", "accommodation", "B - relatives, not parents", {"B: Parents/relatives"}),
    ("list_9", "activity", "F5 - employment, not apprenticeship",
     {"F5: Full time in training or employment (not apprenticeship)"}),
    ("list_8", "cla_end_reason", "E15 - age disputed, not a child",
     {"r) E15: Age assessment determined child was 18 or over"}),
    # 'under' a section, 'part' of a cost: no measure.
    ("list_8", "legal_status", "Single period - over 16", {"V2: Single period under S20"}),
    ("list_9", "activity", "Full time college - part funded",
     {"F2: Full time in education other than higher"}),
    # A condition's name, and several named, are no hedge.
    ("list_4", "disability", "Partially sighted", {"a) Yes"}),
    ("list_7", "cp_initial_category", "Partly neglect, partly physical",
     {"e) Multiple/not recommended"}),
    # A child arrangements order is no child assessment order.
    ("list_8", "legal_status", "CAO", {None}),
    # A code's one word of its own beside another code's wording names both.
    ("list_1", "contact_source", "Family Hub (Police)", {None}),
    # The census's own 'any other' wording is not two heritages.
    ("list_1", "ethnicity", "Any other White and Black background", {"i) MOTH"}),
    # Two statuses joined by 'and' are the higher; with a slash, either.
    ("missing_exploitation", "current_status", "CIN and CP", {"Child protection"}),
    ("missing_exploitation", "current_status", "CP/LAC", {None}),
])
def test_readings_the_review_of_session_12s_rules_found_wrong(list_key, column, raw, allowed):
    assert read_code(list_key, column, raw).code in allowed


# ------------------------------------------------------------------ session 13's rules
@pytest.mark.parametrize(("list_key", "column", "raw", "allowed"), [
    # A measure after an 'other than' clause is said of the whole value.
    ("list_9", "activity", "Education other than higher (FT)",
     {"F2: Full time in education other than higher"}),
    ("list_9", "activity", "Education other than higher - part time",
     {"P2: Part time in education other than higher"}),
    ("list_9", "activity", "Sixth form", {None}),  # F2 or P2: the value does not say
    # Welsh words of bilingual menus.
    ("list_1", "gender", "Gwryw", {"a) Male"}),
    ("list_3", "referral_nfa", "Ie / Yes", {"a) Yes"}),
    ("list_8", "legal_status", "Gorchymyn gofal (adran 31)", {"C2: FCO"}),
    ("list_7", "cp_latest_category", "Cam-drin rhywiol", {"c) Sexual abuse"}),
    # A need named without whose it is, or recorded either way by LAs, is ambiguous.
    ("list_6", "primary_need", "Domestic abuse", {None}),
    ("list_8", "category_of_need", "DV", {None}),
    ("list_6", "primary_need", "Substance misuse", {None}),
    ("list_6", "primary_need", "Parental substance misuse",
     {"N3 - Parental disability or illness"}),
    ("list_6", "primary_need", "N1 - domestic abuse", {"N1 - Abuse or neglect"}),
    # A children's disability is the child's, not a parent's (N3's long description speaks of
    # 'children's social care services').
    ("list_6", "primary_need", "Children’s disability", {"N2 - Child’s disability"}),
    ("list_6", "primary_need", "Children with disabilities", {"N2 - Child’s disability"}),
    # 'NA' is never Welsh 'na' (no): it stays what it is in English.
    ("list_3", "referral_nfa", "NA", {None}),
])
def test_readings_of_session_13s_rules(list_key, column, raw, allowed):
    assert read_code(list_key, column, raw).code in allowed
