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

-- age_band_order(band): where an age band sorts, youngest first ('unborn' 0 ... '18+' 6, 'unknown'
-- and anything else 7): the order of the age-and-gender pyramid and of every age breakdown.
create or replace macro age_band_order(band) as
    case band
        when 'unborn' then 0
        when 'under 1' then 1
        when '1-4' then 2
        when '5-9' then 3
        when '10-15' then 4
        when '16-17' then 5
        when '18+' then 6
        else 7
    end;
