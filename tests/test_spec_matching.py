"""Header and sheet matching (docs/methodology/data.md D9), table-driven."""

import pytest

from ingest.spec import (
    PLACE,
    best_list_by_headers,
    find_header_row,
    is_non_data_sheet,
    list_for_file_name,
    list_for_sheet_name,
    load_spec,
    match_headers,
    normalise_header,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Child Unique ID", "child unique id"),
        ("  Date Ceased to be Looked After ", "date ceased to be looked after"),
        ("Number of Episodes the Child has been ‘Missing’ from their Placement",
         "number of episodes the child has been 'missing' from their placement"),
        ("Referral NFA?", "referral nfa"),
        ("LA\u00a0In   Touch", "la in touch"),
        ("Ｃｈｉｌｄ Unique ID", "child unique id"),  # full-width letters fold under NFKC
        (None, ""),
    ],
)
def test_normalise_header(raw, expected):
    assert normalise_header(raw) == expected


@pytest.mark.parametrize(
    ("list_key", "header", "column"),
    [
        ("list_8", "Date Ceased to be Looked After", "cla_end_date"),  # no trailing space
        ("list_8", "Number of Episodes the Child has been 'Missing' from their Placement in the "
                   "last 12 months", "missing_episodes_12m"),  # straight quotes
        ("list_8", "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))",
         "uasc"),  # the LIIA sample's typo
        ("list_8", "No. of siblings", "sibling_count"),  # pattern
        ("list_8", "Number of brothers or sisters in care", "sibling_count"),
        ("list_9", "LA in Touch", "in_touch"),
        ("list_6", "Case Status", "case_status"),
        ("list_3", "Date of Referral", "referral_date"),
        ("list_1", "Age", "age"),
        ("list_4", "Was the child assessed as requiring LA children's social care support?",
         "assessed_in_need"),
        ("list_5", "Section 47 Enquiry Start Date", "s47_start_date"),  # SIF-era header
        ("list_5", "Initial Child Protection Conference Not Required (Y/N)", "icpc_not_required"),
        ("list_8", "Plan for Child to be Reunified with Their Family (Y/N)", "permanence_plan"),
        ("list_10", "Date of Adoption Order", "adoption_order_date"),
    ],
)
def test_header_variants_match(list_key, header, column):
    ls = load_spec().lists[list_key]
    assert match_headers([ls.columns[0].header, header], ls).mapping.get(column) == 1


def test_every_template_header_matches_itself():
    for ls in load_spec().lists.values():
        m = match_headers([c.header for c in ls.columns], ls)
        assert m.mapping == {c.name: i for i, c in enumerate(ls.columns)}, ls.key
        assert not m.unknown and not m.duplicate and not m.missing


def test_unknown_duplicate_and_missing_columns_are_reported():
    ls = load_spec().lists["list_1"]
    m = match_headers(["Child Unique ID", "Gender", "gender ", "Favourite colour",
                       "Date of Contact"], ls)
    assert m.duplicate == [(2, "gender ", "gender")]
    assert m.unknown == [(3, "Favourite colour")]
    assert {c.name for c in m.missing} == {"ethnicity", "dob", "age", "contact_source"}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("List_1", "list_1"), ("List 1", "list_1"), ("L1", "list_1"), ("list-01", "list_1"),
        ("List_10", "list_10"), ("List 11", "list_11"), ("Contacts", "list_1"),
        ("Early Help", "list_2"), ("Referrals", "list_3"), ("Assessments", "list_4"),
        ("Sec47 and ICPC", "list_5"), ("Children in Need", "list_6"),
        ("Child Protection", "list_7"), ("Children in Care", "list_8"),
        ("Care leavers", "list_9"), ("Adoption", "list_10"), ("Adopters", "list_11"),
        ("List 8 siblings", "siblings"),  # ¶262's separate sheet, even when named after list 8
        ("Sibling counts", "siblings"), ("2.02 Missing and CSE", "missing_exploitation"),
        ("LA audits", "audits"), ("Sheet1", None), ("Front_Sheet", None),
    ],
)
def test_list_for_sheet_name(name, expected):
    assert list_for_sheet_name(name) == expected


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("list_1_contacts", "list_1"), ("annex_a_list_10", "list_10"), ("CLA Jan 2025", "list_8"),
        ("care_leavers", "list_9"), ("s47_enquiries", "list_5"), ("early_help", "list_2"),
        ("referrals_q3", "list_3"), ("siblings", "siblings"), ("audits_2025", "audits"),
    ],
)
def test_list_for_file_name(stem, expected):
    assert list_for_file_name(stem) == expected


def test_non_data_sheets():
    for name in ("Front_Sheet", "FAQ_and_changes", "Guidance", "Codes_used"):
        assert is_non_data_sheet(name)
    assert not is_non_data_sheet("List_1")


def test_header_row_found_beneath_title_rows():
    ls = load_spec().lists["list_3"]
    rows = [["List 3: Referral"], [None], [c.header for c in ls.columns], ["1", "a) Male"]]
    assert find_header_row(rows, ls) == 2
    assert find_header_row(rows) == 2


def test_list_found_by_headers_when_sheet_name_says_nothing():
    ls = load_spec().lists["list_7"]
    assert best_list_by_headers([c.header for c in ls.columns]) == "list_7"
    assert best_list_by_headers(["Child Unique ID", "Gender", "Notes"]) is None


# Columns LAs add beside the template's, each placed where the template column it most resembles
# is missing: a close wording must not take that column (docs/data-quality.md, "Headers").
@pytest.mark.parametrize(
    ("list_key", "absent", "extra"),
    [
        ("list_4", "assessment_start_date", "Assessment due date"),
        ("list_4", "assessment_auth_date", "Assessment due date"),
        ("list_3", "worker", "Social worker comments"),
        ("list_8", "legal_status_start_date", "Legal status end date"),
        ("list_8", "placement_start_date", "Placement end date"),
        ("list_8", "last_review_date", "Review due date"),
        ("list_8", "return_interview_offered", "Return interview date"),
        ("list_8", "placements_12m", "Number of placement moves ever"),
        ("list_8", "placement_postcode", "Placement address"),
        ("list_8", "permanence_plan", "Care plan date"),
        ("list_1", "age", "Age at referral band"),
        ("list_1", "child_id", "NHS Number"),
        ("list_2", "eh_start_date", "Team start date"),
        ("list_7", "last_review_date", "Review due date"),
    ],
)
def test_a_column_the_template_lacks_does_not_take_a_missing_columns_place(list_key, absent, extra):
    ls = load_spec().lists[list_key]
    headers = [c.header for c in ls.columns if c.name != absent] + [extra]
    m = match_headers(headers, ls)
    assert absent not in m.mapping
    assert (len(headers) - 1, extra) in m.unknown


# A header whose wording names no column, standing exactly where one template column is missing,
# is read as that column (docs/data-quality.md, "Headers": by place) ...
@pytest.mark.parametrize(("list_key", "column", "header"), [
    ("list_8", "cla_start_date", "Commencement"),
    ("list_4", "assessment_auth_date", "Date signed by manager"),
    ("list_1", "contact_source", "Referrer"),
])
def test_a_header_is_read_by_its_place_where_one_column_is_missing(list_key, column, header):
    ls = load_spec().lists[list_key]
    headers = [header if c.name == column else c.header for c in ls.columns]
    m = match_headers(headers, ls)
    at = headers.index(header)
    assert m.mapping[column] == at
    assert (at, header, column, PLACE) in m.variants
    assert match_headers(headers, ls, by_place=False).mapping.get(column) is None


# ... but not when its words say it holds another kind of value, when its words are closer to
# another column, when two columns are missing in one gap for one header, or when the matched
# columns are out of the template's order.
@pytest.mark.parametrize(("list_key", "column", "header"), [
    ("list_4", "assessment_start_date", "Assessment due date"),  # 'due'
    ("list_8", "placement_start_date", "Number of placements"),  # a number for a date
    ("list_8", "placements_12m", "Date of last move"),  # a date for a number
    ("list_3", "team", "Worker name"),  # closer to the worker column
    ("list_8", "legal_status", "Reason for leaving care"),  # 'reason'
])
def test_a_header_is_not_read_by_place_when_its_words_say_otherwise(list_key, column, header):
    ls = load_spec().lists[list_key]
    headers = [header if c.name == column else c.header for c in ls.columns]
    m = match_headers(headers, ls)
    assert column not in m.mapping
    at = headers.index(header)
    assert (at, header) in m.unknown or at in [d[0] for d in m.duplicate]


def test_nothing_is_read_by_place_when_the_gap_is_uneven_or_the_order_is_changed():
    ls = load_spec().lists["list_1"]
    names = [c.name for c in ls.columns]
    headers = [c.header for c in ls.columns]
    gap = [h for c, h in zip(names, headers, strict=True) if c not in ("dob", "age")]
    gap.insert(names.index("dob"), "Something else")  # one header where two columns are missing
    m = match_headers(gap, ls)
    assert "dob" not in m.mapping and "age" not in m.mapping
    swapped = headers[:]
    swapped[0], swapped[1] = swapped[1], swapped[0]
    swapped[names.index("contact_source")] = "Referrer"
    assert "contact_source" not in match_headers(swapped, ls).mapping


@pytest.mark.parametrize(("list_key", "column", "header"), [
    # Words an export ran together, split into the spec's own words.
    ("list_3", "referral_date", "DATEOFREFERRAL"),
    ("list_8", "placement_postcode", "PLACEMENTPOSTCODE"),
    ("list_1", "ethnicity", "ETHNICGROUP"),
    ("list_11", "enquiry_date", "ENQUIRYRECEIVEDDATE"),
    # Short forms of export column names.
    ("list_4", "assessment_auth_date", "ASMT_AUTH_DATE"),
    ("list_5", "icpc_date", "INITIAL_CONF_DATE"),
    ("list_7", "cp_latest_category", "CURRENT_CAT"),
    # A period of care's admission and discharge; the CP register's registration and
    # deregistration.
    ("list_8", "cla_start_date", "Admission Date"),
    ("list_8", "cla_end_date", "Discharge Date"),
    ("list_7", "cp_start_date", "Registration Start"),
    ("list_7", "cp_end_date", "DEREGISTRATION_DT"),
])
def test_export_spellings_read_by_their_words(list_key, column, header):
    """Read by wording alone (the columns may have been moved about)."""
    ls = load_spec().lists[list_key]
    names = [c.name for c in ls.columns]
    headers = [c.header for c in ls.columns]
    headers[names.index(column)] = header
    assert match_headers(headers, ls, by_place=False).mapping.get(column) == names.index(column)


@pytest.mark.parametrize(("header", "column"), [
    ("S47 Enquiries completed by team", "team"),
    ("ICPC Completed by Team", "team"),  # was taken for the ICPC's date
    ("s47e_s47_completed_by_worker_id", "worker"),
])
def test_a_header_naming_who_did_it_is_the_team_or_worker(header, column):
    ls = load_spec().lists["list_5"]
    assert match_headers([header], ls, by_place=False).mapping == {column: 0}


def test_a_date_done_by_a_worker_is_still_a_date():
    ls = load_spec().lists["list_6"]
    mapping = match_headers(["Date Last Seen by Social Worker"], ls, by_place=False).mapping
    assert mapping == {"last_seen_date": 0}


@pytest.mark.parametrize(("list_key", "header", "column"), [
    ("list_7", "Seen alone by social worker", "seen_alone"),
    ("list_7", "Was the child seen alone by the social worker", "seen_alone"),
    ("list_8", "Return interview offered by worker", "return_interview_offered"),
])
def test_a_question_asked_of_a_worker_is_not_the_worker(list_key, header, column):
    ls = load_spec().lists[list_key]
    assert match_headers([header], ls, by_place=False).mapping == {column: 0}


@pytest.mark.parametrize(("list_key", "header", "column"), [
    ("list_8", "Reason for Leaving Care", "cla_end_reason"),
    ("list_8", "In/Out Borough", "placement_location"),
    ("list_9", "In Touch Category", "in_touch"),
    ("list_11", "Adopter Household ID", "family_id"),
    ("list_2", "Lead Agency (EHA)", "eh_organisation"),
])
def test_headers_read_by_their_words_alone(list_key, header, column):
    """As if the columns had been moved about: the wording alone says which column it is."""
    ls = load_spec().lists[list_key]
    assert match_headers([header], ls, by_place=False).mapping == {column: 0}


@pytest.mark.parametrize(("list_key", "header", "column", "why"), [
    # An Access or VB type prefix, an Access query's FirstOf/MaxOf: the field's name follows.
    ("list_1", "txtChildID", "child_id", "same words"),
    ("list_1", "cboGender", "gender", "same words"),
    ("list_1", "FirstOfDOB", "dob", "same words"),
    # A date's prefix says it is the date: the contact's date, not its source.
    ("list_1", "dt_contact", "contact_date", "same words"),
    ("list_1", "dtmDOB", "dob", "same words"),
    # A name cut to a database's limit (dBase 10 characters, old SAS 8).
    ("list_1", "DATE_OF_BI", "dob", "a name cut to 10 characters"),
    ("list_1", "CHILD_UN", "child_id", "a name cut to 8 characters"),
    ("list_1", "CONTACT_SO", "contact_source", "a name cut to 10 characters"),
])
def test_a_system_s_marks_on_a_field_name_are_read_past(list_key, header, column, why):
    m = match_headers([header], load_spec().lists[list_key], by_place=False)
    assert m.mapping == {column: 0}
    assert m.variants == [(0, header, column, why)]


def test_a_cut_name_that_begins_two_columns_is_neither():
    # 'SOCIAL_WOR' begins wordings of both the team and the worker columns, inside a word.
    m = match_headers(["SOCIAL_WOR"], load_spec().lists["list_3"], by_place=False)
    assert m.mapping == {} and m.unknown == [(0, "SOCIAL_WOR")]


@pytest.mark.parametrize(("list_key", "missing", "header"), [
    ("list_8", "cla_start_date", "DATE_INT"),  # a whole SSDA903 field name (adoption decision)
    ("list_5", "s47_12m", "Section_47"),  # whole words some wording begins with
    ("list_6", "last_seen_date", "Child_LA"),
])
def test_a_whole_field_name_is_no_cut_name(list_key, missing, header):
    ls = load_spec().lists[list_key]
    headers = [c.header for c in ls.columns if c.name != missing] + [header]
    m = match_headers(headers, ls)
    assert all(raw != header for _, raw, _, _ in m.variants), m.variants
