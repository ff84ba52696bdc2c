-- sampling_window_start(ref_date, sampling_months): the first day of the case-selection sampling
-- window, a scalar macro.
-- Grain: one date per reference date and window length.
-- Rule: the sampling window is the sampling_months calendar months before the reference date,
-- both ends included: ref - N months <= event date <= ref, month ends clamped (31 May - 3 months
-- = 28 February) (docs/methodology/case-selection.md C1, docs/methodology/windows.md W2; 000 ¶35,
-- 002 ¶135). The one home of that first day: the children and child_events marts count the
-- window from it, and the Case selection and Child journey pages label it with it
-- (sql/queries/shared/sampling_window_start.sql), so a label cannot disagree with the count.
create or replace macro sampling_window_start(ref_date, sampling_months) as
    cast(cast(ref_date as date) - to_months(cast(sampling_months as integer)) as date);
