"""Sample-size descriptors (docs/methodology/case-selection.md C9): Python, the SQL macros and the
CLI must agree exactly.

An independent oracle written from the seed table with `fractions.Fraction` checks the Python;
the SQL macros are generated from the same bands (the file must be current), and one DuckDB query
over every k <= n <= 200 checks the generated SQL gives the same answers.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from annexa import cli
from annexa.rules.descriptor import (
    BANDS,
    band,
    describe,
    descriptor,
    descriptor_label,
    is_half,
    sql_macros,
)

SQL_FILE = Path(__file__).resolve().parents[1] / "sql" / "05_reference" / "descriptor.sql"
N_MAX = 200

SHORT_ORDER = [b.short for b in BANDS]  # highest proportion first


def oracle(k: int, n: int) -> str | None:
    """docs/methodology/case-selection.md C9 read literally, with exact fractions of 100%."""
    if n == 0:
        return None
    p = Fraction(100 * k, n)
    if p >= 97:
        return "almost all"
    if p >= 80:
        return "most"
    if p >= 65:
        return "large majority"
    if p > 50:
        return "majority"
    if p == 50:
        return "half"
    if p >= 35:
        return "minority"
    if p >= 20:
        return "small minority"
    if p >= 4:
        return "few"
    return "almost none"


@pytest.fixture(scope="module")
def con():
    """An in-memory DuckDB with only the descriptor macros: they must not depend on any table."""
    c = duckdb.connect()
    c.execute(SQL_FILE.read_text(encoding="utf-8")).fetchall()
    yield c
    c.close()


# ------------------------------------------------------------------------------ every k <= n <= 200

def test_python_matches_the_rule_for_every_k_and_n():
    for n in range(N_MAX + 1):
        for k in range(n + 1):
            assert descriptor(k, n) == oracle(k, n), (k, n)


def test_sql_matches_python_for_every_k_and_n(con):
    rows = con.execute(
        f"""
        select
            n,
            k,
            descriptor(k, n),
            descriptor_label(k, n),
            descriptor_is_half(k, n)
        from range(0, {N_MAX + 1}) as ns(n), range(0, {N_MAX + 1}) as ks(k)
        where k <= n
        order by n, k
        """
    ).fetchall()
    assert len(rows) == (N_MAX + 1) * (N_MAX + 2) // 2
    mismatches = [
        (n, k, short, label, half)
        for n, k, short, label, half in rows
        if (short, label, half) != (descriptor(k, n), descriptor_label(k, n), is_half(k, n))
    ]
    assert mismatches == []
    assert {r[2] for r in rows} == set(SHORT_ORDER) | {None}  # every band is reached


def test_sql_nulls_and_errors(con):
    assert con.execute(
        "select descriptor(0, 0), descriptor_label(0, 0), descriptor_is_half(0, 0),"
        " descriptor(null, 5), descriptor_label(5, null)"
    ).fetchone() == (None, None, False, None, None)
    for k, n in [(8, 7), (-1, 6), (1, 0), ("2.5", 6)]:
        with pytest.raises(duckdb.Error, match="0 <= k <= n"):
            con.execute(f"select descriptor({k}, {n})").fetchall()


def test_sql_arithmetic_is_exact_for_large_counts(con):
    # 97 of 100 scaled up: a float percentage can land a hair under 97%.
    m = 10**15
    assert con.execute(f"select descriptor({97 * m}, {100 * m})").fetchone() == ("almost all",)
    assert con.execute(f"select descriptor({97 * m - 1}, {100 * m})").fetchone() == ("most",)


# ------------------------------------------------------------- worked cases (§4.4 and the brief)

@pytest.mark.parametrize(
    ("k", "n", "expected"),
    [
        (0, 6, "almost none"),
        (1, 6, "few"),
        (2, 6, "small minority"),
        (3, 6, "half"),
        (4, 6, "large majority"),
        (5, 6, "most"),
        (6, 6, "almost all"),
        (1, 30, "almost none"),
        (2, 30, "few"),
        (15, 30, "half"),
        (16, 30, "majority"),
        (20, 30, "large majority"),
        (24, 30, "most"),
        (29, 30, "most"),  # 96.7% is in the 96|97 gap: the lower band (round mode would say more)
        (1, 25, "few"),  # 4% exactly
        (1, 5, "small minority"),  # 20%
        (7, 20, "minority"),  # 35%
        (13, 20, "large majority"),  # 65%
        (4, 5, "most"),  # 80%
        (97, 100, "almost all"),
        (96, 100, "most"),
        (20, 31, "majority"),  # 64.5%: below 65, above half
        (15, 31, "minority"),  # 48.4%
        (101, 200, "majority"),  # 50.5%: more than half, though under the table's 51%
        (0, 0, None),
    ],
)
def test_worked_cases(con, k, n, expected):
    assert descriptor(k, n) == expected
    assert con.execute("select descriptor(?, ?)", [k, n]).fetchone()[0] == expected


def test_labels_carry_ofsted_wording_and_k_of_n(con):
    cases = {
        (5, 7): "large majority (5 of 7)",
        (3, 6): "half (3 of 6) — no Ofsted descriptor",
        (6, 6): "vast/overwhelming majority or almost all (6 of 6)",
        (5, 6): "very large majority, most (5 of 6)",
        (1, 6): "very small minority, few (1 of 6)",
        (0, 6): "almost no/very few (0 of 6)",
        (0, 0): None,
    }
    for (k, n), expected in cases.items():
        assert descriptor_label(k, n) == expected
        assert con.execute("select descriptor_label(?, ?)", [k, n]).fetchone()[0] == expected


def test_half_is_flagged_and_only_half():
    assert is_half(3, 6) and is_half(15, 30) and is_half(1, 2)
    assert not is_half(0, 0) and not is_half(3, 7) and not is_half(4, 6)
    halves = [b for b in BANDS if b.short == "half"]
    assert len(halves) == 1 and halves[0].ofsted is None and halves[0].table_range is None


def test_bands_mirror_the_seed_table():
    """BANDS is the 003 Annex B table plus the flagged half, highest first."""
    assert [(b.percent, b.compare, b.short) for b in BANDS] == [
        (97, ">=", "almost all"),
        (80, ">=", "most"),
        (65, ">=", "large majority"),
        (50, ">", "majority"),
        (50, "==", "half"),
        (35, ">=", "minority"),
        (20, ">=", "small minority"),
        (4, ">=", "few"),
        (0, ">=", "almost none"),
    ]
    assert [b.table_range for b in BANDS if b.ofsted] == [
        "97–100%", "80–96%", "65–79%", "51–64%", "35–49%", "20–34%", "4–19%", "0–3%",
    ]
    text = SQL_FILE.read_text(encoding="utf-8")
    assert text == sql_macros(), "run: python -m annexa.rules.descriptor"
    for b in BANDS:  # the SQL lists every short name and every Ofsted wording
        assert f"'{b.short}'" in text
        if b.ofsted:
            assert f"'{b.ofsted[0].lower() + b.ofsted[1:]}'" in text


# ---------------------------------------------------------------------------- describe(k, n, ...)

@pytest.mark.parametrize(
    ("k", "n", "expected"),
    [
        (5, 7, "A large majority of the sampled children are boys (5 of 7)."),
        (6, 6, "Almost all of the sampled children are boys (6 of 6)."),
        (5, 6, "Most of the sampled children are boys (5 of 6)."),
        (16, 30, "A majority of the sampled children are boys (16 of 30)."),
        (
            3,
            6,
            "Half of the sampled children are boys (3 of 6) — Ofsted has no descriptor for "
            "exactly half.",
        ),
        (7, 20, "A minority of the sampled children are boys (7 of 20)."),
        (2, 6, "A small minority of the sampled children are boys (2 of 6)."),
        (1, 6, "A few of the sampled children are boys (1 of 6)."),
        (0, 6, "Almost none of the sampled children are boys (0 of 6)."),
    ],
)
def test_describe(k, n, expected):
    assert describe(k, n, "the sampled children are boys") == expected


def test_describe_no_cases_and_bad_subject():
    assert describe(0, 0, "the sampled children are boys").startswith("No descriptor")
    with pytest.raises(ValueError, match="subject"):
        describe(1, 2, "  ")


# ------------------------------------------------------------------------------------ validation

@pytest.mark.parametrize(
    ("k", "n", "message"),
    [
        (8, 7, "k must be between 0 and n"),
        (-1, 6, "k must be between 0 and n"),
        (0, -1, "n must be 0 or more"),
        (5.0, 7, "k must be a whole number"),
        (5, 7.0, "n must be a whole number"),
        ("5", 7, "k must be a whole number"),
        (True, 2, "k must be a whole number"),
        (None, 2, "k must be a whole number"),
    ],
)
def test_invalid_input_raises(k, n, message):
    for fn in (descriptor, descriptor_label, is_half, band):
        with pytest.raises(ValueError, match=message):
            fn(k, n)
    with pytest.raises(ValueError, match=message):
        describe(k, n, "the children")


def test_numpy_integers_are_counts():
    np = pytest.importorskip("numpy")
    assert descriptor(np.int64(5), np.int32(7)) == "large majority"


# ------------------------------------------------------------------------------------ properties

@given(n=st.integers(min_value=1, max_value=10**40), data=st.data())
def test_monotonic_in_k(n, data):
    """More cases with the feature never gives a lower band."""
    k1 = data.draw(st.integers(min_value=0, max_value=n))
    k2 = data.draw(st.integers(min_value=k1, max_value=n))
    assert SHORT_ORDER.index(descriptor(k2, n)) <= SHORT_ORDER.index(descriptor(k1, n))


@given(n=st.integers(min_value=1, max_value=10**40), data=st.data())
def test_exact_for_counts_floats_cannot_hold(n, data):
    """Agrees with the Fraction oracle where a float k / n would round (n far above 2**53)."""
    k = data.draw(st.integers(min_value=0, max_value=n))
    assert descriptor(k, n) == oracle(k, n)
    label = descriptor_label(k, n)
    assert isinstance(label, str) and label.endswith((f"({k} of {n})", "no Ofsted descriptor"))


@given(k=st.floats(allow_nan=True), n=st.integers(min_value=0, max_value=1000))
def test_floats_are_never_accepted(k, n):
    with pytest.raises(ValueError, match="whole number"):
        descriptor(k, n)
    with pytest.raises(ValueError, match="whole number"):
        descriptor(n, float(n))


# ------------------------------------------------------------------------------------------- CLI

def test_cli_prints_descriptor(capsys):
    assert cli.main(["descriptor", "5", "7"]) == 0
    out, err = capsys.readouterr()
    assert out == '5 of 7: large majority (Ofsted: "Large majority", 65–79%)\n'
    assert err == ""


@pytest.mark.parametrize(
    ("k", "n", "expected"),
    [
        ("29", "30", '29 of 30: most (Ofsted: "Very large majority, most", 80–96%)'),
        ("6", "6", '6 of 6: almost all (Ofsted: "Vast/overwhelming majority or almost all", '
         "97–100%)"),
        ("0", "6", '0 of 6: almost none (Ofsted: "Almost no/very few", 0–3%)'),
        ("0", "0", "0 of 0: no descriptor (no cases)"),
    ],
)
def test_cli_other_bands(capsys, k, n, expected):
    assert cli.main(["descriptor", k, n]) == 0
    assert capsys.readouterr().out == expected + "\n"


def test_cli_flags_half(capsys):
    assert cli.main(["descriptor", "3", "6"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 of 6: half (Ofsted has no descriptor for exactly half")


@pytest.mark.parametrize(
    ("k", "n", "message"),
    [
        ("8", "7", "between 0 and n"),
        ("-1", "6", "between 0 and n"),
        ("1", "-1", "0 or more"),
        ("x", "7", "whole number"),
        ("5.0", "7", "whole number"),
        ("5", "", "whole number"),
    ],
)
def test_cli_rejects_bad_input(capsys, k, n, message):
    assert cli.main(["descriptor", k, n]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert message in err
