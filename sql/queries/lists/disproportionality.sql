-- lists/disproportionality: the children in one list's window by ethnic group against the LA's
-- Census 2021 population, as relative rates with small numbers suppressed.
-- Grain: one row per ethnic group (list_profile_disproportionality).
-- Parameters: la, ref_date, edition (the sidebar's), list_key (the list chosen: 'list_1' ..
-- 'list_11'), compare_as (the real LA a fictional one is compared as, sidebar "Compare as";
-- null = none).
-- Rule: as list_profile_disproportionality's header (docs/methodology/lists.md L6).
select * from list_profile_disproportionality(?, ?, ?, ?, ?)
