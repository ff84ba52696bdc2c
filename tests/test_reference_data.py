"""Published statistics for national comparisons (issue 12, points 1 and 5).

Two kinds of test:
- on the real reference folder (../shared/reference/dfe, never committed), skipped with a reason
  when it is absent: every family loads, figures equal the files read here independently with
  the csv module, and the judgement sources are compared;
- on small CSVs in the published shape written here to tmp_path: suppression symbols, malformed
  and missing files, a refresh, and the computed rates.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import duckdb
import pytest
from conftest import built_once

from annexa import config
from annexa.cli import main
from annexa.rules import ilacs_framework
from annexa.services import judgements, reference
from annexa.services import reference_sources as catalogue
from annexa.store import warehouse

D = dt.date.fromisoformat
REAL = config.DEFAULT_REFERENCE_DIR
REAL_DFE = REAL / "dfe"
needs_real = pytest.mark.skipif(
    not (REAL_DFE / "README.md").is_file(),
    reason=f"the published statistics folder {REAL_DFE} is not here (public files, never "
    "committed)")

EES_HEAD = ["time_period", "time_identifier", "geographic_level", "country_code",
            "country_name", "region_code", "region_name", "old_la_code", "new_la_code",
            "la_name"]
B1_MEASURES = ["Anypoint_episodes", "Anypoint_child", "Started_episodes", "Started_child",
               "Ended_episodes", "Ended_child", "At31_episodes", "awaiting_assessment"]


def _ees_rows(year: int, rows: list[tuple]) -> list[list]:
    """EES key columns for ('england'|'region'|'la', code, name, old code) rows."""
    out = []
    for level, code, name, old in rows:
        if level == "england":
            out.append([year, "Reporting year", "National", "E92000001", "England", "", "", "",
                        "", ""])
        elif level == "region":
            out.append([year, "Reporting year", "Regional", "E92000001", "England", code, name,
                        "", "", ""])
        else:
            out.append([year, "Reporting year", "Local authority", "E92000001", "England",
                        "E12000003", "Yorkshire and The Humber", old, code, name])
    return out


AREAS = [("england", "E92000001", "England", ""),
         ("region", "E12000003", "Yorkshire and The Humber", ""),
         ("la", "E08000016", "Barnsley", "370"),
         ("la", "E08000017", "Doncaster", "371")]


def write_csv(path: Path, header: list[str], rows: list[list]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def write_b1(folder: Path, years: dict[int, list[str]], name: str | None = None) -> Path:
    """A b1 file: for each year, the At31_episodes cell of each AREAS row (others 10)."""
    rows = []
    for year, at31 in years.items():
        for key, cell in zip(_ees_rows(year, AREAS), at31, strict=True):
            rows.append([*key, "Children in Need", *(["10"] * 6), cell, "5"])
    last = max(years)
    return write_csv(folder / (name or f"b1_children_in_need_2013_to_{last}.csv"),
                     [*EES_HEAD, "category", *B1_MEASURES], rows)


def write_population(folder: Path, years: dict[int, list[str]]) -> Path:
    rows = []
    for year, values in years.items():
        for key, cell in zip(_ees_rows(year, AREAS), values, strict=True):
            rows.append([*key, "Children aged 0 to 17 years", cell])
    return write_csv(folder / "ons_mid-year_population_estimates_2012_to_2024.csv",
                     [*EES_HEAD, "age_group", "population_estimate"], rows)


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "ref.duckdb"


def read(db: Path, sql: str, params=None) -> list[tuple]:
    con = warehouse.connect_reader(db)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


# ------------------------------------------------------------------------- the framework rule

def test_framework_versions_and_their_judgements():
    f = ilacs_framework.framework_for
    assert f(D("2017-12-31")) is None and f(None) is None
    assert f(D("2022-12-31")).name == "ilacs_2018"
    assert not f(D("2022-12-31")).care_leavers_judgement
    assert f(D("2023-01-01")).name == "ilacs_2023" and f(D("2023-01-01")).care_leavers_judgement
    assert f(D("2026-03-31")).overall_grade
    assert f(D("2026-04-01")).name == "ilacs_2026" and not f(D("2026-04-01")).overall_grade
    framework, basis = ilacs_framework.framework_basis(None, D("2023-01-10"), D("2023-03-01"))
    assert (framework.name, basis) == ("ilacs_2023", "inspection end")


def test_sql_framework_table_is_the_python_one():
    con = duckdb.connect()
    warehouse.build(con)
    rows = con.execute("select name, starts, overall_grade, care_leavers_judgement, "
                       "in_care_judgement from ref_ilacs_framework order by starts").fetchall()
    assert rows == [tuple(f) for f in ilacs_framework.FRAMEWORKS]


def _scraped(rows):
    columns = ["la_code", "local_authority", "region_code", "overall_effectiveness_grade",
               "inspection_framework", "inspection_start_date", "inspection_end_date",
               "publication_date", "impact_of_leaders_grade", "help_and_protection_grade",
               "in_care_grade", "care_leavers_grade"]
    import pandas as pd
    return pd.DataFrame([dict(zip(columns, r, strict=True)) for r in rows], dtype=object)


def test_scraped_judgements_are_read_under_their_framework():
    frame, issues = judgements.clean_judgements(_scraped([
        # 2026 framework: no overall grade, and a grade given is dropped, never kept or imputed
        ("304", "brent", "GL", "nan", "short", "27/04/2026", "01/05/2026", "17/06/26",
         "good", "good", "good", "good"),
        ("305", "bromley", "GL", "good", "short", "27/04/2026", "01/05/2026", "17/06/26",
         "good", "good", "good", "good"),
        # before 2023: a care leavers grade contradicts the framework
        ("306", "croydon", "GL", "good", "standard", "03/10/2022", "14/10/2022", "25/11/22",
         "good", "good", "good", "inadequate"),
        # from 2023: 'predates the judgement' contradicts the framework
        ("307", "ealing", "GL", "good", "standard", "06/03/2023", "17/03/2023", "28/04/23",
         "good", "good", "good", "inspection_pre_dates_judgement"),
    ]), "test.xlsx")
    rows = frame.set_index("la_code").astype(object).where(frame.set_index("la_code").notna(),
                                                           None)
    assert rows.loc["304", "overall_grade"] is None and rows.loc["305", "overall_grade"] is None
    assert rows.loc["304", "framework"] == "ilacs_2026" and rows.loc["304", "leaders_grade"]
    assert rows.loc["306", "care_leavers_grade"] is None
    assert rows.loc["306", "in_care_grade"] == "good"  # the combined judgement, kept
    assert rows.loc["307", "framework"] == "ilacs_2023"
    found = {(i.la_code, i.field, i.severity) for i in issues}
    assert {("304", "overall_effectiveness_grade", "warning"),
            ("305", "overall_effectiveness_grade", "warning"),
            ("306", "care_leavers_grade", "warning"),
            ("307", "care_leavers_grade", "warning")} <= found
    message = next(i.message for i in issues if i.la_code == "305"
                   and i.field == "overall_effectiveness_grade")
    assert "contradicts the framework" in message


def test_reference_dir_has_one_home(monkeypatch, tmp_path):
    monkeypatch.delenv(config.REFERENCE_ENV, raising=False)
    assert config.reference_dir() == config.DEFAULT_REFERENCE_DIR
    repository = Path(warehouse.ROOT)
    assert repository.parent / "shared" / "reference" == config.DEFAULT_REFERENCE_DIR
    monkeypatch.setenv(config.REFERENCE_ENV, str(tmp_path / "env"))
    assert config.reference_dir() == tmp_path / "env"
    assert config.reference_dir(tmp_path / "opt") == tmp_path / "opt"
    assert reference.dfe_folder() == tmp_path / "env" / "dfe"


# ------------------------------------------------------------------- synthetic published files

def test_suppression_symbols_are_missing_values_with_their_reason(tmp_path, db):
    folder = tmp_path / "ref" / "dfe"
    write_b1(folder, {2025: ["1200", "c", "k", "z"], 2024: ["x", ":", "low", "u"],
                      2023: ["", "12,5", "abc", "7"]})
    result = reference.import_reference_data(db, tmp_path / "ref")
    assert {f.family: f.status for f in result.files}["children_in_need"] == "loaded"
    rows = dict(((y, a), (v, s, r)) for y, a, v, s, r in read(db, """
        select time_period, area_name, value, suppression_symbol, suppression
        from ref_published where measure = 'cin_at_31_march'"""))
    assert rows[(2025, "England")] == (1200.0, None, None)
    for key, symbol in {(2025, "Yorkshire and The Humber"): "c", (2025, "Barnsley"): "k",
                        (2025, "Doncaster"): "z", (2024, "England"): "x",
                        (2024, "Yorkshire and The Humber"): ":", (2024, "Barnsley"): "low",
                        (2024, "Doncaster"): "u"}.items():
        value, sym, reason = rows[key]
        assert value is None and sym == symbol
        assert reason == catalogue.SUPPRESSION[symbol]
    assert rows[(2023, "England")] == (None, "", catalogue.BLANK_REASON)
    assert rows[(2023, "Yorkshire and The Humber")][0] == 125.0  # a thousands separator
    assert rows[(2023, "Barnsley")] == (None, "abc", "unreadable value")
    assert not read(db, "select count(*) from ref_published where value = 0")[0][0]
    assert any("neither a number nor a known suppression symbol" in p.message
               for p in result.problems)


def test_geography_and_codes_of_the_tidy_table(tmp_path, db):
    folder = tmp_path / "ref" / "dfe"
    write_b1(folder, {2025: ["1", "2", "3", "4"]})
    reference.import_reference_data(db, tmp_path / "ref")
    rows = read(db, """
        select geography_level, area_code, la_code, new_la_code, region_code, period,
               period_end, derivation, source_publication, publication_date
        from ref_published where measure = 'cin_at_31_march' order by value""")
    assert [r[:5] for r in rows] == [
        ("england", "E92000001", None, None, None),
        ("region", "E12000003", None, None, "E12000003"),
        ("la", "E08000016", "370", "E08000016", "E12000003"),
        ("la", "E08000017", "371", "E08000017", "E12000003")]
    assert {r[5:8] for r in rows} == {("at 31 March 2025", D("2025-03-31"), "published")}
    assert rows[0][8].startswith("Children in need") and rows[0][9] == D("2025-10-30")
    period = read(db, "select distinct period from ref_published "
                      "where measure = 'cin_episodes_started'")
    assert period == [("year to 31 March 2025",)]


def test_computed_rates_use_the_mid_year_before(tmp_path, db):
    folder = tmp_path / "ref" / "dfe"
    write_b1(folder, {2025: ["1200", "c", "50", "40"]})
    write_population(folder, {2024: ["120000", "12000", "5000", "x"],
                              2025: ["1", "1", "1", "1"]})
    reference.import_reference_data(db, tmp_path / "ref")
    rows = dict(((a), (v, r)) for a, v, r in read(db, """
        select area_name, value, suppression from ref_published
        where measure = 'cin_at_31_march_rate' and time_period = 2025"""))
    assert rows["England"] == (pytest.approx(100.0), None)  # 1200 / 120000 x 10,000
    assert rows["Barnsley"] == (pytest.approx(100.0), None)
    assert rows["Yorkshire and The Humber"] == (None, catalogue.SUPPRESSION["c"])
    assert rows["Doncaster"] == (None, "no ONS population estimate for mid-2024")
    derivation = read(db, "select distinct derivation from ref_published "
                          "where measure = 'cin_at_31_march_rate'")
    assert derivation == [("computed",)]
    pop = read(db, "select population_0_17, mid_year from ref_population where la_code = '370' "
                   "and year = 2024")
    assert pop == [(5000.0, D("2024-06-30"))]


def test_a_malformed_or_missing_file_is_named_and_the_rest_load(tmp_path, db, capsys):
    folder = tmp_path / "ref" / "dfe"
    write_b1(folder, {2025: ["1", "2", "3", "4"]})
    write_csv(folder / "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
              ["year", "area", "referrals"], [["2025", "England", "10"]])
    (folder / "sn_model_2025_wide.csv").write_bytes(b"\x00\x01\x02PK\x03\x04 not a csv")
    (folder / "LA_Inspection_Outcomes_as_at_31_March_2025.ods").write_text("not a spreadsheet")
    assert main(["reference", "import", "--reference-dir", str(tmp_path / "ref"),
                 "--db", str(db)]) == 0
    out = capsys.readouterr().out
    status = {r[0]: r[1:] for r in read(db, "select family, status, source_file, message "
                                            "from ref_reference_files")}
    assert status["children_in_need"][0] == "loaded"
    malformed = status["referrals"]
    assert malformed[0] == "malformed"
    assert malformed[1] == "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
    assert "c1_children_in_need" in malformed[2] and "no column" in malformed[2]
    assert "download the file again" in malformed[2] and "annexa reference import" in malformed[2]
    assert status["statistical_neighbours"][0] == "malformed"
    assert status["ofsted_outcomes"][0] == "malformed"
    assert "LA_Inspection_Outcomes_as_at_31_March_2025.ods" in status["ofsted_outcomes"][2]
    assert status["cp_plans_duration"][0] == "missing"
    assert "d5_cpps_at31march_by_duration_*.csv" in status["cp_plans_duration"][2]
    assert "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv" in out
    assert read(db, "select count(*) from ref_published where family = 'children_in_need'"
                )[0][0] > 0
    # status says the same, and the computed rate says why it has no value
    capsys.readouterr()
    assert main(["reference", "status", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "malformed" in out and "missing" in out and "children_in_need" in out


def test_a_file_that_turns_bad_keeps_its_last_good_rows(tmp_path, db):
    folder = tmp_path / "ref" / "dfe"
    path = write_b1(folder, {2025: ["1", "2", "3", "4"]})
    reference.import_reference_data(db, tmp_path / "ref")
    path.write_text("time_period,oops\n2025,1\n", encoding="utf-8")
    result = reference.import_reference_data(db, tmp_path / "ref")
    assert {f.family: f.status for f in result.files}["children_in_need"] == "kept"
    status, message = read(db, "select status, message from ref_reference_files "
                               "where family = 'children_in_need'")[0]
    assert status == "kept" and "are kept" in message and path.name in message
    assert read(db, "select count(*) from ref_published where measure = 'cin_at_31_march'"
                )[0][0] == 4


def test_refresh_by_dropping_next_years_file(tmp_path, db):
    folder = tmp_path / "ref" / "dfe"
    old = write_b1(folder, {2024: ["1", "2", "3", "4"]})
    reference.import_reference_data(db, tmp_path / "ref")
    assert read(db, "select last_year, publication_date from ref_reference_files "
                    "where family = 'children_in_need'") == [(2024, None)]
    new = write_b1(folder, {2024: ["1", "2", "3", "4"], 2025: ["5", "6", "7", "8"]})
    result = reference.import_reference_data(db, tmp_path / "ref")  # both files there
    assert any(p.severity == "warning" and new.name in p.message and old.name in p.message
               for p in result.problems)
    old.unlink()
    reference.import_reference_data(db, tmp_path / "ref")
    assert read(db, "select source_file, last_year, latest_period, publication_date "
                    "from ref_reference_files where family = 'children_in_need'") == [
        (new.name, 2025, "year ending 31 March 2025", D("2025-10-30"))]
    assert read(db, "select value from ref_published where measure = 'cin_at_31_march' and "
                    "la_code = '370' and time_period = 2025") == [(7.0,)]


def test_no_folder_is_a_clear_message(tmp_path, db, capsys, monkeypatch):
    monkeypatch.setenv(config.REFERENCE_ENV, str(tmp_path / "nowhere"))
    assert main(["reference", "import", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert str(tmp_path / "nowhere" / "dfe") in err and "--reference-dir" in err
    assert main(["reference", "status", "--db", str(db)]) == 0
    assert "annexa reference import" in capsys.readouterr().out
    # the demo's step (CLI and Upload page alike) says the same and goes on
    from annexa.services import demo
    assert "pages work without comparisons" in " ".join(demo.import_published_statistics(db))


# ----------------------------------------------------------------- the two judgement sources

def _comparison_db(db: Path, scraped: list[tuple], official: list[tuple]) -> dict:
    with warehouse.write_transaction(db) as con:
        for r in scraped:
            con.execute("""insert into ref_ilacs_judgements (la_code, la_name,
                inspection_type, inspection_start_date, publication_date, overall_grade,
                leaders_grade, help_and_protection_grade, in_care_grade, care_leavers_grade,
                framework) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", list(r))
        for r in official:
            con.execute("""insert into ref_ofsted_outcomes (la_code, ons_code, la_name,
                la_status, inspection_type, inspection_date, publication_date, overall_grade,
                leaders_grade, help_and_protection_grade, in_care_grade, care_leavers_grade,
                framework, latest_at_snapshot, snapshot_as_at, reports_published_by)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                        [*r, D("2025-03-31"), D("2025-06-30")])
    return {la: (c, f, d) for la, c, f, d in read(db, """
        select la_code, comparison, differing_fields, disagrees
        from ref_judgement_comparison""")}


G, RI = "good", "requires improvement"


def test_judgements_are_compared_on_the_same_inspection(db):
    got = _comparison_db(db, scraped=[
        ("101", "Same", "short", D("2023-09-11"), D("2023-10-27"), G, G, G, G, G, "ilacs_2023"),
        ("102", "Differs", "standard", D("2023-07-10"), D("2023-09-04"), G, G, G, RI, G,
         "ilacs_2023"),
        ("103", "Later", "short", D("2025-06-02"), D("2025-07-20"), G, G, G, G, G,
         "ilacs_2023"),
        ("104", "Old 2018", "standard", D("2022-03-07"), D("2022-05-04"), RI, RI, RI, RI, None,
         "ilacs_2018"),
        ("105", "Missed", "standard", D("2019-01-07"), D("2019-03-01"), RI, RI, RI, RI, None,
         "ilacs_2018"),
        ("106", "No overall 2026", "short", D("2026-04-27"), D("2026-06-17"), None, G, G, G, G,
         "ilacs_2026"),
    ], official=[
        ("101", "E1", "Same", "Current", "short", D("2023-09-11"), D("2023-10-27"), G, G, G, G,
         G, "ilacs_2023", True),
        ("102", "E2", "Differs", "Current", "standard", D("2023-07-10"), D("2023-09-04"), G, G,
         RI, G, "outstanding", "ilacs_2023", True),
        ("103", "E3", "Later", "Current", "short", D("2022-01-10"), D("2022-02-20"), G, G, G,
         G, None, "ilacs_2018", True),
        ("104", "E4", "Old 2018", "Current", "standard", D("2022-03-07"), D("2022-05-04"), RI,
         RI, RI, RI, None, "ilacs_2018", True),
        ("105", "E5", "Missed", "Current", "standard", D("2023-11-06"), D("2024-01-10"), G, G,
         G, G, G, "ilacs_2023", True),
        ("105", "E5", "Missed", "Current", "standard", D("2019-01-07"), D("2019-03-01"), RI, RI,
         RI, RI, None, "ilacs_2018", False),
        ("106", "E6", "No overall 2026", "Current", "standard", D("2023-02-06"),
         D("2023-03-24"), G, G, G, G, G, "ilacs_2023", True),
        ("900", "E9", "Former", "No longer exists", "standard", D("2019-06-17"),
         D("2019-08-01"), G, G, G, G, None, "ilacs_2018", False),
    ])
    assert got["101"] == ("agree", [], False)
    assert got["102"][0] == "disagree" and got["102"][2]
    assert got["102"][1] == ["help_and_protection_grade", "in_care_grade", "care_leavers_grade"]
    assert got["103"] == ("after official snapshot", [], False)
    assert got["104"] == ("agree", [], False)  # neither has a care leavers grade before 2023
    assert got["105"][0] == "official has a later inspection" and got["105"][2]
    assert got["106"] == ("after official snapshot", [], False)  # never an imputed overall
    assert "900" not in got  # a former LA is not in the scraped file, and not a disagreement
    rows = read(db, "select la_code, field, scraped_value, official_value, difference "
                    "from ref_judgement_disagreements order by 1, 2")
    assert ("102", "care_leavers_grade", G, "outstanding", "different values") in rows
    assert ("105", "inspection", "2019-01-07", "2023-11-06",
            "the scraped file misses a later inspection") in rows
    con = warehouse.connect_reader(db)
    try:
        line = reference.comparison_line(con)
    finally:
        con.close()
    assert "2 agree" in line and "1 disagree" in line and "102 Differs" in line


def test_comparison_says_what_is_not_loaded(db):
    assert _comparison_db(db, scraped=[], official=[
        ("101", "E1", "One", "Current", "short", D("2023-09-11"), D("2023-10-27"), G, G, G, G,
         G, "ilacs_2023", True)]) == {"101": ("scraped file not loaded", [], False)}
    con = warehouse.connect_reader(db)
    try:
        assert "annexa import-judgements" in reference.comparison_line(con)
    finally:
        con.close()


def test_outcome_rows_follow_the_framework():
    issues = []
    row = reference._outcome_row({
        "ons_code": "E08000016", "la_name": "Barnsley", "inspection_date": "2022-10-03T00:00:00",
        "publication_date": "2022-11-25T00:00:00", "inspection_type": "ILACS Short Inspection",
        "overall_grade": "Requires improvement to be good", "leaders_grade": "Good",
        "help_and_protection_grade": "Good", "in_care_grade": "Good",
        "care_leavers_grade": "Good"}, lambda message, severity="warning": issues.append(message))
    assert row["framework"] == "ilacs_2018" and row["inspection_type"] == "short"
    assert row["overall_grade"] == "requires improvement" and row["care_leavers_grade"] is None
    assert row["inspection_date"] == D("2022-10-03")
    assert any("no separate care leavers judgement" in m for m in issues)


# --------------------------------------------------------------------------- the real folder

@pytest.fixture(scope="module")
def real_db(tmp_path_factory) -> Path:
    if not (REAL_DFE / "README.md").is_file():
        pytest.skip(f"the published statistics folder {REAL_DFE} is not here")
    return built_once(tmp_path_factory, "reference_real", _import_real)


def _import_real(folder: Path) -> Path:
    """The real reference folder imported (once per test run; the tests only read it)."""
    path = folder / "real.duckdb"
    judgements.import_reference(path, REAL / "ilacs_judgements_2026-06.xlsx",
                                REAL / "la_lookup.csv")
    result = reference.import_reference_data(path, REAL)
    assert not result.not_loaded, [(f.family, f.message) for f in result.not_loaded]
    assert not [p for p in result.problems if p.severity == "error"]
    return path


REQUIRED = [
    "cin_at_31_march", "cin_at_31_march_rate", "referrals", "referrals_rate",
    "rereferrals_within_12_months_pct", "cp_plans_at_31_march", "cp_plans_at_31_march_rate",
    "cp_plans_started", "cp_plans_second_or_subsequent_pct", "cp_plans_at_31_march_3m_or_less_pct",
    "cp_plans_at_31_march_3m_to_6m_pct", "cp_plans_at_31_march_6m_to_1y_pct",
    "cp_plans_at_31_march_1y_to_2y_pct", "cp_plans_at_31_march_2y_or_more_pct",
    "cla_at_31_march", "cla_at_31_march_rate", "cla_started", "cla_started_rate", "cla_ceased",
    "cla_3plus_placements_pct", "cla_long_term_same_carer_2y_pct", "care_leavers_17_18_eet_pct",
    "care_leavers_19_21_eet_pct", "care_leavers_17_18_suitable_accommodation_pct",
    "care_leavers_19_21_suitable_accommodation_pct",
]


@needs_real
def test_every_required_measure_has_england_regions_and_las_for_2025(real_db):
    rows = {m: (e, r, la) for m, e, r, la in read(real_db, """
        select measure,
               count(value) filter (where geography_level = 'england'),
               count(value) filter (where geography_level = 'region'),
               count(value) filter (where geography_level = 'la')
        from ref_published where time_period = 2025 group by measure""")}
    for measure in REQUIRED:
        england, regions, las = rows[measure]
        assert (england, regions) == (1, 9), measure
        # Long CP plans and 17-18 accommodation are small counts: many LAs' cells are 'c'.
        small = measure.endswith(("1y_to_2y_pct", "2y_or_more_pct")) or "17_18_suit" in measure
        assert las >= (80 if small else 140), (measure, las)


def _csv(name: str) -> list[dict]:
    with open(REAL_DFE / name, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _number(cell: str):
    return float(cell) if cell.replace(".", "", 1).isdigit() else None


@needs_real
def test_values_equal_the_published_files(real_db):
    """Every LA's children looked after rate, CIN at 31 March and re-referral percentage, read
    here with the csv module, equal the tidy table's (suppressed cells: null with the symbol)."""
    checks = [
        ("cla_number_and_rate_per_10k_children.csv", "cla_at_31_march_rate", "rate_per_10000",
         lambda r: r["population_type"] == "Children looked after on 31 March each year"),
        ("b1_children_in_need_2013_to_2025.csv", "cin_at_31_march", "At31_episodes",
         lambda r: True),
        ("c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
         "rereferrals_within_12_months_pct", "rereferral_percent", lambda r: True),
        ("la_care_leavers_activity.csv", "care_leavers_19_21_eet_pct", "care_leaver_percent",
         lambda r: r["care_leaver_age"] == "19 to 21 years"
         and r["breakdown"] == "Total in education, employment or training"),
    ]
    for file, measure, column, keep in checks:
        expected = {(int(r["time_period"]), r["old_la_code"]): r[column]
                    for r in _csv(file) if r["geographic_level"] == "Local authority" and keep(r)}
        got = {(y, la): (v, s) for y, la, v, s in read(real_db, """
            select time_period, la_code, value, suppression_symbol from ref_published
            where measure = ? and geography_level = 'la'""", [measure])}
        assert set(got) == set(expected), measure
        for key, cell in expected.items():
            value, symbol = got[key]
            if _number(cell) is None:
                assert value is None and symbol == cell, (measure, key, cell)
            else:
                assert value == _number(cell), (measure, key, cell)


@needs_real
def test_computed_rates_follow_dfes_convention(real_db):
    """DfE's published rate of children looked after is the count over ONS 0-17 at 30 June of
    the year before: the same rule, applied to its counts, gives its rate for every LA."""
    rows = read(real_db, """
        select p.value, r.value, pop.population_0_17
        from ref_published as p
        join ref_published as r on r.measure = 'cla_at_31_march_rate'
            and r.la_code = p.la_code and r.time_period = p.time_period
        join ref_population as pop on pop.la_code = p.la_code and pop.year = p.time_period - 1
        where p.measure = 'cla_at_31_march' and p.geography_level = 'la'
            and p.value is not null and r.value is not null""")
    assert len(rows) > 700
    assert all(round(count / population * 10000) == rate for count, rate, population in rows)
    england = read(real_db, "select value from ref_published where measure = "
                            "'cin_at_31_march_rate' and geography_level = 'england' and "
                            "time_period = 2025")[0][0]
    assert england == pytest.approx(402400 / 12183016 * 10000)


@needs_real
def test_population_neighbours_and_census(real_db):
    assert read(real_db, "select population_0_17 from ref_population where "
                         "geography_level = 'england' and year = 2024") == [(12183016.0,)]
    n = read(real_db, "select count(distinct la_code), count(*) from ref_stat_neighbours")[0]
    assert n == (153, 1530)
    barnsley = read(real_db, "select neighbour_la_code, closeness from ref_stat_neighbours "
                             "where la_code = '370' order by neighbour_rank")
    first = next(r for r in _csv("sn_model_2025_wide.csv") if r["old_la_code"] == "370")
    assert barnsley[0] == (first["SN_1"], first["SN_1P"].strip())
    assert len(barnsley) == 10
    census = read(real_db, """
        select count(distinct area_code), count(distinct ethnic_group_code),
               count(*) filter (where la_code is null), any_value(population_basis)
        from ref_census_ethnicity where geography_level = 'la'""")[0]
    assert census[1] == 19 and census[2] == 0
    assert census[3] == "all usual residents (all ages)"  # TS021 is not a child population


@needs_real
def test_official_outcomes_and_where_they_disagree(real_db):
    rows = read(real_db, """
        select count(*), count(*) filter (where latest_at_snapshot),
               count(*) filter (where framework = 'ilacs_2018' and care_leavers_grade is not null),
               count(*) filter (where framework = 'ilacs_2023' and care_leavers_grade is null),
               count(*) filter (where la_code is null)
        from ref_ofsted_outcomes""")[0]
    assert rows == (271, 153, 0, 0, 0)
    summary = dict(read(real_db, "select comparison, count(*) from ref_judgement_comparison "
                                 "group by 1"))
    assert sum(summary.values()) == 153
    assert summary["agree"] > 100
    assert not {"only official", "only scraped"} & set(summary)
    st_helens = read(real_db, "select field from ref_judgement_disagreements "
                              "where la_code = '342' order by 1")
    assert st_helens == [("care_leavers_grade",), ("help_and_protection_grade",),
                         ("in_care_grade",)]


@needs_real
def test_status_on_the_real_folder(real_db, capsys):
    assert main(["reference", "status", "--measures", "--db", str(real_db)]) == 0
    out = capsys.readouterr().out
    for family in catalogue.BY_FAMILY:
        assert family in out
    assert "year ending 31 March 2025" in out and "published 30/10/2025" in out
    assert "cla_3plus_placements_pct" in out
    assert "ILACS judgements, the scraped file against Ofsted's official outcomes" in out
    assert "342 St Helens" in out
