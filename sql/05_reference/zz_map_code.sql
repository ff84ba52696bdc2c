-- map_code(list, raw): the official code a raw value means, or null when it means none.
-- Grain: scalar. Rule: DECISIONS.md 6. The whole value first (with and without a letter prefix);
-- then a code's token as the value's first word ("C1 - Interim care order", "(RD1) ...",
-- "WBRI - White British (101)"). Tokens match whole words only, so E1 never matches E11.
create or replace macro map_code(list_name, raw) as coalesce(
    (select a.code from ref_code_alias as a
     where a.code_list = list_name and a.key = code_key(raw)),
    (select a.code from ref_code_alias as a
     where a.code_list = list_name and a.key = code_fold(raw)),
    (select a.code from ref_code_alias as a
     where a.code_list = list_name and a.is_token
       and a.key = split_part(code_fold(raw), ' ', 1)),
    (select a.code from ref_code_alias as a
     where a.code_list = list_name and a.is_token
       and a.key = split_part(code_key(raw), ' ', 1))
);
