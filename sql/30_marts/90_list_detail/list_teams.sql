-- list_teams(la, ref_date, edition, list_key, as_at): the children in one list's window by the
-- team and the worker allocated to them, for the lists that carry "Allocated Team" and
-- "Allocated Worker" (lists 3-9; docs/methodology/lists.md L4).
-- Parameters as list_detail_rows (la, ref_date, edition, list_key, as_at).
-- Grain: one row per LA x level x team (level 'team') and per LA x team x worker (level
-- 'worker'); no rows for a list without the columns.
-- Columns: level, team, worker (null on team rows), children, workers (team rows: the different
-- workers recorded for the team's children), total (the children in the window), pct (100
-- children / total, one decimal place), small_base (total under 10, L7).
-- Rule (L4): each child in the window is counted once, under the team and worker of their most
-- recent row in the window (list_detail_rows.latest_in_window), so the teams add up to the
-- children in the window, and so do the workers. Team and worker are as supplied, trimmed; a
-- blank is 'not recorded'. Workers are named by the ID or name the LA supplied: staff, not
-- children; no child is named.
create or replace macro list_teams(la, ref_date, edition, list_key, as_at := null) as table
with allocated as (
    select
        r.la_code,
        r.submission_id,
        r.ref_date,
        coalesce(nullif(trim(r.team), ''), 'not recorded') as team,
        coalesce(nullif(trim(r.worker), ''), 'not recorded') as worker
    from list_detail_rows(la, ref_date, edition, list_key, as_at := as_at) as r
    join list_detail_catalogue as c on c.list_key = r.list_key
    where r.latest_in_window and c.has_team_worker
),

totals as (
    select a.submission_id, count(*) as total from allocated as a group by all
),

teams as (
    select
        a.la_code,
        a.submission_id,
        a.ref_date,
        'team' as level,
        a.team,
        cast(null as varchar) as worker,
        count(*) as children,
        count(distinct a.worker) filter (where a.worker <> 'not recorded') as workers
    from allocated as a
    group by all
    union all
    select
        a.la_code,
        a.submission_id,
        a.ref_date,
        'worker',
        a.team,
        a.worker,
        count(*),
        null
    from allocated as a
    group by all
)

select
    t.la_code,
    t.submission_id,
    t.ref_date,
    t.level,
    t.team,
    t.worker,
    t.children,
    t.workers,
    tt.total,
    round(100.0 * t.children / tt.total, 1) as pct,
    tt.total < 10 as small_base
from teams as t
join totals as tt on tt.submission_id = t.submission_id
order by t.la_code, t.level, t.team = 'not recorded', t.children desc, t.team, t.worker;
