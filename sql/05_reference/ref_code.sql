-- ref_code: one row per official code, with the template's Detail and Grouped columns.
-- Source: ../shared/reference/annex_a_template_2019.xlsx, sheet Codes_used (via the spec).
create or replace table ref_code as
select distinct
    code_list,
    code,
    code_group,
    code_group2,
    sort_order
from ref_code_source;
