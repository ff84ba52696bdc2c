-- upload/dq_issues: every data-quality problem of a submission, with the column's header as
-- written in the file and the value as written.
-- Grain: one row per line of dq_issues (a line can stand for several rows: row_count).
-- Parameters: submission_id, submission_id again (the same ID for the headers and the problems).
-- Rule: docs/data-quality.md ("Where a problem points"). The header as written comes from
-- list_columns where a check did not store it (cross_list).
select
    d.code,
    d.severity,
    d.list,
    d.sheet,
    d.row_number,
    d.column_name,
    coalesce(d.header, lc.header) as header,
    value_as_written(d.value) as value,
    d.message,
    coalesce(d.row_count, 1) as row_count,
    d.sample_rows
from dq_issues as d
left join (
    select list, sheet, column_name, min(header) as header
    from list_columns
    where submission_id = ?
    group by all
) as lc using (list, sheet, column_name)
where d.submission_id = ?
