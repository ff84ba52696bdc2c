-- briefing/indicators: every figure of one LA's briefing at the sidebar's settings.
-- Grain: one row per indicator x category (briefing_indicators).
-- Parameters: la, ref_date, edition, sampling_months, sibling_threshold (the sidebar's, as for
-- every mart: int_scope).
-- Rule: each indicator's definition and source are in briefing_indicators' header
-- (docs/methodology/windows.md W1-W3).
select *
from briefing_indicators(
    ?,
    ref_date := ?,
    edition := ?,
    sampling_months := ?,
    sibling_threshold := ?
)
