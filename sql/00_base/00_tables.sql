-- Persistent tables written by ingest and by users (never rebuilt from source).
-- submissions: one row per loaded submission (an LA's Annex A as at a date);
-- docs/methodology/windows.md W1, W4.
-- dq_issues: one row per data-quality problem found in a submission (issue 2, item 5).

create sequence if not exists submission_id_seq start 1;

create table if not exists submissions (
    submission_id integer primary key default nextval('submission_id_seq'),
    la_code varchar not null,
    la_name varchar,
    region varchar,
    as_at_date date not null,
    as_at_source varchar not null,      -- 'given', 'front sheet' or 'inferred'
                                        -- (docs/methodology/windows.md W1)
    file_names varchar[] not null,
    sha256 varchar not null,            -- of the files' bytes, in name order: a reload is a no-op
    loaded_at timestamp not null default current_timestamp,
    rows_read integer,
    rows_loaded integer
);

create table if not exists dq_issues (
    submission_id integer not null,
    code varchar not null,              -- stable problem code, e.g. unparseable_date
    severity varchar not null,          -- 'error' | 'warning' | 'info'
    list varchar,                       -- list key: list_1 .. list_11, siblings, ...
    sheet varchar,
    row_number integer,                 -- the row in the sheet (1-based, as Excel shows it)
    column_name varchar,                -- canonical column
    header varchar,                     -- the column's header as written
    value varchar,                      -- the offending value as written
    message varchar not null,
    row_count integer,                  -- rows this line stands for (null: one, row_number)
    sample_rows integer[]               -- the first of those rows (null: just row_number)
);
-- Databases made before these columns existed gain them.
alter table dq_issues add column if not exists row_count integer;
alter table dq_issues add column if not exists sample_rows integer[];

create table if not exists list_loads (
    submission_id integer not null,
    list varchar not null,
    source_file varchar,
    sheet varchar,
    header_row integer,
    rows_read integer not null,         -- non-blank data rows in the sheet
    rows_loaded integer not null        -- rows stored in the raw table (all of them: none dropped)
);

-- list_columns: which header fed which canonical column, per submission and sheet, so every
-- problem can name the column as the LA wrote it.
create table if not exists list_columns (
    submission_id integer not null,
    list varchar not null,
    source_file varchar,
    sheet varchar,
    column_name varchar not null,
    header varchar,
    column_letter varchar
);

-- code_readings: how each distinct value of a coded column was read, per submission, list and
-- column (docs/data-quality.md, "Code values"). Filled at ingest by ingest/codes/read.py, so
-- staging views look codes up with a join. Per submission because a reading depends on the
-- submission's collection year (retired codes) and its LA's own mappings; per column because a
-- spelling can mean different things in two columns ("Offered and declined": offered yes,
-- accepted no).
create table if not exists code_readings (
    submission_id integer not null,
    list varchar not null,
    column_name varchar not null,
    raw varchar not null,               -- the value as written
    code varchar,                       -- the official code it means, or null
    code_group varchar,                 -- the code's group; for an ambiguous value whose
                                        -- candidates share one group, that group
    status varchar not null,            -- exact | variant | la_mapping | conflict | ambiguous |
                                        -- retired | not_yet_valid | unmapped
    candidates varchar[],               -- the codes a conflict or an ambiguous value names
    note varchar,                       -- how it was read, in words
    primary key (submission_id, list, column_name, raw)
);
-- The earlier shape, keyed by code list and spelling alone; its rows are rebuilt as readings.
drop table if exists code_map;

-- la_code_mappings: an LA's own spellings for a coded column (annexa mappings, Upload page),
-- applied before every other rule when that LA's submissions are read (docs/data-quality.md).
create table if not exists la_code_mappings (
    la_code varchar not null,
    list varchar not null,
    column_name varchar not null,
    spelling varchar not null,          -- as the LA writes it; matched case- and space-blind
    code varchar not null,              -- an official code of the column's code list
    added_at timestamp not null default current_timestamp,
    primary key (la_code, list, column_name, spelling)
);

create table if not exists meta (
    key varchar primary key,
    value varchar
);
