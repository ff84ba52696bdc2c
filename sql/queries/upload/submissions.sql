-- upload/submissions: every submission loaded, newest load first, with its files, its counts
-- of errors and warnings, and whether it is its LA's current submission.
-- Grain: one row per submission.
-- Parameters: none.
-- Rule: severities as docs/data-quality.md ("Severities"); is_current as the analysis chooses
-- (int_current_submissions, docs/methodology/windows.md W4). The page filters the rows to the
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
    count(d.code) filter (where d.severity = 'warning') as warnings,
    any_value(c.submission_id) is not null as is_current
from submissions as s
left join dq_issues as d using (submission_id)
left join int_current_submissions(null, null) as c using (submission_id)
group by all
order by s.loaded_at desc
