-- Published statistics for national comparisons, filled by `annexa reference import`
-- (annexa/services/reference.py, catalogue in annexa/services/reference_sources.py) from the
-- reference folder's dfe/ files. Persistent, so a rebuild keeps them. Public England-, region- and
-- LA-level figures only: nothing here is about a child (docs/methodology/privacy.md P5).
-- Rules: a suppression symbol (c k z x : low u) or a blank is a null value with its reason, never
-- zero; time_period 2025 is the year ending 31 March 2025 (ONS population: 30 June 2025); each
-- family is replaced only when its file was read, so a missing or malformed file keeps the rows of
-- the last good import (ref_reference_files says so).

-- ref_published: one row per measure x area x year (grain: measure, geography_level, area_code,
-- time_period). geography_level is 'england', 'region' (the nine ONS regions), 'sub_region'
-- (Inner and Outer London, as DfE publishes them) or 'la'.
create table if not exists ref_published (
    measure varchar not null,           -- stable name (ref_published_measures)
    family varchar not null,            -- the file it comes from (ref_reference_files)
    time_period integer not null,       -- EES time_period: the year ending 31 March
    period_end date not null,           -- 31 March of time_period
    period varchar not null,            -- 'at 31 March 2025' (a stock) | 'year to 31 March 2025'
    geography_level varchar not null,   -- england | region | sub_region | la
    area_code varchar,                  -- ONS code of the row's area (E92, E12, E13, E06-E10)
    area_name varchar,
    la_code varchar,                    -- 3-digit old_la_code, the code Annex A users know
    new_la_code varchar,                -- ONS code of the LA
    la_name varchar,
    region_code varchar,                -- ONS region (E12) the area is in; London for E13 rows
    region_name varchar,
    value double,                       -- null when suppressed or blank
    suppression_symbol varchar,         -- as published: c k z x : low u, or '' for a blank
    suppression varchar,                -- the symbol's meaning; null when there is a value
    derivation varchar not null,        -- 'published' | 'computed' (rates per 10,000 we derive)
    source_file varchar,
    source_publication varchar,
    publication_date date,              -- null when not recorded for this data year
    imported_at timestamp
);

-- ref_published_measures: one row per measure: its unit, period and what it counts.
create table if not exists ref_published_measures (
    measure varchar primary key,
    family varchar not null,
    unit varchar not null,              -- count | percent | rate per 10,000 children aged 0-17 | months
    period_kind varchar not null,       -- 'at' (stock on 31 March) | 'year to' (flow over the year)
    counts varchar not null,            -- what it counts, in the publication's terms
    source_column varchar,              -- the published column (and breakdown) it is read from
    derivation varchar not null,        -- 'published' | 'computed'
    geography varchar
);

-- ref_population: one row per area x mid-year: ONS children aged 0-17 at 30 June of `year`, the
-- denominator of every rate per 10,000 (DfE's rates for the year to 31 March Y use mid-(Y-1)).
create table if not exists ref_population (
    year integer not null,
    mid_year date not null,             -- 30 June of year
    geography_level varchar not null,   -- england | region | sub_region | la
    area_code varchar,
    area_name varchar,
    la_code varchar,
    new_la_code varchar,
    la_name varchar,
    region_code varchar,
    region_name varchar,
    population_0_17 double,             -- null when suppressed ('x': the LA did not exist)
    suppression_symbol varchar,
    suppression varchar,
    source_file varchar,
    source_publication varchar,
    publication_date date,
    imported_at timestamp
);

-- ref_stat_neighbours: one row per LA x neighbour (10 per LA), DfE's 2025 model.
create table if not exists ref_stat_neighbours (
    model varchar not null,             -- e.g. '2025', from the file name sn_model_2025_wide.csv
    la_code varchar not null,
    la_name varchar,
    region_name varchar,                -- as the model publishes it
    neighbour_rank integer not null,    -- 1 = closest
    neighbour_la_code varchar not null,
    closeness varchar,                  -- Extremely close | Very close | Close | Somewhat close | Not close
    source_file varchar,
    source_publication varchar,
    imported_at timestamp
);

-- ref_census_ethnicity: one row per area x ethnic group (Census 2021 TS021, 19 groups; the
-- 'Does not apply' row and Wales are left out). `population_basis` says whom it counts: TS021 is
-- all usual residents, not children, and the import checks the file against the 0-17 estimate.
create table if not exists ref_census_ethnicity (
    geography_level varchar not null,   -- england | region | la
    area_code varchar not null,
    area_name varchar,
    la_code varchar,                    -- 3-digit code, where the ONS code maps to one
    ethnic_group_code integer not null,
    ethnic_group varchar not null,      -- as published, e.g. 'Asian, Asian British or Asian Welsh: Indian'
    ethnic_group_broad varchar,         -- the part before ':' (White, Mixed..., Asian..., Black..., Other...)
    population double,
    population_basis varchar,           -- 'all usual residents (all ages)' | 'children aged 0-17'
    source_file varchar,
    source_publication varchar,
    publication_date date,
    imported_at timestamp
);

-- ref_ofsted_outcomes: one row per ILACS inspection in Ofsted's official history table (as at the
-- snapshot date), with the grades as published and the framework it was made under.
create table if not exists ref_ofsted_outcomes (
    la_code varchar,                    -- 3-digit code mapped from the ONS code (ref_la_codes)
    ons_code varchar not null,
    la_name varchar,
    la_status varchar,                  -- 'Current' | 'No longer exists'
    ofsted_region varchar,              -- as published, e.g. 'North East, Yorkshire and the Humber'
    inspection_type varchar,            -- 'standard' | 'short'
    inspection_date date,               -- first day of fieldwork
    publication_date date,
    overall_grade varchar,
    leaders_grade varchar,
    help_and_protection_grade varchar,
    in_care_grade varchar,              -- before 2023: children in care and care leavers
    care_leavers_grade varchar,         -- null when the framework gives none
    framework varchar,                  -- ref_ilacs_framework.name
    latest_at_snapshot boolean,         -- the LA's row in 'Inspections as at 31 March'
    snapshot_as_at date,                -- inspections as at this date ...
    reports_published_by date,          -- ... with a report published by this date
    source_file varchar,
    source_publication varchar,
    publication_date_of_statistics date,
    imported_at timestamp
);

-- ref_reference_files: one row per family: the file read, its state at the last import, its
-- publication and data years. status: loaded | missing | malformed | kept (this import could not
-- read it; the rows of the previous import stay and `message` says why).
create table if not exists ref_reference_files (
    family varchar primary key,
    label varchar,
    source_file varchar,
    status varchar not null,
    message varchar,
    rows_loaded bigint,
    first_year integer,
    last_year integer,
    latest_period varchar,              -- e.g. 'year to 31 March 2025'
    latest_period_end date,
    source_publication varchar,
    publication_date date,
    file_modified timestamp,
    loaded_at timestamp,                -- when its rows were last replaced
    checked_at timestamp                -- when an import last looked for it
);

-- ref_reference_issues: one row per problem the last `annexa reference import` found in a file.
create table if not exists ref_reference_issues (
    family varchar not null,
    source_file varchar,
    severity varchar not null,          -- 'error' (file not read), 'warning', 'info'
    message varchar not null,
    imported_at timestamp
);
