-- la_upcoming_deadlines(as_at, n_wd, report_unit, mv_gap_months): one row per obligation date
-- that falls in the next n_wd working days after as_at (as_at itself included): a due date, or
-- a window opening (an APV window, the next monitoring visit, an inspection window).
-- Rules: those of la_cycle_obligations; working days per docs/methodology/timelines.md T1.
-- region: int_la_directory.region (the Ofsted region code, else the region as loaded).
create or replace macro la_upcoming_deadlines(
    as_at, n_wd := 10, report_unit := 'working', mv_gap_months := 4
) as table
with obligations as (
    select *
    from la_cycle_obligations(as_at, report_unit := report_unit, mv_gap_months := mv_gap_months)
    where status = 'open'
),

dates as (
    select
        la_code,
        sort_order,
        label,
        party,
        'due' as what,
        due_date as date,
        rule,
        paragraph
    from obligations

    union all

    select
        la_code,
        sort_order,
        label,
        party,
        'window opens' as what,
        window_start as date,
        rule,
        paragraph
    from obligations
    where window_start is not null
),

final as (
    select
        d.la_code,
        l.la_name,
        l.region_code,
        l.region,
        d.date,
        d.what,
        d.label,
        d.party,
        working_days_between(as_at, d.date) as working_days_remaining,
        d.rule,
        d.paragraph,
        d.sort_order
    from dates as d
    left join int_la_directory as l on l.la_code = d.la_code
    where d.date >= as_at and d.date <= add_working_days(as_at, n_wd)
)

select * from final
order by date, la_code, sort_order;
