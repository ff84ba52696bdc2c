-- int_la_directory: one row per LA code known to the database: in Ofsted's published LA lookup
-- (ref_la), its judgements file (ref_ilacs_judgements), an entered cycle event (la_events) or a
-- loaded Annex A (submissions). Gives each LA one name and one Ofsted region.
-- Rule (ours, where the seeds are silent): the published lookup wins, then the judgements file,
-- then the LA's latest submission (as Upload or `annexa ingest --la-name/--region` gave it). A
-- submission's region is matched to ref_region by Ofsted code, name or ONS code, in any case;
-- one that matches none keeps its text in region_as_loaded and has no region_code.
-- region: the region the pages list and filter the LA by: its Ofsted region code, else the
-- region as loaded (trimmed), so an LA loaded under another region name (the demo's "Fictional
-- Region") is found under that name rather than under no region at all; null when neither.
create or replace view int_la_directory as
with latest_submission as (
    select
        la_code,
        max_by(la_name, (as_at_date, loaded_at, submission_id)) as la_name,
        max_by(region, (as_at_date, loaded_at, submission_id)) as region
    from submissions
    group by la_code
),

submitted as (
    select
        s.la_code,
        s.la_name,
        s.region as region_as_loaded,
        r.region_code
    from latest_submission as s
    left join ref_region as r
        on lower(trim(s.region)) in (lower(r.region_code), lower(r.region_name), lower(r.rgn22cd))
),

codes as (
    select la_code from ref_la
    union
    select la_code from ref_ilacs_judgements
    union
    select la_code from la_events
    union
    select la_code from submissions
),

final as (
    select
        c.la_code,
        coalesce(l.la_name, j.la_name, s.la_name) as la_name,
        coalesce(l.region_code, j.region_code, s.region_code) as region_code,
        coalesce(l.region_name, r.region_name) as region_name,
        s.region_as_loaded,
        coalesce(l.region_code, j.region_code, s.region_code, nullif(trim(s.region_as_loaded), ''))
            as region,
        l.la_code is not null as in_published_lookup,
        j.la_code is not null as has_published_judgement,
        s.la_code is not null as has_submission,
        c.la_code in (select la_code from la_events) as has_events
    from codes as c
    left join ref_la as l on l.la_code = c.la_code
    left join ref_ilacs_judgements as j on j.la_code = c.la_code
    left join submitted as s on s.la_code = c.la_code
    left join ref_region as r on r.region_code = coalesce(l.region_code, j.region_code, s.region_code)
)

select * from final
