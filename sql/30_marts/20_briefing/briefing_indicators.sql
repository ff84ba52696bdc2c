-- briefing_indicators(la, ref_date, edition, sampling_months, sibling_threshold, as_at): what the
-- data shows, for the analytical officer's briefing of the team (002 ¶65 pre-inspection analysis).
-- Parameters as for children (sampling_months and sibling_threshold are accepted so that every
-- mart is called the same way; no indicator depends on them).
-- Grain: one row per LA x indicator x category (category null for a single figure). Every
-- indicator appears for every LA; one with no population has n = 0 (d = 0 for a percentage).
-- Columns: section_no, section, indicator (stable id), category, label, unit ('count' | 'percent'
-- | 'days'), n (count, numerator, or total days), d (denominator; null for plain counts), value (n
-- for counts; 100 n / d to one decimal place for percentages, null when d = 0; mean or median
-- days), definition and reference (the rule and its source, also listed below), category_order
-- (the order of categories that have one: age bands, number of lists, adoption stages).
-- Breakdowns by a coded value (gender, ethnic group, disability, source, category of abuse,
-- placement, legal status, reason ceased, eligibility): a blank is 'not recorded' (gender: the
-- template's 'c) Not stated/recorded'); a value written but not a template code (the row's
-- unread_codes, annexa/store/materialise.py) is 'not a template code', counted apart so that
-- neither is read as the other. Per child, a code on any row wins over an unread value.
-- Windows are each list's (int_scope, int_list_windows: 002 ¶258,
-- docs/methodology/windows.md W2-W3); "children" are child IDs (002 ¶259), each list's most recent
-- row per child standing for it where a list is one row per child (¶260,
-- docs/methodology/data.md D2). Working days are England's (docs/methodology/timelines.md T1).
-- The indicators, section by section (id: definition [reference]):
-- 1 Volumes
-- * list_rows_in_window (category list_1..list_11): rows in the list's window; d = all rows
--   supplied (rows outside the window are kept, docs/methodology/windows.md W3) [002 ¶258].
-- * list_children_in_window (category list): different children (list 11: adopters) with a row in
--   the window; d = different children on the list [002 ¶258-259].
-- * children_in_window: different children in the window of any of lists 1-10 [002 ¶259].
-- * children_on_several_lists (category '2 lists', '3 lists', '4 or more lists', or null for all):
--   children in the window of two or more lists; d = children_in_window [002 ¶259].
-- 2 Demographics (children in the window of any list; demographics as the children mart)
-- * children_by_gender (a blank gender is the template's 'c) Not stated/recorded', so there is
--   one such category), children_by_age_band (age on ref, docs/methodology/data.md D6;
--   docs/methodology/case-selection.md C4), children_by_ethnicity_group (Codes_used group),
--   children_by_disability (lists 4-10 only; 'not recorded' otherwise); d = children_in_window [002
--   ¶150, ¶219]. children_by_age_and_gender: the same children by age band and gender, category
--   'band order|age band|gender' (age_band_order), for the pyramid (briefing_age_gender; the
--   Briefing reads it from here, so the page needs no second pass over the children).
-- 3 Contacts, referrals, assessments and section 47 (Annex A does not link a contact to its
--   referral, so conversions are per child: the later step counts when the same child has it on
--   or after the earlier step's first date in the window, and on or before ref)
-- * contacts_by_source / referrals_by_source (category: grouped source): rows in the window; d =
--   rows in the window [template Codes_used].
-- * contact_to_referral: children with a contact in the window later referred; d = children with
--   a contact in the window [002 ¶258 lists 1, 3].
-- * referral_to_assessment: children referred in the window with an assessment started on or
--   after that referral; d = children referred in the window [002 ¶258 lists 3, 4].
-- * referral_nfa: referrals in the window marked "Referral NFA?" a) Yes [template list 3].
-- * repeat_referrals: referrals in the window with "Number of Referrals in Last 12 Months" >= 2
--   (the count includes the referral itself: template FAQ) [template list 3].
-- * assessments_within_45_working_days: assessments authorised in the window within 45 working
--   days of the start; d = authorised in the window. An assessment authorised before it started
--   (int_assessments.end_before_start, a data error) is left out of n and d, so n and d are the
--   bars of briefing_distributions' assessment_working_days without 'before the start' [Working
--   Together to Safeguard Children 2018, ch. 1: 45 working days].
-- * assessments_open_over_45_working_days: open at ref over 45 working days; d = open at ref
--   [Working Together 2018, ch. 1; 002 ¶151].
-- * assessment_no_further_action: authorised in the window, child not assessed as needing
--   children's social care support (b) No); d = authorised with the answer recorded [list 4].
-- * s47_to_icpc: s47 enquiries started in the window with an ICPC held by ref; d = started in the
--   window [002 ¶258 list 5]. s47_icpc_not_required: those where an ICPC was deemed unnecessary.
-- * icpc_within_15_working_days: ICPCs held in the window within 15 working days of the strategy
--   discussion; d = ICPCs held in the window; an ICPC dated before the strategy discussion (a data
--   error) is left out of both [Working Together 2018, ch. 1: 15 working days].
-- * icpc_to_cp_plan: ICPCs held in the window resulting in a plan; d = ICPCs held in the window.
-- 4 Child protection plans (every list 7 row is a plan)
-- * cp_plans_open: open at ref. cp_plans_by_category (latest category of abuse): open plans; d =
--   open plans [002 ¶150]. cp_plans_started_in_window, cp_plans_ended_in_window: counts.
-- * cp_plans_over_two_years: open plans started more than 2 years before ref; d = open plans.
--   cp_plans_ended_over_two_years: ended in the window after more than 2 years; d = ended in the
--   window [DfE children in need statistics; 002 ¶151].
-- * cp_second_or_subsequent: plans started in the window with "Number of Previous Child
--   Protection Plans" >= 1; d = started in the window [DfE children in need statistics].
-- * cp_review_overdue: open plans whose review conference is overdue: first within 3 months of
--   the ICPC (the plan start stands for it), then at most 6-monthly; d = open plans [Working
--   Together to Safeguard Children 2018, ch. 4].
-- * cp_visit_overdue: open plans with no statutory visit in the last 10 working days; d = open
--   plans [Working Together sets no interval: 10 working days is a common local standard, an
--   assumption shown with the figure].
-- 5 Children in care (each child's most recent list 8 row; d = children in care at ref unless
--   stated)
-- * cla_in_care (count), cla_started_in_window, cla_ceased_in_window (counts),
--   cla_ceased_by_reason (grouped reason; d = ceased in the window) [002 ¶258].
-- * cla_three_or_more_placements: 3 or more placements in 12 months [DfE placement stability].
-- * cla_out_of_area: Placement Location b) Out [002 ¶150].
-- * cla_by_placement_type, cla_by_legal_status (Codes_used groups) [002 ¶150].
-- * cla_kinship: placement U1-U3 (relatives or friends, connected person) [002 ¶150].
-- * cla_placed_with_parents_on_care_order: P1 with legal status C1/C2 [002 ¶150, fn 23].
-- * cla_uasc: unaccompanied asylum-seeking children [template list 8].
-- * cla_review_overdue: first review within 20 working days of entering care, second within 3
--   months, then every 6 months [Care Planning, Placement and Case Review (England) Regulations
--   2010 (CPPCR) reg 33]. cla_visit_overdue: within a week of a placement, every 6 weeks in its
--   first year, then 3-monthly in a long-term placement (else 6 weeks) [CPPCR reg 28].
--   cla_health_overdue: initial within 20 working days, then every 6 months under 5 and yearly
--   from 5 [CPPCR reg 7; Promoting the health and well-being of looked-after children, 2015].
--   cla_dental_overdue: no dental check in 12 months (in care 12 months or more) [SSDA903
--   outcome measure]. Due dates: int_cla.
-- * cla_missing / cla_absent: children in the list 8 window (6 months under ilacs-2018) with a
--   'missing' / 'absent' episode in the 12 months to ref (the list 8 column counts 12 months);
--   d = children in the window. cla_missing_episodes / cla_absent_episodes: those children's
--   episodes in the 12 months (n) [docs/methodology/case-selection.md C3; template list 8].
-- * return_interview_offered: missing children offered a return interview; d = missing children.
--   return_interview_accepted: accepted; d = offered [template list 8].
-- * missing_202, exploitation_202: children flagged missing / at risk of sexual exploitation on
--   the 2.02 list [Annex A 2.02; docs/methodology/case-selection.md C3; 002 ¶150].
-- 6 Care leavers (list 9, point in time; d = all care leavers unless stated)
-- * care_leavers (count), care_leavers_by_eligibility, care_leavers_in_touch ("LA In Touch"
--   a) Yes), care_leavers_suitable_accommodation (a) Suitable; blank when not in touch),
--   care_leavers_eet / care_leavers_neet (activity in the template's EET / NEET group)
--   [template list 9]. care_leavers_pathway_review_overdue: latest pathway plan review more than 6
--   months before ref; d = those with a review date. The 2019 template's list 9 has no review
--   date column (ingest/spec/annex_a.toml: optional), so d = 0 unless the LA added one; the page
--   then says so instead of drawing the bar [Care Leavers (England) Regulations 2010, reg 7].
-- 7 Adoption (each child's most recent list 10 row; 12-month window)
-- * adoption_children: adopted or reversed in the window, or waiting at ref. adoption_by_stage
--   (the furthest step by ref). adopted_in_window, adoption_reversed_in_window: counts
--   [002 ¶258].
-- * adoption_days_entry_to_placement (mean; n = total days, d = children) and _median: calendar
--   days from entering care to being placed for adoption, children placed in the window, less
--   those placed before they entered care (int_adoption.placed_before_care, a data error)
--   [DfE adoption scorecard A1].
-- * adoption_days_order_to_match (mean) and _median: placement order to match, children matched
--   in the window, less those matched before the order (matched_before_order) [DfE adoption
--   scorecard A2].
-- * adoption_waiting_for_match: placement order at least 6 months before ref and no match; d =
--   children with a placement order not yet matched, adopted or reversed [002 ¶151].
-- * adopters_in_window, adopters_approved_in_window: list 11 individuals [002 ¶258].
-- 8 Data quality (category = list key; the submission's load log and dq_issues, so ref does not
--   change them; d = rows loaded)
-- * dq_rows_loaded, dq_errors, dq_warnings, dq_unmapped_codes (docs/methodology/data.md D3),
--   dq_unparseable_dates (8a), dq_blank_child_ids (4), dq_duplicate_children (002 ¶260),
--   dq_missing_lists (lists 1-11 not found, and template columns not found in any list, 002
--   ¶263) [ingest/quality.py codes].
-- * dq_other_lists_not_supplied (category siblings, missing_exploitation, audits): 1 when the
--   sibling counts (002 ¶262), the 2.02 list or the LA audits list (002 ¶266) was not supplied.
--   They are not lists 1-11 and are reported on their own line, never as a missing list
--   (issue 15: a workbook with all eleven lists read "Lists or columns missing: 1").
-- Why one macro: each list's macro is expanded once here and shared by every section; separate
-- section macros re-planned the lists several times over (planning, not running, dominated).
create or replace macro briefing_indicators(
    la,
    ref_date := null,
    edition := 'ilacs-2018',
    sampling_months := 3,
    sibling_threshold := 2,
    as_at := null
) as table
with catalogue (section_no, section, indicator, label, unit, definition, reference) as (
    values
        (1, 'Volumes', 'list_rows_in_window', 'Rows in the list''s window', 'count',
         'Rows of the list in its window (d: all rows supplied).', 'ILACS ¶258'),
        (1, 'Volumes', 'list_children_in_window', 'Children in the list''s window', 'count',
         'Different child IDs (list 11: adopters) with a row in the window (d: on the list).',
         'ILACS ¶258-259'),
        (1, 'Volumes', 'children_in_window', 'Children on any list', 'count',
         'Different children with a row in the window of any of lists 1-10.', 'ILACS ¶259'),
        (1, 'Volumes', 'children_on_several_lists', 'Children on two or more lists', 'percent',
         'Children in the window of two or more of lists 1-10, of all children in a window.',
         'ILACS ¶259'),
        (2, 'Demographics', 'children_by_gender', 'Children by gender', 'percent',
         'Children in any list''s window, by gender (most recent recorded value).', 'ILACS ¶150'),
        (2, 'Demographics', 'children_by_age_and_gender', 'Children by age band and gender',
         'percent', 'Children in a window of any list by age band (age on the reference date) '
         || 'and gender, for the age and gender pyramid; category ''band order|age band|gender'' '
         || '(briefing_age_gender shapes it).', 'ILACS ¶150'),
        (2, 'Demographics', 'children_by_age_band', 'Children by age band', 'percent',
         'Children in any list''s window, by age at last birthday on the reference date.',
         'ILACS ¶150'),
        (2, 'Demographics', 'children_by_ethnicity_group', 'Children by ethnic group', 'percent',
         'Children in any list''s window, by the template''s ethnic group.',
         'ILACS ¶150; template Codes_used'),
        (2, 'Demographics', 'children_by_disability', 'Children by disability', 'percent',
         'Children in any list''s window, by "Does the child have a disability" (lists 4-10).',
         'ILACS ¶150'),
        (3, 'Contacts, referrals, assessments and section 47', 'contacts_by_source',
         'Contacts by source', 'percent', 'Contacts in the window by grouped source.',
         'template Codes_used; ILACS ¶258'),
        (3, 'Contacts, referrals, assessments and section 47', 'referrals_by_source',
         'Referrals by source', 'percent', 'Referrals in the window by grouped source.',
         'template Codes_used; ILACS ¶258'),
        (3, 'Contacts, referrals, assessments and section 47', 'contact_to_referral',
         'Contacts leading to a referral', 'percent',
         'Children with a contact in the window who were referred on or after their first '
         || 'contact in it.', 'ILACS ¶258 (lists 1, 3)'),
        (3, 'Contacts, referrals, assessments and section 47', 'referral_to_assessment',
         'Referrals leading to an assessment', 'percent',
         'Children referred in the window who had an assessment start on or after their first '
         || 'referral in it.', 'ILACS ¶258 (lists 3, 4)'),
        (3, 'Contacts, referrals, assessments and section 47', 'referral_nfa',
         'Referrals with no further action', 'percent', 'Referrals in the window marked NFA.',
         'template list 3'),
        (3, 'Contacts, referrals, assessments and section 47', 'repeat_referrals',
         'Repeat referrals within 12 months', 'percent',
         'Referrals in the window whose child had 2 or more referrals in 12 months.',
         'template list 3 FAQ'),
        (3, 'Contacts, referrals, assessments and section 47',
         'assessments_within_45_working_days', 'Assessments authorised within 45 working days',
         'percent', 'Assessments authorised in the window within 45 working days of the start '
         || '(Monday to Friday except bank holidays). Assessments recorded as authorised '
         || 'before they started are a data error and are left out of both figures.',
         'Working Together to Safeguard Children 2018, ch. 1'),
        (3, 'Contacts, referrals, assessments and section 47',
         'assessments_open_over_45_working_days', 'Assessments open over 45 working days',
         'percent', 'Assessments open at the reference date for more than 45 working days.',
         'Working Together 2018, ch. 1; ILACS ¶151'),
        (3, 'Contacts, referrals, assessments and section 47', 'assessment_no_further_action',
         'Assessments: child not in need', 'percent',
         'Assessments authorised in the window where the child was not assessed as needing '
         || 'children''s social care support.', 'template list 4'),
        (3, 'Contacts, referrals, assessments and section 47', 's47_to_icpc',
         'Section 47 enquiries leading to an ICPC', 'percent',
         'Section 47 enquiries started in the window with an ICPC held by the reference date.',
         'ILACS ¶258 (list 5)'),
        (3, 'Contacts, referrals, assessments and section 47', 's47_icpc_not_required',
         'Section 47 enquiries: ICPC not required', 'percent',
         'Section 47 enquiries started in the window where an ICPC was deemed unnecessary.',
         'template list 5'),
        (3, 'Contacts, referrals, assessments and section 47', 'icpc_within_15_working_days',
         'ICPCs within 15 working days', 'percent',
         'ICPCs held in the window within 15 working days of the strategy discussion (Monday to '
         || 'Friday except bank holidays). ICPCs recorded before their strategy discussion are a '
         || 'data error and are left out of both figures.',
         'Working Together to Safeguard Children 2018, ch. 1'),
        (3, 'Contacts, referrals, assessments and section 47', 'icpc_to_cp_plan',
         'ICPCs leading to a child protection plan', 'percent',
         'ICPCs held in the window that resulted in a child protection plan.', 'template list 5'),
        (4, 'Child protection plans', 'cp_plans_open', 'Children on a child protection plan',
         'count', 'Plans open at the reference date.', 'ILACS ¶258 (list 7)'),
        (4, 'Child protection plans', 'cp_plans_by_category', 'Open plans by category of abuse',
         'percent', 'Plans open at the reference date by latest category of abuse.', 'ILACS ¶150'),
        (4, 'Child protection plans', 'cp_plans_started_in_window', 'Plans started in the window',
         'count', 'Plans that started in the list 7 window.', 'ILACS ¶258'),
        (4, 'Child protection plans', 'cp_plans_ended_in_window', 'Plans ended in the window',
         'count', 'Plans that ended in the list 7 window.', 'ILACS ¶258'),
        (4, 'Child protection plans', 'cp_plans_over_two_years',
         'Open plans lasting over 2 years', 'percent',
         'Open plans that started more than 2 years before the reference date.',
         'DfE children in need statistics; ILACS ¶151'),
        (4, 'Child protection plans', 'cp_plans_ended_over_two_years',
         'Ended plans that lasted over 2 years', 'percent',
         'Plans ended in the window that had lasted more than 2 years.',
         'DfE children in need statistics'),
        (4, 'Child protection plans', 'cp_second_or_subsequent', 'Second or subsequent plans',
         'percent', 'Plans started in the window where the child had a previous plan.',
         'DfE children in need statistics; template list 7'),
        (4, 'Child protection plans', 'cp_review_overdue',
         'Open plans with a review conference overdue', 'percent',
         'First review within 3 months of the ICPC (plan start), then at least every 6 months.',
         'Working Together to Safeguard Children 2018, ch. 4'),
        (4, 'Child protection plans', 'cp_visit_overdue',
         'Open plans with no visit in 10 working days', 'percent',
         'No statutory visit in the last 10 working days (local standard, not statute: an '
         || 'assumption).', 'local practice (an assumption, not statute)'),
        (5, 'Children in care', 'cla_in_care', 'Children in care', 'count',
         'Children looked after at the reference date.', 'ILACS ¶258 (list 8)'),
        (5, 'Children in care', 'cla_started_in_window',
         'Started to be looked after in the window', 'count',
         'Children whose period of care started in the list 8 window.', 'ILACS ¶258'),
        (5, 'Children in care', 'cla_ceased_in_window', 'Ceased to be looked after in the window',
         'count', 'Children who ceased to be looked after in the list 8 window.', 'ILACS ¶258'),
        (5, 'Children in care', 'cla_ceased_by_reason', 'Ceased to be looked after, by reason',
         'percent', 'Children who ceased in the window, by the template''s grouped reason.',
         'template Codes_used'),
        (5, 'Children in care', 'cla_three_or_more_placements',
         '3 or more placements in 12 months', 'percent',
         'Children in care with 3 or more placements in the last 12 months.',
         'DfE placement stability measure'),
        (5, 'Children in care', 'cla_out_of_area', 'Placed out of area', 'percent',
         'Children in care placed outside the LA boundary.', 'ILACS ¶150'),
        (5, 'Children in care', 'cla_by_placement_type', 'Children in care by placement type',
         'percent', 'Children in care by the template''s placement group.', 'ILACS ¶150'),
        (5, 'Children in care', 'cla_by_legal_status', 'Children in care by legal status',
         'percent', 'Children in care by the template''s legal status group.',
         'template Codes_used'),
        (5, 'Children in care', 'cla_kinship', 'Kinship or connected person placements',
         'percent', 'Children in care fostered with relatives or friends (U1-U3).', 'ILACS ¶150'),
        (5, 'Children in care', 'cla_placed_with_parents_on_care_order',
         'Placed with parents on a care order', 'percent',
         'Children in care placed with parents (P1) on a care order (C1/C2).', 'ILACS ¶150, fn 23'),
        (5, 'Children in care', 'cla_uasc', 'Unaccompanied asylum-seeking children', 'percent',
         'Children in care who are unaccompanied asylum-seeking children.', 'template list 8'),
        (5, 'Children in care', 'cla_review_overdue', 'Looked after reviews overdue', 'percent',
         'Review due within 20 working days of entry, 3 months after the first, then 6-monthly.',
         'Care Planning, Placement and Case Review (England) Regulations 2010, reg 33'),
        (5, 'Children in care', 'cla_visit_overdue', 'Social worker visits overdue', 'percent',
         'Visit due within a week of a placement, every 6 weeks in its first year, then 3-monthly '
         || 'in a long-term placement (else 6 weeks).', 'CPPCR 2010, reg 28'),
        (5, 'Children in care', 'cla_health_overdue', 'Health assessments overdue', 'percent',
         'Initial within 20 working days; review every 6 months under 5, yearly from 5.',
         'CPPCR 2010, reg 7; Promoting the health and well-being of looked-after children 2015'),
        (5, 'Children in care', 'cla_dental_overdue', 'Dental checks overdue', 'percent',
         'No dental check in the 12 months before the reference date (in care 12 months+).',
         'SSDA903 outcome measure (teeth checked in the last 12 months)'),
        (5, 'Children in care', 'cla_missing', 'Children missing from placement', 'percent',
         'Children in care in the list 8 window with a missing episode in the 12 months to '
         || 'the reference date (list 8 counts episodes over 12 months).',
         'template list 8; ILACS ¶150'),
        (5, 'Children in care', 'cla_missing_episodes', 'Missing episodes', 'count',
         'Missing episodes in the 12 months to the reference date, of the children in care in '
         || 'the list 8 window.', 'template list 8'),
        (5, 'Children in care', 'cla_absent', 'Children absent from placement', 'percent',
         'Children in care in the list 8 window with an absent episode in the 12 months to '
         || 'the reference date (list 8 counts episodes over 12 months).', 'template list 8'),
        (5, 'Children in care', 'cla_absent_episodes', 'Absent episodes', 'count',
         'Absent episodes in the 12 months to the reference date, of the children in care in '
         || 'the list 8 window.', 'template list 8'),
        (5, 'Children in care', 'return_interview_offered', 'Return interviews offered',
         'percent', 'Missing children offered a return interview after their last missing '
         || 'episode.', 'template list 8'),
        (5, 'Children in care', 'return_interview_accepted', 'Return interviews accepted',
         'percent', 'Children offered a return interview who accepted it.', 'template list 8'),
        (5, 'Children in care', 'missing_202', 'Children missing (2.02 list)', 'count',
         'Children flagged missing in the last 12 months on the 2.02 list.', 'Annex A 2.02'),
        (5, 'Children in care', 'exploitation_202',
         'Children at risk of sexual exploitation (2.02 list)', 'count',
         'Children flagged at risk of sexual exploitation on the 2.02 list.',
         'Annex A 2.02; ILACS ¶150'),
        (6, 'Care leavers', 'care_leavers', 'Care leavers', 'count',
         'Young people receiving leaving care services at the reference date.',
         'ILACS ¶258 (list 9)'),
        (6, 'Care leavers', 'care_leavers_by_eligibility', 'Care leavers by eligibility',
         'percent', 'Care leavers by eligibility category.', 'template list 9'),
        (6, 'Care leavers', 'care_leavers_in_touch', 'Care leavers in touch', 'percent',
         'Care leavers the LA is in touch with.', 'template list 9; ILACS ¶258'),
        (6, 'Care leavers', 'care_leavers_suitable_accommodation',
         'Care leavers in suitable accommodation', 'percent',
         'Care leavers whose accommodation is recorded as suitable.', 'template list 9'),
        (6, 'Care leavers', 'care_leavers_eet',
         'Care leavers in education, employment or training', 'percent',
         'Care leavers whose activity is in the template''s EET group.', 'template Codes_used'),
        (6, 'Care leavers', 'care_leavers_neet',
         'Care leavers not in education, employment or training', 'percent',
         'Care leavers whose activity is in the template''s NEET group.', 'template Codes_used'),
        (6, 'Care leavers', 'care_leavers_pathway_review_overdue',
         'Pathway plan reviews overdue', 'percent',
         'Latest pathway plan review more than 6 months before the reference date, of care '
         || 'leavers with a review date. The Annex A list 9 template has no review date '
         || 'column: this is counted only when the LA adds "Latest Pathway Plan Review Date".',
         'Care Leavers (England) Regulations 2010, reg 7'),
        (7, 'Adoption', 'adoption_children', 'Children on the adoption list', 'count',
         'Children adopted or reversed in the 12 months, or waiting at the reference date.',
         'ILACS ¶258 (list 10)'),
        (7, 'Adoption', 'adoption_by_stage', 'Children by adoption stage', 'percent',
         'Furthest step reached by the reference date.', 'template list 10'),
        (7, 'Adoption', 'adopted_in_window', 'Children adopted in the window', 'count',
         'Adoption orders in the 12 months to the reference date.', 'ILACS ¶258'),
        (7, 'Adoption', 'adoption_days_entry_to_placement',
         'Entering care to placement for adoption (mean days)', 'days',
         'Mean days from entering care to being placed for adoption, placed in the window '
         || '(a placement dated before entering care is a data error, left out).',
         'DfE adoption scorecard A1'),
        (7, 'Adoption', 'adoption_days_entry_to_placement_median',
         'Entering care to placement for adoption (median days)', 'days',
         'Median days from entering care to being placed for adoption, placed in the window '
         || '(a placement dated before entering care is a data error, left out).',
         'DfE adoption scorecard A1'),
        (7, 'Adoption', 'adoption_days_order_to_match', 'Placement order to match (mean days)',
         'days', 'Mean days from placement order to match, matched in the window (a match '
         || 'dated before the order is a data error, left out).', 'DfE adoption scorecard A2'),
        (7, 'Adoption', 'adoption_days_order_to_match_median',
         'Placement order to match (median days)', 'days',
         'Median days from placement order to match, matched in the window (a match dated '
         || 'before the order is a data error, left out).', 'DfE adoption scorecard A2'),
        (7, 'Adoption', 'adoption_waiting_for_match',
         'Placement order 6 months or more without a match', 'percent',
         'Children with a placement order at least 6 months old and no match.', 'ILACS ¶151'),
        (7, 'Adoption', 'adoption_reversed_in_window', 'Adoption decisions reversed', 'count',
         'Decisions that the child should no longer be placed for adoption, in the window.',
         'ILACS ¶258'),
        (7, 'Adoption', 'adopters_in_window', 'Adopters in the process', 'count',
         'Individual adopters in the adoption process in the 12 months.', 'ILACS ¶258 (list 11)'),
        (7, 'Adoption', 'adopters_approved_in_window', 'Adopters approved', 'count',
         'Individual adopters approved in the 12 months.', 'ILACS ¶258 (list 11)'),
        (8, 'Data quality', 'dq_rows_loaded', 'Rows loaded', 'count', 'Rows loaded from the list.',
         'the submission''s load log'),
        (8, 'Data quality', 'dq_errors', 'Data-quality errors', 'count',
         'Issues of severity error.', 'the dashboard''s data-quality checks'),
        (8, 'Data quality', 'dq_warnings', 'Data-quality warnings', 'count',
         'Issues of severity warning.', 'the dashboard''s data-quality checks'),
        (8, 'Data quality', 'dq_unmapped_codes', 'Values that are not an official code', 'count',
         'Values kept as written and counted as unmapped.',
         'template Codes_used'),
        (8, 'Data quality', 'dq_unparseable_dates', 'Dates that could not be read', 'count',
         'Date cells that are not a date.',
         'the dashboard''s data-quality checks'),
        (8, 'Data quality', 'dq_blank_child_ids', 'Rows without a child ID', 'count',
         'Rows that cannot be linked to a child.',
         'ILACS ¶259 (children are linked by their ID)'),
        (8, 'Data quality', 'dq_duplicate_children', 'Rows of children listed more than once',
         'count', 'Rows of a child who appears more than once on lists 3-10.', 'ILACS ¶260'),
        (8, 'Data quality', 'dq_missing_lists', 'Lists or columns not found', 'count',
         'Lists 1-11, or template columns of any list, missing from the submission.',
         'ILACS ¶263'),
        (8, 'Data quality', 'dq_other_lists_not_supplied', 'Other lists not supplied', 'count',
         'The sibling counts, the 2.02 list of missing and exploited children or the LA audits '
         || 'list, when the submission has none (they are not lists 1-11).',
         'ILACS ¶262, ¶266; Annex A 2.02')
),

scope as (select * from int_scope(la, ref_date, edition, as_at)),
contacts as (select * from int_contacts(la, ref_date, edition, as_at)),
early_help as (select * from int_early_help(la, ref_date, edition, as_at)),
referrals as (select * from int_referrals(la, ref_date, edition, as_at)),
assessments as (select * from int_assessments(la, ref_date, edition, as_at)),
s47 as (select * from int_s47(la, ref_date, edition, as_at)),
cin as (select * from int_cin(la, ref_date, edition, as_at)),
cp as (select * from int_cp_plans(la, ref_date, edition, as_at)),
cla_rows as (select * from int_cla(la, ref_date, edition, as_at)),
leaver_rows as (select * from int_care_leavers(la, ref_date, edition, as_at)),
adoption_rows as (select * from int_adoption(la, ref_date, edition, as_at)),
adopters as (select * from int_adopters(la, ref_date, edition, as_at)),
missing_202 as (select * from int_missing_exploitation(la, ref_date, edition, as_at)),
-- 1 Volumes ---------------------------------------------------------------------------------
-- What each row of lists 1-10 says about its child. The per-child demographics follow the
-- children mart's rule (the most recent row with a value, ranked by event date then list
-- number); they are computed here from the same rows rather than by calling children, which
-- would plan every list a second time. tests/test_analysis_sql.py checks that the two agree.
-- Which lists a child is on (in whose window) is kept as bit masks, bit N for list N: counting
-- children per list from the masks avoids a count(distinct) over every row.
demographic_rows as (
    select submission_id, child_id, 1 as list_no, in_window, contact_date as event_date,
        gender, ethnicity, dob, age, null as disability, unread_codes
    from contacts
    union all select submission_id, child_id, 2, in_window, eh_start_date, gender, ethnicity,
        dob, age, null, unread_codes from early_help
    union all select submission_id, child_id, 3, in_window, referral_date, gender, ethnicity,
        dob, age, null, unread_codes from referrals
    union all select submission_id, child_id, 4, in_window, assessment_start_date, gender,
        ethnicity, dob, age, disability, unread_codes from assessments
    union all select submission_id, child_id, 5, in_window, s47_start_date, gender, ethnicity,
        dob, age, disability, unread_codes from s47
    union all select submission_id, child_id, 6, in_window, cin_start_date, gender, ethnicity,
        dob, age, disability, unread_codes from cin
    union all select submission_id, child_id, 7, in_window, cp_start_date, gender, ethnicity,
        dob, age, disability, unread_codes from cp
    union all select submission_id, child_id, 8, in_window, cla_start_date, gender, ethnicity,
        dob, age, disability, unread_codes from cla_rows
    union all select submission_id, child_id, 9, in_window, latest_contact_date, gender,
        ethnicity, dob, age, disability, unread_codes from leaver_rows
    union all select submission_id, child_id, 10, in_window, adm_decision_date, gender,
        ethnicity, dob, age, disability, unread_codes from adoption_rows
),

per_child as (
    select
        lr.submission_id,
        arg_max(lr.gender, lr.recency) as gender,
        arg_max(lr.ethnicity, lr.recency) as ethnicity,
        arg_max(lr.dob, lr.recency) as dob,
        arg_max(lr.age, lr.recency) as supplied_age,
        arg_max(lr.disability, lr.recency) as disability,
        -- Written on some row but not a template code: counted as such where no row of the
        -- child's has a code (a blank is 'not recorded').
        bool_or(lr.gender_unread) as gender_unread,
        bool_or(lr.ethnicity_unread) as ethnicity_unread,
        bool_or(lr.disability_unread) as disability_unread,
        bit_or(lr.list_bit) as list_mask,
        coalesce(bit_or(lr.list_bit) filter (where lr.in_window), 0) as window_mask
    from (
        select
            submission_id,
            child_id,
            in_window,
            gender,
            ethnicity,
            dob,
            age,
            disability,
            list_contains(unread_codes, 'gender') as gender_unread,
            list_contains(unread_codes, 'ethnicity') as ethnicity_unread,
            list_contains(unread_codes, 'disability') as disability_unread,
            (coalesce(event_date, date '1900-01-01') - date '1900-01-01') * 16 + list_no
                as recency,
            cast(1 as integer) << list_no as list_bit
        from demographic_rows
        where child_id is not null
    ) as lr
    group by lr.submission_id, lr.child_id
),

-- Children in the window of any list, counted by the cells every figure below needs, so the
-- 1-million-children national case aggregates once and the rest works on a few thousand cells.
child_cells as (
    select
        p.submission_id,
        coalesce(p.gender, case when p.gender_unread then 'not a template code' end,
            'c) Not stated/recorded') as gender,
        age_band(
            coalesce(age_on(p.dob, sc.ref_date), p.supplied_age),
            coalesce(p.dob > sc.ref_date, false)
                or (p.dob is null and coalesce(p.supplied_age = -1, false))
        ) as age_band,
        p.ethnicity,
        p.ethnicity is null and p.ethnicity_unread as ethnicity_unread,
        coalesce(p.disability, case when p.disability_unread then 'not a template code' end,
            'not recorded') as disability,
        bit_count(p.window_mask) as list_count_in_window,
        count(*) as n
    from per_child as p
    join scope as sc on sc.submission_id = p.submission_id
    where p.window_mask > 0
    group by all
),

window_totals as (
    select submission_id, sum(n) as total from child_cells group by all
),

volumes as (
    select submission_id, 'list_rows_in_window' as indicator, list_key as category,
        n, d, cast(null as double) as value
    from (
        select submission_id, 'list_1' as list_key, count(*) filter (where in_window) as n,
            count(*) as d
        from contacts group by all
        union all select submission_id, 'list_2', count(*) filter (where in_window), count(*)
        from early_help group by all
        union all select submission_id, 'list_3', count(*) filter (where in_window), count(*)
        from referrals group by all
        union all select submission_id, 'list_4', count(*) filter (where in_window), count(*)
        from assessments group by all
        union all select submission_id, 'list_5', count(*) filter (where in_window), count(*)
        from s47 group by all
        union all select submission_id, 'list_6', count(*) filter (where in_window), count(*)
        from cin group by all
        union all select submission_id, 'list_7', count(*) filter (where in_window), count(*)
        from cp group by all
        union all select submission_id, 'list_8', count(*) filter (where in_window), count(*)
        from cla_rows group by all
        union all select submission_id, 'list_9', count(*) filter (where in_window), count(*)
        from leaver_rows group by all
        union all select submission_id, 'list_10', count(*) filter (where in_window), count(*)
        from adoption_rows group by all
        union all select submission_id, 'list_11', count(*) filter (where in_window), count(*)
        from adopters group by all
    )
    union all
    -- per list: children with a row in its window / on it at all, from the masks in one pass
    select x.submission_id, 'list_children_in_window', 'list_' || x.list_no, x.n, x.d, null
    from (
        select
            submission_id,
            unnest([
                {'list_no': 1, 'n': count(*) filter (where window_mask & 2 > 0),
                 'd': count(*) filter (where list_mask & 2 > 0)},
                {'list_no': 2, 'n': count(*) filter (where window_mask & 4 > 0),
                 'd': count(*) filter (where list_mask & 4 > 0)},
                {'list_no': 3, 'n': count(*) filter (where window_mask & 8 > 0),
                 'd': count(*) filter (where list_mask & 8 > 0)},
                {'list_no': 4, 'n': count(*) filter (where window_mask & 16 > 0),
                 'd': count(*) filter (where list_mask & 16 > 0)},
                {'list_no': 5, 'n': count(*) filter (where window_mask & 32 > 0),
                 'd': count(*) filter (where list_mask & 32 > 0)},
                {'list_no': 6, 'n': count(*) filter (where window_mask & 64 > 0),
                 'd': count(*) filter (where list_mask & 64 > 0)},
                {'list_no': 7, 'n': count(*) filter (where window_mask & 128 > 0),
                 'd': count(*) filter (where list_mask & 128 > 0)},
                {'list_no': 8, 'n': count(*) filter (where window_mask & 256 > 0),
                 'd': count(*) filter (where list_mask & 256 > 0)},
                {'list_no': 9, 'n': count(*) filter (where window_mask & 512 > 0),
                 'd': count(*) filter (where list_mask & 512 > 0)},
                {'list_no': 10, 'n': count(*) filter (where window_mask & 1024 > 0),
                 'd': count(*) filter (where list_mask & 1024 > 0)}
            ], recursive := true)
        from per_child
        group by submission_id
    ) as x
    where x.d > 0
    union all
    select submission_id, 'list_children_in_window', 'list_11',
        count(distinct adopter_id) filter (where in_window), count(distinct adopter_id), null
    from adopters group by all
    union all
    select submission_id, 'children_in_window', null, total, null, null from window_totals
    union all
    select c.submission_id, 'children_on_several_lists', null,
        sum(c.n) filter (where c.list_count_in_window >= 2), any_value(t.total), null
    from child_cells as c join window_totals as t using (submission_id)
    group by all
    union all
    select c.submission_id, 'children_on_several_lists',
        case
            when c.list_count_in_window >= 4 then '4 or more lists'
            else c.list_count_in_window || ' lists'
        end,
        sum(c.n), any_value(t.total), null
    from child_cells as c join window_totals as t using (submission_id)
    where c.list_count_in_window >= 2
    group by all
),

-- 2 Demographics ----------------------------------------------------------------------------
demographics as (
    select
        g.submission_id,
        case
            when grouping(g.gender) = 0 and grouping(g.age_band) = 0
                then 'children_by_age_and_gender'
            when grouping(g.gender) = 0 then 'children_by_gender'
            when grouping(g.age_band) = 0 then 'children_by_age_band'
            when grouping(g.ethnicity_group) = 0 then 'children_by_ethnicity_group'
            else 'children_by_disability'
        end as indicator,
        case
            when grouping(g.gender) = 0 and grouping(g.age_band) = 0
                then age_band_order(g.age_band) || '|' || g.age_band || '|' || g.gender
            else coalesce(g.gender, g.age_band, g.ethnicity_group, g.disability)
        end as category,
        sum(g.n) as n,
        any_value(t.total) as d,
        cast(null as double) as value
    from (
        select
            c.submission_id,
            c.gender,
            c.age_band,
            coalesce(eth.code_group, case when c.ethnicity_unread then 'not a template code' end,
                'not recorded') as ethnicity_group,
            c.disability,
            c.n
        from child_cells as c
        left join ref_code as eth on eth.code_list = 'ethnicity' and eth.code = c.ethnicity
    ) as g
    join window_totals as t on t.submission_id = g.submission_id
    group by grouping sets (
        (g.submission_id, g.age_band, g.gender),
        (g.submission_id, g.gender), (g.submission_id, g.age_band),
        (g.submission_id, g.ethnicity_group), (g.submission_id, g.disability)
    )
),

-- 3 Contacts, referrals, assessments and section 47 -----------------------------------------
first_contact as (
    select submission_id, child_id, min(contact_date) as first_date
    from contacts where in_window and child_id is not null group by all
),

first_referral as (
    select submission_id, child_id, min(referral_date) as first_date
    from referrals where in_window and child_id is not null group by all
),

front_door as (
    select submission_id, 'contacts_by_source' as indicator,
        coalesce(source_group, case when list_contains(unread_codes, 'contact_source')
            then 'not a template code' end, 'not recorded') as category,
        count(*) as n, any_value(total) as d,
        cast(null as double) as value
    from (select *, count(*) over (partition by submission_id) as total from contacts
          where in_window)
    group by all
    union all
    select submission_id, 'referrals_by_source', coalesce(source_group,
            case when list_contains(unread_codes, 'referral_source') then 'not a template code'
            end, 'not recorded'),
        count(*), any_value(total), null
    from (select *, count(*) over (partition by submission_id) as total from referrals
          where in_window)
    group by all
    union all
    select fc.submission_id, 'contact_to_referral', null,
        count(distinct fc.child_id) filter (where r.child_id is not null),
        count(distinct fc.child_id), null
    from first_contact as fc
    left join referrals as r
        on r.submission_id = fc.submission_id and r.child_id = fc.child_id
        and r.referral_date between fc.first_date and r.ref_date
    group by all
    union all
    select fr.submission_id, 'referral_to_assessment', null,
        count(distinct fr.child_id) filter (where a.child_id is not null),
        count(distinct fr.child_id), null
    from first_referral as fr
    left join assessments as a
        on a.submission_id = fr.submission_id and a.child_id = fr.child_id
        and a.assessment_start_date between fr.first_date and a.ref_date
    group by all
    union all
    select submission_id, 'referral_nfa', null, count(*) filter (where is_nfa), count(*), null
    from referrals where in_window group by all
    union all
    select submission_id, 'repeat_referrals', null, count(*) filter (where is_repeat), count(*),
        null
    from referrals where in_window group by all
    union all
    select a.submission_id, 'assessments_within_45_working_days', null,
        count(*) filter (where a.within_45_working_days), count(*), null
    from assessments as a join scope as sc on sc.submission_id = a.submission_id
    where a.assessment_auth_date between sc.assessments_from and sc.ref_date
        and not a.end_before_start
    group by all
    union all
    select submission_id, 'assessments_open_over_45_working_days', null,
        count(*) filter (where working_days_open > 45), count(*), null
    from assessments where open_at_ref group by all
    union all
    select a.submission_id, 'assessment_no_further_action', null,
        count(*) filter (where a.assessed_in_need = 'b) No'), count(a.assessed_in_need), null
    from assessments as a join scope as sc on sc.submission_id = a.submission_id
    where a.assessment_auth_date between sc.assessments_from and sc.ref_date
    group by all
    union all
    select s.submission_id, 's47_to_icpc', null, count(*) filter (where s.icpc_held), count(*),
        null
    from s47 as s join scope as sc on sc.submission_id = s.submission_id
    where s.s47_start_date between sc.s47_from and sc.ref_date
    group by all
    union all
    select s.submission_id, 's47_icpc_not_required', null,
        count(*) filter (where s.icpc_not_required = 'a) Yes'), count(*), null
    from s47 as s join scope as sc on sc.submission_id = s.submission_id
    where s.s47_start_date between sc.s47_from and sc.ref_date
    group by all
    union all
    select s.submission_id, 'icpc_within_15_working_days', null,
        count(*) filter (where s.icpc_within_15_working_days), count(*), null
    from s47 as s join scope as sc on sc.submission_id = s.submission_id
    where s.icpc_date between sc.s47_from and sc.ref_date and not s.end_before_start
    group by all
    union all
    select s.submission_id, 'icpc_to_cp_plan', null,
        count(*) filter (where s.resulted_in_plan), count(*), null
    from s47 as s join scope as sc on sc.submission_id = s.submission_id
    where s.icpc_date between sc.s47_from and sc.ref_date
    group by all
),

-- 4 Child protection plans ------------------------------------------------------------------
child_protection as (
    select submission_id, 'cp_plans_open' as indicator, null as category,
        count(*) filter (where open_at_ref) as n, null as d, cast(null as double) as value
    from cp group by all
    union all
    select submission_id, 'cp_plans_by_category', coalesce(cp_latest_category,
            case when list_contains(unread_codes, 'cp_latest_category')
                then 'not a template code' end, 'not recorded'),
        count(*), any_value(total), null
    from (select *, count(*) over (partition by submission_id) as total from cp
          where open_at_ref)
    group by all
    union all
    select p.submission_id, 'cp_plans_started_in_window', null,
        count(*) filter (where p.cp_start_date between sc.cp_from and sc.ref_date), null, null
    from cp as p join scope as sc on sc.submission_id = p.submission_id
    group by all
    union all
    select submission_id, 'cp_plans_ended_in_window', null,
        count(*) filter (where ended_in_window), null, null
    from cp group by all
    union all
    select submission_id, 'cp_plans_over_two_years', null,
        count(*) filter (where over_two_years), count(*), null
    from cp where open_at_ref group by all
    union all
    select submission_id, 'cp_plans_ended_over_two_years', null,
        count(*) filter (where over_two_years), count(*), null
    from cp where ended_in_window group by all
    union all
    select p.submission_id, 'cp_second_or_subsequent', null,
        count(*) filter (where p.second_or_subsequent), count(*), null
    from cp as p join scope as sc on sc.submission_id = p.submission_id
    where p.cp_start_date between sc.cp_from and sc.ref_date
    group by all
    union all
    select submission_id, 'cp_review_overdue', null,
        count(*) filter (where review_overdue), count(*), null
    from cp where open_at_ref group by all
    union all
    select submission_id, 'cp_visit_overdue', null,
        count(*) filter (where visit_overdue), count(*), null
    from cp where open_at_ref group by all
),

-- 5 Children in care ------------------------------------------------------------------------
cla as (select * from cla_rows where is_latest),
in_care as (select * from cla where in_care_at_ref),
cla_window as (select * from cla where in_window),

children_in_care as (
    select submission_id, 'cla_in_care' as indicator, null as category, count(*) as n,
        null as d, cast(null as double) as value
    from in_care group by all
    union all
    select submission_id, 'cla_started_in_window', null,
        count(*) filter (where started_in_window), null, null
    from cla group by all
    union all
    select submission_id, 'cla_ceased_in_window', null,
        count(*) filter (where ceased_in_window), null, null
    from cla group by all
    union all
    select c.submission_id, 'cla_ceased_by_reason',
        coalesce(r.code_group, c.end_group, case when list_contains(c.unread_codes,
            'cla_end_reason') then 'not a template code' end, 'not recorded'),
        count(*), any_value(c.total), null
    from (select *, count(*) over (partition by submission_id) as total from cla
          where ceased_in_window) as c
    left join ref_code as r on r.code_list = 'cla_end_reason' and r.code = c.cla_end_reason
    group by all
    union all
    select submission_id, indicator, category, count(*), any_value(total), null
    from (
        select
            submission_id,
            count(*) over (partition by submission_id) as total,
            unnest([
                {'indicator': 'cla_by_placement_type',
                 'category': coalesce(placement_group, case when list_contains(unread_codes,
                     'placement_type') then 'not a template code' end, 'not recorded')},
                {'indicator': 'cla_by_legal_status',
                 'category': coalesce(legal_status_group, case when list_contains(unread_codes,
                     'legal_status') then 'not a template code' end, 'not recorded')}
            ], recursive := true)
        from in_care
    )
    group by all
    union all
    select submission_id, x.indicator, null, x.n, x.d, null
    from (
        select submission_id, unnest([
            {'indicator': 'cla_three_or_more_placements',
             'n': count(*) filter (where unstable), 'd': count(*)},
            {'indicator': 'cla_out_of_area', 'n': count(*) filter (where out_of_area),
             'd': count(*)},
            {'indicator': 'cla_kinship', 'n': count(*) filter (where kinship), 'd': count(*)},
            {'indicator': 'cla_placed_with_parents_on_care_order',
             'n': count(*) filter (where placed_with_parents_on_care_order), 'd': count(*)},
            {'indicator': 'cla_uasc', 'n': count(*) filter (where uasc = 'a) Yes'),
             'd': count(*)},
            {'indicator': 'cla_review_overdue', 'n': count(*) filter (where review_overdue),
             'd': count(*)},
            {'indicator': 'cla_visit_overdue', 'n': count(*) filter (where visit_overdue),
             'd': count(*)},
            {'indicator': 'cla_health_overdue', 'n': count(*) filter (where health_overdue),
             'd': count(*)},
            {'indicator': 'cla_dental_overdue', 'n': count(*) filter (where dental_overdue),
             'd': count(*)}
        ]) as x
        from in_care group by submission_id
    )
    union all
    select submission_id, x.indicator, null, x.n, x.d, null
    from (
        select submission_id, unnest([
            {'indicator': 'cla_missing', 'n': count(*) filter (where missing_episodes_12m > 0),
             'd': count(*)},
            {'indicator': 'cla_missing_episodes',
             'n': cast(coalesce(sum(missing_episodes_12m), 0) as bigint), 'd': null},
            {'indicator': 'cla_absent', 'n': count(*) filter (where absent_episodes_12m > 0),
             'd': count(*)},
            {'indicator': 'cla_absent_episodes',
             'n': cast(coalesce(sum(absent_episodes_12m), 0) as bigint), 'd': null}
        ]) as x
        from cla_window group by submission_id
    )
    union all
    select submission_id, 'return_interview_offered', null,
        count(*) filter (where return_interview_offered = 'a) Yes'), count(*), null
    from cla_window where missing_episodes_12m > 0 group by all
    union all
    select submission_id, 'return_interview_accepted', null,
        count(*) filter (where return_interview_accepted = 'a) Yes'), count(*), null
    from cla_window
    where missing_episodes_12m > 0 and return_interview_offered = 'a) Yes'
    group by all
    union all
    select submission_id, x.indicator, null, x.n, null, null
    from (
        select submission_id, unnest([
            {'indicator': 'missing_202', 'n': count(*) filter (where missing)},
            {'indicator': 'exploitation_202', 'n': count(*) filter (where at_risk_of_exploitation)}
        ]) as x
        from missing_202 group by submission_id
    )
),

-- 6 Care leavers ----------------------------------------------------------------------------
leavers as (select * from leaver_rows where is_latest),

care_leavers as (
    select submission_id, 'care_leavers_by_eligibility' as indicator,
        coalesce(eligibility, case when list_contains(unread_codes, 'eligibility')
            then 'not a template code' end, 'not recorded') as category,
        count(*) as n, any_value(total) as d,
        cast(null as double) as value
    from (select *, count(*) over (partition by submission_id) as total from leavers)
    group by all
    union all
    select submission_id, x.indicator, null, x.n, x.d, null
    from (
        select submission_id, unnest([
            {'indicator': 'care_leavers', 'n': count(*), 'd': null},
            {'indicator': 'care_leavers_in_touch', 'n': count(*) filter (where in_touch_yes),
             'd': count(*)},
            {'indicator': 'care_leavers_suitable_accommodation',
             'n': count(*) filter (where suitable_accommodation), 'd': count(*)},
            {'indicator': 'care_leavers_eet', 'n': count(*) filter (where eet), 'd': count(*)},
            {'indicator': 'care_leavers_neet', 'n': count(*) filter (where neet), 'd': count(*)},
            {'indicator': 'care_leavers_pathway_review_overdue',
             'n': count(*) filter (where pathway_review_overdue),
             'd': count(pathway_plan_review_date)}
        ]) as x
        from leavers group by submission_id
    )
),

-- 7 Adoption --------------------------------------------------------------------------------
adoption as (
    select a.*, sc.adoption_from, sc.adopters_from
    from adoption_rows as a join scope as sc on sc.submission_id = a.submission_id
    where a.is_latest
),

adoption_figures as (
    select submission_id, 'adoption_by_stage' as indicator,
        coalesce(stage, 'not recorded') as category, count(*) as n, any_value(total) as d,
        cast(null as double) as value
    from (select *, count(*) over (partition by submission_id) as total from adoption
          where in_window)
    group by all
    union all
    select submission_id, x.indicator, null, x.n, null, null
    from (
        select submission_id, unnest([
            {'indicator': 'adoption_children', 'n': count(*) filter (where in_window)},
            {'indicator': 'adopted_in_window',
             'n': count(*) filter (
                 where a.adoption_order_date between a.adoption_from and a.ref_date)},
            {'indicator': 'adoption_reversed_in_window',
             'n': count(*) filter (where a.reversal_date between a.adoption_from and a.ref_date)}
        ]) as x
        from adoption as a group by a.submission_id
    )
    union all
    select submission_id, x.indicator, null, x.n, x.d, x.value
    from (
        select submission_id, unnest([
            {'indicator': 'adoption_days_entry_to_placement',
             'n': cast(sum(days_care_to_placed) as bigint), 'd': count(days_care_to_placed),
             'value': round(avg(days_care_to_placed), 1)},
            {'indicator': 'adoption_days_entry_to_placement_median',
             'n': count(days_care_to_placed), 'd': null,
             'value': cast(median(days_care_to_placed) as double)}
        ]) as x
        from adoption as a
        where a.placed_date between a.adoption_from and a.ref_date and not a.placed_before_care
        group by a.submission_id
    )
    union all
    select submission_id, x.indicator, null, x.n, x.d, x.value
    from (
        select submission_id, unnest([
            {'indicator': 'adoption_days_order_to_match',
             'n': cast(sum(days_order_to_match) as bigint), 'd': count(days_order_to_match),
             'value': round(avg(days_order_to_match), 1)},
            {'indicator': 'adoption_days_order_to_match_median',
             'n': count(days_order_to_match), 'd': null,
             'value': cast(median(days_order_to_match) as double)}
        ]) as x
        from adoption as a
        where a.matched_date between a.adoption_from and a.ref_date
            and not a.matched_before_order
        group by a.submission_id
    )
    union all
    select submission_id, 'adoption_waiting_for_match', null,
        count(*) filter (where waiting_for_match_6m), count(*), null
    from adoption as a
    where a.placement_order_date <= a.ref_date and coalesce(a.matched_date > a.ref_date, true)
        and not a.adopted and not a.reversed
    group by all
    union all
    select submission_id, x.indicator, null, x.n, null, null
    from (
        select a.submission_id, unnest([
            {'indicator': 'adopters_in_window', 'n': count(*) filter (where a.in_window)},
            {'indicator': 'adopters_approved_in_window',
             'n': count(*) filter (
                 where a.approval_date between sc.adopters_from and sc.ref_date)}
        ]) as x
        from adopters as a join scope as sc on sc.submission_id = a.submission_id
        group by a.submission_id
    )
),

-- 8 Data quality ----------------------------------------------------------------------------
dq_per_list as (
    select
        coalesce(l.submission_id, i.submission_id) as submission_id,
        coalesce(l.list, i.list) as list,
        coalesce(l.rows_loaded, 0) as rows_loaded,
        coalesce(i.errors, 0) as errors,
        coalesce(i.warnings, 0) as warnings,
        coalesce(i.unmapped, 0) as unmapped,
        coalesce(i.bad_dates, 0) as bad_dates,
        coalesce(i.blank_ids, 0) as blank_ids,
        coalesce(i.duplicates, 0) as duplicates,
        coalesce(i.missing, 0) as missing,
        coalesce(i.not_supplied, 0) as not_supplied
    from (
        select ll.submission_id, ll.list, sum(ll.rows_loaded) as rows_loaded
        from list_loads as ll join scope as sc on sc.submission_id = ll.submission_id
        group by all
    ) as l
    full join (
        select
            q.submission_id,
            q.list,
            count(*) filter (where q.severity = 'error') as errors,
            count(*) filter (where q.severity = 'warning') as warnings,
            count(*) filter (where q.code = 'unmapped_code') as unmapped,
            count(*) filter (where q.code = 'unparseable_date') as bad_dates,
            count(*) filter (where q.code = 'blank_child_id') as blank_ids,
            count(*) filter (where q.code = 'duplicate_child') as duplicates,
            count(*) filter (
                where q.code = 'missing_column'
                    or (q.code = 'missing_list' and q.list like 'list\_%' escape '\')
            ) as missing,
            count(*) filter (
                where q.code = 'missing_list' and q.list not like 'list\_%' escape '\'
            ) as not_supplied
        from dq_issues as q join scope as sc on sc.submission_id = q.submission_id
        where q.list is not null
        group by all
    ) as i on i.submission_id = l.submission_id and i.list = l.list
),

data_quality as (
    select
        submission_id,
        unnest([
            'dq_rows_loaded', 'dq_errors', 'dq_warnings', 'dq_unmapped_codes',
            'dq_unparseable_dates', 'dq_blank_child_ids', 'dq_duplicate_children',
            'dq_missing_lists', 'dq_other_lists_not_supplied'
        ]) as indicator,
        list as category,
        unnest([
            rows_loaded, errors, warnings, unmapped, bad_dates, blank_ids, duplicates, missing,
            not_supplied
        ]) as n,
        unnest([
            null, rows_loaded, rows_loaded, rows_loaded, rows_loaded, rows_loaded, rows_loaded,
            rows_loaded, rows_loaded
        ]) as d,
        cast(null as double) as value
    from dq_per_list
),

figures as (
    select * from volumes
    union all select * from demographics
    union all select * from front_door
    union all select * from child_protection
    union all select * from children_in_care
    union all select * from care_leavers
    union all select * from adoption_figures
    union all select * from data_quality
)

select
    sc.la_code,
    sc.submission_id,
    sc.ref_date,
    c.section_no,
    c.section,
    c.indicator,
    f.category,
    c.label,
    c.unit,
    coalesce(f.n, 0) as n,
    coalesce(f.d, case when c.unit = 'percent' then 0 end) as d,
    case
        when f.value is not null then cast(f.value as double)
        when c.unit = 'percent' then round(100.0 * f.n / nullif(f.d, 0), 1)
        when c.unit = 'count' then cast(coalesce(f.n, 0) as double)
    end as value,
    c.definition,
    c.reference,
    -- Categories with an order of their own (age bands, number of lists, adoption stages) carry
    -- it; others (null) are shown largest first.
    case c.indicator
        when 'children_by_age_band' then age_band_order(f.category)
        when 'children_on_several_lists' then try_cast(split_part(f.category, ' ', 1) as integer)
        when 'adoption_by_stage' then adoption_stage_order(f.category)
    end as category_order
from scope as sc
cross join catalogue as c
left join figures as f on f.submission_id = sc.submission_id and f.indicator = c.indicator;
