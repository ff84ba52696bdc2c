-- upload/submissions: every submission loaded, newest load first, with its files and its counts
-- of errors and warnings.
-- Grain: one row per submission.
-- Parameters: none.
-- Rule: severities as docs/data-quality.md ("Severities"). The page filters the rows to the
-- signed-in user's LAs.
select
    s.submission_id,
    s.la_code,
    s.la_name,
    s.region,
    s.as_at_date,
    s.as_at_source,
    array_to_string(s.file_names, ', ') as files,
    s.loaded_at,
    s.rows_loaded,
    count(d.code) filter (where d.severity = 'error') as errors,
    count(d.code) filter (where d.severity = 'warning') as warnings
from submissions as s
left join dq_issues as d using (submission_id)
group by all
order by s.loaded_at desc
