-- code_token(code): the short official token of a Codes_used code, e.g. 'U1' for
-- 'a) U1: Foster placement - relatives - long term', 'C2' for 'C2: FCO', 'RC8' for
-- 'RC8 - Case closed after assessment, no further action', 'E4A' for 'e) E4A: Returned home ...'.
-- Grain: scalar. Rule: the codes are the spec's official codes (docs/methodology/data.md D3), so
-- the analysis tests tokens (stable DfE codes) rather than the wording after them. Codes without a
-- token ('a) Male', 'a) Yes') give null.
create or replace macro code_token(code) as
    nullif(regexp_extract(
        code, '^(?:[a-z]{1,2}[0-9]?\)\s*)?([A-Z][A-Z0-9]*|[0-9][0-9A-Z]*)(?::| -)', 1
    ), '');
