"""The briefing's figures for one LA, read from the SQL marts, for the page and its downloads.

No rule lives here: every number comes from briefing_indicators, briefing_flow,
briefing_distributions, briefing_age_gender and briefing_windows (sql/30_marts). This module only
fetches them once, finds a figure by its id, and words its window. LA-level aggregates only:
nothing about a single child is read or kept.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from dashboard import db
from dashboard.context import EDITIONS, Context

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
    if category.startswith("list_"):
        return list_label(category)
    return plain(category)


def list_label(key: str) -> str:
    number = key.removeprefix("list_")
    return f"{LIST_NAMES.get(key, key)} (list {number})" if number.isdigit() else key


# The queries, each one mart call with the sidebar's choices bound as parameters.
QUERIES: dict[str, str] = {
    "indicators": "select * from briefing_indicators(?, ref_date := ?, edition := ?, "
                  "sampling_months := ?, sibling_threshold := ?)",
    "age_gender": "select * from briefing_age_gender(?, ref_date := ?, edition := ?, "
                  "sampling_months := ?, sibling_threshold := ?)",
    "flow": "select * from briefing_flow(?, ref_date := ?, edition := ?)",
    "distributions": "select * from briefing_distributions(?, ref_date := ?, edition := ?)",
    "windows": "select * from briefing_windows(?, ref_date := ?, edition := ?)",
}
QUERY_STEPS = {
    "indicators": "Briefing indicators counted",
    "age_gender": "Children counted by age and gender",
    "flow": "Children followed from stage to stage",
    "distributions": "Timeliness and stability counted",
    "windows": "Each list's window worked out",
}


def _params(name: str, ctx: Context) -> list:
    base = [ctx.la_code, ctx.ref_date, ctx.edition]
    if name in ("indicators", "age_gender"):
        base += [ctx.sampling_months, ctx.sibling_threshold]
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
    indicator_periods: dict[str, str] = field(default_factory=dict)
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
        with_category = self.indicators[self.indicators.category.notna()]
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
        """The categories of one indicator, largest first ('not recorded' last)."""
        df = self._breakdowns.get(indicator, self.indicators.iloc[0:0])
        last = df.category.eq("not recorded")
        return df.assign(last=last).sort_values(["last", "n"], ascending=[True, False]).drop(
            columns="last")

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


def load(ctx: Context, progress: Callable[[float, str], None] | None = None) -> Briefing | None:
    """Fetch every mart the briefing needs for the sidebar's LA; None when it has no data.

    One after the other: DuckDB already spreads each query over the machine's cores, and running
    them at once was slower (measured: 0.8-1.5 s against 0.8 s on the large LA, 2 cores).
    """
    frames: dict[str, pd.DataFrame] = {}
    for done, (name, sql) in enumerate(QUERIES.items(), start=1):
        frames[name] = db.query(sql, _params(name, ctx))
        if progress:
            progress(done / (len(QUERIES) + 1),
                     f"{QUERY_STEPS[name]} ({done} of {len(QUERIES)})...")
    if frames["indicators"].empty:
        return None
    submission_id = int(frames["indicators"].submission_id.iloc[0])
    sub = db.query("select submission_id, la_code, la_name, region, as_at_date, as_at_source, "
                   "array_to_string(file_names, ', ') as files, loaded_at, rows_loaded "
                   "from submissions where submission_id = ?", [submission_id]).iloc[0]
    # select *: a database built by an older version (upgraded on its next write) has no
    # period_key yet, and the page must still open on it.
    mapping = db.query("select * from briefing_indicator_windows")
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
        **frames,
    )


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
