-- The timeline rules' numbers, read from ref_milestone_rules (built from annexa/rules/milestones.py
-- before these files run), so the cycle marts and the visit planner count alike.
-- Grain: scalar macro. Rule: docs/methodology/timelines.md (R26-R43, M2): every milestone is its
-- anchor plus an offset in working days, the report table's days (T4, T17-T20) or months.

-- milestone_offset(visit_type, milestone): the offset of a milestone from its anchor, e.g.
-- milestone_offset('apv', 'action_plan') = 70 (working days after the report is received).
-- Null for a milestone the visit type does not have.
create or replace macro milestone_offset(visit_type, milestone) as (
    select r.rule_offset
    from ref_milestone_rules as r
    where r.rule_visit_type = visit_type and r.rule_milestone = milestone
);
