"""comparable_measures (sql/30_marts/80_comparisons/): a synthetic workbook loaded under a real LA
code (370) is compared with England, its region and its statistical neighbours, and the expected
figures are read here from the published files with the csv module, independently of the import
and the mart. Needs the reference folder (public LA-level data, never committed): skips without.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from statistics import mean

import duckdb
import pytest
from conftest import built_once, private_copy

from annexa import config, synth
from annexa.services import reference
from ingest.load import ingest

DFE = Path(config.reference_dir()) / "dfe"
AS_AT = dt.date(2026, 10, 30)
pytestmark = pytest.mark.skipif(
    not (DFE / "cla_number_and_rate_per_10k_children.csv").exists(),
    reason=f"the published statistics are not in {DFE} (public data, not in the repository)")

CLA = "Children looked after on 31 March each year"


def _rows(name: str) -> list[dict]:
    with open(DFE / name, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None  # a suppression symbol: missing, never zero


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """Barnsley (370) from a small synthetic workbook, with the published statistics imported:
    built once per test run; the tests only read it."""
    def build(folder: Path) -> Path:
        book = folder / "barnsley.xlsx"
        synth.write_workbook(book, size="small", seed=370, la_code="370", as_at=AS_AT)
        path = folder / "annexa.duckdb"
        ingest([book], "370", la_name="Barnsley", as_at=AS_AT, db=path)
        reference.import_reference_data(path)
        return path

    return built_once(tmp_path_factory, "comparable_measures", build)


def _measures(db, la="370", comparator=None) -> dict[str, dict]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        cur = con.execute("select * from comparable_measures(?, null, 'ilacs-2018', null, ?)",
                          [la, comparator])
        names = [d[0] for d in cur.description]
        return {r[names.index("measure")]: dict(zip(names, r, strict=True))
                for r in cur.fetchall()}
    finally:
        con.close()


def test_children_looked_after_rate_against_england_region_and_neighbours(db):
    cla = [r for r in _rows("cla_number_and_rate_per_10k_children.csv")
           if r["population_type"] == CLA]
    year = max(int(r["time_period"]) for r in cla if r["geographic_level"] == "Local authority"
               and _number(r["rate_per_10000"]) is not None)
    this_year = [r for r in cla if int(r["time_period"]) == year]
    england = next(_number(r["rate_per_10000"]) for r in this_year
                   if r["geographic_level"] == "National")
    barnsley = next(r for r in this_year if r["old_la_code"] == "370")
    region = next(_number(r["rate_per_10000"]) for r in this_year
                  if r["geographic_level"] == "Regional"
                  and r["region_name"] == barnsley["region_name"])
    sn_row = next(r for r in _rows("sn_model_2025_wide.csv") if r["old_la_code"] == "370")
    neighbours = [sn_row[f"SN_{i}"] for i in range(1, 11)]
    by_la = {r["old_la_code"]: _number(r["rate_per_10000"]) for r in this_year
             if r["geographic_level"] == "Local authority"}
    sn_values = [by_la[c] for c in neighbours if by_la.get(c) is not None]

    m = _measures(db)["cla_at_31_march_rate"]
    assert m["data_year"] == year
    assert m["england_value"] == pytest.approx(england)
    assert m["region_name"] == barnsley["region_name"]
    assert m["region_value"] == pytest.approx(region)
    assert m["sn_mean"] == pytest.approx(mean(sn_values))
    assert (m["sn_with_data"], m["sn_total"]) == (len(sn_values), 10)
    assert m["compared_as"] == "370" and not m["using_comparator"]


def test_the_las_own_rate_follows_the_stated_rules(db):
    pop = [r for r in _rows("ons_mid-year_population_estimates_2012_to_2024.csv")
           if r["old_la_code"] == "370" and _number(r["population_estimate"])]
    latest = max(pop, key=lambda r: int(r["time_period"]))
    children = float(latest["population_estimate"])
    ms = _measures(db)
    stock = ms["cla_at_31_march_rate"]
    assert stock["population"] == children
    assert stock["la_value"] == pytest.approx(round(10000 * stock["n"] / children, 1))
    assert "on the reference date" in stock["basis"]
    flow = ms["referrals_rate"]
    assert flow["window_months"] == 3  # ILACS 2018: list 3's window
    assert flow["la_value"] == pytest.approx(round(10000 * flow["n"] * 12 / 3 / children, 1))
    assert flow["basis"].startswith("annualised from 3 months")
    share = ms["rereferrals_within_12_months_pct"]
    assert share["la_value"] == pytest.approx(round(100 * share["n"] / share["d"], 1))


def test_a_measure_annex_a_cannot_match_shows_no_la_figure(db):
    leavers = _measures(db)["care_leavers_19_21_eet_pct"]
    assert not leavers["comparable"] and leavers["la_value"] is None
    assert "around their birthday" in leavers["not_comparable_why"]


def test_a_fictional_la_compares_through_the_real_la_chosen(db, tmp_path):
    path = private_copy(db, tmp_path)  # the published statistics are imported already
    book = tmp_path / "x.xlsx"
    synth.write_workbook(book, size="small", seed=1, la_code="X01", as_at=AS_AT)
    ingest([book], "X01", la_name="Northmoor", as_at=AS_AT, db=path)
    alone = _measures(path, "X01")["cla_at_31_march_rate"]
    assert alone["la_value"] is None and alone["england_value"] is not None
    assert alone["region_value"] is None and alone["sn_total"] == 0
    chosen = _measures(path, "X01", "370")["cla_at_31_march_rate"]
    assert chosen["using_comparator"] and chosen["compared_as"] == "370"
    assert chosen["la_value"] is not None and chosen["region_value"] is not None
