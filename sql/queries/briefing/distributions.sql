-- briefing/distributions: how long things took, and how often, in bands, for the briefing's
-- timeliness, child protection, stability, missing and adoption charts.
-- Grain: one row per measure x band (briefing_distributions).
-- Parameters: la, ref_date, edition (the sidebar's).
-- Rule: as briefing_distributions' header (working days: docs/methodology/timelines.md T1-T2).
select * from briefing_distributions(?, ref_date := ?, edition := ?)
