-- ref_code_alias: one row per (code list, folded spelling) -> official code.
-- Rule: DECISIONS.md 6: values map to the official Codes_used codes, with or without the 'a)'
-- prefix, any case, common variants. A spelling that would mean two codes is dropped, never
-- guessed. is_token marks a code's short form (C1, WBRI, RC1), which may also lead a longer value.
create or replace table ref_code_alias as
with folded as (
    select distinct
        code_list,
        code,
        kind,
        code_key(alias) as key
    from ref_code_source
    where code_key(alias) is not null
)

select
    code_list,
    key,
    any_value(code) as code,
    bool_or(kind = 'token') as is_token
from folded
group by code_list, key
having count(distinct code) = 1;
