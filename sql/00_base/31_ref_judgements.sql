-- Reference tables filled by `annexa import-judgements` (annexa/services/judgements.py); persistent, so a
-- rebuild keeps them. Public LA-level data only (docs/methodology/privacy.md P5).
-- ref_ilacs_judgements: one row per LA, its latest published ILACS judgement (snapshot 2026-06).
-- ref_la: one row per LA code in the lookup, with the documented region errors fixed.
-- ref_import_issues: one row per problem found (or fixed) by the last import.
-- Grades are 'outstanding', 'good', 'requires improvement', 'inadequate' or null (002 ¶96-97);
-- null also where the inspection's framework gives no such judgement (ref_ilacs_framework).

create table if not exists ref_ilacs_judgements (
    la_code varchar primary key,
    la_name varchar,
    region_code varchar,                -- Ofsted region code: NE NW YH EM WM E GL SE SW
    urn varchar,
    inspection_type varchar,            -- 'standard' | 'short' | null (missing in the source)
    inspection_start_date date,         -- source dd/mm/yyyy
    inspection_end_date date,           -- source dd/mm/yyyy
    publication_date date,              -- source dd/mm/yy
    overall_grade varchar,
    leaders_grade varchar,
    help_and_protection_grade varchar,
    in_care_grade varchar,
    care_leavers_grade varchar,         -- null when the inspection predates the separate judgement
    report_url varchar,
    source_file varchar,
    imported_at timestamp,
    framework varchar                   -- ref_ilacs_framework.name of the inspection's framework
);
-- A database made before the framework was recorded gains the column (null until re-imported).
alter table ref_ilacs_judgements add column if not exists framework varchar;

create table if not exists ref_la (
    la_code varchar primary key,
    la_name varchar,
    ons_code varchar,                   -- e.g. E08000016
    region_code varchar,                -- Ofsted region code, derived from the region's name
    region_name varchar,
    rgn22cd varchar,                    -- ONS region code, derived from the region's name
    la_type varchar,
    population_0_25 integer,
    stat_neighbours varchar,            -- comma-separated LA codes, as published
    has_judgement boolean,
    source_file varchar,
    imported_at timestamp
);

create table if not exists ref_import_issues (
    source varchar not null,            -- 'judgements' | 'lookup'
    la_code varchar,
    field varchar,
    value varchar,                      -- the value as written in the file
    severity varchar not null,          -- 'error' (row dropped), 'warning', 'fixed', 'info'
    message varchar not null,
    imported_at timestamp
);
