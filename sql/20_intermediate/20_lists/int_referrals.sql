-- int_referrals(la, ref_date, edition, as_at): list 3 referrals (int_scope).
-- Grain: one row per source row (one per child is expected, 002 ¶260; all kept).
-- Rules: in_window when referrals_from <= referral_date <= ref (002 ¶258). is_nfa: "Referral
-- NFA?" is a) Yes. is_repeat: "Number of Referrals in Last 12 Months" counts the referrals that
-- started in the 12 months to the child's latest referral, this one included (template FAQ), so
-- 2 or more means the child was referred again within 12 months. is_latest: the child's most
-- recent referral on or before ref (¶260, docs/methodology/data.md D2).
-- unread_codes: the row's coded columns written with a value that is not a template code
-- (annexa/store/materialise.py), which the briefing counts apart from blanks.
create or replace macro int_referrals(la, ref_date, edition, as_at) as table
with rows as (
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
        r.referral_date,
        r.referral_source,
        src.code_group as source_group,
        r.referral_nfa,
        r.referral_nfa = 'a) Yes' as is_nfa,
        r.referrals_12m,
        r.referrals_12m >= 2 as is_repeat,
        r.team,
        r.worker,
        r.referral_date between sc.referrals_from and sc.ref_date as in_window,
        r.child_id is not null and coalesce(r.referral_date <= sc.ref_date, true) as is_current
    from int_scope(la, ref_date, edition, as_at) as sc
    join int_list_3_rows as r on r.submission_id = sc.submission_id
    left join ref_code as src on src.code_list = 'source' and src.code = r.referral_source
)

select
    rows.* exclude (is_current),
    rows.is_current and row_number() over (
        partition by rows.submission_id, rows.child_id, rows.is_current
        order by rows.referral_date desc nulls last, rows.row_number desc
    ) = 1 as is_latest
from rows;
