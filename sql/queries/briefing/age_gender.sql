-- briefing/age_gender: one LA's children by age band and gender, for the briefing's pyramid.
-- Grain: one row per age band x gender with at least one child (briefing_age_gender).
-- Parameters: la, ref_date, edition, sampling_months, sibling_threshold (the sidebar's).
-- Rule: as briefing_age_gender's header (the children in any list's window;
-- docs/methodology/case-selection.md C4 for the age bands).
select *
from briefing_age_gender(
    ?,
    ref_date := ?,
    edition := ?,
    sampling_months := ?,
    sibling_threshold := ?
)
