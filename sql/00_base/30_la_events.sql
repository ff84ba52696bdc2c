-- la_events: one row per event in an LA's inspection and monitoring cycle. Entered on the
-- Timelines page or with `annexa cycle-event`, or imported with `annexa cycle-events-import`.
-- Persistent: never rebuilt. Rules: docs/methodology/timelines.md LC1-LC2 (000 ¶5-67),
-- 002 ¶13-24, ¶112-131, ¶227. What each type's date means: ref_la_event_type.
-- The natural key is (la_code, event_type, event_date, seq): entering the same event twice
-- replaces it (annexa/services/cycles.py), so a re-imported CSV does not double up.

create table if not exists la_events (
    la_code varchar not null,           -- DfE three-digit LA code, e.g. '340'
    event_type varchar not null,        -- a ref_la_event_type.event_type
    event_date date not null,
    seq integer,                        -- the monitoring visit's number (1, 2, ...); else null
    detail varchar,                     -- grade for judgements, outcome for plan responses, note
    entered_by varchar,
    entered_at timestamp not null default current_timestamp
);
