-- timelines/la_directory_count: how many LAs are known here, to say whether the Regional cycles
-- tab has any LA to list or should first offer the import.
-- Grain: one row, one count.
-- Parameters: none.
-- Rule: an LA is known from the published lookup, the judgements, an entered cycle event or a
-- loaded Annex A (int_la_directory; docs/methodology/timelines.md LC1).
select count(*) from int_la_directory
