-- ref_ilacs_framework: one row per ILACS framework version, from its first inspection date.
-- Rule: the same table as annexa/rules/ilacs_framework.py FRAMEWORKS (a test keeps the two equal):
-- a combined children-in-care-and-care-leavers judgement before 1 January 2023, a separate care
-- leavers judgement from then, and no overall effectiveness grade for inspections from 1 April
-- 2026 (never imputed). An inspection's framework is the one in force on its first day of
-- fieldwork; ref_ilacs_judgements.framework and ref_ofsted_outcomes.framework hold it.
create or replace view ref_ilacs_framework as
select
    *,
    lead(starts) over (order by starts) - 1 as ends
from (
    values
        ('ilacs_2018', date '2018-01-01', true, false, 'children in care and care leavers'),
        ('ilacs_2023', date '2023-01-01', true, true, 'children in care'),
        ('ilacs_2026', date '2026-04-01', false, true, 'children in care')
) as t (name, starts, overall_grade, care_leavers_judgement, in_care_judgement);
