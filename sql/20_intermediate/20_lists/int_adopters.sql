-- int_adopters(la, ref_date, edition, as_at): list 11 adopters (int_scope). Adopters are adults,
-- not children, and are never joined to the children (docs/methodology/data.md D1).
-- Grain: one row per source row (one per adopter; a couple is two rows).
-- Rules: in_window when the adopter was in the process at any time in [adopters_from, ref]:
-- enquiry on or before ref, and not left or adopted before adopters_from (002 ¶258 list 11
-- (a)-(c), read as overlap with the 12 months). approved: approval on or before ref; matched and
-- placed likewise.
create or replace macro int_adopters(la, ref_date, edition, as_at) as table
select
    sc.la_code,
    sc.submission_id,
    sc.ref_date,
    r.adopter_id,
    r.sheet,
    r.row_number,
    r.family_id,
    r.gender,
    r.ethnicity,
    r.disability,
    r.ffa,
    r.enquiry_date,
    r.stage1_start_date,
    r.stage1_end_date,
    r.stage2_start_date,
    r.stage2_end_date,
    r.application_date,
    r.approval_date,
    r.matched_date,
    r.placed_date,
    r.children_placed,
    r.adoption_order_date,
    r.left_process_date,
    r.left_process_reason,
    r.enquiry_date <= sc.ref_date
        and coalesce(least(r.left_process_date, r.adoption_order_date) >= sc.adopters_from, true)
        as in_window,
    coalesce(r.approval_date <= sc.ref_date, false) as approved,
    coalesce(r.matched_date <= sc.ref_date, false) as matched,
    coalesce(r.placed_date <= sc.ref_date, false) as placed
from int_scope(la, ref_date, edition, as_at) as sc
join int_list_11_rows as r on r.submission_id = sc.submission_id;
