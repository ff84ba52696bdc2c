-- child_journey/events: every dated event of one child across the lists, in journey order, for
-- the timeline.
-- Grain: one row per source row x dated event (child_events).
-- Parameters: la, ref_date, edition, sampling_months, sibling_threshold (the sidebar's),
-- child_id.
-- Rule: which events make a case recent, and the sampling window: child_events
-- (docs/methodology/case-selection.md C1).
select
    event_date,
    event_type,
    event_label,
    detail,
    list_no,
    row_number,
    in_sampling_window,
    after_ref,
    event_order
from child_events(?, ref_date := ?, edition := ?, sampling_months := ?, sibling_threshold := ?)
where child_id = ?
order by event_order
