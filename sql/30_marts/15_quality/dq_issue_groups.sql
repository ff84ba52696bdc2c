-- dq_issue_groups: the data-quality report an analyst reads in a minute (issue 11 point 5;
-- docs/data-quality.md, "How problems are grouped").
-- Grain: one row per submission x code x severity x list x sheet x column x value (null values
-- and columns group together), e.g. every row of List 3 whose 'Date of referral' is 'next week'.
-- value is kept only for codes whose value names the problem (ref_dq_code.by_value): a child's ID
-- (duplicate_child, cross_list), a date after the as-at date or an age is the row's own, so those
-- lines group by column alone (value null; example_message quotes one), and the report has one
-- line for 40 future dates in a column, not 40.
-- Rules:
-- - n_rows = the rows the lines stand for: sum(coalesce(row_count, 1)); n_lines = the lines.
-- - A line's rows are sample_rows, else its row_number. cells lists the first three of the
--   group's rows, sorted, Excel style: List_3!G15, G18, G40 and 37 more. The column letter comes
--   from list_columns, only for codes whose rows are cells of their column
--   (ref_dq_code.in_column); otherwise rows alone: List_3 rows 15, 18. A sheet name other than
--   letters, digits and underscores (or one that reads as a cell, like A1) is quoted as Excel
--   quotes it: 'List 3'!G15 ('' inside for an apostrophe). No row: the sheet alone; no sheet:
--   null.
-- - title, what_to_do: ref_dq_code (the code itself when a code is not there yet).
-- - example_message: the message of the group's first row (its only message for one line);
--   same_message: every line of the group has that message (one spelling, one column).
-- - sort_order, per submission: errors, then warnings, then info; then list order (list_1 ..
--   list_11, siblings, missing_exploitation, audits, then problems of no list), sheet, column
--   (by its position: A .. Z, AA ..; lines of no column first), code, value.
-- value is as written, but a real Excel date reads as a date, 01/05/2025, not as the reader's
-- '2025-05-01 00:00:00' (value_as_written).
-- Values are child data: the view is for the analyst's own report (the Upload page, --report-json).
create or replace view dq_issue_groups as
with letters as (
    -- One letter per column and sheet, even when two files of a submission had the same sheet.
    select
        submission_id,
        list,
        sheet,
        column_name,
        min(column_letter) as column_letter,
        min(header) as header
    from list_columns
    group by submission_id, list, sheet, column_name
),

lines as (
    select
        d.* replace (
            case when coalesce(r.by_value, true) then value_as_written(d.value) end as value
        ),
        coalesce(d.row_count, 1) as n,
        coalesce(d.sample_rows, case when d.row_number is not null then [d.row_number] end)
            as line_rows
    from dq_issues as d
    left join ref_dq_code as r on d.code = r.code
),

grouped as (
    select
        submission_id,
        code,
        severity,
        list,
        sheet,
        column_name,
        value,
        cast(sum(n) as bigint) as n_rows,
        count(*) as n_lines,
        max(header) as header,
        list_sort(list_distinct(flatten(list(line_rows) filter (where line_rows is not null))))
            as all_rows,
        arg_min(message, coalesce(row_number, 0)) as example_message,
        count(distinct message) = 1 as same_message
    from lines
    group by submission_id, code, severity, list, sheet, column_name, value
),

described as (
    select
        g.*,
        coalesce(g.header, l.header) as header_as_written,
        case when coalesce(r.in_column, true) then l.column_letter end as column_letter,
        l.column_letter as column_position,
        coalesce(r.title, g.code) as title,
        r.what_to_do,
        r.category,
        coalesce(g.all_rows[1:3], []) as shown_rows,
        case
            when g.sheet is null then null
            when regexp_full_match(g.sheet, '[A-Za-z_][A-Za-z0-9_]*')
                and not regexp_full_match(g.sheet, '([A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc][0-9]*)')
                then g.sheet
            else '''' || replace(g.sheet, '''', '''''') || ''''
        end as sheet_ref,
        case g.severity when 'error' then 0 when 'warning' then 1 when 'info' then 2 else 3 end
            as severity_rank,
        coalesce(
            try_cast(regexp_extract(g.list, '^list_([0-9]+)$', 1) as integer),
            case
                when g.list is null then 99
                when g.list = 'siblings' then 12
                when g.list = 'missing_exploitation' then 13
                when g.list = 'audits' then 14
                else 15
            end
        ) as list_rank
    from grouped as g
    left join letters as l
        on
            g.submission_id = l.submission_id
            and g.list = l.list
            and g.sheet = l.sheet
            and g.column_name = l.column_name
    left join ref_dq_code as r on g.code = r.code
),

referenced as (
    select
        *,
        greatest(n_rows - len(shown_rows), 0) as more_rows,
        case
            when sheet_ref is null then null
            when len(shown_rows) = 0 then sheet_ref
            when column_letter is not null
                then sheet_ref || '!' || array_to_string(
                    list_transform(shown_rows, lambda r: column_letter || r), ', ')
            else sheet_ref || ' row' || case when n_rows > 1 then 's' else '' end || ' '
                || array_to_string(shown_rows, ', ')
        end as cell_list
    from described
)

select
    submission_id,
    row_number() over (
        partition by submission_id
        order by
            severity_rank, list_rank, list, sheet nulls first, column_name is not null,
            len(column_position), column_position, column_name, code, value nulls first
    ) as sort_order,
    severity,
    code,
    title,
    category,
    list,
    sheet,
    column_name,
    column_letter,
    header_as_written as header,
    value,
    n_rows,
    n_lines,
    shown_rows as first_rows,
    case
        when cell_list is not null and more_rows > 0 and len(shown_rows) > 0
            then cell_list || ' and ' || more_rows || ' more'
        else cell_list
    end as cells,
    what_to_do,
    example_message,
    same_message
from referenced;
