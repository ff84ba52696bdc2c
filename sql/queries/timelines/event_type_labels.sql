-- timelines/event_type_labels: each cycle event type's label, for the chart's legend.
-- Grain: one row per event type.
-- Parameters: none.
-- Rule: ref_la_event_type (docs/methodology/timelines.md LC1).
select event_type, label from ref_la_event_type
