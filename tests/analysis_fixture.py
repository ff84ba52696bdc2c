"""A small, hand-built Annex A for the analysis model's tests: every figure in the indicator
tests (tests/test_analysis_sql.py) is worked out by hand from these rows.

Reference date 30/10/2026 (the as-at date). Under ilacs-2018 the windows start: lists 1, 3, 6, 7
on 30/07/2026; lists 2, 4, 5, 8 and audits on 30/04/2026; lists 10, 11 on 30/10/2025. England
bank holidays that matter here: 04/05, 25/05 and 31/08/2026.

Children (who is where):
  C01 contacts (two, one an older row saying Female), referral, assessment (24 working days),
      s47 + ICPC (15 working days), CIN open (case status CP), CP plan open (second plan)
  C02 contact, referral (NFA, repeat), s47 (ICPC not required)
  C03 contact the day before the list 1 window; early help in the window
  C04 contact on the first day of the list 1 window; two early help rows (one ends the day before)
  C05 referral before the window; assessment authorised after exactly 45 working days (only
      because of the May bank holidays), not in need; CIN closed on the first day of the window;
      LA audit in the window
  C06 assessment open 86 working days; s47 + ICPC 15 working days (only because of 31/08); CIN
      closed the day before the window
  C07 assessment open 21 working days; CIN open (closes the day after ref)
  C08 assessment authorised the day before the list 4 window
  C09 assessment authorised after 50 working days; CP plan ended in the window after 2+ years
  C10 s47 the day before the window, ICPC in it after 19 working days (plan); CP plan open since
      2024 with its review and visit overdue
  C11 in care: kinship (U1) out of area, full care order, 3 placements, missing 3 / absent 1,
      return interview offered not accepted, 3 brothers and sisters, dental check overdue; CIN
      open; missing on 2.02; audited the day before the audits window
  C12 CP plan ended in the window; in care from 15/08/2026 on an ICO placed with parents (P1),
      review, visit and health assessment overdue; audited on the first day of the window
  C13 ceased care in the window (E4A, returned home)
  C14 ceased care the day before the window
  C15-C17 care leavers (in touch and suitable, EET; not in touch; in touch, unsuitable, NEET)
  C18 adopted in the window; C19 placement order 10/01/2026, no match; C20 placed, not adopted;
  C21 adoption decision reversed in the window; C22 adopted the day before the window
  C23 only on the 2.02 list: at risk of sexual exploitation
  C24 unborn (expected date of birth after ref), contact in the window
  C25 contact with an unreadable date and an unmapped source
  (blank) a referral without a child ID
Adopters: A1 approved in the window, A2 left before it, A3 approved on its first day.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import write_template_workbook

D = dt.date
AS_AT = D(2026, 10, 30)
LA = "T01"

# child -> (gender, ethnicity, date of birth, disability on lists 4-10)
PEOPLE = {
    "C01": ("a) Male", "a) WBRI", D(2015, 6, 1), "a) Yes"),
    "C02": ("b) Female", "o) BAFR", D(2020, 1, 15), "b) No"),
    "C03": ("a) Male", "f) MWBC", D(2026, 3, 1), None),
    "C04": ("b) Female", "a) WBRI", D(2010, 11, 1), None),
    "C05": ("a) Male", "a) WBRI", D(2009, 10, 30), "b) No"),
    "C06": ("b) Female", "k) APKN", D(2018, 2, 2), "c) Unknown"),
    "C07": ("a) Male", "a) WBRI", D(2022, 7, 7), "b) No"),
    "C08": ("a) Male", "a) WBRI", D(2012, 1, 1), "b) No"),
    "C09": ("b) Female", "a) WBRI", D(2008, 12, 1), "b) No"),
    "C10": ("a) Male", "n) BCRB", D(2016, 1, 1), "b) No"),
    "C11": ("a) Male", "a) WBRI", D(2012, 3, 15), "b) No"),
    "C12": ("b) Female", "a) WBRI", D(2024, 5, 1), "b) No"),
    "C13": ("a) Male", "r) OOTH", D(2010, 1, 1), "b) No"),
    "C14": ("b) Female", "a) WBRI", D(2009, 1, 1), "b) No"),
    "C15": ("b) Female", "a) WBRI", D(2006, 1, 1), "b) No"),
    "C16": ("a) Male", "a) WBRI", D(2007, 5, 5), "b) No"),
    "C17": ("b) Female", "q) CHNE", D(2008, 8, 8), "a) Yes"),
    "C18": ("a) Male", "a) WBRI", D(2023, 1, 1), "b) No"),
    "C19": ("b) Female", "a) WBRI", D(2025, 3, 3), "b) No"),
    "C20": ("a) Male", "a) WBRI", D(2024, 9, 9), "b) No"),
    "C21": ("b) Female", "a) WBRI", D(2021, 4, 4), "b) No"),
    "C22": ("a) Male", "a) WBRI", D(2019, 1, 1), "b) No"),
    "C24": ("c) Not stated/recorded", "s) NOBT", D(2027, 1, 15), None),
    "C25": ("a) Male", "a) WBRI", D(2014, 4, 4), None),
}


def person(cid: str, disability: bool = False, **row) -> dict:
    g, e, dob, dis = PEOPLE[cid]
    base = {"child_id": cid, "gender": g, "ethnicity": e, "dob": dob}
    if disability:
        base["disability"] = dis
    return {**base, **row}


POLICE, SCHOOLS, LA_SERVICES = "q) 6: Police", "e) 2A: Schools", "n) 5A: LA services"


def lists() -> dict[str, list[dict]]:
    return {
        "list_1": [
            person("C01", contact_date=D(2026, 8, 3), contact_source=POLICE, gender="b) Female"),
            person("C01", contact_date=D(2026, 9, 10), contact_source=SCHOOLS),
            person("C02", contact_date=D(2026, 10, 1), contact_source=POLICE),
            person("C03", contact_date=D(2026, 7, 29), contact_source=SCHOOLS),
            person("C04", contact_date=D(2026, 7, 30), contact_source=SCHOOLS),
            person("C24", contact_date=D(2026, 10, 10), contact_source=LA_SERVICES),
            person("C25", contact_date="soon", contact_source="Carrier pigeon"),
        ],
        "list_2": [
            person("C03", eh_start_date=D(2026, 5, 10), eh_organisation="Locality 1",
                   ethnicity=None),
            person("C04", eh_start_date=D(2026, 1, 1), eh_end_date=D(2026, 4, 29),
                   eh_organisation="Locality 2"),
            person("C04", eh_start_date=D(2026, 3, 1), eh_end_date=D(2026, 4, 30),
                   eh_organisation="Locality 2"),
        ],
        "list_3": [
            person("C01", referral_date=D(2026, 9, 15), referral_source=POLICE,
                   referral_nfa="b) No", referrals_12m=1),
            person("C02", referral_date=D(2026, 10, 5), referral_source=SCHOOLS,
                   referral_nfa="a) Yes", referrals_12m=2),
            person("C05", referral_date=D(2026, 6, 1), referral_source=POLICE,
                   referral_nfa="b) No", referrals_12m=1),
            {"child_id": None, "gender": "a) Male", "ethnicity": "a) WBRI",
             "referral_date": D(2026, 10, 10), "referral_source": POLICE,
             "referral_nfa": "b) No", "referrals_12m": 1},
        ],
        "list_4": [
            person("C01", True, assessment_start_date=D(2026, 9, 16), child_seen="a) Yes",
                   assessment_auth_date=D(2026, 10, 20), assessed_in_need="a) Yes"),
            person("C05", True, assessment_start_date=D(2026, 5, 1), child_seen="a) Yes",
                   assessment_auth_date=D(2026, 7, 7), assessed_in_need="b) No"),
            person("C06", True, assessment_start_date=D(2026, 7, 1), child_seen="a) Yes"),
            person("C07", True, assessment_start_date=D(2026, 10, 1), child_seen="a) Yes"),
            person("C08", True, assessment_start_date=D(2026, 3, 1), child_seen="a) Yes",
                   assessment_auth_date=D(2026, 4, 29), assessed_in_need="a) Yes"),
            person("C09", True, assessment_start_date=D(2026, 6, 1), child_seen="a) Yes",
                   assessment_auth_date=D(2026, 8, 10), assessed_in_need="a) Yes"),
        ],
        "list_5": [
            person("C01", True, s47_start_date=D(2026, 9, 17), icpc_not_required="b) No",
                   icpc_date=D(2026, 10, 8), icpc_resulted_in_plan="a) Yes", s47_12m=1,
                   icpc_12m=1),
            person("C02", True, s47_start_date=D(2026, 10, 6), icpc_not_required="a) Yes",
                   s47_12m=1, icpc_12m=0),
            person("C06", True, s47_start_date=D(2026, 8, 20), icpc_not_required="b) No",
                   icpc_date=D(2026, 9, 11), icpc_resulted_in_plan="b) No", s47_12m=1,
                   icpc_12m=1),
            person("C10", True, s47_start_date=D(2026, 4, 29), icpc_not_required="b) No",
                   icpc_date=D(2026, 5, 28), icpc_resulted_in_plan="a) Yes", s47_12m=1,
                   icpc_12m=1),
        ],
        "list_6": [
            person("C01", True, cin_start_date=D(2026, 9, 20), primary_need="N1",
                   case_status="b) Child Protection plan"),
            person("C05", True, cin_start_date=D(2026, 5, 1), primary_need="N4",
                   cin_end_date=D(2026, 7, 30), cin_closure_reason="RC8",
                   case_status="e) Closed episode"),
            person("C06", True, cin_start_date=D(2026, 7, 1), primary_need="N4",
                   cin_end_date=D(2026, 7, 29), cin_closure_reason="RC8",
                   case_status="e) Closed episode"),
            person("C07", True, cin_start_date=D(2026, 10, 1), primary_need="N5",
                   cin_end_date=D(2026, 10, 31), case_status="c) Child in need plan"),
            person("C11", True, cin_start_date=D(2025, 1, 1), primary_need="N1",
                   case_status="a) Looked after child"),
        ],
        "list_7": [
            person("C01", True, cp_start_date=D(2026, 10, 8), cp_initial_category="a) Neglect",
                   cp_latest_category="a) Neglect", last_visit_date=D(2026, 10, 20),
                   epo_6m="b) No", previous_cp_plans=1),
            person("C10", True, cp_start_date=D(2024, 5, 28),
                   cp_initial_category="d) Emotional abuse",
                   cp_latest_category="d) Emotional abuse", last_visit_date=D(2026, 10, 1),
                   last_review_date=D(2026, 3, 1), epo_6m="b) No", previous_cp_plans=0),
            person("C12", True, cp_start_date=D(2026, 3, 1),
                   cp_initial_category="b) Physical abuse",
                   cp_latest_category="b) Physical abuse", cp_end_date=D(2026, 8, 15),
                   epo_6m="b) No", previous_cp_plans=0),
            person("C09", True, cp_start_date=D(2024, 1, 10), cp_initial_category="a) Neglect",
                   cp_latest_category="a) Neglect", cp_end_date=D(2026, 8, 1), epo_6m="b) No",
                   previous_cp_plans=2),
        ],
        "list_8": [
            person("C11", True, uasc="b) No", cla_start_date=D(2025, 1, 1),
                   category_of_need="N1", second_period_12m="b) No",
                   legal_status_start_date=D(2025, 3, 1), legal_status="C2",
                   last_review_date=D(2026, 6, 1), last_visit_date=D(2026, 10, 1),
                   last_health_assessment_date=D(2026, 2, 1),
                   last_dental_check_date=D(2025, 9, 1), placements_12m=3,
                   placement_start_date=D(2025, 1, 1), placement_type="U1",
                   placement_provider="PR1", placement_location="b) Out",
                   missing_episodes_12m=3, absent_episodes_12m=1,
                   return_interview_offered="a) Yes", return_interview_accepted="b) No",
                   sibling_count=3),
            person("C12", True, uasc="b) No", cla_start_date=D(2026, 8, 15),
                   category_of_need="N1", second_period_12m="b) No",
                   legal_status_start_date=D(2026, 8, 15), legal_status="C1",
                   last_visit_date=D(2026, 8, 20), placements_12m=1,
                   placement_start_date=D(2026, 8, 15), placement_type="P1",
                   placement_provider="PR0", placement_location="a) In",
                   missing_episodes_12m=0, absent_episodes_12m=0, sibling_count=1),
            person("C13", True, uasc="b) No", cla_start_date=D(2020, 1, 1),
                   category_of_need="N4", second_period_12m="b) No",
                   legal_status_start_date=D(2020, 1, 1), legal_status="V2",
                   placements_12m=1, cla_end_date=D(2026, 5, 1), cla_end_reason="E4A",
                   placement_start_date=D(2023, 1, 1), placement_type="U4",
                   placement_provider="PR1", placement_location="a) In",
                   missing_episodes_12m=0, absent_episodes_12m=0),
            person("C14", True, uasc="b) No", cla_start_date=D(2019, 6, 1),
                   category_of_need="N1", second_period_12m="b) No",
                   legal_status_start_date=D(2019, 6, 1), legal_status="C2",
                   placements_12m=1, cla_end_date=D(2026, 4, 29), cla_end_reason="E4A",
                   placement_start_date=D(2019, 6, 1), placement_type="U4",
                   placement_provider="PR1", placement_location="a) In",
                   missing_episodes_12m=0, absent_episodes_12m=0),
        ],
        "list_9": [
            person("C15", True, eligibility="b) Former relevant child", in_touch="a) Yes",
                   accommodation="U", accommodation_suitable="a) Suitable", activity="F2"),
            person("C16", True, eligibility="b) Former relevant child", in_touch="b) No"),
            person("C17", True, eligibility="a) Relevant child", in_touch="a) Yes",
                   accommodation="D", accommodation_suitable="b) Unsuitable", activity="G5"),
        ],
        "list_10": [
            person("C18", True, care_start_date=D(2024, 1, 1),
                   adm_decision_date=D(2024, 6, 1), placement_order_date=D(2024, 9, 1),
                   matched_date=D(2025, 11, 1), placed_date=D(2025, 12, 1),
                   adoption_order_date=D(2026, 6, 1), family_id="F1"),
            person("C19", True, care_start_date=D(2025, 6, 1),
                   adm_decision_date=D(2025, 9, 1), placement_order_date=D(2026, 1, 10)),
            person("C20", True, care_start_date=D(2025, 2, 1),
                   adm_decision_date=D(2025, 5, 1), placement_order_date=D(2025, 8, 1),
                   matched_date=D(2026, 2, 1), placed_date=D(2026, 3, 1), family_id="F2"),
            person("C21", True, care_start_date=D(2024, 12, 1),
                   adm_decision_date=D(2025, 3, 1), reversal_date=D(2026, 2, 1),
                   reversal_reason="RD1"),
            person("C22", True, care_start_date=D(2021, 1, 1),
                   adm_decision_date=D(2024, 1, 1), placement_order_date=D(2024, 3, 1),
                   matched_date=D(2024, 9, 1), placed_date=D(2024, 10, 1),
                   adoption_order_date=D(2025, 10, 29)),
        ],
        "list_11": [
            {"adopter_id": "A1", "gender": "a) Male", "ethnicity": "a) WBRI",
             "disability": "b) No", "ffa": "No", "enquiry_date": D(2025, 11, 15),
             "approval_date": D(2026, 5, 1)},
            {"adopter_id": "A2", "gender": "b) Female", "ethnicity": "a) WBRI",
             "disability": "b) No", "ffa": "No", "enquiry_date": D(2024, 1, 1),
             "left_process_date": D(2025, 10, 29), "left_process_reason": "1"},
            {"adopter_id": "A3", "gender": "b) Female", "ethnicity": "a) WBRI",
             "disability": "b) No", "ffa": "Yes", "enquiry_date": D(2025, 6, 1),
             "approval_date": D(2025, 10, 30)},
        ],
        "missing_exploitation": [
            {"child_id": "C11", "dob": D(2012, 3, 15), "missing_12m": "a) Yes",
             "cse_risk": "b) No", "current_status": "Looked after child"},
            {"child_id": "C23", "dob": D(2011, 11, 11), "missing_12m": "b) No",
             "cse_risk": "a) Yes", "current_status": "Not receiving a statutory service"},
        ],
        "audits": [
            {"child_id": "C05", "audit_theme": "Early help", "audit_date": D(2026, 9, 1)},
            {"child_id": "C11", "audit_theme": "Children in care", "audit_date": D(2026, 4, 29)},
            {"child_id": "C12", "audit_theme": "Children in care", "audit_date": D(2026, 4, 30)},
        ],
    }


def load(db: Path, workdir: Path, *, la: str = LA, as_at: dt.date = AS_AT) -> Path:
    """Write the workbook and ingest it as LA `la`; returns the database path."""
    from ingest.load import ingest

    path = write_template_workbook(workdir / f"fixture_{la}.xlsx", lists())
    report = ingest([path], la, la_name="Testshire", region="Test region", as_at=as_at, db=db)
    assert report.status == "loaded"
    return db


def two_las(workdir: Path, size: str, t01: Path | None = None) -> Path:
    """The hand-built LA (T01) and a synthetic LA of this size (S02, seed 11) in one database.
    t01: a database already holding the hand-built LA alone, copied rather than loaded again."""
    import shutil

    from annexa import synth
    from ingest.load import ingest

    db = workdir / "two_las.duckdb"
    if t01 is None:
        load(db, workdir)
    else:
        shutil.copyfile(t01, db)
    book = workdir / "s02.xlsx"
    synth.write_workbook(book, size, 11, la_code="S02", as_at=AS_AT)
    ingest([book], "S02", la_name="Synthshire", as_at=AS_AT, db=db)
    return db
