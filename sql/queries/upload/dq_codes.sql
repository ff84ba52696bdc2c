-- upload/dq_codes: every problem code with its title, severity and what to do, in the report's
-- order.
-- Grain: one row per problem code (ref_dq_code).
-- Parameters: none.
-- Rule: docs/data-quality.md ("Problem codes").
select code, title, severity, what_to_do from ref_dq_code order by code_order
