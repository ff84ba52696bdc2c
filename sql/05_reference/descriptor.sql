-- Ofsted sample-size descriptors for "k of n" (k cases out of n seen).
-- GENERATED from annexa/rules/descriptor.py (BANDS) by `python -m annexa.rules.descriptor`:
-- edit the bands there, then regenerate; tests/test_descriptor.py fails while this is stale.
-- Grain: scalar macros. Source: 003 Annex B "Sample sizes descriptors". Rule, with the table
-- and worked cases: docs/methodology/case-selection.md C9.
-- Exact integer arithmetic, never floats: k of n is in a band when 100 * k >= percent * n, so
-- 97 of 100 is exactly 97% and never 96.99...%. A band's lower figure is inclusive, so a
-- proportion in a gap between the table's integer bands takes the lower band (29 of 30 = 96.7%
-- is 'most'): nothing is overstated. 'majority' is strictly more than half; exactly half lies in
-- the table's 49-51% gap, has no Ofsted descriptor and is flagged. n = 0 gives null.
-- k outside 0..n, or a fraction, is an error rather than a null, because it means a count is
-- wrong upstream.

-- descriptor_band(k, n): 1-9, the position of k of n in BANDS (highest first).
-- hugeint so that 100 * k cannot overflow; k % 1 <> 0 catches a fraction passed as a double.
create or replace macro descriptor_band(k, n) as
    case
        when k < 0 or k > n or k % 1 <> 0 or n % 1 <> 0
            then error(
                'descriptor: k of n needs whole numbers with 0 <= k <= n, got '
                || k || ' of ' || n
            )
        when k is null or n is null or n = 0 then null
        when 100 * cast(k as hugeint) >= 97 * cast(n as hugeint) then 1
        when 100 * cast(k as hugeint) >= 80 * cast(n as hugeint) then 2
        when 100 * cast(k as hugeint) >= 65 * cast(n as hugeint) then 3
        when 2 * cast(k as hugeint) > cast(n as hugeint) then 4
        when 2 * cast(k as hugeint) = cast(n as hugeint) then 5
        when 100 * cast(k as hugeint) >= 35 * cast(n as hugeint) then 6
        when 100 * cast(k as hugeint) >= 20 * cast(n as hugeint) then 7
        when 100 * cast(k as hugeint) >= 4 * cast(n as hugeint) then 8
        else 9
    end;

-- descriptor(k, n): the short descriptor, e.g. 'large majority'; 'half' has no Ofsted wording.
create or replace macro descriptor(k, n) as
    [
        'almost all',
        'most',
        'large majority',
        'majority',
        'half',
        'minority',
        'small minority',
        'few',
        'almost none'
    ][descriptor_band(k, n)];

-- descriptor_label(k, n): Ofsted's full wording (lower-cased first letter) with "k of n", e.g.
-- 'large majority (5 of 7)', 'very large majority, most (5 of 6)',
-- 'half (3 of 6) — no Ofsted descriptor'.
create or replace macro descriptor_label(k, n) as
    [
        'vast/overwhelming majority or almost all',
        'very large majority, most',
        'large majority',
        'majority',
        'half',
        'minority',
        'small minority',
        'very small minority, few',
        'almost no/very few'
    ][descriptor_band(k, n)]
    || ' (' || cast(k as hugeint) || ' of ' || cast(n as hugeint) || ')'
    || case when descriptor_band(k, n) = 5 then ' — no Ofsted descriptor' else '' end;

-- descriptor_is_half(k, n): true for exactly half (3 of 6), the proportion to flag; false when
-- n = 0.
create or replace macro descriptor_is_half(k, n) as
    case
        when n = 0 and descriptor_band(k, n) is null then false
        else descriptor_band(k, n) = 5
    end;
