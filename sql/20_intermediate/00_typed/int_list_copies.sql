-- int_list_copies: which (list, submission) pairs have a typed copy in int_<list>_rows, and
-- under which typing rules.
-- Grain: one row per list and submission typed. Materialised: a table, kept by
-- annexa/store/materialise.py: a copy whose typing_key (the schema version and the list) no
-- longer matches, or whose row count differs from the raw table's, is typed again.
create table if not exists int_list_copies (
    list varchar not null,
    submission_id integer not null,
    typing_key varchar not null,
    copied_at timestamp not null default current_timestamp
);
