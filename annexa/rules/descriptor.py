"""Ofsted's sample-size descriptors: "k of n" in the words inspectors use ("a large majority").

Source: 003 Annex B "Sample sizes descriptors"; the rule, the table and worked cases are in
docs/methodology/case-selection.md C9. The seed table gives integer percentage bands with gaps
between them (96% | 97%, 49% | 51%) and no rounding rule, so:

- Arithmetic is on integers only: k of n is in a band when ``100 * k >= percent * n``. A float
  percentage would put 97 of 100 a hair under 97% and call it "most"; integers never do.
- A band's lower figure is an inclusive threshold, so a proportion in a gap takes the lower band
  (29 of 30 = 96.7% is "most", not "almost all"): a descriptor never overstates.
- "Majority" is strictly more than half. Exactly half falls in the table's 49–51% gap and has no
  Ofsted descriptor; it is reported as "half" and flagged, because monitoring visits track up to
  six cases and 3 of 6 is common.
- n == 0 has no descriptor (None); "k of n" is always shown beside a descriptor.

`sql/05_reference/descriptor.sql` is generated from `BANDS` (`sql_macros`, written by
``python -m annexa.rules.descriptor``), so the bands live here only; a test checks the file is up
to date and gives the same answers for every k <= n <= 200.
"""

from __future__ import annotations

import numbers
from typing import NamedTuple


class Band(NamedTuple):
    """One row of the seed table, as an exact test on k of n: ``100 * k <compare> percent * n``."""

    percent: int  # threshold in whole percent
    short: str  # the name the product shows, e.g. "large majority"
    ofsted: str | None  # Ofsted's wording, verbatim from 003 Annex B; None for "half"
    table_range: str | None  # the seed table's band, e.g. "65–79%"
    compare: str = ">="  # ">=" for an inclusive lower figure; ">" for majority, "==" for half


# Checked in order, highest first: the first band whose test holds is the descriptor.
BANDS: tuple[Band, ...] = (
    Band(97, "almost all", "Vast/overwhelming majority or almost all", "97–100%"),
    Band(80, "most", "Very large majority, most", "80–96%"),
    Band(65, "large majority", "Large majority", "65–79%"),
    Band(50, "majority", "Majority", "51–64%", ">"),  # strictly more than half: 2k > n
    Band(50, "half", None, None, "=="),  # 2k == n: no Ofsted descriptor, flagged
    Band(35, "minority", "Minority", "35–49%"),
    Band(20, "small minority", "Small minority", "20–34%"),
    Band(4, "few", "Very small minority, few", "4–19%"),
    Band(0, "almost none", "Almost no/very few", "0–3%"),
)

HALF = "half"
NO_DESCRIPTOR_FOR_HALF = "no Ofsted descriptor"

# How each descriptor starts a sentence in `describe` ("A large majority of ...").
_SENTENCE_START = {
    "almost all": "Almost all of",
    "most": "Most of",
    "large majority": "A large majority of",
    "majority": "A majority of",
    "half": "Half of",
    "minority": "A minority of",
    "small minority": "A small minority of",
    "few": "A few of",
    "almost none": "Almost none of",
}


def _check(k: object, n: object) -> tuple[int, int]:
    """Validate k of n: whole numbers (not bool, not float, even 5.0) with 0 <= k <= n.

    Floats are refused rather than converted because a count that arrives as a float has usually
    been through a division or an average somewhere, and the descriptor would then hide the bug.
    """
    for name, value in (("k", k), ("n", n)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise ValueError(
                f"{name} must be a whole number (int), got {value!r} ({type(value).__name__})"
            )
    k, n = int(k), int(n)  # numpy integers become Python ints: no overflow in 100 * k
    if n < 0:
        raise ValueError(f"n must be 0 or more, got {n}")
    if not 0 <= k <= n:
        raise ValueError(f"k must be between 0 and n ({n}), got {k}")
    return k, n


def band(k: int, n: int) -> Band | None:
    """The `BANDS` row for k of n, or None when n == 0 (no cases, nothing to describe)."""
    k, n = _check(k, n)
    if n == 0:
        return None
    for b in BANDS:
        left, right = 100 * k, b.percent * n
        if (
            (b.compare == ">=" and left >= right)
            or (b.compare == ">" and left > right)
            or (b.compare == "==" and left == right)
        ):
            return b
    raise AssertionError("unreachable: the last band has threshold 0%")  # pragma: no cover


def descriptor(k: int, n: int) -> str | None:
    """The short descriptor of k of n, e.g. "large majority"; None when n == 0."""
    b = band(k, n)
    return b.short if b else None


def is_half(k: int, n: int) -> bool:
    """True for exactly half (3 of 6), the proportion Ofsted's table has no descriptor for."""
    k, n = _check(k, n)
    return n > 0 and 2 * k == n


def descriptor_label(k: int, n: int) -> str | None:
    """Ofsted's full wording with "k of n", e.g. "very large majority, most (5 of 6)".

    Half reads "half (3 of 6) — no Ofsted descriptor", so the gap in the table is never papered
    over. None when n == 0.
    """
    b = band(k, n)
    if b is None:
        return None
    if b.ofsted is None:
        return f"{b.short} ({k} of {n}) — {NO_DESCRIPTOR_FOR_HALF}"
    return f"{_lower_first(b.ofsted)} ({k} of {n})"


def describe(k: int, n: int, subject: str) -> str:
    """A sentence for a report or a page, e.g. "A large majority of the sampled children are boys
    (5 of 7)."

    ``subject`` is everything after "of": "the sampled children are boys". The sentence always
    carries "k of n" so the reader can check the descriptor against the count.
    """
    subject = subject.strip().rstrip(".") if isinstance(subject, str) else ""
    if not subject:
        raise ValueError("subject must be non-empty text, e.g. 'the sampled children are boys'")
    b = band(k, n)
    if b is None:
        return f"No descriptor: there were no cases to count ({k} of {n})."
    sentence = f"{_SENTENCE_START[b.short]} {subject} ({k} of {n})"
    if b.short == HALF:
        return f"{sentence} — Ofsted has no descriptor for exactly half."
    return f"{sentence}."


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# ============================================================== the SQL macros, made from BANDS

_SQL_HEADER = """\
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
"""


def _sql_test(b: Band) -> str:
    k, n = "cast(k as hugeint)", "cast(n as hugeint)"
    if b.compare == ">=":
        return f"100 * {k} >= {b.percent} * {n}"
    op = ">" if b.compare == ">" else "="
    assert b.percent == 50, "only half is compared other than as an inclusive lower figure"
    return f"2 * {k} {op} {n}"


def _sql_list(items: list[str]) -> str:
    return "[\n" + ",\n".join(f"        '{i}'" for i in items) + "\n    ]"


def sql_macros() -> str:
    """The DuckDB macros descriptor_band, descriptor, descriptor_label and descriptor_is_half,
    as sql/05_reference/descriptor.sql holds them."""
    half = next(i for i, b in enumerate(BANDS, start=1) if b.short == HALF)
    whens = "\n".join(f"        when {_sql_test(b)} then {i}"
                      for i, b in enumerate(BANDS[:-1], start=1))
    labels = [_lower_first(b.ofsted) if b.ofsted else b.short for b in BANDS]
    return f"""{_SQL_HEADER}
-- descriptor_band(k, n): 1-{len(BANDS)}, the position of k of n in BANDS (highest first).
-- hugeint so that 100 * k cannot overflow; k % 1 <> 0 catches a fraction passed as a double.
create or replace macro descriptor_band(k, n) as
    case
        when k < 0 or k > n or k % 1 <> 0 or n % 1 <> 0
            then error(
                'descriptor: k of n needs whole numbers with 0 <= k <= n, got '
                || k || ' of ' || n
            )
        when k is null or n is null or n = 0 then null
{whens}
        else {len(BANDS)}
    end;

-- descriptor(k, n): the short descriptor, e.g. 'large majority'; 'half' has no Ofsted wording.
create or replace macro descriptor(k, n) as
    {_sql_list([b.short for b in BANDS])}[descriptor_band(k, n)];

-- descriptor_label(k, n): Ofsted's full wording (lower-cased first letter) with "k of n", e.g.
-- 'large majority (5 of 7)', 'very large majority, most (5 of 6)',
-- 'half (3 of 6) — {NO_DESCRIPTOR_FOR_HALF}'.
create or replace macro descriptor_label(k, n) as
    {_sql_list(labels)}[descriptor_band(k, n)]
    || ' (' || cast(k as hugeint) || ' of ' || cast(n as hugeint) || ')'
    || case when descriptor_band(k, n) = {half} then ' — {NO_DESCRIPTOR_FOR_HALF}' else '' end;

-- descriptor_is_half(k, n): true for exactly half (3 of 6), the proportion to flag; false when
-- n = 0.
create or replace macro descriptor_is_half(k, n) as
    case
        when n = 0 and descriptor_band(k, n) is null then false
        else descriptor_band(k, n) = {half}
    end;
"""


if __name__ == "__main__":  # regenerate sql/05_reference/descriptor.sql
    from pathlib import Path

    target = Path(__file__).resolve().parents[2] / "sql" / "05_reference" / "descriptor.sql"
    target.write_text(sql_macros(), encoding="utf-8")
    print(f"wrote {target}")
