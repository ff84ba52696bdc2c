"""The real-world spelling corpus (tests/fidelity/, sources in SOURCES.md), issue 11 point 6.

* A spelling whose token names one code and whose words name another (CONFLICT) never gets a
  code; one that fits several codes equally (AMBIGUOUS) never gets a single code.
* The template's own headers and variants, and every spec code, token and detail, still read as
  themselves.
* The share of real-world header and value spellings read right stays above today's floors
  (BARS); benchmarks/fidelity.py reports them against the 90% target.

Hold-out spellings never appear in test ids or failure messages, only their row numbers, so that
the matcher is not tuned to them. Scoring is benchmarks/fidelity.py's, which prints the figures.
"""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path

import pytest

from ingest.spec import load_spec, match_headers

ROOT = Path(__file__).resolve().parents[1]
_module_spec = importlib.util.spec_from_file_location(
    "fidelity_benchmark", ROOT / "benchmarks" / "fidelity.py")
fidelity = importlib.util.module_from_spec(_module_spec)
sys.modules[_module_spec.name] = fidelity  # dataclasses look their module up there
_module_spec.loader.exec_module(fidelity)

SPLITS = fidelity.SPLITS
# Regression floors just under what the matcher reaches today (benchmarks/fidelity.py prints the
# figures against issue 11's 90% target): a change that reads fewer real-world spellings right
# fails here. "fresh" was gathered after the dev matcher was built and measured once before any
# tuning (docs/data-quality.md gives both figures); its spellings may be read since.
BARS = {("headers", "dev"): 0.99, ("values", "dev"): 0.98,
        ("headers", "holdout"): 0.99, ("values", "holdout"): 0.97,
        ("headers", "fresh"): 0.99, ("values", "fresh"): 0.98,
        ("headers", "fresh2"): 0.99, ("values", "fresh2"): 0.99,
        ("headers", "holdout2"): 0.99, ("values", "holdout2"): 0.95,
        ("headers", "holdout3"): 0.93, ("values", "holdout3"): 0.90,
        ("headers", "fresh3"): 0.99, ("values", "fresh3"): 0.98,
        ("headers", "holdout4"): 0.99, ("values", "holdout4"): 0.95,
        ("values", "fresh4"): 0.94,
        ("headers", "holdout5"): 0.99, ("values", "holdout5"): 0.96,
        ("headers", "holdout6"): 0.99, ("values", "holdout6"): 0.94,
        ("headers", "fresh5"): 0.99, ("values", "fresh5"): 0.92,
        ("headers", "holdout7"): 0.97, ("values", "holdout7"): 0.85,
        ("headers", "fresh6"): 0.99, ("values", "fresh6"): 0.86,
        ("headers", "holdout8"): 0.97, ("values", "holdout8"): 0.90,
        ("headers", "fresh7"): 0.95, ("values", "fresh7"): 0.85,
        ("headers", "holdout9"): 0.93, ("values", "holdout9"): 0.81,
        ("headers", "fresh8"): 0.93, ("values", "fresh8"): 0.82,
        ("headers", "holdout10"): 0.95, ("values", "holdout10"): 0.83,
        ("headers", "holdout11"): 0.94, ("values", "holdout11"): 0.85,
        ("headers", "holdout12"): 0.92, ("values", "holdout12"): 0.77}
# Conflicts that load with a code (the target, 0, is reached on every split), and ambiguous
# spellings given one code: per split, these counts may not grow (none is left on the read sets
# since 'S20' and the like fit V2 and the short breaks V3/V4 alike).
KNOWN_SILENT_CONFLICTS = {"holdout": 0, "fresh": 0, "fresh2": 0, "holdout2": 0, "holdout3": 0,
                          "fresh3": 0, "holdout4": 0, "fresh4": 0,
                          "holdout5": 0, "holdout6": 0,
                          "fresh5": 0, "holdout7": 0, "fresh6": 0,
                          "holdout8": 0, "fresh7": 0, "holdout9": 1, "fresh8": 0,
                          "holdout10": 2, "holdout11": 4, "holdout12": 4}
KNOWN_GUESSED_AMBIGUOUS = {"holdout": 0, "fresh": 0, "fresh2": 0, "holdout2": 3, "holdout3": 5,
                           "fresh3": 1, "holdout4": 4, "fresh4": 1,
                           "holdout5": 0, "holdout6": 4,
                           "fresh5": 6, "holdout7": 5, "fresh6": 3,
                           "holdout8": 5, "fresh7": 7, "holdout9": 11, "fresh8": 3,
                           "holdout10": 10, "holdout11": 6, "holdout12": 5}
FIELDS = {"headers": ["list", "column", "spelling", "source"],
          "values": ["list", "column", "spelling", "expected", "source"]}
HEADERS = {split: fidelity.load_rows("headers", split) for split in SPLITS}
# Sets of value spellings only (their headers file holds the header row alone): fresh4's gatherer
# saw the spec's header keys by mistake, so wrote no headers (tests/fidelity/SOURCES.md).
VALUES_ONLY = {"fresh4"}
HEADER_SPLITS = [s for s in SPLITS if s not in VALUES_ONLY]
VALUES = {split: fidelity.load_rows("values", split) for split in SPLITS}


def _label(split: str, row: dict[str, str]) -> str:
    """How a row is named in ids and messages: hold-out spellings are withheld."""
    where = f"{row['list']}.{row['column']}"
    if not split.startswith("holdout"):
        return f"{split}:{where}:{row['spelling']}"
    return f"holdout:row{row['row']}:{where}"


def _rows(kind: dict, expected: str | None = None):
    return [pytest.param(split, row, id=_label(split, row))
            for split in SPLITS for row in kind[split]
            if expected is None or row["expected"] == expected]


@pytest.fixture(scope="module")
def read_code():
    codes = pytest.importorskip("ingest.codes")
    return codes.read_code


def _code_columns():
    """Every (list, column) that holds codes, and the code list it uses."""
    spec = load_spec()
    return [(lk, c.name, c.codes) for lk, ls in spec.lists.items() for c in ls.columns
            if c.codes]


# ------------------------------------------------------------------------------ the files

@pytest.mark.parametrize("kind", ["headers", "values"])
@pytest.mark.parametrize("split", SPLITS)
def test_corpus_file_is_well_formed(kind, split):
    with open(fidelity.CORPUS / f"{kind}_{split}.csv", newline="", encoding="utf-8") as f:
        assert csv.DictReader(f).fieldnames == FIELDS[kind]
    spec = load_spec()
    rows = (HEADERS if kind == "headers" else VALUES)[split]
    assert rows or (kind == "headers" and split in VALUES_ONLY)
    bad, seen = [], set()
    for row in rows:
        label = _label(split, row)
        ls = spec.lists.get(row["list"])
        col = next((c for c in ls.columns if c.name == row["column"]), None) if ls else None
        if col is None:
            bad.append(f"{label}: no such list or column")
            continue
        if not row["spelling"].strip() or not row["source"].strip():
            bad.append(f"{label}: blank spelling or source")
        key = (row["list"], row["column"], row["spelling"].strip().casefold())
        if key in seen:
            bad.append(f"{label}: repeated")
        seen.add(key)
        if kind == "values":
            codes = [e["code"] for e in spec.codes[col.codes]["entries"]] if col.codes else []
            if not codes:
                bad.append(f"{label}: the column holds no codes")
            elif row["expected"] not in (*codes, *fidelity.SPECIAL):
                bad.append(f"{label}: {row['expected']!r} is not a code of {col.codes}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("split", [s for s in SPLITS if s != "dev"])
@pytest.mark.parametrize("kind", ["headers", "values"])
def test_other_splits_do_not_repeat_dev(kind, split):
    rows = HEADERS if kind == "headers" else VALUES

    def key(r):
        return (r["list"], r["column"], r["spelling"].strip().casefold())

    dev = {key(r) for r in rows["dev"]}
    repeated = [_label(split, r) for r in rows[split] if key(r) in dev]
    assert not repeated, repeated


def test_dev_values_have_enough_conflicts_and_ambiguities():
    expected = [r["expected"] for r in VALUES["dev"]]
    assert expected.count("CONFLICT") >= 15
    assert expected.count("AMBIGUOUS") >= 5


# ------------------------------------------------------------ conflicts and ambiguities

# A conflicting spelling is reported as a conflict, an ambiguous one as ambiguous; neither gets
# a code. Dev rows one by one; on the hold-out, how many fail may not grow.
STATUS_OF = {"CONFLICT": "conflict", "AMBIGUOUS": "ambiguous"}


@pytest.mark.parametrize(("split", "row"), [p for kind in STATUS_OF for p in _rows(VALUES, kind)
                                            if p.values[0] == "dev"])
def test_conflicting_or_ambiguous_spelling_gets_no_code(read_code, split, row):
    reading = read_code(row["list"], row["column"], row["spelling"])
    assert reading.code is None, f"given {reading.code!r}"
    assert reading.status == STATUS_OF[row["expected"]]


@pytest.mark.parametrize("split", [s for s in SPLITS if s != "dev"])
@pytest.mark.parametrize("kind", ["CONFLICT", "AMBIGUOUS"])
def test_conflicting_or_ambiguous_spellings_given_a_code_do_not_grow(read_code, kind, split):
    known = (KNOWN_SILENT_CONFLICTS if kind == "CONFLICT" else KNOWN_GUESSED_AMBIGUOUS)[split]
    coded = [r for r in VALUES[split] if r["expected"] == kind
             and read_code(r["list"], r["column"], r["spelling"]).code is not None]
    assert len(coded) <= known, [_label(split, r) for r in coded]


# ------------------------------------------------ the template's own spellings still work

@pytest.mark.parametrize("list_key", list(load_spec().lists))
def test_template_header_row_is_recognised(list_key):
    ls = load_spec().lists[list_key]
    mapping = match_headers([c.header for c in ls.columns], ls).mapping
    assert mapping == {c.name: i for i, c in enumerate(ls.columns)}


def _header_variants():
    return [pytest.param(lk, c.name, v, id=f"{lk}.{c.name}:{v}")
            for lk, ls in load_spec().lists.items() for c in ls.columns for v in c.variants]


@pytest.mark.parametrize(("list_key", "column", "variant"), _header_variants())
def test_header_variant_is_recognised(list_key, column, variant):
    row = {"list": list_key, "column": column, "spelling": variant}
    assert fidelity.header_recognised(row)


def _spec_code_forms():
    """Each code list's codes, tokens and details, read in the first column that uses the list."""
    spec = load_spec()
    first: dict[str, tuple[str, str]] = {}
    for lk, col, codes in _code_columns():
        first.setdefault(codes, (lk, col))
    params = []
    for codes, (lk, col) in first.items():
        for e in spec.codes[codes]["entries"]:
            for form in ("code", "token", "detail"):
                if e.get(form):
                    params.append(pytest.param(lk, col, e[form], e["code"],
                                               id=f"{codes}:{form}:{e[form]}"))
    return params


@pytest.mark.parametrize(("list_key", "column", "text", "code"), _spec_code_forms())
def test_spec_code_token_and_detail_read_as_their_code(read_code, list_key, column, text, code):
    assert read_code(list_key, column, text).code == code


@pytest.mark.parametrize(("list_key", "column", "codes"),
                         [pytest.param(*c, id=f"{c[0]}.{c[1]}") for c in _code_columns()])
def test_every_code_reads_as_itself_in_every_column(read_code, list_key, column, codes):
    wrong = [(e["code"], read_code(list_key, column, e["code"]).code)
             for e in load_spec().codes[codes]["entries"]
             if read_code(list_key, column, e["code"]).code != e["code"]]
    assert not wrong, wrong


# ----------------------------------------------------------------------- the aggregates

@pytest.mark.parametrize("split", HEADER_SPLITS)
def test_header_recognition_share(split):
    rows = HEADERS[split]
    misses = [_label(split, r) for r in rows if not fidelity.header_recognised(r)]
    share = 1 - len(misses) / len(rows)
    assert share >= BARS["headers", split], (
        f"{split}: {share:.1%} of {len(rows)} header spellings recognised "
        f"(floor {BARS['headers', split]:.0%}); misses:\n" + "\n".join(misses))


@pytest.mark.parametrize("split", SPLITS)
def test_value_accuracy_share(read_code, split):
    rows = VALUES[split]
    misses = []
    for r in rows:
        reading = read_code(r["list"], r["column"], r["spelling"])
        if not fidelity.value_right(r, reading):
            got = reading.code if reading.code is not None else f"({reading.status})"
            shown = f"expected {r['expected']!r}, got {got!r}" if split == "dev" else ""
            misses.append(f"{_label(split, r)} {shown}".rstrip())
    share = 1 - len(misses) / len(rows)
    assert share >= BARS["values", split], (
        f"{split}: {share:.1%} of {len(rows)} value spellings read right "
        f"(floor {BARS['values', split]:.0%}); misses:\n" + "\n".join(misses))
