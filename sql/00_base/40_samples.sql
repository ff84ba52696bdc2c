-- Saved case samples: persistent tables written by `annexa sample --save` and the sample page
-- (annexa/services/sampling.py). They hold LA codes and child IDs, not submission rows, so they survive new
-- submissions and purges. Rules: docs/methodology/case-selection.md C5-C6; 002 ¶131-137, ¶267; 000
-- ¶37 ("record the case numbers of tracked and sampled cases so that these can be cross-referenced
-- in future visits").
-- sample_visits: one row per saved visit sample (the visit, the settings and seed that drew it).
-- sample_members: one row per child per role in a saved sample, with the reason it was chosen and
-- the child's characteristics when it was chosen (for sample_composition).

create sequence if not exists sample_visit_id_seq start 1;

create table if not exists sample_visits (
    visit_id integer primary key default nextval('sample_visit_id_seq'),
    la_code varchar not null,
    visit_type varchar not null,        -- 'standard' | 'short' | 'focused' | 'monitoring'
    visit_start date,                   -- first day on site, when known
    visit_end date,
    ref_date date not null,             -- the reference date the sample was drawn at
    submission_id integer,              -- the submission it was drawn from (may later be purged)
    as_at_date date,                    -- that submission's as-at date
    edition varchar not null,           -- 'ilacs-2018' | 'template-2019'
                                        -- (docs/methodology/windows.md W3)
    sampling_months integer not null,   -- docs/methodology/case-selection.md C1
    sibling_threshold integer not null, -- docs/methodology/case-selection.md C2
    tracked_size integer not null,      -- sizes asked for (docs/methodology/case-selection.md C5)
    audited_size integer not null,
    sampled_size integer not null,
    seed bigint not null,               -- with the settings, redraws the same sample
    exclude_seen boolean not null,
    settings varchar not null,          -- every setting as JSON, for the record
    saved_by varchar not null,
    saved_at timestamp not null default current_timestamp,
    note varchar
);

create table if not exists sample_members (
    visit_id integer not null,
    child_id varchar not null,
    role varchar not null,              -- 'tracked' | 'sampled' | 'audited' (002 ¶134-135, ¶267)
    pick_order integer not null,        -- 1 = chosen first, within the role
    reason varchar not null,            -- plain language, e.g. 'missing 3 times in 12 months; ...'
    gender varchar,                     -- the child's characteristics when chosen
    age_band varchar,
    disability varchar,
    ethnicity_group varchar,
    current_status varchar,
    journey_stage varchar,
    placement_group varchar,
    is_missing boolean,
    at_risk_of_exploitation boolean,
    large_sibling_group boolean,
    possible_delay boolean,
    out_of_area boolean,
    features varchar[],                 -- the sampler's coverage features, e.g. 'age band: 10-15'
    thresholds integer[],               -- ¶153 thresholds (1-10) the child's journey touches
    primary key (visit_id, child_id, role)
);
