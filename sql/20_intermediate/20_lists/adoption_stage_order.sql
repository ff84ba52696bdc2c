-- adoption_stage_order(stage): where an adoption stage (int_adoption.stage) sorts, the journey's
-- order: 'decision' 1, 'placement order' 2, 'matched' 3, 'placed' 4, 'adopted' 5, 'reversed' 6;
-- anything else (no stage, 'not recorded') null, for the caller to put last.
-- Grain: scalar macro. Rule: int_adoption's header (the furthest step reached by ref).
create or replace macro adoption_stage_order(stage) as
    list_position(['decision', 'placement order', 'matched', 'placed', 'adopted', 'reversed'],
                  stage);
