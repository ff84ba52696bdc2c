-- briefing_windows(la, ref_date, edition, as_at): the window every briefing figure is counted in,
-- as dates, so each figure on the page and in the download states its window.
-- Parameters as int_scope (null ref_date = the submission's as-at date; edition sets the windows).
-- Grain: one row per LA x window: list_1 .. list_11 and audits (each list's window,
-- docs/methodology/windows.md W2-W3), at_ref (a count at the reference date), last_12_months (the
-- 12 months to ref), any_list (each list's own window: children on any list), submission (the whole
-- submission: load log and data quality, which ref does not change).
-- Columns: window_key, label (plain words with the dates), months (null when not a period),
-- from_date and to_date (null when not a period; to_date is ref), includes and reference (from
-- int_list_windows for the lists).
-- Rule: windows are inclusive calendar months, from_date = ref - months (int_scope,
-- docs/methodology/windows.md W2); list 9 is a point-in-time list (0 months), so it reads as
-- at_ref.
create or replace macro briefing_windows(
    la,
    ref_date := null,
    edition := 'ilacs-2018',
    as_at := null
) as table
with scope as (select * from int_scope(la, ref_date, edition, as_at)),

lists as (
    select
        sc.la_code,
        sc.submission_id,
        sc.ref_date as ref_day,
        w.list_key as window_key,
        w.months,
        case w.list_key
            when 'list_1' then sc.contacts_from
            when 'list_2' then sc.early_help_from
            when 'list_3' then sc.referrals_from
            when 'list_4' then sc.assessments_from
            when 'list_5' then sc.s47_from
            when 'list_6' then sc.cin_from
            when 'list_7' then sc.cp_from
            when 'list_8' then sc.cla_from
            when 'list_10' then sc.adoption_from
            when 'list_11' then sc.adopters_from
            when 'audits' then sc.audits_from
        end as from_date,
        w.includes,
        w.reference
    from scope as sc
    join int_list_windows as w on w.edition = sc.edition
)

select
    l.la_code,
    l.submission_id,
    l.ref_day as ref_date,
    l.window_key,
    case
        when l.from_date is null then 'at ' || strftime(l.ref_day, '%d/%m/%Y')
        else strftime(l.from_date, '%d/%m/%Y') || ' to ' || strftime(l.ref_day, '%d/%m/%Y')
            || ' (' || l.months || ' months)'
    end as label,
    case when l.from_date is not null then l.months end as months,
    l.from_date,
    case when l.from_date is not null then l.ref_day end as to_date,
    l.includes,
    l.reference
from lists as l
union all
select
    sc.la_code,
    sc.submission_id,
    sc.ref_date,
    x.window_key,
    case x.window_key
        when 'at_ref' then 'at ' || strftime(sc.ref_date, '%d/%m/%Y')
        when 'last_12_months' then strftime(sc.year_before, '%d/%m/%Y') || ' to '
            || strftime(sc.ref_date, '%d/%m/%Y') || ' (12 months)'
        when 'any_list' then 'each list''s own window, to ' || strftime(sc.ref_date, '%d/%m/%Y')
        else 'the whole submission (as at ' || strftime(sc.as_at_date, '%d/%m/%Y') || ')'
    end,
    case when x.window_key = 'last_12_months' then 12 end,
    case when x.window_key = 'last_12_months' then sc.year_before end,
    case when x.window_key = 'last_12_months' then sc.ref_date end,
    x.includes,
    x.reference
from scope as sc
cross join (
    values
        ('at_ref', 'a count at the reference date', 'ILACS ¶258'),
        ('last_12_months', 'events in the 12 months to the reference date', 'ILACS ¶258'),
        ('any_list', 'children with a row in the window of any of lists 1-10', 'ILACS ¶259'),
        ('submission', 'every row loaded, whatever its date', 'the submission as loaded')
) as x (window_key, includes, reference);
