-- int_care_leavers(la, ref_date, edition, as_at): list 9 care leavers (int_scope).
-- Grain: one row per source row (one per young person expected, 002 ¶260; all kept).
-- Rules: list 9 is a point-in-time list (receiving leaving care services at the point of
-- inspection, 002 ¶258), so every row is in the window. in_touch: "LA In Touch" a) Yes.
-- suitable_accommodation: a) Suitable. eet: activity in the template's second grouping a) EET
-- (F/P codes), neet: b) NEET (G codes). pathway_review_overdue: the latest pathway plan review
-- (newer list 9 column) is more than 6 months before ref (the Care Leavers (England) Regulations
-- 2010, reg 7: reviewed at intervals of not more than six months). is_latest: one row per young
-- person, the last listed (no event date to order by).
-- unread_codes: the row's coded columns written with a value that is not a template code
-- (annexa/store/materialise.py), which the briefing counts apart from blanks.
create or replace macro int_care_leavers(la, ref_date, edition, as_at) as table
select
    sc.la_code,
    sc.submission_id,
    sc.ref_date,
    r.child_id,
    r.sheet,
    r.row_number,
    r.gender,
    r.unread_codes,
    r.ethnicity,
    r.dob,
    r.age,
    r.disability,
    r.eligibility,
    r.in_touch,
    r.accommodation,
    r.accommodation_suitable,
    r.activity,
    act.code_group2 as activity_group,
    r.uasc,
    r.personal_adviser,
    r.pathway_plan_review_date,
    r.latest_contact_date,
    true as in_window,
    r.in_touch = 'a) Yes' as in_touch_yes,
    r.accommodation_suitable = 'a) Suitable' as suitable_accommodation,
    act.code_group2 = 'a) EET' as eet,
    act.code_group2 = 'b) NEET' as neet,
    r.pathway_plan_review_date < sc.ref_date - interval 6 month as pathway_review_overdue,
    r.child_id is not null and row_number() over (
        partition by r.submission_id, r.child_id order by r.row_number desc
    ) = 1 as is_latest
from int_scope(la, ref_date, edition, as_at) as sc
join int_list_9_rows as r on r.submission_id = sc.submission_id
left join ref_code as act on act.code_list = 'activity' and act.code = r.activity;
