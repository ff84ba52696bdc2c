"""What the reference folder's `dfe/` files are, and which measures are taken from each.

The catalogue of published statistics (issue 12, point 1), kept as data so that the importer
(annexa/services/reference.py), `annexa reference status` and the docs
(docs/methodology/national-comparisons.md RD5) say the same thing.

Files are found by a name pattern, not an exact name, so that next year's download
(`b1_children_in_need_2013_to_2026.csv`) replaces this year's without a code change. Each file is
read exactly as its publisher publishes it: the Explore Education Statistics (EES) tidy CSV as
downloaded, the ONS Census CSV as downloaded, Ofsted's `.ods` as published.

A measure has a stable name (what later marts and pages refer to), a unit, a period and what it
counts. `period` is "at" for a stock on the date (children looked after at 31 March) and "year
to" for a flow or a proportion over the year ending on it (referrals in the year to 31 March).
EES `time_period` 2025 means the year ending 31 March 2025 in every children's social care file;
in the ONS mid-year estimates it means 30 June 2025.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

D = dt.date

# EES and GSS suppression and shorthand symbols: a missing value and its reason, never zero.
# `u` is not in the folder's README but is in the children in need files (GSS: low reliability).
SUPPRESSION = {
    "c": "confidential: fewer than 6, or disclosive",
    "k": "rounds to zero (fewer than 0.5)",
    "z": "not applicable",
    "x": "not available",
    ":": "not available",
    "low": "small base (rounds to zero)",
    "u": "low reliability",
}
BLANK_REASON = "blank in the published file"


@dataclass(frozen=True)
class Source:
    """One published file (or, for the Census, one of three)."""

    family: str                 # stable key: the family its measures belong to
    pattern: str                # glob within dfe/
    kind: str                   # ees | census | neighbours | ofsted_outcomes
    publication: str            # the publication's title, publisher and page
    label: str                  # plain words for `reference status`
    # Publication date of the file holding this latest data year (the files carry none): a
    # refreshed file with a later year gets no date until it is added here.
    published: dict[int, dt.date] = field(default_factory=dict)
    breakdown: tuple[str, ...] = ()   # EES columns whose values pick a measure (long files)


@dataclass(frozen=True)
class Measure:
    measure: str
    family: str
    column: str                  # the EES value column
    unit: str                    # count | percent | rate per 10,000 children aged 0-17 | months
    period: str                  # "at" | "year to"
    counts: str                  # what it counts, in the publication's terms
    breakdown: tuple[str, ...] = ()  # values of Source.breakdown that select its rows
    value_format: str = "number"     # number | years:months (adoption stage times)
    geography: str = "England, regions, LAs"


@dataclass(frozen=True)
class Computed:
    """A rate per 10,000 children aged 0-17 the publication does not give but its count allows."""

    measure: str
    numerator: str
    period: str
    counts: str
    unit: str = "rate per 10,000 children aged 0-17"


CIN = ("Children in need, reporting year 2025 (DfE, Explore Education Statistics, "
       "https://explore-education-statistics.service.gov.uk/find-statistics/characteristics-of-"
       "children-in-need)")
CLA = ("Children looked after in England including adoptions, reporting year 2025 (DfE, Explore "
       "Education Statistics, https://explore-education-statistics.service.gov.uk/find-statistics/"
       "children-looked-after-in-england-including-adoptions)")
CIN_PUBLISHED = {2025: D(2025, 10, 30)}
CLA_PUBLISHED = {2025: D(2025, 11, 26)}

SOURCES: tuple[Source, ...] = (
    Source("children_in_need", "b1_children_in_need_*.csv", "ees", CIN,
           "children in need: at 31 March and in the year", CIN_PUBLISHED),
    Source("referrals", "c1_children_in_need_referrals_and_rereferrals_*.csv", "ees", CIN,
           "referrals and re-referrals", CIN_PUBLISHED),
    Source("assessment_factors", "c3_factors_identified_at_end_of_assessment_*.csv", "ees", CIN,
           "factors identified at the end of assessment", CIN_PUBLISHED),
    Source("cp_plans_repeat", "d3_cpps_subsequent_plan_*.csv", "ees", CIN,
           "CP plans starting, second or subsequent plans", CIN_PUBLISHED),
    Source("cp_plans_duration", "d5_cpps_at31march_by_duration_*.csv", "ees", CIN,
           "CP plans at 31 March by length", CIN_PUBLISHED),
    Source("children_looked_after", "cla_number_and_rate_per_10k_children*.csv", "ees", CLA,
           "children looked after: at 31 March, starting, ceasing", CLA_PUBLISHED,
           breakdown=("population_type",)),
    Source("placement_stability", "la_cla_placement_stability*.csv", "ees", CLA,
           "placement stability", CLA_PUBLISHED,
           breakdown=("cla_group", "placement_stability")),
    Source("care_leavers_activity", "la_care_leavers_activity*.csv", "ees", CLA,
           "care leavers' activity (education, employment, training)", CLA_PUBLISHED,
           breakdown=("care_leaver_age", "breakdown")),
    Source("care_leavers_accommodation", "la_care_leavers_accommodation_suitability*.csv", "ees",
           CLA, "care leavers' accommodation suitability", CLA_PUBLISHED,
           breakdown=("care_leaver_age", "breakdown")),
    Source("adoption_timeliness",
           "national_cla_adopted_average_time_between_adoption_process_stages*.csv", "ees", CLA,
           "adoption timeliness (England only)", CLA_PUBLISHED,
           breakdown=("stage_of_adoption_process", "age_start_poc")),
    Source("population", "ons_mid-year_population_estimates_*.csv", "ees",
           "ONS mid-year population estimates, children aged 0 to 17, as published in EES by "
           "DfE for its rates (ONS, https://www.ons.gov.uk/peoplepopulationandcommunity/"
           "populationandmigration/populationestimates)",
           "ONS population aged 0-17 (denominator of rates per 10,000)",
           {2024: D(2025, 7, 30)}, breakdown=("age_group",)),
    Source("census_ethnicity_la", "ons-ethnic-population-la*.csv", "census",
           "Census 2021 TS021 Ethnic group (ONS, https://www.ons.gov.uk/datasets/TS021)",
           "Census 2021 ethnic group, upper-tier LAs", {2021: D(2023, 3, 28)}),
    Source("census_ethnicity_region", "ons-ethnic-population-reg*.csv", "census",
           "Census 2021 TS021 Ethnic group (ONS, https://www.ons.gov.uk/datasets/TS021)",
           "Census 2021 ethnic group, regions", {2021: D(2023, 3, 28)}),
    Source("census_ethnicity_england", "ons-ethnic-population-nat*.csv", "census",
           "Census 2021 TS021 Ethnic group (ONS, https://www.ons.gov.uk/datasets/TS021)",
           "Census 2021 ethnic group, England", {2021: D(2023, 3, 28)}),
    Source("statistical_neighbours", "sn_model_*_wide.csv", "neighbours",
           "Children's services statistical neighbour benchmarking tool, 2025 model (DfE, May "
           "2025, https://www.gov.uk/government/publications/local-authority-interactive-tool-"
           "lait)", "statistical neighbours (10 per LA)"),
    Source("ofsted_outcomes", "LA_Inspection_Outcomes_as_at_*.ods", "ofsted_outcomes",
           "Local authority inspection outcomes (Ofsted official statistics, "
           "https://www.gov.uk/government/statistical-data-sets/local-authority-and-children-"
           "services-inspection-outcomes)", "Ofsted's official ILACS outcomes"),
)
BY_FAMILY = {s.family: s for s in SOURCES}

AT, YEAR = "at", "year to"


def _cin(measure, column, unit, period, counts):
    return Measure(measure, "children_in_need", column, unit, period, counts)


def _ref(measure, column, unit, counts):
    return Measure(measure, "referrals", column, unit, YEAR, counts)


def _cla(measure, population_type, column, unit, period, counts):
    return Measure(measure, "children_looked_after", column, unit, period, counts,
                   (population_type,))


def _stability(measure, group, row, column, unit, counts):
    return Measure(measure, "placement_stability", column, unit, AT, counts, (group, row))


def _leavers(family, stem, breakdown, counts, pct_of):
    """A count and its published percentage, for each of the two age groups."""
    out = []
    for age, key in (("17 to 18 years", "17_18"), ("19 to 21 years", "19_21")):
        words = counts.format(age=age.replace(" years", ""))
        out.append(Measure(f"care_leavers_{key}_{stem}", family, "care_leaver_count", "count",
                           YEAR, words, (age, breakdown)))
        out.append(Measure(f"care_leavers_{key}_{stem}_pct", family, "care_leaver_percent",
                           "percent", YEAR, f"{words}, as a percentage of {pct_of} (published, "
                           "whole numbers)", (age, breakdown)))
    return out


_CPP_BANDS = (
    ("3m_or_less", "3_months_or_less", "3 months or less"),
    ("3m_to_6m", "more_than_3_months_6_months", "more than 3 months and up to 6 months"),
    ("6m_to_1y", "more_than_6_months_less_than_1_year", "more than 6 months, less than 1 year"),
    ("1y_to_2y", "1_year_less_than_2_years", "1 year, less than 2 years"),
    ("2y_or_more", "2_years_or_more", "2 years or more"),
)
_STABILITY_LONG = ("Children looked after continuously for at least 2.5 years on 31 March aged "
                   "under 16 years")
_ADOPTION_STAGES = (
    ("adoption_entry_to_decision_months", "1. Average time between entry into care and decision "
     "that child should be placed for adoption", "entry into care to the decision to place for "
     "adoption"),
    ("adoption_decision_to_match_months", "2. Average time between decision that child should "
     "be placed for adoption and matching of child and adopters", "decision to place to matching "
     "with adopters"),
    ("adoption_match_to_placement_months", "3. Average time between date of matching and date "
     "placed for adoption", "matching to placement for adoption"),
    ("adoption_entry_to_placement_months", "4. Total average time between entry into care and "
     "date placed for adoption", "entry into care to placement for adoption"),
    ("adoption_placement_to_order_months", "5. Average time between date placed for adoption "
     "and the date child adopted", "placement for adoption to the adoption order"),
    ("adoption_entry_to_order_months", "6. Total average time between entry into care and "
     "adoption", "entry into care to adoption"),
)

MEASURES: tuple[Measure, ...] = (
    # b1: children in need
    _cin("cin_at_31_march", "At31_episodes", "count", AT,
         "children in need at 31 March (open CIN episodes; a child has one open episode at a "
         "time)"),
    _cin("cin_children_in_year", "Anypoint_child", "count", YEAR,
         "children in need at any point in the year"),
    _cin("cin_episodes_in_year", "Anypoint_episodes", "count", YEAR,
         "CIN episodes open at any point in the year"),
    _cin("cin_episodes_started", "Started_episodes", "count", YEAR,
         "CIN episodes starting in the year"),
    _cin("cin_children_started", "Started_child", "count", YEAR,
         "children starting a CIN episode in the year"),
    _cin("cin_episodes_ended", "Ended_episodes", "count", YEAR, "CIN episodes ending in the year"),
    _cin("cin_children_ended", "Ended_child", "count", YEAR,
         "children whose CIN episode ended in the year"),
    _cin("cin_awaiting_assessment_at_31_march", "awaiting_assessment", "count", AT,
         "CIN episodes at 31 March awaiting the completion of an assessment (published as "
         "'awaiting_assessment')"),
    # c1: referrals and re-referrals
    _ref("referrals", "referral_count", "count", "referrals received in the year"),
    _ref("referrals_children", "referral_child_count", "count", "children referred in the year"),
    _ref("rereferrals_within_12_months", "rereferral_count", "count",
         "referrals within 12 months of a previous referral"),
    _ref("rereferrals_within_12_months_pct", "rereferral_percent", "percent",
         "referrals within 12 months of a previous referral, as a percentage of referrals"),
    _ref("rereferrals_children_within_12_months_pct", "rereferral_child_percent", "percent",
         "children re-referred within 12 months, as a percentage of children referred"),
    _ref("referrals_no_further_action", "no_further_action_count", "count",
         "referrals resulting in no further action"),
    _ref("referrals_no_further_action_pct", "no_further_action_percent", "percent",
         "referrals resulting in no further action, as a percentage of referrals"),
    _ref("referrals_assessed_not_in_need", "not_in_need_count", "count",
         "referrals assessed and the child found not to be in need"),
    _ref("referrals_assessed_not_in_need_pct", "not_in_need_percent", "percent",
         "referrals assessed and the child found not to be in need, as a percentage of referrals"),
    # d3: CP plans starting
    Measure("cp_plans_started", "cp_plans_repeat", "CPP_start", "count", YEAR,
            "child protection plans starting in the year"),
    Measure("cp_plans_second_or_subsequent", "cp_plans_repeat", "CPP_subsequent", "count", YEAR,
            "CP plans starting in the year that were a second or subsequent plan (ever)"),
    Measure("cp_plans_second_or_subsequent_pct", "cp_plans_repeat", "CPP_subsequent_percent",
            "percent", YEAR, "second or subsequent CP plans, as a percentage of CP plans "
            "starting in the year"),
    # d5: CP plans at 31 March by length
    Measure("cp_plans_at_31_march", "cp_plans_duration", "CPP_At31", "count", AT,
            "child protection plans open at 31 March"),
    *(m for key, column, words in _CPP_BANDS for m in (
        Measure(f"cp_plans_at_31_march_{key}", "cp_plans_duration", column, "count", AT,
                f"CP plans open at 31 March that had lasted {words}"),
        Measure(f"cp_plans_at_31_march_{key}_pct", "cp_plans_duration", f"{column}_percent",
                "percent", AT, f"CP plans open at 31 March that had lasted {words}, as a "
                "percentage of CP plans at 31 March"))),
    # children looked after: numbers and published rates
    _cla("cla_at_31_march", "Children looked after on 31 March each year", "children_count",
         "count", AT, "children looked after at 31 March"),
    _cla("cla_at_31_march_rate", "Children looked after on 31 March each year",
         "rate_per_10000", "rate per 10,000 children aged 0-17", AT,
         "children looked after at 31 March per 10,000 children aged 0-17 (published, whole "
         "numbers)"),
    _cla("cla_started", "Children starting to be looked after each year", "children_count",
         "count", YEAR, "children starting to be looked after in the year"),
    _cla("cla_started_rate", "Children starting to be looked after each year", "rate_per_10000",
         "rate per 10,000 children aged 0-17", YEAR,
         "children starting to be looked after in the year per 10,000 children aged 0-17 "
         "(published, whole numbers)"),
    _cla("cla_ceased", "Children ceasing to be looked after each year", "children_count",
         "count", YEAR, "children ceasing to be looked after in the year"),
    _cla("cla_ceased_rate", "Children ceasing to be looked after each year", "rate_per_10000",
         "rate per 10,000 children aged 0-17", YEAR,
         "children ceasing to be looked after in the year per 10,000 children aged 0-17 "
         "(published, whole numbers)"),
    # placement stability
    _stability("cla_stability_base_at_31_march", "CLA on 31 March", "Total children",
               "children_count", "count",
               "children looked after at 31 March (the base of the 3+ placements measure)"),
    _stability("cla_3plus_placements", "CLA on 31 March",
               "With 3 or more placements during the year", "children_count", "count",
               "children looked after at 31 March with 3 or more placements during the year"),
    _stability("cla_3plus_placements_pct", "CLA on 31 March",
               "With 3 or more placements during the year", "children_percent", "percent",
               "children looked after at 31 March with 3 or more placements during the year, as "
               "a percentage of children looked after at 31 March (published, whole numbers)"),
    _stability("cla_3plus_placements_2y_pct", "CLA 2 years on 31 March",
               "With 3 or more placements during the previous 2 years", "children_percent",
               "percent", "children in the published group 'CLA 2 years on 31 March' with 3 or "
               "more placements during the previous 2 years, as a percentage of that group"),
    _stability("cla_long_term_cohort", _STABILITY_LONG, "Total children", "children_count",
               "count", "children under 16 looked after continuously for at least 2.5 years at "
               "31 March"),
    _stability("cla_long_term_same_carer_2y_pct", _STABILITY_LONG,
               "Living with the same carer for at least 2 years", "children_percent", "percent",
               "children under 16 looked after continuously for at least 2.5 years, living with "
               "the same carer for at least 2 years, as a percentage of them (long-term "
               "stability)"),
    # care leavers
    *_leavers("care_leavers_activity", "total", "Total",
              "care leavers aged {age} (the publication's cohort, activity around their "
              "birthday)", "all care leavers of that age"),
    *_leavers("care_leavers_activity", "eet", "Total in education, employment or training",
              "care leavers aged {age} in education, employment or training",
              "all care leavers of that age"),
    *_leavers("care_leavers_activity", "neet", "Total not in education, employment or training",
              "care leavers aged {age} not in education, employment or training",
              "all care leavers of that age"),
    *_leavers("care_leavers_activity", "activity_not_known", "Total information not known",
              "care leavers aged {age} whose activity is not known",
              "all care leavers of that age"),
    *_leavers("care_leavers_accommodation", "suitable_accommodation",
              "Accommodation considered suitable",
              "care leavers aged {age} in accommodation considered suitable",
              "all care leavers of that age"),
    *_leavers("care_leavers_accommodation", "unsuitable_accommodation",
              "Accommodation considered unsuitable",
              "care leavers aged {age} in accommodation considered unsuitable",
              "all care leavers of that age"),
    *_leavers("care_leavers_accommodation", "accommodation_not_known", "No information",
              "care leavers aged {age} with no information on their accommodation",
              "all care leavers of that age"),
    # adoption timeliness (England only): years:months as published, stored as months
    *(Measure(measure, "adoption_timeliness", "number", "months", YEAR,
              f"average time from {words}, children adopted in the year (published as "
              "years:months)", (stage, "Total"), "years:months", "England")
      for measure, stage, words in _ADOPTION_STAGES),
    Measure("adoptions_placed_within_12_months_of_decision", "adoption_timeliness", "number",
            "count", YEAR, "children adopted in the year who were placed for adoption within "
            "12 months of the LA's decision that they should be placed",
            ("Children adopted who were placed for adoption within 12 months of the LA "
             "decision to place the child for adoption", "Total"), geography="England"),
    # ONS population (kept in ref_population, the denominator of every rate per 10,000)
    Measure("population_0_17", "population", "population_estimate", "count", AT,
            "children aged 0 to 17, ONS mid-year estimate at 30 June", ("Children aged 0 to 17 "
                                                                        "years",)),
)

# c3's every column after `category` is a factor: measures named from the columns as published,
# so next year's new factor is loaded without a code change.
ASSESSMENT_FACTOR_TOTAL = "Episodes_with_assessment_factor"

COMPUTED: tuple[Computed, ...] = (
    Computed("cin_at_31_march_rate", "cin_at_31_march", AT,
             "children in need at 31 March per 10,000 children aged 0-17 (computed here)"),
    Computed("referrals_rate", "referrals", YEAR,
             "referrals in the year per 10,000 children aged 0-17 (computed here)"),
    Computed("cp_plans_at_31_march_rate", "cp_plans_at_31_march", AT,
             "CP plans at 31 March per 10,000 children aged 0-17 (computed here)"),
    Computed("cp_plans_started_rate", "cp_plans_started", YEAR,
             "CP plans starting in the year per 10,000 children aged 0-17 (computed here)"),
)

EES_DIMENSIONS = ("time_period", "geographic_level", "region_code", "region_name",
                  "old_la_code", "new_la_code", "la_name")
EES_REQUIRED = ("time_period", "geographic_level")


def measures_of(family: str) -> list[Measure]:
    return [m for m in MEASURES if m.family == family]
