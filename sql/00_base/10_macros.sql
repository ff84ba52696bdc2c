-- Scalar macros that every staging view uses to type the raw text.
-- Grain: scalar. Rules: docs/methodology/data.md D1 (identity), D3 (codes), D6 (age), D7 (dates
-- read as text).

-- Excel's error values (#N/A, #REF! ...), whether the cell held a true error or the text: kept
-- as written in the raw tables, null once typed, and reported once as excel_error
-- (docs/data-quality.md, "Row checks added in issue 11"). Only text holding a '#' is looked at
-- closely, so typing every cell pays for one search.
-- (A pattern rather than an IN list: the optimiser turns a long IN list into a join run over
-- every row given to the expression, which a CASE or WHERE around it cannot then spare.)
create or replace macro is_excel_error(s) as
    case when contains(s, '#') then regexp_full_match(upper(trim(s)),
        '#(N/A|REF!|VALUE!|DIV/0!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA)') else false end;

-- Child IDs are text: trimmed, leading zeros kept, '1234.0' read as '1234'
-- (docs/methodology/data.md D1); an Excel error is no ID.
create or replace macro clean_id(s) as
    case when not is_excel_error(s) then
        nullif(regexp_replace(trim(replace(s, chr(160), ' ')), '^([0-9]+)\.0+$', '\1'), '')
    end;

-- Dates arrive as Excel datetimes rendered as text ('2024-03-05 00:00:00'), as UK text
-- ('05/03/2024') or as Excel serial numbers ('45356'). US-style or other text stays null and
-- is reported as unparseable_date, never guessed. Serials are accepted from 10000 (1927) to
-- 80000 (2119) so that a bare year or a small count is not read as a date.
create or replace macro parse_date(s) as
    case
        -- Real Excel dates arrive as 'YYYY-MM-DD 00:00:00': a cheap cast, 4x faster than
        -- trying every format, and still null for an impossible date such as 2025-02-30.
        when s like '____-__-__%' then try_cast(left(s, 10) as date)
        else coalesce(
            try_strptime(trim(s), [
                '%d/%m/%Y', '%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d-%m-%Y', '%d.%m.%Y',
                '%d/%m/%y', '%d %b %Y', '%d %B %Y', '%Y-%m-%d'
            ])::date,
            case
                when regexp_full_match(trim(s), '[0-9]{5}(\.[0-9]+)?')
                    and try_cast(trim(s) as double) between 10000 and 80000
                then date '1899-12-30' + cast(floor(try_cast(trim(s) as double)) as integer)
            end
        )
    end;

-- Whole numbers ('3', '3.0'); anything else (text, fractions, negatives, 'nan', 'inf', numbers
-- too big for the type) is null, so it is reported as invalid_number instead of stopping the load.
create or replace macro parse_int(s) as
    case
        when try_cast(trim(s) as double) = floor(try_cast(trim(s) as double))
            and try_cast(trim(s) as double) >= 0
        then try_cast(try_cast(trim(s) as double) as bigint)
    end;

-- Supplied age in whole years: fractions floored, '<1' and 'N months' are 0, -1 is unborn.
create or replace macro parse_age(s) as
    case
        when regexp_full_match(lower(trim(s)), '<\s*1|[0-9]{1,2}\s*months?') then 0
        when try_cast(trim(s) as double) >= -1
            then try_cast(floor(try_cast(trim(s) as double)) as integer)
    end;

-- Age at last birthday on a date (docs/methodology/data.md D6).
create or replace macro age_on(dob, on_date) as
    case when dob is not null and on_date is not null then
        date_diff('year', dob, on_date)
        - case when strftime(on_date, '%m%d') < strftime(dob, '%m%d') then 1 else 0 end
    end;

-- Blank-ish text that means "nothing here" in exported workbooks: '', 'n/a', 'nan', 'null',
-- 'none', '-', 'pd.na' (a pattern, like is_excel_error's). '#N/A' is not blank but an Excel error
-- (is_excel_error), reported as such rather than passed over.
create or replace macro is_blank(s) as
    s is null or regexp_full_match(lower(trim(s)), '(n/a|nan|null|none|-|pd\.na)?');

-- Free text: non-breaking spaces folded, trimmed, exporters' blanks ('nan') and Excel errors
-- ('#N/A') null.
create or replace macro clean_text(s) as
    case when not is_blank(s) and not is_excel_error(s)
        then nullif(trim(replace(s, chr(160), ' ')), '') end;

-- A cell as a report quotes it (the Upload page's "Value as written", dq_issue_groups): the
-- reader renders a real Excel date as '2025-05-01 00:00:00', which no analyst wrote or saw, so a
-- date is shown as Excel showed it, 01/05/2025 (with its time when it has one: 01/05/2025 14:30);
-- any other text exactly as written.
create or replace macro value_as_written(s) as
    case
        when s like '____-__-__ 00:00:00%'
            and regexp_full_match(s, '\d{4}-\d{2}-\d{2} 00:00:00(\.0+)?')
            and try_cast(left(s, 10) as date) is not null
            then strftime(cast(left(s, 10) as date), '%d/%m/%Y')
        when s like '____-__-__ __:__:__%'
            and regexp_full_match(s, '\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?')
            and try_cast(s as timestamp) is not null
            then strftime(try_cast(s as timestamp), '%d/%m/%Y %H:%M')
        else s
    end;
