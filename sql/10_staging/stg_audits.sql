-- stg_audits: LA audits (¶266), typed and code-normalised.
-- Grain: one row per source row of raw_audits (every submission).
-- Rules: dates parse_date (docs/methodology/data.md D7); codes from code_readings,
-- where ingest/codes/read.py read each distinct value once per submission and column
-- (docs/data-quality.md, "Code values"); IDs clean_id (docs/methodology/data.md D1).
-- A value that fails to type is null here and kept as written in
-- <column>__raw, so data-quality checks can report it.
-- Generated from ingest/spec/annex_a.toml by `python -m ingest.spec_sql`:
-- edit the spec, not this file.
create or replace view stg_audits as
select
    source.submission_id,
    source.source_file,
    source.sheet,
    source.row_number,
    source.audit_date as audit_date__raw,
    clean_id(source.child_id) as child_id,  -- id
    clean_text(source.audit_theme) as audit_theme,  -- text
    parse_date(source.audit_date) as audit_date  -- date
from raw_audits as source;
