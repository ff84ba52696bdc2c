"""The briefing's figures for one LA, read from the SQL marts, for the page, its downloads and
`annexa briefing`.

No rule lives here: every number comes from briefing_indicators, briefing_flow,
briefing_distributions, briefing_age_gender, briefing_windows and comparable_measures
(sql/30_marts). This module only fetches them once, through a `Runner` (annexa/store/queries.py:
the dashboard passes its cached reader, dashboard/db.py `query`; the CLI a plain read-only
connection), finds a figure by its id, and words its window. LA-level aggregates only: nothing
about a single child is read or kept. Streamlit is never imported here.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache

import pandas as pd

from annexa.services.context import EDITIONS, Context
from annexa.store.queries import Runner, named

LIST_NAMES = {
    "list_1": "Contacts",
    "list_2": "Early help",
    "list_3": "Referrals",
    "list_4": "Assessments",
    "list_5": "Section 47 enquiries",
    "list_6": "Children in need",
    "list_7": "Child protection plans",
    "list_8": "Children in care",
    "list_9": "Care leavers",
    "list_10": "Adoption",
    "list_11": "Adopters",
}
LIST_KEYS = list(LIST_NAMES)
# For the headline figures, six to a row.
LIST_SHORT_NAMES = {**LIST_NAMES, "list_5": "Section 47", "list_7": "CP plans"}

# The briefing as the page lays it out: each section's heading with its figures in the order the
# page shows them (the metrics, then the charts and tables below them), and the timeliness and
# stability measures drawn in it. dashboard/views/briefing.py draws its metrics from these lists
# and the downloads follow them, so the printable page reads in the screen's order.
HEADLINE_FIGURES = ["children_in_window", "children_on_several_lists"]
FRONT_DOOR_FIGURES = ["contact_to_referral", "referral_to_assessment", "referral_nfa",
                      "repeat_referrals", "assessment_no_further_action", "s47_to_icpc",
                      "s47_icpc_not_required", "icpc_to_cp_plan"]
TIMELINESS_FIGURES = ["assessments_within_45_working_days",
                      "assessments_open_over_45_working_days", "icpc_within_15_working_days"]
CP_FIGURES = ["cp_plans_open", "cp_plans_started_in_window", "cp_plans_ended_in_window",
              "cp_second_or_subsequent", "cp_plans_over_two_years",
              "cp_plans_ended_over_two_years", "cp_review_overdue", "cp_visit_overdue"]
CLA_FIGURES = ["cla_in_care", "cla_started_in_window", "cla_ceased_in_window",
               "cla_three_or_more_placements", "cla_out_of_area", "cla_kinship",
               "cla_placed_with_parents_on_care_order", "cla_uasc", "cla_review_overdue",
               "cla_visit_overdue", "cla_health_overdue", "cla_dental_overdue"]
MISSING_FIGURES = ["cla_missing", "cla_missing_episodes", "cla_absent", "cla_absent_episodes",
                   "return_interview_offered", "return_interview_accepted", "missing_202",
                   "exploitation_202"]
LEAVER_OUTCOMES = ["care_leavers_in_touch", "care_leavers_suitable_accommodation",
                   "care_leavers_eet", "care_leavers_neet", "care_leavers_pathway_review_overdue"]
ADOPTION_FIGURES = ["adoption_days_entry_to_placement", "adoption_days_entry_to_placement_median",
                    "adoption_days_order_to_match", "adoption_days_order_to_match_median",
                    "adoption_children", "adopted_in_window", "adoption_waiting_for_match",
                    "adoption_reversed_in_window", "adopters_in_window",
                    "adopters_approved_in_window"]
DQ_FIGURES = ["dq_rows_loaded", "dq_errors", "dq_warnings", "dq_unmapped_codes",
              "dq_unparseable_dates", "dq_blank_child_ids", "dq_duplicate_children",
              "dq_missing_lists", "dq_other_lists_not_supplied"]


@dataclass(frozen=True)
class PageSection:
    title: str
    indicators: list[str]
    measures: list[str] = field(default_factory=list)  # briefing_distributions, as drawn


PAGE_SECTIONS = [
    PageSection("Children on each list", ["list_children_in_window", "list_rows_in_window",
                                          *HEADLINE_FIGURES]),
    PageSection("The children", ["children_by_age_band", "children_by_gender",
                                 "children_by_ethnicity_group", "children_by_disability"]),
    PageSection("Contacts, referrals, assessments and section 47",
                ["contacts_by_source", "referrals_by_source", *FRONT_DOOR_FIGURES]),
    PageSection("Timeliness", TIMELINESS_FIGURES,
                ["assessment_working_days", "icpc_working_days"]),
    PageSection("Child protection plans", [*CP_FIGURES, "cp_plans_by_category"],
                ["cp_plan_months"]),
    PageSection("Children in care: placements and stability",
                [*CLA_FIGURES, "cla_by_placement_type", "cla_by_legal_status",
                 "cla_ceased_by_reason"], ["placements_12m"]),
    PageSection("Missing children and exploitation", MISSING_FIGURES, ["missing_episodes_12m"]),
    PageSection("Care leavers", [*LEAVER_OUTCOMES, "care_leavers",
                                 "care_leavers_by_eligibility"]),
    PageSection("Adoption", [*ADOPTION_FIGURES, "adoption_by_stage"],
                ["adoption_days_entry_to_placement", "adoption_days_order_to_match"]),
    PageSection("Data quality", DQ_FIGURES),
]
PAGE_ORDER = {i: n for n, i in enumerate(i for sec in PAGE_SECTIONS for i in sec.indicators)}
# Categories a breakdown lists after every recorded one, in this order.
LAST_CATEGORIES = ["not a template code", "not recorded"]
# Categories with an order of their own, shown in it rather than largest first (a reader looks
# for '3 lists' after '2 lists', and for the age bands in age order).
_CODE_PREFIX = re.compile(r"^[a-z]{1,2}\)\s+")
# What a figure counted over a second period counts (the default: episodes).
PERIOD_NOUNS = {"cla_three_or_more_placements": "placements", "placements_12m": "placements"}


def plain(category: object) -> str:
    """A template code without its letter ('a) Neglect' -> 'Neglect') for charts and tables, and
    the downloads (so they read as the screen does)."""
    text = "not recorded" if category is None or pd.isna(category) else str(category)
    text = _CODE_PREFIX.sub("", text)
    return text[:1].upper() + text[1:]


def category_label(category: object) -> str | None:
    """A figure's category as the page and the downloads show it: a list key as the list's
    name, a template code without its letter, no category as None."""
    if category is None or (not isinstance(category, str) and pd.isna(category)):
        return None
    if category.startswith("list_") or category in _other_list_names():
        return list_label(category)  # never the internal key ('missing_exploitation')
    return plain(category)


# The lists other than 1-11 in a narrow table column (their full titles are in the spec).
OTHER_LIST_SHORT_NAMES = {"siblings": "Sibling counts (list 8)",
                          "missing_exploitation": "Missing or exploited (2.02)",
                          "audits": "LA audits (ILACS ¶266)"}


def list_label(key: str, short: bool = False) -> str:
    """A list as the page names it: 'Contacts (list 1)'; the lists that are not lists 1-11 by
    their titles in the spec ('LA audits (ILACS ¶266)'), or a short name for a narrow column,
    never by their internal key."""
    number = key.removeprefix("list_")
    if number.isdigit():
        return f"{LIST_NAMES.get(key, key)} (list {number})"
    if short and key in OTHER_LIST_SHORT_NAMES:
        return OTHER_LIST_SHORT_NAMES[key]
    return _other_list_names().get(key, key)


@cache
def _other_list_names() -> dict[str, str]:
    """The titles of the sibling counts, the 2.02 list and the audits list (ingest/spec): a bare
    paragraph gets its document's name, as on every page ('¶266' -> 'ILACS ¶266')."""
    from ingest.spec import load_spec

    return {k: re.sub(r"\((¶\d)", r"(ILACS \1", ls.title)
            for k, ls in load_spec().lists.items() if not ls.number}


# The named queries (sql/queries/briefing/), each one mart call with the sidebar's choices bound
# as parameters.
QUERIES: dict[str, str] = {
    "indicators": "briefing/indicators",
    "flow": "briefing/flow",
    "distributions": "briefing/distributions",
    "windows": "briefing/windows",
    "comparisons": "briefing/comparisons",
}
QUERY_STEPS = {
    "indicators": "Briefing indicators counted",
    "flow": "Children followed from stage to stage",
    "distributions": "Timeliness and stability counted",
    "windows": "Each list's window worked out",
    "comparisons": "Set beside the published statistics",
}


# The pyramid's rows come with the indicators (briefing_indicators' children_by_age_and_gender,
# category 'band order|age band|gender', as briefing_age_gender takes them apart): one pass over
# the children, not a second query over the children mart (0.5 s on the largest demo LA).
PYRAMID = "children_by_age_and_gender"
AGE_GENDER_COLUMNS = ["la_code", "submission_id", "ref_date", "age_band", "band_order", "gender",
                      "children"]


def _split_pyramid(indicators: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The indicators without the pyramid's rows, and those rows as briefing_age_gender has
    them (one row per age band x gender, youngest band first)."""
    rows = indicators[(indicators.indicator == PYRAMID) & indicators.category.notna()]
    rest = indicators[indicators.indicator != PYRAMID].reset_index(drop=True)
    if rows.empty:
        return rest, pd.DataFrame(columns=AGE_GENDER_COLUMNS)
    parts = rows.category.str.split("|", n=2, expand=True)
    age_gender = pd.DataFrame({
        "la_code": rows.la_code, "submission_id": rows.submission_id, "ref_date": rows.ref_date,
        "age_band": parts[1], "band_order": parts[0].astype(int), "gender": parts[2],
        "children": rows.n.astype(int),
    }).sort_values(["band_order", "gender"]).reset_index(drop=True)
    return rest, age_gender


def _params(name: str, ctx: Context) -> list:
    base = [ctx.la_code, ctx.ref_date, ctx.edition]
    if name == "indicators":
        base += [ctx.sampling_months, ctx.sibling_threshold]
    if name == "comparisons":
        base += [ctx.compare_as]
    return base


@dataclass
class Briefing:
    """Every figure of one LA's briefing, as the marts give them."""

    la_code: str
    la_name: str
    ref_date: dt.date
    ref_date_is_default: bool
    edition: str
    submission: pd.Series
    indicators: pd.DataFrame
    age_gender: pd.DataFrame
    flow: pd.DataFrame
    distributions: pd.DataFrame
    windows: pd.DataFrame
    indicator_windows: dict[str, str]
    # comparable_measures: the headlines beside England, region and neighbours (issue 12).
    comparisons: pd.DataFrame = field(default_factory=pd.DataFrame)
    indicator_periods: dict[str, str] = field(default_factory=dict)
    # The real LA's name when a fictional LA is compared as one (None otherwise).
    compared_as_name: str | None = None
    _rows: dict = field(default_factory=dict, repr=False)
    _windows: dict = field(default_factory=dict, repr=False)
    _breakdowns: dict = field(default_factory=dict, repr=False)
    _distributions: dict = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        # Indexed once: the page looks figures up a few hundred times, and a boolean mask on
        # pandas' Arrow-backed text columns costs about a millisecond each time.
        for row in self.indicators.to_dict("records"):
            category = row["category"] if isinstance(row["category"], str) else None
            self._rows[(row["indicator"], category)] = row
        self._windows = {w["window_key"]: w for w in self.windows.to_dict("records")}
        # Put in the page's order once, not once per breakdown drawn (ten sorts, 0.1 s a page):
        # page_ordered sorts by indicator first, so each group keeps the page's order.
        with_category = page_ordered(self.indicators[self.indicators.category.notna()])
        self._breakdowns = {k: g for k, g in with_category.groupby("indicator", sort=False)}
        self._distributions = {k: g.sort_values("band_no")
                               for k, g in self.distributions.groupby("measure", sort=False)}

    # ----------------------------------------------------------------------------- lookups

    def has(self, indicator: str, category: str | None = None) -> bool:
        return (indicator, category) in self._rows

    def figure(self, indicator: str, category: str | None = None) -> dict:
        """One row of briefing_indicators (n, d, value, label, definition, reference...)."""
        try:
            return self._rows[(indicator, category)]
        except KeyError:
            raise KeyError(f"{indicator} [{category}] is not in briefing_indicators") from None

    def describe(self, indicator: str) -> dict:
        """The label, definition and reference of an indicator (its first row)."""
        return next(r for (i, _), r in self._rows.items() if i == indicator)

    def breakdown(self, indicator: str) -> pd.DataFrame:
        """The categories of one indicator, largest first ('not a template code', then 'not
        recorded', last)."""
        return self._breakdowns.get(indicator, self.indicators.iloc[0:0])

    def distribution(self, measure: str) -> pd.DataFrame:
        return self._distributions.get(measure, self.distributions.iloc[0:0])

    def window_key(self, indicator: str, category: str | None = None) -> str:
        key = self.indicator_windows.get(indicator, "at_ref")
        return category if key == "by_category" and category else key

    def window(self, indicator: str, category: str | None = None) -> str:
        """The figure's window in words, with its dates: '30/07/2026 to 30/10/2026 (3 months)'.

        A figure about the children of one window that counts their episodes (or placements)
        over another period (briefing_indicator_windows.period_key) names both: 'children in
        the list 8 window, 30/04/2026 to 30/10/2026 (6 months); episodes in the 12 months to
        30/10/2026'."""
        key = self.window_key(indicator, category)
        row = self._windows.get(key)
        if row is None:
            text = f"at {self.ref_date:%d/%m/%Y}"
        else:
            text = row["label"]
            if key.startswith("list_") and not text.startswith("at "):
                text = f"list {key.removeprefix('list_')} window, {text}"
        period = self._windows.get(self.indicator_periods.get(indicator) or "")
        if period is None:
            return text
        cohort = (f"children in care {text}" if key == "at_ref"
                  else f"children in the {text}")
        noun = PERIOD_NOUNS.get(indicator, "episodes")
        months = period.get("months")
        span = f"{int(months)} months" if months is not None and not pd.isna(months) else "period"
        return f"{cohort}; {noun} in the {span} to {self.ref_date:%d/%m/%Y}"

    def has_period(self, indicator: str) -> bool:
        """Whether the figure counts its children's events over a second period."""
        return bool(self.indicator_periods.get(indicator))

    def list_window(self, key: str) -> dict:
        return self._windows[key]

    @property
    def edition_label(self) -> str:
        return EDITIONS.get(self.edition, self.edition)

    @property
    def ref_label(self) -> str:
        note = " (the submission's as-at date)" if self.ref_date_is_default else ""
        return f"{self.ref_date:%d %B %Y}{note}"

    @property
    def title(self) -> str:
        return f"{self.la_name} ({self.la_code})"


def load(ctx: Context, run: Runner,
         progress: Callable[[float, str], None] | None = None) -> Briefing | None:
    """Fetch every mart the briefing needs for the context's LA through `run`; None when it has
    no data.

    The five marts at once, from worker threads: one LA's queries are small enough that DuckDB
    leaves cores idle between their steps (benchmarks/pages.py, large LA, 2 cores, load 1: the
    Briefing cold in 0.73 / 0.79 s min / median at once, 0.88 / 0.93 s one after the other).
    So `run` is called from several threads at once: each call must use a cursor of its own
    (store.queries.runner and the dashboard's reader do).
    """
    frames: dict[str, pd.DataFrame] = {}
    with ThreadPoolExecutor(max_workers=len(QUERIES)) as pool:
        futures = {name: pool.submit(named, run, query, _params(name, ctx))
                   for name, query in QUERIES.items()}
        for done, (name, future) in enumerate(futures.items(), start=1):
            frames[name] = future.result()
            if progress:
                progress(done / (len(QUERIES) + 1),
                         f"{QUERY_STEPS[name]} ({done} of {len(QUERIES)})...")
    if frames["indicators"].empty:
        return None
    frames["indicators"], frames["age_gender"] = _split_pyramid(frames["indicators"])
    submission_id = int(frames["indicators"].submission_id.iloc[0])
    sub = named(run, "briefing/submission", [submission_id]).iloc[0]
    # Every column (the query's header says why): a database built by an older version has no
    # period_key yet, and the page must still open on it.
    mapping = named(run, "briefing/indicator_windows")
    periods = mapping["period_key"] if "period_key" in mapping else [None] * len(mapping)
    ref = frames["indicators"].ref_date.iloc[0]
    return Briefing(
        la_code=ctx.la_code,
        la_name=ctx.la_name or sub.la_name or ctx.la_code,
        ref_date=ref.date() if hasattr(ref, "date") else ref,
        ref_date_is_default=ctx.ref_date_is_default,
        edition=ctx.edition,
        submission=sub,
        indicator_windows=dict(zip(mapping.indicator, mapping.window_key, strict=True)),
        indicator_periods={i: k for i, k in zip(mapping.indicator, periods, strict=True)
                           if isinstance(k, str)},
        compared_as_name=_compared_as_name(frames["comparisons"], run),
        **frames,
    )


def _compared_as_name(comparisons: pd.DataFrame, run: Runner) -> str | None:
    """The name of the real LA the comparisons borrow, when they borrow one."""
    if comparisons.empty or "using_comparator" not in comparisons:
        return None
    first = comparisons.iloc[0]
    if not bool(first.using_comparator) or not isinstance(first.compared_as, str):
        return None
    found = named(run, "national_context/compared_as_name", [first.compared_as])
    name = None if found.empty else found.iloc[0, 0]
    return name if isinstance(name, str) else None


def page_ordered(df: pd.DataFrame) -> pd.DataFrame:
    """Rows of briefing_indicators in the page's order (PAGE_SECTIONS): figure by figure, each
    single figure before its categories; lists by number; ordered categories (age bands, number
    of lists, adoption stages: the mart's category_order) in their order; other categories largest
    first, with values that are not a template code and blanks ('not recorded') last; categories
    of the same
    size by name, so the order never depends on the order the query returned them in (the page,
    its downloads and `annexa briefing` list them alike)."""
    lists = df.category.str.extract(r"^list_(\d+)$")[0].astype(float)
    last = df.category.map(lambda c: LAST_CATEGORIES.index(c) + 1 if c in LAST_CATEGORIES
                           else 0)
    rank = df["category_order"].fillna(-1) if "category_order" in df else -1
    return df.assign(
        _at=df.indicator.map(PAGE_ORDER).fillna(len(PAGE_ORDER)), _single=df.category.isna(),
        _list=lists, _last=last, _rank=rank, _n=-df.n,
    ).sort_values(["_at", "indicator", "_single", "_list", "_last", "_rank", "_n", "category"],
                  ascending=[True, True, False, True, True, True, True, True],
                  kind="stable").drop(columns=["_at", "_single", "_list", "_last", "_rank", "_n"])


# ------------------------------------------------------------------------------- formatting

def fmt_value(row) -> str:
    """The figure as the page shows it: '1,234', '87.9%' or '478.9 days' ('-' when none)."""
    value = row["value"]
    if value is None or pd.isna(value):
        return "-"
    if row["unit"] == "percent":
        return f"{value:.1f}%"
    if row["unit"] == "days":
        return f"{value:,.1f} days" if value != int(value) else f"{int(value):,} days"
    return f"{int(value):,}"


def fmt_basis(row) -> str:
    """What the figure is made of: '5,542 of 6,308' for a percentage, 'of 197 children' for days."""
    n, d = row["n"], row["d"]
    if row["unit"] == "percent":
        return f"{int(n):,} of {int(d or 0):,}"
    if row["unit"] == "days":
        children = d if d is not None and not pd.isna(d) else n
        return f"{int(children or 0):,} children"
    return ""


# ------------------------------------------------------------------------ national context

QUARTERS = {1: "lowest quarter", 2: "second quarter", 3: "third quarter", 4: "highest quarter"}


def comparison_number(value, unit: str) -> str:
    """A published or comparable figure as the national context shows it ('67.0', '22.6%')."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.1f}" + ("%" if unit == "percent" else "")


def comparison_word(la_value, other) -> str:
    """'higher than', 'lower than' or 'the same as' (no colour says good or bad: N4)."""
    if any(v is None or (isinstance(v, float) and math.isnan(v)) for v in (la_value, other)):
        return ""
    if abs(la_value - other) < 0.05:
        return "the same as"
    return "higher than" if la_value > other else "lower than"


def comparison_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The comparisons (comparable_measures) as the page, the Excel briefing and the printable
    page show them (one home for all three)."""
    return pd.DataFrame({
        "Measure": rows.label,
        "This LA": [comparison_number(v, u) if c else "not comparable"
                    for v, u, c in zip(rows.la_value, rows.unit, rows.comparable, strict=True)],
        "Against England": [comparison_word(v, e) for v, e in
                            zip(rows.la_value, rows.england_value, strict=True)],
        "England": [comparison_number(v, u)
                    for v, u in zip(rows.england_value, rows.unit, strict=True)],
        "Region": [comparison_number(v, u)
                   for v, u in zip(rows.region_value, rows.unit, strict=True)],
        "Neighbours": [
            f"{comparison_number(v, u)} ({n} of {t})" if t else "–" for v, u, n, t in
            zip(rows.sn_mean, rows.unit, rows.sn_with_data, rows.sn_total, strict=True)],
        "Among all LAs": [QUARTERS.get(int(q), "") if q == q and q is not None else "–"
                          for q in rows.quartile],
        "How this LA's figure is counted": [
            b if c else w for b, c, w in
            zip(rows.basis, rows.comparable, rows.not_comparable_why, strict=True)],
    })


def comparison_basis(b: Briefing) -> str:
    """Whose population, region and neighbours the comparisons use, in words: a fictional LA is
    compared as a real one only when the user chose one (N7), and the downloads say so."""
    rows = b.comparisons
    if rows.empty or rows.england_value.isna().all():
        return ("No published statistics are loaded: run `annexa reference import` for England, "
                "region and neighbour figures.")
    first = rows.iloc[0]
    if bool(first.using_comparator) and isinstance(first.compared_as, str):
        name = f"{b.compared_as_name} ({first.compared_as})" if b.compared_as_name \
            else first.compared_as
        return (f"This LA is not in the published statistics: it is compared as {name}, whose "
                "child population, region and statistical neighbours are used. The published "
                "figures are not this LA's own.")
    if not isinstance(first.compared_as, str):
        return ("This LA is not in the published statistics: only England is shown and no rate "
                "per 10,000 children can be worked out (no real LA was chosen to compare as).")
    return "This LA's own published statistics, region and statistical neighbours."
