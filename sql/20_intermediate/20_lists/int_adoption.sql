-- int_adoption(la, ref_date, edition, as_at): list 10 adoption (int_scope).
-- Grain: one row per source row (one per child expected, 002 ¶260; all kept).
-- Rules: dates after ref are treated as not yet happened. stage: the furthest step reached by
-- ref: 'reversed' (decision that the child should no longer be placed), 'adopted' (adoption
-- order), 'placed', 'matched', 'placement order', 'decision' (ADM decision), else null.
-- in_window (002 ¶258; docs/methodology/windows.md W3): adopted or reversed in [adoption_from,
-- ref], or waiting at ref (decision made, neither adopted nor reversed).
-- Timeliness, in calendar days: days_care_to_placed (entered care -> placed for adoption) and
-- days_order_to_match (placement order -> matched); the DfE adoption scorecard measures these
-- (A1, A2). placed_before_care / matched_before_order: the later date comes first (a data
-- error, the interval negative); the briefing leaves such a child out of the mean and median
-- (a negative number of days would pull the mean down). waiting_for_match_6m: a placement order at least 6 months before ref and no match,
-- adoption or reversal by ref (¶151 possible delay). is_latest: the child's most recent decision
-- on or before ref (docs/methodology/data.md D2).
-- unread_codes: the row's coded columns written with a value that is not a template code
-- (annexa/store/materialise.py), which the briefing counts apart from blanks.
create or replace macro int_adoption(la, ref_date, edition, as_at) as table
with rows as (
    select
        sc.la_code,
        sc.submission_id,
        sc.ref_date,
        sc.adoption_from,
        r.child_id,
        r.sheet,
        r.row_number,
        r.family_id,
        r.gender,
        r.unread_codes,
        r.ethnicity,
        r.dob,
        r.age,
        r.disability,
        r.care_start_date,
        r.adm_decision_date,
        r.placement_order_date,
        r.matched_date,
        r.placed_date,
        r.adoption_order_date,
        r.reversal_date,
        r.reversal_reason,
        r.ffa_date,
        coalesce(r.adoption_order_date <= sc.ref_date, false) as adopted,
        coalesce(r.reversal_date <= sc.ref_date, false) as reversed,
        r.child_id is not null
            and coalesce(r.adm_decision_date <= sc.ref_date, true) as is_current
    from int_scope(la, ref_date, edition, as_at) as sc
    join int_list_10_rows as r on r.submission_id = sc.submission_id
)

select
    rows.* exclude (is_current, adoption_from),
    case
        when rows.reversed then 'reversed'
        when rows.adopted then 'adopted'
        when rows.placed_date <= rows.ref_date then 'placed'
        when rows.matched_date <= rows.ref_date then 'matched'
        when rows.placement_order_date <= rows.ref_date then 'placement order'
        when rows.adm_decision_date <= rows.ref_date then 'decision'
    end as stage,
    coalesce(rows.adoption_order_date between rows.adoption_from and rows.ref_date, false)
        or coalesce(rows.reversal_date between rows.adoption_from and rows.ref_date, false)
        or (coalesce(rows.adm_decision_date <= rows.ref_date, false)
            and not rows.adopted and not rows.reversed) as in_window,
    case
        when rows.placed_date <= rows.ref_date then rows.placed_date - rows.care_start_date
    end as days_care_to_placed,
    case
        when rows.matched_date <= rows.ref_date
            then rows.matched_date - rows.placement_order_date
    end as days_order_to_match,
    coalesce(rows.placed_date <= rows.ref_date and rows.placed_date < rows.care_start_date,
        false) as placed_before_care,
    coalesce(rows.matched_date <= rows.ref_date
        and rows.matched_date < rows.placement_order_date, false) as matched_before_order,
    coalesce(rows.placement_order_date <= rows.ref_date - interval 6 month, false)
        and coalesce(rows.matched_date > rows.ref_date, true)
        and not rows.adopted and not rows.reversed as waiting_for_match_6m,
    rows.is_current and row_number() over (
        partition by rows.submission_id, rows.child_id, rows.is_current
        order by rows.adm_decision_date desc nulls last, rows.row_number desc
    ) = 1 as is_latest
from rows;
