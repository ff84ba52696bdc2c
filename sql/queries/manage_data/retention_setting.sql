-- manage_data/retention_setting: the retention period saved in the database, if any.
-- Grain: one row (none when not saved).
-- Parameters: key (annexa/services/purge.py RETENTION_KEY).
-- Rule: $ANNEXA_RETENTION_MONTHS, else this setting, else 12 months
-- (docs/methodology/privacy.md P4; annexa/services/purge.py resolves it).
select value from meta where key = ?
