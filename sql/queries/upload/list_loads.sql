-- upload/list_loads: for each list of a submission, the rows read and loaded and the sheets
-- they came from.
-- Grain: one row per list supplied.
-- Parameters: submission_id.
-- Rule: no row is dropped: what could not be typed is kept and reported
-- (docs/methodology/data.md D7).
select
    list,
    sum(rows_read) as rows_read,
    sum(rows_loaded) as rows_loaded,
    string_agg(distinct sheet, ', ') as sheets
from list_loads
where submission_id = ?
group by list
