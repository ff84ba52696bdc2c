-- manage_data/saved_sample_count: how many case samples are saved for an LA, which purging the
-- whole LA deletes too.
-- Grain: one row, one count.
-- Parameters: la_code.
-- Rule: saved samples hold case IDs and go with the LA, not with one submission
-- (docs/methodology/privacy.md P4; case-selection.md C6).
select count(*) from sample_visits where la_code = ?
