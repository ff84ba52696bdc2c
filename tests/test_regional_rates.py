"""The Regional overview in rates (issue 12 point 4): every LA of a region in the published
measures' terms, beside England and its region, with the published figures read here from the
files themselves (csv module), independently of the import and the marts.

Two real LAs of one region (Barnsley 370 and Doncaster 371, Yorkshire and The Humber) are loaded
from small synthetic workbooks; a fictional LA (the demo's) has no population and shows its
percentages only. Needs the reference folder (public LA-level data, never committed): skips
without it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import built_once, open_on, private_copy
from streamlit.testing.v1 import AppTest

from annexa import config, synth
from annexa.services import reference
from ingest.load import ingest

DFE = Path(config.reference_dir()) / "dfe"
AS_AT = dt.date(2026, 10, 30)
REGION = "Yorkshire and the Humber"  # as the submissions are loaded (Ofsted's spelling)
LAS = {"370": "Barnsley", "371": "Doncaster"}
APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
pytestmark = pytest.mark.skipif(
    not (DFE / "cla_number_and_rate_per_10k_children.csv").exists(),
    reason=f"the published statistics are not in {DFE} (public data, not in the repository)")

# The published files read with the csv module, as test_comparable_measures reads them.
from test_comparable_measures import CLA, _number, _rows  # noqa: E402


@pytest.fixture(scope="module")
def master(tmp_path_factory) -> Path:
    def build(folder: Path) -> Path:
        path = folder / "annexa.duckdb"
        for seed, (code, name) in enumerate(LAS.items()):
            book = folder / f"{code}.xlsx"
            synth.write_workbook(book, size="small", seed=seed + 11, la_code=code, as_at=AS_AT)
            ingest([book], code, la_name=name, region=REGION, as_at=AS_AT, db=path)
        book = folder / "x01.xlsx"
        synth.write_workbook(book, size="small", seed=5, la_code="X01", as_at=AS_AT)
        ingest([book], "X01", la_name="Northmoor", region=REGION, as_at=AS_AT, db=path)
        reference.import_reference_data(path)
        return path

    return built_once(tmp_path_factory, "regional_rates", build)


@pytest.fixture
def db(master, tmp_path, monkeypatch) -> Path:
    path = private_copy(master, tmp_path)
    monkeypatch.setenv("ANNEXA_DB", str(path))
    return path


def _rates(path: Path) -> pd.DataFrame:
    sql = (Path(__file__).resolve().parents[1] / "sql" / "queries" / "regional"
           / "rates_in_region.sql").read_text()
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, ["ilacs-2018", REGION]).df()
    finally:
        con.close()


def _published_cla() -> tuple[float, dict[str, float], dict[str, float]]:
    """England's, each region's and each LA's published CLA rate per 10,000, latest year."""
    cla = [r for r in _rows("cla_number_and_rate_per_10k_children.csv")
           if r["population_type"] == CLA]
    year = max(int(r["time_period"]) for r in cla if r["geographic_level"] == "Local authority"
               and _number(r["rate_per_10000"]) is not None)
    this_year = [r for r in cla if int(r["time_period"]) == year]
    england = next(_number(r["rate_per_10000"]) for r in this_year
                   if r["geographic_level"] == "National")
    regions = {r["region_name"]: _number(r["rate_per_10000"]) for r in this_year
               if r["geographic_level"] == "Regional"}
    region_of = {r["old_la_code"]: r["region_name"] for r in this_year
                 if r["geographic_level"] == "Local authority"}
    return england, regions, region_of


def _population(code: str) -> float:
    pop = [r for r in _rows("ons_mid-year_population_estimates_2012_to_2024.csv")
           if r["old_la_code"] == code and _number(r["population_estimate"])]
    return float(max(pop, key=lambda r: int(r["time_period"]))["population_estimate"])


def _in_care(path: Path, code: str) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:  # children in care on the as-at date, from the typed list 8 rows (int_cla's rule)
        return con.execute("select count(*) from int_cla(?, null, 'ilacs-2018', null) "
                           "where is_latest and in_care_at_ref", [code]).fetchone()[0]
    finally:
        con.close()


def test_each_la_is_a_rate_beside_england_and_its_own_region(db):
    england, regions, region_of = _published_cla()
    rates = _rates(db)
    assert set(rates.la_code) == {"370", "371", "X01"}
    assert rates.comparable.all()  # measures Annex A cannot give are left out
    cla = rates[rates.measure == "cla_at_31_march_rate"].set_index("la_code")
    for code in LAS:
        row = cla.loc[code]
        assert row.england_value == pytest.approx(england)
        assert row.region_name == region_of[code]
        assert row.region_value == pytest.approx(regions[region_of[code]])
        assert row.la_value == pytest.approx(
            round(10000 * _in_care(db, code) / _population(code), 1))


def test_a_fictional_la_shows_percentages_but_no_rate(db):
    rates = _rates(db)
    x01 = rates[rates.la_code == "X01"].set_index("measure")
    assert x01.loc["cla_at_31_march_rate", "la_value"] != x01.loc["cla_at_31_march_rate",
                                                                  "la_value"]  # NaN: no rate
    assert x01.loc["cla_3plus_placements_pct", "la_value"] >= 0
    assert x01.england_value.notna().all()


def test_the_region_counts_in_rates_on_the_page(db):
    england, regions, region_of = _published_cla()
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["la"] = "370"
    open_on(at, "views/regional.py")
    assert not at.exception, [e.message for e in at.exception]
    assert any(h.value == "In rates, beside England and the region" for h in at.header)
    table = next(df.value for df in at.dataframe if "Published region" in df.value.columns)
    table = table.set_index("LA")
    label = "Children looked after per 10,000 children"
    rates = _rates(db)
    cla = rates[rates.measure == "cla_at_31_march_rate"].set_index("la_code")
    assert table.loc["Barnsley (370) (selected)", label] == pytest.approx(cla.loc["370",
                                                                                  "la_value"])
    assert table.loc["Doncaster (371)", label] == pytest.approx(cla.loc["371", "la_value"])
    assert table.loc["England (published)", label] == pytest.approx(england)
    region = region_of["370"]
    assert table.loc[f"{region} (published)", label] == pytest.approx(regions[region])
    assert pd.isna(table.loc["Northmoor (X01)", label])
    assert table.loc["Northmoor (X01)", "Published region"] == "not published"
    assert any(c.value.startswith("Northmoor (X01): not in the published statistics")
               for c in at.caption)
    # The chart of one measure names England and the region among the LAs.
    assert at.selectbox(key="rg_rate").value == "cla_at_31_march_rate"
