-- list_detail_catalogue: what the "Lists in detail" page can show for each of lists 1-11, from the
-- columns each list has in the template (ingest/spec/annex_a.toml) and the int_<list> macros.
-- Grain: one row per list (list_1 .. list_11).
-- Columns: unit (whom the list counts: children, or adopters for list 11, docs/methodology/data.md
-- D1); start_event and start_date_name (the date a row starts on, counted by list_monthly; null
-- for list 9, a point-in-time list with no start date); has_age (a date of birth or age:
-- not list 11); has_disability (lists 4-11); has_team_worker ("Allocated Team" and "Allocated
-- Worker": lists 3-9).
-- Rule: docs/methodology/lists.md L1 (the lists and their dates), L4 (teams and workers).
create or replace view list_detail_catalogue as
select *
from (
    values
        ('list_1', 1, 'children', 'contacts', 'contact date', true, false, false),
        ('list_2', 2, 'children', 'early help assessments started', 'assessment start date',
         true, false, false),
        ('list_3', 3, 'children', 'referrals', 'referral date', true, false, true),
        ('list_4', 4, 'children', 'assessments started', 'assessment start date', true, true,
         true),
        ('list_5', 5, 'children', 'section 47 enquiries started',
         'strategy discussion date (the enquiry''s start)', true, true, true),
        ('list_6', 6, 'children', 'children in need episodes started', 'CIN start date', true,
         true, true),
        ('list_7', 7, 'children', 'child protection plans started', 'plan start date', true,
         true, true),
        ('list_8', 8, 'children', 'periods of care started',
         'date started to be looked after', true, true, true),
        ('list_9', 9, 'children', null, null, true, true, true),
        ('list_10', 10, 'children', 'decisions that the child should be placed for adoption',
         'date of the decision (ADM)', true, true, false),
        ('list_11', 11, 'adopters', 'adoption enquiries', 'date of the enquiry', false, true,
         false)
) as t (
    list_key, list_no, unit, start_event, start_date_name, has_age, has_disability,
    has_team_worker
);
