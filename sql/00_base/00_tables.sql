-- Persistent tables written by ingest and by users (never rebuilt from source).
-- submissions: one row per loaded submission (an LA's Annex A as at a date). DECISIONS.md 1, 8.
-- dq_issues: one row per data-quality problem found in a submission (issue 2, item 5).

create sequence if not exists submission_id_seq start 1;

create table if not exists submissions (
    submission_id integer primary key default nextval('submission_id_seq'),
    la_code varchar not null,
    la_name varchar,
    region varchar,
    as_at_date date not null,
    as_at_source varchar not null,      -- 'given', 'front sheet' or 'inferred' (DECISIONS.md 1)
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
    message varchar not null
);

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

-- code_map: every distinct raw value of a coded column, mapped once to its official code (null
-- when it means none). Filled at ingest by ingest/reference.py with map_code() (DECISIONS.md 6),
-- so staging views look codes up with a join instead of re-deriving them on every query.
create table if not exists code_map (
    code_list varchar not null,
    raw varchar not null,
    code varchar,
    primary key (code_list, raw)
);

create table if not exists meta (
    key varchar primary key,
    value varchar
);
