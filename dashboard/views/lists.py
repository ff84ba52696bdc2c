"""Lists in detail: one Annex A list at a time, as Data to Insight's ChAT tool draws them.

For the analytical officer and the inspectors who will read a list's cases: the user picks one of
lists 1-11 supplied for the LA in the sidebar, and sees, for the children in that list's window
(the same windows and reference date as the Briefing): who they are (age, gender, ethnic group,
disability), how many started each month, how they are spread over teams and workers with the
list's timeliness measures by team, and their ethnic groups against the LA's Census 2021
population. Then the sections that belong to that list alone (dashboard/list_sections.py).

Every figure comes from the marts in sql/30_marts/90_list_detail through the named queries in
sql/queries/lists/; the rules are docs/methodology/lists.md L1-L7. Counts of children, never
rows, and nothing names a child.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import charts, db, list_sections
from dashboard.briefing_data import LIST_NAMES, list_label, plain
from dashboard.context import EDITIONS, current

UPLOAD_PAGE = "views/upload.py"
P = "lists__"  # this page's session_state keys
LIST_PARAM = "list"  # the list chosen, in the address bar (?list=list_4)
SMALL_BASE = 10  # docs/methodology/lists.md L7 (the marts' small_base)
SUPPRESS_UNDER = 5  # docs/methodology/lists.md L6 (list_profile_disproportionality)
METHOD = "docs/methodology/lists.md"
MONTHLY_PX = 280  # the monthly chart's plot height


# ----------------------------------------------------------------------------------- helpers

def how_counted(texts: list[str], key: str) -> None:
    """'How is this counted?' next to a chart: one click to its rule."""
    with st.popover("How is this counted?", icon=":material/help:", key=P + key):
        st.markdown("\n\n".join(texts))


def _d(value) -> str:
    return f"{pd.Timestamp(value):%d/%m/%Y}" if value is not None and not pd.isna(value) else "-"


def _short(key: str) -> str:
    return f"{key.removeprefix('list_')} · {LIST_NAMES[key]}"


def _base_note(total: int, unit: str) -> str:
    """L7: a percentage of fewer than SMALL_BASE children is labelled as such."""
    return (f"Small base: every percentage here is of fewer than {SMALL_BASE} {unit} "
            f"({total:,}); read the counts rather than the percentages."
            if total < SMALL_BASE else "")


def _choose_list(options: list[str]) -> None:
    """The list shown: this session's choice, else the link's (?list=list_4), else the first
    supplied. The address bar holds the key, so a copied link reopens the same list."""
    current_choice = st.session_state.get(P + "list")
    for candidate in (current_choice, st.query_params.get(LIST_PARAM), options[0]):
        if candidate in options:
            st.session_state[P + "list"] = candidate
            return


def empty_state() -> None:
    st.title("Lists in detail")
    st.info("No data loaded: upload an LA's Annex A workbook, or load the demo (three fictional "
            "LAs), on the Upload and data quality page. Each list can then be looked at here.")
    st.page_link(UPLOAD_PAGE, label="Go to Upload and data quality", icon=":material/upload_file:")


# ------------------------------------------------------------------------------------ charts

@charts.unchecked
def monthly_chart(data: pd.DataFrame, title: str, subtitle: list[str], *, unit: str
                  ) -> alt.LayerChart:
    """One bar per calendar month (children starting), a part month in a lighter colour and
    named so in its label and the legend, the reference date (and the as-at date when it
    differs and falls in the months drawn) marked by a labelled line.

    data: list_monthly rows (month_start, month_end, counted_from, counted_to, partial,
    children, starts, ref_date, as_at_date).
    """
    whole, part = "Whole month", "Part of the month (the window starts or ends in it)"
    frame = pd.DataFrame({
        "bar_from": [f"{pd.Timestamp(m) + pd.Timedelta(days=2):%Y-%m-%d}"
                     for m in data["month_start"]],
        "bar_to": [f"{pd.Timestamp(m) - pd.Timedelta(days=1):%Y-%m-%d}"
                   for m in data["month_end"]],
        "mid": [f"{pd.Timestamp(a) + (pd.Timestamp(b) - pd.Timestamp(a)) / 2:%Y-%m-%d}"
                for a, b in zip(data["month_start"], data["month_end"], strict=True)],
        "month": [f"{pd.Timestamp(m):%b %Y}" for m in data["month_start"]],
        "children": data["children"].astype(int).to_numpy(),
        "what": [part if p else whole for p in data["partial"]],
        "text": [f"{int(n):,}" + (" (part)" if p else "")
                 for n, p in zip(data["children"], data["partial"], strict=True)],
    })
    top = max(int(frame["children"].max()) if len(frame) else 0, 1)
    ticks = charts.nice_ticks(top)
    y_top = max(top * 1.3, ticks[-1])
    first = pd.Timestamp(data["month_start"].iloc[0])
    last = pd.Timestamp(data["month_end"].iloc[-1]) + pd.Timedelta(days=1)
    x_scale = alt.Scale(type="utc", domain=[f"{first:%Y-%m-%d}", f"{last:%Y-%m-%d}"])
    x = alt.X(field="bar_from", type="temporal", scale=x_scale, title=None,
              axis=alt.Axis(labels=False, grid=False, tickCount={"interval": "month", "step": 1}))
    y = alt.Y(field="children", type="quantitative", title=f"{unit.capitalize()} starting",
              scale=alt.Scale(domain=[0, y_top], nice=False),
              axis=alt.Axis(values=ticks, format=",.0f"))
    colour = alt.Color(field="what", type="nominal", title=None,
                       scale=alt.Scale(domain=[whole, part], range=[charts.BLUE, charts.SKY]),
                       legend=alt.Legend(orient="bottom", offset=24,
                                         labelLimit=charts.LEGEND_LABEL_LIMIT))
    tooltip = [alt.Tooltip(field="month", type="nominal", title="Month"),
               alt.Tooltip(field="children", type="quantitative", title=unit.capitalize(),
                           format=","),
               alt.Tooltip(field="what", type="nominal", title="Month counted")]
    bars = alt.Chart().mark_bar().encode(
        x=x, x2=alt.X2(field="bar_to"), y=y, y2=alt.Y2(datum=0), color=colour, tooltip=tooltip)
    text = alt.Chart().mark_text(dy=-6, color="#222222").encode(
        x=alt.X(field="mid", type="temporal", scale=x_scale), y=y, text=charts.TEXT)
    # Each month's name under its bar (an axis would label the month's first day instead).
    months = alt.Chart().mark_text(baseline="top", color=charts.INK).encode(
        x=alt.X(field="mid", type="temporal", scale=x_scale),
        y=alt.value(MONTHLY_PX + 6), text=alt.Text(field="month", type="nominal"))
    layers = [bars, text, months]
    ref, as_at = pd.Timestamp(data["ref_date"].iloc[0]), pd.Timestamp(data["as_at_date"].iloc[0])
    marks = [(ref, f"Reference date {ref:%d/%m/%Y}")]
    if as_at != ref and first <= as_at < last:
        marks.append((as_at, f"Data as at {as_at:%d/%m/%Y}"))
    for i, (day, label) in enumerate(marks):
        line = pd.DataFrame({"day": [f"{day:%Y-%m-%d}"], "label": [label]})
        layers.append(alt.Chart(alt.Data(values=line.to_dict("records"))).mark_rule(
            color=charts.VERMILLION, strokeDash=[6, 3], strokeWidth=2).encode(
            x=alt.X(field="day", type="temporal", scale=x_scale)))
        layers.append(alt.Chart(alt.Data(values=line.to_dict("records"))).mark_text(
            align="right", dx=-4, dy=8 + 14 * i, baseline="top", color=charts.INK,
            fontWeight="bold").encode(
            x=alt.X(field="day", type="temporal", scale=x_scale),
            y=alt.value(0), text=alt.Text(field="label", type="nominal")))
    busiest = frame.loc[frame["children"].idxmax()] if len(frame) else None
    parts = [m for m, w in zip(frame["month"], frame["what"], strict=True) if w == part]
    summary = (f"{title}: one bar per calendar month ({len(frame)}), the number of {unit} "
               "starting written above each bar"
               + (f"; the most in {busiest['month']} ({int(busiest['children']):,})"
                  if busiest is not None and busiest["children"] else "; none started")
               + (f"; part months, counted only for the days in the window: {', '.join(parts)}"
                  if parts else "")
               + "; " + "; ".join(label for _, label in marks) + " marked by a dashed line.")
    table = pd.DataFrame({
        "Month": frame["month"],
        "Days counted": [f"{_d(a)} to {_d(b)}" for a, b in
                         zip(data["counted_from"], data["counted_to"], strict=True)],
        f"{unit.capitalize()} starting": [f"{int(n):,}" for n in data["children"]],
        "Rows starting": [f"{int(n):,}" for n in data["starts"]],
        "Month counted": frame["what"],
    })
    return charts.layered(frame, layers, title, subtitle, MONTHLY_PX, summary, table)


@charts.unchecked
def rate_chart(data: pd.DataFrame, title: str, subtitle: list[str], *, unit: str
               ) -> alt.LayerChart:
    """Relative rates by ethnic group as horizontal bars from 0, a line at 1 (the same share as
    the population), each bar's rate and shares written beside it; a group with too few children
    has no bar and says 'fewer than 5: suppressed' instead.

    data: list_profile_disproportionality rows of the comparable groups.
    """
    texts = []
    for r in data.itertuples():
        if r.suppressed:
            texts.append(f"{int(r.children):,} {unit}: fewer than {SUPPRESS_UNDER}, "
                         "rate suppressed")
        elif pd.isna(r.relative_rate):
            texts.append(f"{int(r.children):,} {unit}: no population to compare")
        else:
            texts.append(f"{r.relative_rate:.2f} × ({r.list_share:.1f}% of the list, "
                         f"{r.population_share:.1f}% of the population)")
    frame = pd.DataFrame({
        "label": data["ethnicity_group"].map(plain).to_numpy(),
        "rate": data["relative_rate"].fillna(0).astype(float).to_numpy(),
        "text": texts,
    })
    order = list(frame["label"])
    top = max(float(frame["rate"].max() or 0), 1.0)
    right = max(top * 2.6, 3.0)
    ticks = [t for t in charts.nice_ticks(top) if t <= right]
    x = alt.X(field="rate", type="quantitative", title="Relative rate (1 = the population's share)",
              scale=alt.Scale(domain=[0, right], nice=False),
              axis=alt.Axis(values=ticks if 1 in ticks else sorted({*ticks, 1}), format=",.1f"))
    y = alt.Y(field="label", type="nominal", sort=order, title=None,
              axis=alt.Axis(labelLimit=charts.LABEL_LIMIT))
    tooltip = [alt.Tooltip(field="label", type="nominal", title="Ethnic group"),
               alt.Tooltip(field="text", type="nominal", title="Relative rate")]
    bars = alt.Chart().mark_bar(color=charts.BLUE).encode(x=x, y=y, tooltip=tooltip)
    text = alt.Chart().mark_text(align="left", dx=4, color="#222222").encode(
        x=x, y=y, text=charts.TEXT)
    one = alt.Chart(alt.Data(values=[{"one": 1}])).mark_rule(
        color=charts.INK, strokeDash=[4, 3]).encode(
        x=alt.X(field="one", type="quantitative", scale=alt.Scale(domain=[0, right],
                                                                    nice=False)))
    shown = data[~data["suppressed"] & data["relative_rate"].notna()]
    summary = (f"{title}: one bar per ethnic group ({len(frame)}), the relative rate written "
               "beside it, a dashed line at 1 (the same share as the population)")
    if len(shown):
        hi = shown.loc[shown["relative_rate"].idxmax()]
        lo = shown.loc[shown["relative_rate"].idxmin()]
        summary += (f"; highest {plain(hi['ethnicity_group'])} ({hi['relative_rate']:.2f}), "
                    f"lowest {plain(lo['ethnicity_group'])} ({lo['relative_rate']:.2f})")
    suppressed = int(data["suppressed"].sum())
    if suppressed:
        summary += f"; {suppressed} group(s) of fewer than {SUPPRESS_UNDER} {unit} suppressed"
    table = pd.DataFrame({
        "Ethnic group": frame["label"],
        unit.capitalize(): [f"{int(n):,}" for n in data["children"]],
        "% of the list": ["suppressed" if s else f"{v:.1f}%" for s, v in
                          zip(data["suppressed"], data["list_share"], strict=True)],
        "% of the population": [f"{v:.1f}%" if pd.notna(v) else "-"
                                for v in data["population_share"]],
        "Relative rate": ["suppressed" if s else (f"{v:.2f}" if pd.notna(v) else "-")
                          for s, v in zip(data["suppressed"], data["relative_rate"],
                                          strict=True)],
    })
    return charts.layered(frame, [one, bars, text], title, subtitle,
                         40 + charts.ROW_PX * len(frame), summary + ".", table)


def _shares(data: pd.DataFrame, unit: str, total: int) -> pd.DataFrame:
    """A profile dimension as share_bars wants it (label, value, n, d)."""
    return pd.DataFrame({"label": data["category"].map(plain).to_numpy(),
                         "value": data["pct"].to_numpy(),
                         "n": data["children"].to_numpy(),
                         "d": [total] * len(data)})


def _value_title(unit: str, total: int) -> str:
    return (f"% of the {unit} (of {total:,}: a small base)" if total < SMALL_BASE
            else f"% of the {unit}")


# ---------------------------------------------------------------------------------- sections

def header(ctx, lists: pd.DataFrame) -> str | None:
    st.title(f"Lists in detail: {ctx.la_name or ctx.la_code} ({ctx.la_code})")
    st.caption(f"Reference date **{ctx.ref_date:%d %B %Y}**"
               + (" (the submission's as-at date)" if ctx.ref_date_is_default else "")
               + f"; {EDITIONS.get(ctx.edition, ctx.edition)}. The same windows as the "
               "Briefing: change the LA, the reference date or the edition in the sidebar. "
               "Counts are of children (list 11: adopters), never rows, and nothing here names "
               "a child.")
    supplied = lists[lists["rows_supplied"] > 0]
    if supplied.empty:
        st.info("None of lists 1-11 has any rows in this submission: nothing to show. Check the "
                "Upload and data quality page.")
        st.page_link(UPLOAD_PAGE, label="Go to Upload and data quality",
                     icon=":material/upload_file:")
        return None
    rows = dict(zip(supplied["list_key"], supplied["rows_supplied"], strict=True))
    options = list(rows)
    _choose_list(options)
    st.selectbox("List", options, key=P + "list",
                 format_func=lambda k: f"{_short(k)} ({int(rows[k]):,} rows supplied)",
                 help="Lists 1-11 as numbered in Annex A; only the lists this submission "
                 "supplied are offered. The link in the address bar reopens this list.")
    key = st.session_state[P + "list"]
    if st.query_params.get(LIST_PARAM) != key:
        st.query_params[LIST_PARAM] = key
    missing = lists[lists["rows_supplied"] == 0]
    if not missing.empty:
        st.caption("Not supplied, or empty, in this submission: "
                   + "; ".join(list_label(k) for k in missing["list_key"]) + ".")
    return key


def window_caption(row: pd.Series) -> None:
    st.caption(f"**{list_label(row['list_key'])}**: {row['window_includes']}, "
               f"{row['window_label']} ({row['window_reference']}). Reference date "
               f"{_d(row['ref_date'])}; the submission is as at {_d(row['as_at_date'])}.")


def profile(ctx, row: pd.Series) -> None:
    key, unit = row["list_key"], row["unit"]
    st.header("Who they are", divider="gray")
    data = db.named("lists/profile", [ctx.la_code, ctx.ref_date, ctx.edition, key])
    total = int(data["total"].iloc[0]) if len(data) else 0
    window = row["window_label"]
    c1, c2 = st.columns([1, 3])
    c1.metric(f"{unit.capitalize()} in the window", f"{total:,}",
              help=f"Different {unit} with a row of {list_label(key)} in its window "
              f"({row['window_includes']}); a row with a blank ID is left out.")
    c2.caption(f"{window}. " + _base_note(total, unit))
    if total == 0:
        st.info(f"No {unit} in the window ({window}): nothing to chart.")
        return
    subtitle = [f"{total:,} {unit} · {window}", f"Reference date {_d(row['ref_date'])}"]
    dims = {d: data[data["dimension"] == d] for d in data["dimension"].unique()}
    left, right = st.columns(2)
    with left:
        if row["has_age"] and "age_gender" in dims:
            ag = dims["age_gender"].rename(columns={"category": "age_band",
                                                    "sort_order": "band_order"})
            drawn = ag["gender"].isin(["a) Male", "b) Female"])
            others = int(ag.loc[~drawn, "children"].sum())
            charts.show(charts.pyramid(ag, f"{LIST_NAMES[key]}: {unit} by age and gender", [
                *subtitle, f"Not drawn: {others:,} of another gender, none stated, or not a "
                "template code"]))
        else:
            st.caption(f"{list_label(key)} gives no date of birth or age: no age bands.")
        gender = dims.get("gender", pd.DataFrame())
        charts.show(charts.share_bars(_shares(gender, unit, total),
                                      f"{LIST_NAMES[key]}: {unit} by gender", subtitle,
                                      colour=charts.ORANGE,
                                      value_title=_value_title(unit, total)))
    with right:
        eth = dims.get("ethnicity_group", pd.DataFrame())
        charts.show(charts.share_bars(_shares(eth, unit, total),
                                      f"{LIST_NAMES[key]}: {unit} by ethnic group", subtitle,
                                      value_title=_value_title(unit, total)))
        if row["has_disability"] and "disability" in dims:
            charts.show(charts.share_bars(_shares(dims["disability"], unit, total),
                                          f"{LIST_NAMES[key]}: {unit} by disability", subtitle,
                                          colour=charts.GREEN,
                                          value_title=_value_title(unit, total)))
        else:
            st.caption(f"{list_label(key)} has no disability column.")
    how_counted([
        f"**Who is counted**: the different {unit} with a row of {list_label(key)} in its "
        f"window ({row['window_includes']}: {window}, {row['window_reference']}), by their ID; "
        "a row with a blank ID names no one and is left out. A child with three rows is one "
        f"child ({METHOD} L2).",
        "**Their details**: each one's gender, ethnicity, date of birth (or age) and disability "
        "is the most recent value this list's rows in the window give (latest start date, then "
        "the last listed). Age is at last birthday on the reference date, from the date of "
        "birth, else the age supplied, in the case-selection bands (unborn, under 1, 1-4, 5-9, "
        "10-15, 16-17, 18+). Ethnicity is grouped as the template's Codes_used groups it.",
        "**Blanks**: a blank is 'not recorded' (gender: the template's 'Not stated/recorded'); "
        "a value written but not a template code is 'not a template code', counted apart. Each "
        f"chart's {unit} add up to the figure above. The pyramid draws male and female; the "
        "gender chart has every value.",
        f"**Small numbers**: counts are shown whatever their size; when the list has fewer than "
        f"{SMALL_BASE} {unit} in its window every percentage says it is of a small base "
        f"({METHOD} L7)."], key="how_profile")


def monthly(ctx, row: pd.Series) -> None:
    key, unit = row["list_key"], row["unit"]
    st.header("Month by month", divider="gray")
    if pd.isna(row["start_event"]) or pd.isna(row["window_from"]):
        st.info(f"{list_label(key)} is a point-in-time list ({row['window_includes']}): it has no "
                "window of months and no start date, so there is no monthly trend.")
        return
    data = db.named("lists/monthly", [ctx.la_code, ctx.ref_date, ctx.edition, key])
    if data.empty:
        st.info("No months to show.")
        return
    title = f"{LIST_NAMES[key]}: {unit} starting each month"
    charts.show(monthly_chart(data, title, [
        f"{unit.capitalize()} with {row['start_event']} in the month (by the "
        f"{row['start_date_name']}) · {row['window_label']}",
        f"Reference date {_d(row['ref_date'])} · a part month counts only its days in the "
        "window"], unit=unit))
    how_counted([
        f"**Each bar**: the different {unit} with a row of {list_label(key)} whose "
        f"{row['start_date_name']} falls in that calendar month and in the window "
        f"({row['window_label']}). A child counts once in a month however many rows start in "
        "it, and in every month it has one, so the bars can add up to more than the children "
        f"in the window; the table also gives the rows ({METHOD} L3).",
        "**Part months**: the window runs from the same day N months before the reference date "
        "to the reference date, both included (docs/methodology/windows.md W2), so its first "
        "month is a part month unless it starts on the 1st, and the reference date's month is "
        "one unless the reference date is the month's last day. A part month is drawn in a "
        "lighter colour, labelled '(part)', and counts only its days in the window: it is "
        "lower for that reason, not because fewer started.",
        "**The dashed line** is the reference date; when the submission's as-at date differs "
        "and falls in the months drawn, a second line marks it (the data stops there).",
        f"{unit.capitalize()} who started before the window but are in it (an assessment open "
        "through it, say) are not in any bar: this chart counts starts."], key="how_monthly")


def teams(ctx, row: pd.Series) -> None:
    key, unit = row["list_key"], row["unit"]
    st.header("Teams and workers", divider="gray")
    if not row["has_team_worker"]:
        st.info(f"{list_label(key)} has no allocated team or worker columns in the Annex A "
                "template (lists 3 to 9 have them): no team or worker view.")
        return
    data = db.named("lists/teams", [ctx.la_code, ctx.ref_date, ctx.edition, key])
    if data.empty:
        st.info(f"No {unit} in the window ({row['window_label']}): nothing to count.")
        return
    total = int(data["total"].iloc[0])
    subtitle = [f"{total:,} {unit} · {row['window_label']}",
                f"Reference date {_d(row['ref_date'])}"]
    team_rows = data[data["level"] == "team"]
    workers = data[data["level"] == "worker"]
    if set(team_rows["team"]) == {"not recorded"}:
        st.caption("No team is recorded for any of them: the LA left \"Allocated Team\" blank.")
    left, right = st.columns(2)
    with left:
        frame = pd.DataFrame({"label": team_rows["team"].to_numpy(),
                              "value": team_rows["pct"].to_numpy(),
                              "n": team_rows["children"].to_numpy(),
                              "d": team_rows["total"].to_numpy()})
        charts.show(charts.share_bars(frame, f"{LIST_NAMES[key]}: {unit} by team", subtitle,
                                      value_title=_value_title(unit, total)))
    with right:
        names = list(team_rows["team"])
        if st.session_state.get(P + "team") not in names:
            st.session_state[P + "team"] = names[0]
        team = st.selectbox("Team whose workers to show", names, key=P + "team",
                            help="Workers are shown as the LA supplied them (an ID or a name: "
                            "staff, not children).")
        mine = workers[workers["team"] == team]
        n_team = int(mine["children"].sum())
        frame = pd.DataFrame({"label": mine["worker"].to_numpy(),
                              "value": [round(100.0 * n / n_team, 1) for n in mine["children"]],
                              "n": mine["children"].to_numpy(), "d": [n_team] * len(mine)})
        charts.show(charts.share_bars(
            frame, f"{team}: {unit} by worker",
            [f"{n_team:,} {unit} of {team} · {len(mine):,} workers", *subtitle[1:]],
            colour=charts.GREEN, value_title=_value_title(f"team's {unit}", n_team)))
    with st.expander(f"Every worker ({len(workers):,}) and their {unit}"):
        st.dataframe(pd.DataFrame({"Team": workers["team"], "Worker": workers["worker"],
                                   unit.capitalize(): workers["children"].astype(int)}),
                     hide_index=True, width="stretch", column_config={
                         unit.capitalize(): st.column_config.NumberColumn(format="localized")})
    how_counted([
        f"**Each {unit[:-1] if unit.endswith('s') else unit} once**: the {unit} in the window "
        f"({row['window_label']}) are each counted under the team and the worker of their most "
        "recent row in the window (latest start date, then the last listed), so the teams add "
        f"up to the {total:,} {unit}, and so do the workers ({METHOD} L4).",
        "**As supplied**: \"Allocated Team\" and \"Allocated Worker\" as the LA wrote them "
        "(trimmed); a blank is 'not recorded'. Workers are named by the ID or name the LA "
        "gave: they are staff, not children.",
        f"Percentages of fewer than {SMALL_BASE} say 'a small base' ({METHOD} L7)."],
        key="how_teams")
    timeliness(ctx, row)


def timeliness(ctx, row: pd.Series) -> None:
    key = row["list_key"]
    data = db.named("lists/team_timeliness", [ctx.la_code, ctx.ref_date, ctx.edition, key])
    if data.empty:
        st.caption(f"{list_label(key)} has no timeliness measure computed for it (lists 4, 5, 7 "
                   "and 8 do): none is shown by team.")
        return
    st.subheader("Timeliness by team")
    measures = data.drop_duplicates("measure").sort_values("measure_no")
    cols = st.columns(2)
    for i, m in enumerate(measures.itertuples()):
        rows = data[data["measure"] == m.measure]
        overall = rows[rows["all_teams"]].iloc[0]
        by_team = rows[~rows["all_teams"]]
        frame = pd.DataFrame({
            "label": [f"{t} (of {int(d):,}: a small base)" if s else t for t, d, s in
                      zip(by_team["team"], by_team["d"], by_team["small_base"], strict=True)],
            "value": by_team["pct"].to_numpy(), "n": by_team["n"].to_numpy(),
            "d": by_team["d"].to_numpy()})
        all_pct = (f"{overall['pct']:.1f}%" if pd.notna(overall["pct"]) else "none to count")
        with cols[i % 2]:
            charts.show(charts.share_bars(
                frame, f"{m.label}, by team",
                [f"All teams: {all_pct} ({int(overall['n']):,} of {int(overall['d']):,} "
                 f"{m.counted})", f"{row['window_label']} · reference date "
                 f"{_d(row['ref_date'])}"],
                colour=charts.GREEN if m.good_when == "met" else charts.VERMILLION,
                value_title=f"% of {m.counted}"))
    how_counted([
        f"**No new rule**: each measure is a flag the analysis already computes for "
        f"{list_label(key)}, over the same {unit_of(measures)} as the Briefing's figure of the "
        f"same name, so 'all teams' equals the Briefing ({METHOD} L5). A team's bar is its "
        "share; the number beside it is how many.",
        *[f"**{m.label}** (`{m.measure}`): of the {m.counted}; "
          + ("the share within the standard" if m.good_when == "met" else "the share overdue")
          + f". Source: {m.source}." for m in measures.itertuples()],
        "The team is the row's own \"Allocated Team\" as supplied; a blank is 'not recorded'. "
        f"A team with fewer than {SMALL_BASE} in the measure is labelled 'a small base' "
        f"({METHOD} L7)."], key="how_timeliness")


def unit_of(measures: pd.DataFrame) -> str:
    return " / ".join(dict.fromkeys(measures["counted"]))


def disproportionality(ctx, row: pd.Series) -> None:
    key, unit = row["list_key"], row["unit"]
    st.header("Ethnic groups against the population", divider="gray")
    data = db.named("lists/disproportionality",
                    [ctx.la_code, ctx.ref_date, ctx.edition, key, ctx.compare_as])
    listed = data[data["children"] > 0]
    if listed.empty:
        st.info(f"No {unit} in the window ({row['window_label']}): nothing to compare.")
        return
    first = data.iloc[0]
    own = pd.DataFrame({"Ethnic group": listed["ethnicity_group"].map(plain),
                        unit.capitalize(): [f"{int(n):,}" for n in listed["children"]]})
    if not bool(first["has_population"]):
        if not bool(first["census_loaded"]):
            st.info("No Census 2021 ethnic group data is loaded, so the list cannot be set "
                    "against the population. Run `annexa reference import` with the ONS "
                    "Census 2021 TS021 files in the reference folder. Below: the list's own "
                    f"{unit} by ethnic group only.", icon=":material/info:")
        elif pd.isna(first["area_la_code"]):
            st.info(f"{ctx.la_name or ctx.la_code} ({ctx.la_code}) is not in the Census 2021 "
                    "tables (the demo's LAs are fictional), and no real LA is chosen to compare "
                    "it as: choose one under Settings, \"Compare as (a real LA)\", in the "
                    "sidebar. Below: the list's own "
                    f"{unit} by ethnic group only, with no comparison.", icon=":material/info:")
        else:
            st.info(f"The LA compared as ({first['area_la_code']}) has no Census 2021 ethnic "
                    "group rows loaded. Below: the list's own "
                    f"{unit} by ethnic group only.", icon=":material/info:")
        st.markdown(f"**{LIST_NAMES[key]}: {unit} by ethnic group** ({row['window_label']})")
        st.table(own, hide_index=True)
        how_counted([_dispro_rule(unit)], key="how_dispro")
        return
    area = f"{first['area_name']} ({first['area_la_code']})"
    basis = str(first["population_basis"] or "")
    whole = basis != "children aged 0-17"
    st.caption(
        f"Population: **{area}**"
        + (f", which {ctx.la_name or ctx.la_code} is compared as (sidebar)"
           if bool(first["compared_as"]) else "")
        + f", Census 2021 ({first['source_publication']}): **{basis}**."
        + (" The Census table loaded counts every usual resident, not only children, so this "
           f"sets the list's {unit} against the whole population of the LA: a group younger "
           "than the population as a whole will look over-represented for that reason alone."
           if whole else ""))
    comparable = data[data["comparable"]]
    known = int(first["list_known"])
    total = int(first["list_total"])
    charts.show(rate_chart(comparable, f"{LIST_NAMES[key]}: relative rate by ethnic group", [
        f"Share of the list's {known:,} {unit} with a known group ÷ share of {area}'s "
        "population" + (" (all ages)" if whole else ""),
        f"{row['window_label']} · reference date {_d(row['ref_date'])} · fewer than "
        f"{SUPPRESS_UNDER} {unit}: suppressed"], unit=unit))
    other = data[~data["comparable"] & (data["children"] > 0)]
    if not other.empty:
        st.caption(f"Not compared (no Census counterpart), of {total:,} {unit}: "
                   + "; ".join(f"{plain(g)} {int(n):,}" for g, n in
                               zip(other["ethnicity_group"], other["children"], strict=True))
                   + ".")
    how_counted([_dispro_rule(unit)], key="how_dispro")


def _dispro_rule(unit: str) -> str:
    return (
        f"**Relative rate** = the group's share of the list's {unit} ÷ its share of the LA's "
        "population in the Census 2021 (ONS TS021, as loaded by `annexa reference import`). 1 "
        "means the same share; 2, twice the share; 0.5, half. It does not say why "
        f"({METHOD} L6).  \n"
        f"**Whose population**: the LA's own; a fictional LA (the demo's) uses the real LA "
        "chosen in the sidebar's \"Compare as\" (docs/methodology/national-comparisons.md N7). "
        "The Census groups are put in the template's groups by the DfE code each matches "
        "(Chinese is its own group in the template; Arab is in 'Other').  \n"
        f"**Which {unit}**: those in the list's window, each by their most recent ethnicity "
        "(as the profile above). The share is of those whose group has a Census counterpart; "
        "Refused, Unknown, not recorded and not a template code are counted and shown, not "
        "compared.  \n"
        f"**Suppression**: a group with fewer than {SUPPRESS_UNDER} {unit} on the list (0 "
        "included) has its count shown but no share and no rate: a rate of so few says "
        "little.  \n"
        "**Whom the Census counts**: the TS021 table counts all usual residents of every "
        "age; unless a table of children aged 0-17 was imported, the comparison is with the "
        "whole population, and the caption says which.")


# -------------------------------------------------------------------------------------- page

ctx = current()
if not ctx.la_code or ctx.ref_date is None:
    empty_state()
    st.stop()

lists = db.named("lists/lists", [ctx.la_code, ctx.ref_date, ctx.edition])
if lists.empty:
    empty_state()
    st.stop()
chosen = header(ctx, lists)
if chosen is None:
    st.stop()
this = lists.set_index("list_key").loc[chosen]
this["list_key"] = chosen
window_caption(this)
profile(ctx, this)
monthly(ctx, this)
teams(ctx, this)
disproportionality(ctx, this)
if chosen in list_sections.SECTIONS:
    list_sections.SECTIONS[chosen](ctx)
