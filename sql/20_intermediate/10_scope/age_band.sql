-- age_band(age, is_unborn): the sample's age bands (docs/methodology/case-selection.md C4):
-- 'unborn', 'under 1', '1-4', '5-9', '10-15', '16-17', '18+', or 'unknown' when there is no age.
-- Grain: scalar. age is the age at last birthday on the reference date
-- (docs/methodology/data.md D6).
create or replace macro age_band(age, is_unborn) as
    case
        when is_unborn then 'unborn'
        when age is null then 'unknown'
        when age < 1 then 'under 1'
        when age <= 4 then '1-4'
        when age <= 9 then '5-9'
        when age <= 15 then '10-15'
        when age <= 17 then '16-17'
        else '18+'
    end;
