-- shared/sampling_window_start: the first day of the sampling window, for the labels of the Case
-- selection and Child journey pages.
-- Grain: one row, one date.
-- Parameters: ref_date (the reference date), sampling_months (the window's length).
-- Rule: docs/methodology/case-selection.md C1 and windows.md W2, through the macro
-- sampling_window_start, which the children and child_events marts count the window from: the
-- label and the count have one home.
select sampling_window_start(?, ?) as window_start
